//! Slash commands and directives: what an admitted message asks of the gateway before (or
//! instead of) going to the model. Pure — text and a [`CommandContext`] in, a [`CommandPlan`]
//! out; the turn runtime performs the plan (patches `sessions.json`, aborts, resets, replies).
//!
//! [`parse_message`] classifies the text without knowing the sender; [`plan`] decides, and is
//! where authorization is enforced: the sender's `authorized`/`owner` come from
//! `openclaw_policy::inbound::authorize_command`, and nothing here may be reached without them.
//! Mentions and structural prefixes are removed by the caller before parsing.

mod apply;
pub mod directives;
pub mod levels;
mod models;
mod parse;
mod plan;
mod registry;
mod standalone;
mod status;

#[cfg(test)]
mod tests;

pub use directives::Directives;
pub use models::ModelChoice;
pub use parse::{BashRequest, Command, ParsedMessage, parse_message};
pub use plan::{
    CommandContext, CommandPlan, CommandSwitches, ExecSettings, OutputGate, QueueSettings, ResetKind, SenderFacts,
    SessionSettings, plan,
};
pub use registry::CommandName;
pub use status::{StatusFacts, UsageFacts};
