//! The agent runtime: what runs when a message reaches an agent (from a channel, `chat.send`,
//! the `agent` method or the HTTP API). A run first goes through the command fast path
//! (authorized command-only messages are answered without the model or the queue, so `/stop`
//! reaches a busy session), then waits for its session lane and a global slot, opens the
//! session, records the user message, resolves the model candidates (auth profiles, env keys,
//! fallbacks), builds the system prompt from the workspace, replays the transcript (compacting
//! it first when it nears the context window) and runs the turn loop. The session entry gets
//! the run's counters afterwards.

mod command;
mod compaction;
mod session;
mod settings;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use openclaw_providers::{Cancellation, Sampling, Timeouts, ToolCall};
use openclaw_store::{AgentId, AuthProfileStore, StateDir};
use serde_json::{Value, json};

pub use compaction::{Compacted, is_due as compaction_due};
pub use session::{OpenSession, StoreTranscript, TranscriptCache};
pub use settings::{DEFAULT_CONTEXT_WINDOW, DEFAULT_TIMEOUT_SECONDS};

use crate::AgentError;
use crate::builtin_tools::SessionStatusTool;
use crate::failover_model::{FailoverModel, ModelCache};
use crate::history::conversation;
use crate::lanes::Lanes;
use crate::models::{candidates, check_model_choice};
use crate::prompt::{PromptMode, SystemPromptInput, ThinkingLevel, ToolSummary, bootstrap_limits, build_system_prompt};
use crate::tool::{Tool, ToolContext, ToolOutput, ToolRegistry};
use crate::turn::{SteerQueue, StopReason, TurnInput, TurnLimits, TurnObserver, TurnOutcome, run_turn};
use crate::workspace::load_bootstrap_files;

/// Reads the current configuration (resolved JSON); hot reloads show up on the next run.
pub type ConfigSource = Arc<dyn Fn() -> Arc<Value> + Send + Sync>;
/// Reads an environment variable (process env plus the config's `env` block).
pub type EnvSource = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;
/// An agent's workspace directory (the host resolves it from the typed config, one rule for
/// the whole gateway: `openclaw_config`'s `Agents::workspace_of`).
pub type WorkspaceSource = Arc<dyn Fn(&str) -> std::path::PathBuf + Send + Sync>;
/// Wall-clock milliseconds.
pub type ClockSource = Arc<dyn Fn() -> i64 + Send + Sync>;

/// What the runtime needs from its host process.
pub struct RuntimeDeps {
    pub state_dir: StateDir,
    pub config: ConfigSource,
    pub env: EnvSource,
    pub clock: ClockSource,
    pub workspace_of: WorkspaceSource,
    /// Host name and OS for the prompt's runtime line.
    pub host: String,
    pub os: String,
    /// IANA zone of the gateway.
    pub timezone: String,
    /// Working directory recorded in new transcripts.
    pub cwd: String,
    /// Tools every run gets besides the built-in ones (the `tools` crate's, test tools).
    pub extra_tools: Vec<Arc<dyn Tool>>,
    pub timeouts: Timeouts,
}

/// Who sent a message, for command authorization (from `policy::inbound::authorize_command`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandAuth {
    pub authorized: bool,
    pub owner: bool,
}

/// One run to execute.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSpec {
    pub run_id: String,
    pub agent_id: String,
    /// Store key (`agent:<id>:…`).
    pub session_key: String,
    pub message: String,
    /// Images sent with the message; recorded after its text, so only with
    /// `record_user_message`.
    pub images: Vec<ImageInput>,
    /// `provider/model` for this run only (else the session's override, else the agent's).
    pub model: Option<String>,
    pub thinking: Option<String>,
    pub timeout_ms: Option<u64>,
    pub extra_system_prompt: Option<String>,
    /// Interpret slash commands and directives for this sender; `None` sends the text as is.
    pub commands: Option<CommandAuth>,
    pub is_group: bool,
    pub channel: Option<String>,
    /// Append the message to the transcript (the inbound pipeline already did for channel
    /// messages).
    pub record_user_message: bool,
    /// The caller's cap on generated tokens per model call (else the model's configured one).
    pub max_tokens: Option<u32>,
    /// The caller's sampling settings (`/v1` requests).
    pub sampling: Sampling,
}

