//! The agent runtime: turns an admitted message into a reply. A turn resolves the agent's
//! model, assembles the system prompt from the workspace, replays the session transcript as
//! conversation, streams the model's reply and runs the tool calls it makes (through the one
//! [`Tool`] trait) until the model stops, appending every message, call and result to the
//! transcript. Layer 4: it talks to models only through `openclaw_providers::Model` and to the
//! state directory only through `openclaw_store`; the gateway reaches it through a port the
//! CLI wires, so neither of the two layer-4 crates depends on the other.

pub mod builtin_tools;
pub mod clock;
pub mod commands;
pub mod error;
pub mod failover_model;
pub mod history;
pub mod lanes;
pub mod models;
pub mod prompt;
pub mod runtime;
pub mod tool;
pub mod turn;
pub mod workspace;

pub use error::AgentError;
pub use tool::{Tool, ToolContext, ToolOutput, ToolRegistry};
