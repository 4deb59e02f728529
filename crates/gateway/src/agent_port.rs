//! The port through which the gateway runs agents. The agent runtime lives in a crate of the
//! same layer, so the gateway does not depend on it: the binary (`openclaw-cli`) implements
//! [`AgentPort`] over `openclaw-agent` and hands it to [`crate::RunOptions`]. Without a port
//! the run methods answer `UNAVAILABLE`, which keeps the gateway testable on its own.

mod image;

use openclaw_providers::{BoxFuture, Cancellation, Sampling};
use serde_json::Value;

pub(crate) use self::image::decoded_len;
pub use self::image::{
    ImageLimits, ImageRefusal, SUPPORTED_IMAGE_MIMES, check_image, check_image_bytes, normalize_mime,
};

/// An image sent along with the message, already checked at the edge it came in by
/// ([`check_image`]): a supported type, base64 that decodes, within that edge's size limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInput {
    pub mime_type: String,
    /// Standard base64 without whitespace, as transcripts and providers take it.
    pub data_base64: String,
}

impl ImageInput {
    /// The size of the decoded image.
    pub fn decoded_bytes(&self) -> u64 {
        image::decoded_len(&self.data_base64)
    }
}

/// One run to execute.
#[derive(Debug, Clone)]
pub struct RunRequest {
    /// The config snapshot the run starts under (models, agents, env); hot reloads apply to
    /// the next run.
    pub snapshot: std::sync::Arc<openclaw_config::Snapshot>,
    pub run_id: String,
    pub agent_id: String,
    /// Store session key (`agent:<id>:…`, lowercase).
    pub session_key: String,
    pub message: String,
    /// Images of this turn, after the text. Only recorded (and so seen by the model) when
    /// `record_user_message` is set.
    pub images: Vec<ImageInput>,
    /// `provider/model` for this run only.
    pub model: Option<String>,
    pub thinking: Option<String>,
    /// Wall-time limit; `None` = the configured default.
    pub timeout_ms: Option<u64>,
    pub extra_system_prompt: Option<String>,
    /// Interpret slash commands and directives as this sender may; `None` sends the text to
    /// the model as is (HTTP and hook callers).
    pub commands: Option<CommandAuth>,
    /// Append the message to the transcript; `false` when the inbound pipeline already did.
    pub record_user_message: bool,
    /// The message came from a group chat (output gating, prompt context).
    pub is_group: bool,
    /// The channel the message came from, if any.
    pub channel: Option<String>,
    /// Where the run came from (`chat`, `agent`, `http`), for logs.
    pub source: &'static str,
    /// The caller's cap on generated tokens per model call (`/v1`), else the model's.
    pub max_tokens: Option<u32>,
    /// The caller's sampling settings (`/v1`).
    pub sampling: Sampling,
}

impl RunRequest {
    /// A run of `message` on `session_key` with every option at its default: no images, the
    /// session's model and thinking level, the configured timeout, no extra prompt, commands not
    /// interpreted, the message recorded, a direct chat from no channel, no sampling settings.
    /// Callers set what differs with struct update syntax.
    pub fn new(
        snapshot: std::sync::Arc<openclaw_config::Snapshot>,
        run_id: String,
        agent_id: String,
        session_key: String,
        message: String,
        source: &'static str,
    ) -> Self {
        Self {
            snapshot,
            run_id,
            agent_id,
            session_key,
            message,
            images: Vec::new(),
            model: None,
            thinking: None,
            timeout_ms: None,
            extra_system_prompt: None,
            commands: None,
            record_user_message: true,
            is_group: false,
            channel: None,
            source,
            max_tokens: None,
            sampling: Sampling::default(),
        }
    }
}

/// A sender's standing for slash commands (`policy::inbound::authorize_command`'s answer;
/// control-plane operators are authorized owners).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandAuth {
    pub authorized: bool,
    pub owner: bool,
}

impl CommandAuth {
    /// An operator on the control plane: one trusted boundary per gateway.
    pub const OPERATOR: Self = Self { authorized: true, owner: true };
}

/// Progress of a run, as it happens.
#[derive(Debug, Clone, PartialEq)]
pub enum RunUpdate {
    /// The assistant text of the current model call so far.
    AssistantText(String),
    ToolStart {
        id: String,
        name: String,
        arguments: Value,
    },
    ToolEnd {
        id: String,
        name: String,
        is_error: bool,
        result: String,
    },
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    Ok,
    Error,
    Aborted,
}

/// The end of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    pub status: RunStatus,
    /// The reply to show; `None` when the model answered with the silent token or nothing.
    pub text: Option<String>,
    pub error: Option<String>,
    /// `{input, output, totalTokens, …}` as transcripts record it.
    pub usage: Option<Value>,
    /// pi's `stopReason` of the last model call.
    pub stop_reason: String,
    pub session_id: Option<String>,
    /// Steering messages (see [`AgentPort::steer`]) the run ended without taking in; the
    /// caller queues them for the next turn.
    pub unconsumed_steer: Vec<String>,
}

impl RunReport {
    pub fn failed(message: impl Into<String>) -> Self {
        Self {
            status: RunStatus::Error,
            text: None,
            error: Some(message.into()),
            usage: None,
            stop_reason: "error".to_owned(),
            session_id: None,
            unconsumed_steer: Vec::new(),
        }
    }
}

/// Receives a run's progress.
pub type UpdateSink = Box<dyn FnMut(RunUpdate) + Send>;

/// Runs agents for the gateway.
pub trait AgentPort: Send + Sync + std::fmt::Debug {
    /// Runs `request` to its end (waiting for the session's lane first); `cancel` aborts it.
    fn run(&self, request: RunRequest, cancel: Cancellation, updates: UpdateSink) -> BoxFuture<'static, RunReport>;

    /// Hands `text` to the session's active run, to be injected at its next tool boundary
    /// (queue mode `steer`). `false` when no run of that session can take it now.
    fn steer(&self, _session_key: &str, _text: &str) -> bool {
        false
    }

    /// Whether `model` (`provider/model`, bare id or alias) may be chosen for `agent_id` under
    /// `config` (the resolved config JSON), so a caller can be refused before any run starts;
    /// `Err` is the one-line reason. The runtime checks again when it runs.
    fn check_model(&self, _config: &Value, _agent_id: &str, _model: &str) -> Result<(), String> {
        Ok(())
    }
}