/// An image of the user's message, checked by whoever accepted it (type, base64, size).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInput {
    pub mime_type: String,
    pub data_base64: String,
}

/// The transcript's `content` of a user message: the plain string pi writes for text alone,
/// else its part list (`text`, then `image` parts), which history replay sends to the model.
/// Empty text gets no part: providers refuse empty text blocks.
fn user_content(text: &str, images: &[ImageInput]) -> Value {
    if images.is_empty() {
        return Value::String(text.to_owned());
    }
    let text = (!text.is_empty()).then(|| json!({"type": "text", "text": text}));
    let images = images.iter().map(|i| json!({"type": "image", "data": i.data_base64, "mimeType": i.mime_type}));
    Value::Array(text.into_iter().chain(images).collect())
}

/// Progress of a run.
#[derive(Debug, Clone, PartialEq)]
pub enum RunProgress {
    AssistantText(String),
    ToolStart(ToolCall),
    ToolEnd(ToolCall, ToolOutput),
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
pub struct RunResult {
    pub status: RunStatus,
    /// What to deliver; `None` for silent replies, ignored commands and failures.
    pub text: Option<String>,
    pub error: Option<String>,
    pub usage: Option<Value>,
    pub stop_reason: String,
    pub session_id: Option<String>,
    pub model_calls: u32,
    pub tool_calls: u32,
    /// Steering messages the run never took in.
    pub unconsumed_steer: Vec<String>,
}

impl RunResult {
    fn reply(text: impl Into<String>, session_id: Option<String>) -> Self {
        Self {
            status: RunStatus::Ok,
            text: Some(text.into()),
            error: None,
            usage: None,
            stop_reason: "stop".to_owned(),
            session_id,
            model_calls: 0,
            tool_calls: 0,
            unconsumed_steer: Vec::new(),
        }
    }

    fn failed(error: &AgentError) -> Self {
        Self {
            status: RunStatus::Error,
            text: None,
            error: Some(error.to_string()),
            usage: None,
            stop_reason: "error".to_owned(),
            session_id: None,
            model_calls: 0,
            tool_calls: 0,
            unconsumed_steer: Vec::new(),
        }
    }
}

/// What the runtime keeps about a session's running run.
struct ActiveRun {
    cancel: Cancellation,
    steer: SteerQueue,
}

/// The agent runtime of one gateway.
pub struct AgentRuntime {
    deps: RuntimeDeps,
    lanes: Lanes,
    /// The cancellation of each session's running run, for `/stop`.
    /// and its steering queue, for `steer` mode.
    active: Mutex<HashMap<String, ActiveRun>>,
    models: Arc<ModelCache>,
    transcripts: Arc<TranscriptCache>,
}

impl std::fmt::Debug for AgentRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgentRuntime").field("lanes", &self.lanes).finish_non_exhaustive()
    }
}

impl AgentRuntime {
    pub fn new(deps: RuntimeDeps) -> Self {
        let lanes = Lanes::new(settings::max_concurrent(&(deps.config)()));
        Self {
            deps,
            lanes,
            active: Mutex::new(HashMap::new()),
            models: Arc::new(ModelCache::default()),
            transcripts: Arc::new(TranscriptCache::default()),
        }
    }

    pub fn state_dir(&self) -> &StateDir {
        &self.deps.state_dir
    }

