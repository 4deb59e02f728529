//! The agent runtime: turns an admitted message into a reply. A turn resolves the agent's
//! model, assembles the system prompt from the workspace, replays the session transcript as
//! conversation, streams the model's reply and runs the tool calls it makes (through the one
//! [`Tool`] trait) until the model stops, appending every message, call and result to the
//! transcript. Layer 4: it talks to models only through `openclaw_providers::Model` and to the
//! state directory only through `openclaw_store`; the gateway reaches it through a port the
//! CLI wires, so neither of the two layer-4 crates depends on the other.

pub mod error;
pub mod tool;

pub use error::AgentError;
pub use tool::{Tool, ToolContext, ToolOutput, ToolRegistry};
