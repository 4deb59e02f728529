//! `openclaw-policy` owns every security decision of the gateway as a pure function.
//!
//! Decisions take the world as arguments (time, DNS answers, file modes, the caller's identity)
//! and return a value that carries its reason, so the runtime and the `--json` diagnostics print
//! the same explanation. This crate must not depend on tokio, `std::fs`, `std::net` sockets,
//! `std::process`, `std::env` or the clock; the layering test in `openclaw-testkit` checks the
//! dependency side of that rule.

pub mod audit;
pub mod external_content;
pub mod gateway;
pub mod host_env;
pub mod inbound;
pub mod net;
pub mod redact;
pub mod secret_path;
pub mod session_key;