    /// Runs `spec` to its end; `cancel` aborts it; `progress` hears streamed text and tools.
    pub async fn run(
        &self,
        spec: RunSpec,
        cancel: Cancellation,
        progress: &mut (dyn FnMut(RunProgress) + Send),
    ) -> RunResult {
        let config = (self.deps.config)();
        let mut spec = spec;
        let mut forced_compaction = None;
        if let Some(auth) = spec.commands {
            match command::fast_path(self, &config, &spec, auth).await {
                Ok(command::Next::Done(result)) => return result,
                Ok(command::Next::Run { text }) => spec.message = text,
                Ok(command::Next::Compact { instructions }) => forced_compaction = Some(instructions),
                Err(error) => return RunResult::failed(&error),
            }
        }
        let _lane = tokio::select! {
            guard = self.lanes.enter(&spec.session_key) => guard,
            () = cancel.cancelled() => return aborted_before_start(),
        };
        let steer = SteerQueue::default();
        let active = ActiveRun { cancel: cancel.clone(), steer: steer.clone() };
        self.active.lock().unwrap_or_else(PoisonError::into_inner).insert(spec.session_key.clone(), active);
        let result = self.run_in_lane(&config, &spec, &cancel, steer.clone(), forced_compaction, progress).await;
        self.active.lock().unwrap_or_else(PoisonError::into_inner).remove(&spec.session_key);
        let mut result = result.unwrap_or_else(|error| RunResult::failed(&error));
        // Steered in after the loop's last look (or into a run that failed): handed back so the
        // caller queues them for a follow-up turn instead of losing them.
        result.unconsumed_steer = steer.take();
        result
    }

    /// Aborts the running run of `session_key`; whether there was one.
    pub fn stop(&self, session_key: &str) -> bool {
        match self.active.lock().unwrap_or_else(PoisonError::into_inner).get(session_key) {
            Some(run) => {
                run.cancel.cancel();
                true
            }
            None => false,
        }
    }

    /// Queues `text` for the session's running run, injected at its next tool boundary (the
    /// remaining tool calls of that batch are skipped). `false` when no run is active.
    pub fn steer(&self, session_key: &str, text: &str) -> bool {
        match self.active.lock().unwrap_or_else(PoisonError::into_inner).get(session_key) {
            Some(run) => {
                run.steer.push(text.to_owned());
                true
            }
            None => false,
        }
    }

