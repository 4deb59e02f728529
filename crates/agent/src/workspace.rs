//! The agent workspace: the directory of user-editable Markdown files (`AGENTS.md`, `SOUL.md`, …)
//! that the system prompt injects as "Project Context", and the starter files onboarding writes.
//!
//! Reading is guarded because the agent itself can write to its workspace (and so can anything
//! that talks it into doing so): a file is read only if it resolves inside the workspace, is a
//! regular file and is at most [`MAX_BOOTSTRAP_FILE_BYTES`] long. Anything else becomes a one-line
//! marker in the prompt instead of an error, so one bad file never stops a turn.

mod bootstrap;
mod init;
mod read;

#[cfg(test)]
mod tests;

pub use bootstrap::{BootstrapFile, BootstrapState, load_bootstrap_files};
pub use init::{WorkspaceInit, ensure_workspace};
pub use read::MAX_BOOTSTRAP_FILE_BYTES;

pub const AGENTS_FILE: &str = "AGENTS.md";
pub const SOUL_FILE: &str = "SOUL.md";
pub const TOOLS_FILE: &str = "TOOLS.md";
pub const IDENTITY_FILE: &str = "IDENTITY.md";
pub const USER_FILE: &str = "USER.md";
pub const HEARTBEAT_FILE: &str = "HEARTBEAT.md";
pub const BOOTSTRAP_FILE: &str = "BOOTSTRAP.md";
pub const MEMORY_FILE: &str = "MEMORY.md";
pub const MEMORY_ALT_FILE: &str = "memory.md";

/// The files every workspace is expected to have, in prompt order. A missing one gets a marker.
pub const CORE_FILES: [&str; 6] = [AGENTS_FILE, SOUL_FILE, TOOLS_FILE, IDENTITY_FILE, USER_FILE, HEARTBEAT_FILE];

/// The only files a sub-agent (minimal prompt) sees: how to work here and local tool notes. The
/// persona and the owner's personal files stay with the main agent.
pub const MINIMAL_FILES: [&str; 2] = [AGENTS_FILE, TOOLS_FILE];
