//! One module per top-level command.

pub mod access_check;
pub mod agent;
pub mod chat;
pub mod config_cmd;
pub mod devices;
pub mod doctor;
pub mod gateway_cmd;
pub mod gateway_discover;
pub mod gateway_run;
mod interrupts;
pub mod onboard;
pub mod pairing;
pub mod security_audit;
pub mod sessions;
pub mod setup;