    async fn run_in_lane(
        &self,
        config: &Arc<Value>,
        spec: &RunSpec,
        cancel: &Cancellation,
        steer: SteerQueue,
        forced_compaction: Option<Option<String>>,
        progress: &mut (dyn FnMut(RunProgress) + Send),
    ) -> Result<RunResult, AgentError> {
        let now = (self.deps.clock)();
        let open = {
            let (state, agent, key, cwd) =
                (self.deps.state_dir.clone(), spec.agent_id.clone(), spec.session_key.clone(), self.deps.cwd.clone());
            let cache = self.transcripts.clone();
            tokio::task::spawn_blocking(move || session::open(&cache, &state, &agent, &key, &cwd, now))
                .await
                .map_err(|e| AgentError::Config { message: format!("session opener stopped: {e}") })??
        };
        let transcript = open.transcript.clone().with_clock(self.deps.clock.clone());
        if spec.record_user_message && forced_compaction.is_none() {
            let content = user_content(&spec.message, &spec.images);
            let entry = json!({"type": "message", "message": {"role": "user", "content": content, "timestamp": now}});
            let writer = transcript.clone();
            tokio::task::spawn_blocking(move || writer.append_blocking(&entry))
                .await
                .map_err(|e| AgentError::Config { message: format!("transcript writer stopped: {e}") })??;
        }

        let agent = AgentId::new(&spec.agent_id)?;
        let profile_store = AuthProfileStore::new(&self.deps.state_dir, &agent);
        let profiles = profile_store.load()?;
        // A run's own model must be allowed (`agents.defaults.models`); a session's earlier
        // choice the config no longer allows gives way to the agent's model rather than failing
        // every message of the session.
        let override_model = match &spec.model {
            Some(model) => {
                check_model_choice(config, &spec.agent_id, model)?;
                Some(model.clone())
            }
            None => openclaw_store::sessions::model_override(&open.entry).filter(|model| {
                let allowed = check_model_choice(config, &spec.agent_id, model);
                if let Err(error) = &allowed {
                    tracing::warn!(session = %spec.session_key, %error, "session model override ignored");
                }
                allowed.is_ok()
            }),
        };
        let env = self.deps.env.clone();
        let lookup = move |name: &str| env(name);
        let candidates = candidates(config, &spec.agent_id, override_model.as_deref(), &profiles, &lookup, now)?;
        let Some(first) = candidates.first().cloned() else {
            return Err(AgentError::Config { message: "no model is configured for this agent".to_owned() });
        };
        let model = Arc::new(FailoverModel::new(
            self.models.clone(),
            candidates,
            profile_store,
            config.clone(),
            self.deps.clock.clone(),
            self.deps.timeouts,
        ));

        let tools = self.tools();
        let workspace = (self.deps.workspace_of)(&spec.agent_id);
        let thinking = spec
            .thinking
            .as_deref()
            .and_then(ThinkingLevel::parse)
            .or_else(|| open.entry.get("thinkingLevel").and_then(Value::as_str).and_then(ThinkingLevel::parse))
            .or_else(|| settings::thinking_default(config, &spec.agent_id).and_then(ThinkingLevel::parse))
            .unwrap_or_default();
        let system = {
            let dir = workspace.clone();
            let files = tokio::task::spawn_blocking(move || load_bootstrap_files(&dir, PromptMode::Full))
                .await
                .unwrap_or_default();
            build_system_prompt(&SystemPromptInput {
                agent_id: spec.agent_id.clone(),
                mode: PromptMode::Full,
                tools: tools
                    .specs()
                    .into_iter()
                    .map(|t| ToolSummary { name: t.name, description: t.description })
                    .collect(),
                workspace_dir: workspace,
                bootstrap_files: files,
                bootstrap_limits: bootstrap_limits(config),
                model: first.model_key(),
                thinking,
                host: self.deps.host.clone(),
                os: self.deps.os.clone(),
                timezone: Some(self.deps.timezone.clone()),
                channel: spec.channel.clone(),
                chat_type: if spec.is_group {
                    openclaw_policy::inbound::ChatType::Group
                } else {
                    openclaw_policy::inbound::ChatType::Direct
                },
                authorized_senders: Vec::new(),
                extra_system_prompt: spec.extra_system_prompt.clone(),
            })
        };

        let window = first.context_window.unwrap_or(DEFAULT_CONTEXT_WINDOW);
        let force = forced_compaction.is_some();
        // The conversation is built once; it is rebuilt only when a compaction changed it.
        let (mut history, plan) = transcript.with_entries(|entries| {
            let history = conversation(entries);
            let plan = compaction::plan(entries, &history, &system, window, force);
            (history, plan)
        })?;
        if let Some(plan) = plan {
            let summariser = compaction::Summariser { model: model.as_ref(), model_id: &first.model_id, cancel };
            let instructions = forced_compaction.as_ref().and_then(|i| i.as_deref());
            match compaction::compact(&summariser, &transcript, plan, instructions).await {
                Ok(Some(done)) => {
                    tracing::info!(session = %spec.session_key, tokens_before = done.tokens_before, "session compacted");
                    history = transcript.with_entries(conversation)?;
                }
                Ok(None) => {}
                // A failed compaction is not worth failing the turn for; the turn may still fit.
                Err(error) => tracing::warn!(session = %spec.session_key, %error, "compaction failed"),
            }
        }
        if force {
            return Ok(RunResult::reply("Compacted the session history.", Some(open.session_id)));
        }

        let timeout_ms = spec.timeout_ms.unwrap_or_else(|| settings::timeout_seconds(config).saturating_mul(1000));
        let input = TurnInput {
            model: model.clone(),
            meta: model.clone(),
            model_id: first.model_id.clone(),
            system,
            history,
            tools,
            limits: TurnLimits {
                timeout: Duration::from_millis(timeout_ms),
                // Only the caller's cap: each failover candidate fills in its own.
                max_tokens: spec.max_tokens,
                ..TurnLimits::default()
            },
            context: ToolContext {
                agent_id: spec.agent_id.clone(),
                session_key: spec.session_key.clone(),
                session_id: open.session_id.clone(),
                run_id: spec.run_id.clone(),
                sender_is_owner: spec.commands.is_some_and(|a| a.owner),
                cancel: cancel.clone(),
            },
            steer,
            reasoning_effort: (thinking != ThinkingLevel::Off).then(|| thinking.as_str().to_owned()),
            sampling: spec.sampling.clone(),
        };
        let mut observer = Relay { progress };
        let outcome = run_turn(input, &transcript, &mut observer).await;

        let served = model.current().unwrap_or(first);
        let counters = session::RunCounters {
            provider: served.provider.clone(),
            model: served.model_id.clone(),
            input_tokens: outcome.usage.input_tokens,
            output_tokens: outcome.usage.output_tokens,
            context_tokens: served.context_window,
            now_ms: (self.deps.clock)(),
        };
        let store = open.store.clone();
        let key = spec.session_key.clone();
        let _ = tokio::task::spawn_blocking(move || session::record_run(&store, &key, &counters)).await;
        Ok(result_of(outcome, open.session_id, &served))
    }

