//! The decision for one parsed message: what the runtime must do, as a value.
//!
//! Authorization comes first and is absolute: an unauthorized sender's command or directive-only
//! message is ignored without a reply (a reply would confirm the bot listens), and the directives
//! it typed inline are removed from the text and never applied. OpenClaw removes inline
//! directives from mixed messages without applying them for authorized senders too (its test
//! "ignores inline /model and /think directives while still running agent content"), so a mixed
//! message always runs with the session's settings.

use serde_json::{Map, Value};

use super::levels::{
    ElevatedLevel, ExecAsk, ExecHost, ExecSecurity, QueueDrop, QueueMode, ReasoningLevel, ThinkLevel, UsageDisplay,
    VerboseLevel,
};
use super::parse::ParsedMessage;
use super::status::StatusFacts;
use super::{apply, standalone};

/// `commands.*` switches that enable risky commands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommandSwitches {
    pub config: bool,
    pub debug: bool,
    /// OpenClaw enables `/restart` unless `commands.restart` is `false`; the caller resolves that.
    pub restart: bool,
    pub bash: bool,
}

/// The session's queue overrides (`None` = the configured default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueSettings {
    pub mode: Option<QueueMode>,
    pub debounce_ms: Option<u64>,
    pub cap: Option<u32>,
    pub drop: Option<QueueDrop>,
}

/// The session's exec overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecSettings {
    pub host: Option<ExecHost>,
    pub security: Option<ExecSecurity>,
    pub ask: Option<ExecAsk>,
    pub node: Option<String>,
}

/// The session's current settings as stored (`None` = not set for this session).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionSettings {
    pub thinking_level: Option<ThinkLevel>,
    pub verbose_level: Option<VerboseLevel>,
    pub reasoning_level: Option<ReasoningLevel>,
    pub elevated_level: Option<ElevatedLevel>,
    pub response_usage: Option<UsageDisplay>,
    pub queue: QueueSettings,
    pub exec: ExecSettings,
    /// The model in effect, `provider/model`.
    pub model: String,
    /// The agent's configured model, `provider/model`: choosing it clears the override.
    pub default_model: String,
}

/// Who sent the message, for `/whoami`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SenderFacts {
    pub channel: String,
    pub sender_id: Option<String>,
    pub username: Option<String>,
    /// The group's id, in groups.
    pub chat: Option<String>,
    pub thread: Option<String>,
}

/// Everything [`plan`] depends on besides the message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandContext {
    /// `openclaw_policy::inbound::authorize_command(..).authorized`.
    pub authorized: bool,
    /// `authorize_command(..).owner`.
    pub owner: bool,
    pub is_group: bool,
    /// In groups: the message mentioned the bot. Unmentioned group messages may only lower
    /// `/elevated` and `/exec`, never raise them.
    pub was_mentioned: bool,
    pub switches: CommandSwitches,
    /// `tools.elevated` is enabled and allows this sender.
    pub elevated_available: bool,
    /// Agent defaults (`verboseDefault`, model reasoning default): they open the output gate in
    /// direct chats only.
    pub default_verbose: Option<VerboseLevel>,
    pub default_reasoning: Option<ReasoningLevel>,
    pub session: SessionSettings,
    /// Models that may be selected, `provider/model`.
    pub models: Vec<String>,
    pub sender: SenderFacts,
    pub status: StatusFacts,
}

/// Which internal output a turn may deliver to the chat.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputGate {
    /// Reasoning may be sent (as a separate message, or streamed for `stream`).
    pub show_reasoning: bool,
    /// Tool summaries and output may be sent.
    pub show_tool_output: bool,
}

impl OutputGate {
    /// Groups see reasoning and tool output only when this session explicitly turned them on
    /// (a `/reasoning` or `/verbose` from an authorized sender); defaults never count there,
    /// because a group holds people the owner did not choose to show internals to.
    pub fn resolve(ctx: &CommandContext) -> Self {
        let session = &ctx.session;
        let reasoning = session.reasoning_level.or(if ctx.is_group { None } else { ctx.default_reasoning });
        let verbose = session.verbose_level.or(if ctx.is_group { None } else { ctx.default_verbose });
        Self {
            show_reasoning: matches!(reasoning, Some(ReasoningLevel::On | ReasoningLevel::Stream)),
            show_tool_output: matches!(verbose, Some(VerboseLevel::On | VerboseLevel::Full)),
        }
    }
}

/// `/new` starts a fresh session; `/reset` does the same keeping OpenClaw's other wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetKind {
    New,
    Reset,
}

/// What the runtime does with the message.
#[derive(Debug, Clone, PartialEq)]
pub enum CommandPlan {
    /// Drop the message without a reply (an unauthorized command).
    Ignore,
    /// Answer with this text; nothing else happens.
    Reply(String),
    /// Write these `sessions.json` keys (`null` deletes the key), then answer with `reply`.
    PatchSession { fields: Map<String, Value>, reply: String },
    /// Abort the session's active run.
    Stop,
    /// Start a new session, optionally on another model; `then` is text to run in it.
    Reset { kind: ResetKind, new_model: Option<String>, then: Option<String> },
    /// Compact the transcript now.
    Compact { instructions: Option<String> },
    /// Run the model on `text` (inline directives already removed).
    Run { text: String, output: OutputGate },
    /// The command needs a subsystem this build lacks; reply with the text.
    NotAvailable(String),
}

/// Decides what to do with `parsed` given who sent it and the session's state.
pub fn plan(parsed: &ParsedMessage, ctx: &CommandContext) -> CommandPlan {
    match parsed {
        ParsedMessage::Command(command) if command.bang && !ctx.authorized => {
            // `!` is only bash for authorized senders; for everyone else it is chat.
            let text = match &command.args {
                Some(args) => format!("!{args}"),
                None => "!".to_owned(),
            };
            CommandPlan::Run { text, output: OutputGate::resolve(ctx) }
        }
        ParsedMessage::Command(_) | ParsedMessage::DirectiveOnly(_) if !ctx.authorized => CommandPlan::Ignore,
        ParsedMessage::Command(command) => standalone::plan_command(command, ctx),
        ParsedMessage::DirectiveOnly(directives) => apply::plan_directives(directives, ctx),
        ParsedMessage::Text { text, .. } if text.is_empty() => CommandPlan::Ignore,
        ParsedMessage::Text { text, .. } => CommandPlan::Run { text: text.clone(), output: OutputGate::resolve(ctx) },
    }
}
