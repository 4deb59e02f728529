//! System prompt assembly: a pure function from what a turn knows to the prompt text.
//!
//! Sections come in OpenClaw's order (Tooling, Safety, Workspace, Current Date & Time, Reply
//! Tags, Silent Replies, Heartbeats, Runtime), then "Project Context" with the workspace files,
//! then the per-run extra prompt. Everything stable comes first and nothing depends on the clock,
//! so the same input gives the same bytes and providers can cache the prefix across turns.
//! Reading the workspace is [`crate::workspace`]'s job; this module never touches the disk.

mod project_context;
mod sections;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

use openclaw_policy::inbound::ChatType;

pub use project_context::{
    BootstrapLimits, ContextFile, DEFAULT_BOOTSTRAP_MAX_CHARS, DEFAULT_BOOTSTRAP_TOTAL_MAX_CHARS, bootstrap_limits,
    project_context,
};

use crate::workspace::{BootstrapFile, MINIMAL_FILES};

/// The whole reply when nothing should be delivered; the runtime drops it.
pub const SILENT_REPLY_TOKEN: &str = "NO_REPLY";
/// The reply to a heartbeat poll when nothing needs attention.
pub const HEARTBEAT_OK_TOKEN: &str = "HEARTBEAT_OK";

/// How much of the prompt a run gets (OpenClaw's `promptMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PromptMode {
    /// The main agent: every section and every workspace file.
    #[default]
    Full,
    /// Sub-agents: no reply tags, silent replies, heartbeats or sender list; only `AGENTS.md`
    /// and `TOOLS.md` from the workspace.
    Minimal,
}

/// The model's thinking effort, as shown in the runtime line (`off` … `xhigh`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThinkingLevel {
    #[default]
    Off,
    Minimal,
    Low,
    Medium,
    High,
    Xhigh,
}

impl ThinkingLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Minimal => "minimal",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Xhigh => "xhigh",
        }
    }

    /// Parses OpenClaw's level names (case-insensitive); `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "off" => Self::Off,
            "minimal" => Self::Minimal,
            "low" => Self::Low,
            "medium" => Self::Medium,
            "high" => Self::High,
            "xhigh" => Self::Xhigh,
            _ => return None,
        })
    }
}

/// A tool as the prompt lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolSummary {
    pub name: String,
    pub description: String,
}

/// Everything the system prompt is built from. No field may hold a clock reading.
#[derive(Debug, Clone, Default)]
pub struct SystemPromptInput {
    pub agent_id: String,
    pub mode: PromptMode,
    /// The tools this run may call, after policy filtering.
    pub tools: Vec<ToolSummary>,
    pub workspace_dir: PathBuf,
    /// From [`crate::workspace::load_bootstrap_files`]; cut to `bootstrap_limits` here.
    pub bootstrap_files: Vec<BootstrapFile>,
    pub bootstrap_limits: BootstrapLimits,
    /// `provider/model`.
    pub model: String,
    pub thinking: ThinkingLevel,
    pub host: String,
    /// Operating system (and architecture), e.g. `linux (x86_64)`.
    pub os: String,
    /// IANA zone name (`Europe/Berlin`); the current time itself is never part of the prompt.
    pub timezone: Option<String>,
    /// Channel id (`telegram`) when the run answers a channel message.
    pub channel: Option<String>,
    pub chat_type: ChatType,
    /// Allowlisted sender ids to list (full mode only).
    pub authorized_senders: Vec<String>,
    /// Per-run additions (group context, `extraSystemPrompt`, OpenResponses `instructions`).
    pub extra_system_prompt: Option<String>,
}

/// Builds the system prompt. Deterministic: equal inputs give byte-identical output.
pub fn build_system_prompt(input: &SystemPromptInput) -> String {
    let files: Vec<BootstrapFile> = match input.mode {
        PromptMode::Full => input.bootstrap_files.clone(),
        // Enforced here too, so a caller that loaded the full set cannot leak it to a sub-agent.
        PromptMode::Minimal => {
            input.bootstrap_files.iter().filter(|f| MINIMAL_FILES.contains(&f.name.as_str())).cloned().collect()
        }
    };
    let context = project_context(&files, input.bootstrap_limits);
    let sections: Vec<Option<String>> = vec![
        Some(sections::identity()),
        Some(sections::tooling(input)),
        Some(sections::safety()),
        Some(sections::workspace(input)),
        sections::authorized_senders(input),
        sections::date_time(input),
        sections::reply_tags(input.mode),
        sections::silent_replies(input.mode),
        sections::heartbeats(input.mode),
        Some(sections::runtime(input)),
        sections::project_context(&context),
        sections::extra(input),
    ];
    let mut prompt = sections.into_iter().flatten().collect::<Vec<_>>().join("\n\n");
    prompt.push('\n');
    prompt
}
