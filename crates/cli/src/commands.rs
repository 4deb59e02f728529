//! One module per top-level command.

pub mod config_cmd;
pub mod doctor;
pub mod security_audit;
pub mod setup;