    fn tools(&self) -> ToolRegistry {
        let mut tools = ToolRegistry::new();
        let clock = self.deps.clock.clone();
        let zone = self.deps.timezone.clone();
        tools.register(Arc::new(SessionStatusTool::new(
            self.deps.state_dir.clone(),
            Arc::new(move || (clock(), zone.clone())),
        )));
        for tool in &self.deps.extra_tools {
            tools.register(tool.clone());
        }
        tools
    }
}

fn aborted_before_start() -> RunResult {
    RunResult {
        status: RunStatus::Aborted,
        text: None,
        error: Some("aborted before the run started".to_owned()),
        usage: None,
        stop_reason: "aborted".to_owned(),
        session_id: None,
        model_calls: 0,
        tool_calls: 0,
        unconsumed_steer: Vec::new(),
    }
}

fn result_of(outcome: TurnOutcome, session_id: String, served: &crate::models::Candidate) -> RunResult {
    let status = match outcome.stop_reason {
        StopReason::Error => RunStatus::Error,
        StopReason::Aborted => RunStatus::Aborted,
        _ => RunStatus::Ok,
    };
    let text =
        Some(outcome.text.clone()).filter(|t| !outcome.silent && !t.trim().is_empty() && status == RunStatus::Ok);
    let usage = json!({
        "input": outcome.usage.input_tokens,
        "output": outcome.usage.output_tokens,
        "totalTokens": outcome.usage.input_tokens + outcome.usage.output_tokens,
        "provider": served.provider,
        "model": served.model_id,
    });
    RunResult {
        status,
        text,
        error: outcome.error,
        usage: Some(usage),
        stop_reason: outcome.stop_reason.as_str().to_owned(),
        session_id: Some(session_id),
        model_calls: outcome.model_calls,
        tool_calls: outcome.tool_calls,
        unconsumed_steer: Vec::new(),
    }
}

/// Forwards turn progress to the caller.
struct Relay<'a> {
    progress: &'a mut (dyn FnMut(RunProgress) + Send),
}

impl TurnObserver for Relay<'_> {
    fn assistant_text(&mut self, accumulated: &str) {
        (self.progress)(RunProgress::AssistantText(accumulated.to_owned()));
    }

    fn tool_start(&mut self, call: &ToolCall) {
        (self.progress)(RunProgress::ToolStart(call.clone()));
    }

    fn tool_end(&mut self, call: &ToolCall, output: &ToolOutput) {
        (self.progress)(RunProgress::ToolEnd(call.clone(), output.clone()));
    }
}
