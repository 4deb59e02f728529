//! `openclaw-sandbox` is the only crate that spawns processes. Everything else asks it, so
//! that exec policy, sandboxing and resource limits are applied in one place and the layering
//! test can check that nobody else calls `Command::new`.
//!
//! For now it runs *trusted host helpers*: fixed programs the gateway itself needs (such as
//! `tailscale whois`), never model- or user-supplied commands. They run with a deadline,
//! without a shell, with their output captured and bounded.

mod error;
mod host_helper;

pub use error::{Result, SandboxError};
pub use host_helper::{HelperOutput, run_host_helper};
