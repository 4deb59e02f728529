//! Tools built into the agent runtime itself (not the `tools` crate's host tools): today
//! `session_status`, the one tool every profile, even `minimal`, keeps.

mod session_status;

pub use session_status::SessionStatusTool;
