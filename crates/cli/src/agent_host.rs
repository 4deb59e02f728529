//! Wires the agent runtime (`openclaw-agent`) into the gateway (`openclaw-gateway`) through the
//! gateway's [`AgentPort`]: the two live on the same layer and know nothing of each other, so
//! the binary translates between the gateway's run request and the runtime's run spec.
//! Operators on the control plane are authorized senders and owners (the security document's
//! personal-assistant model: one trusted operator boundary per gateway).

use std::sync::{Arc, PoisonError, RwLock};

use openclaw_agent::runtime::{
    AgentRuntime, CommandAuth, ImageInput, RunProgress, RunResult, RunSpec, RunStatus as AgentStatus, RuntimeDeps,
};
use openclaw_config::Snapshot;
use openclaw_gateway::agent_port::{AgentPort, RunReport, RunRequest, RunStatus, RunUpdate, UpdateSink};
use openclaw_providers::{BoxFuture, Cancellation, Timeouts};
use openclaw_store::StateDir;
use serde_json::{Value, json};

/// The gateway's agent port over one [`AgentRuntime`].
pub struct AgentHost {
    runtime: Arc<AgentRuntime>,
    /// The snapshot of the latest run request: the runtime's config and environment.
    latest: Arc<RwLock<Latest>>,
}

/// A snapshot with its resolved tree in the form the runtime reads it. The gateway hands every
/// run the same `Arc` until the config changes, so the tree is copied once per config, not once
/// per run.
struct Latest {
    snapshot: Arc<Snapshot>,
    config: Arc<Value>,
}

impl Latest {
    fn of(snapshot: Arc<Snapshot>) -> Self {
        let config = Arc::new(snapshot.resolved.clone().unwrap_or_else(|| json!({})));
        Self { snapshot, config }
    }
}

impl std::fmt::Debug for AgentHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgentHost").finish_non_exhaustive()
    }
}

impl AgentHost {
    /// `initial` is the config the gateway starts with (it sizes the global lane).
    pub fn new(
        state_dir: StateDir,
        initial: Arc<Snapshot>,
        cwd: std::path::PathBuf,
        home: std::path::PathBuf,
        host: String,
    ) -> Self {
        let latest = Arc::new(RwLock::new(Latest::of(initial)));
        let config = {
            let latest = latest.clone();
            Arc::new(move || latest.read().unwrap_or_else(PoisonError::into_inner).config.clone())
        };
        let env = {
            let latest = latest.clone();
            Arc::new(move |name: &str| {
                let latest = latest.read().unwrap_or_else(PoisonError::into_inner);
                latest.snapshot.env.non_empty(name).map(str::to_owned)
            })
        };
        let workspace_of = {
            let (latest, state, cwd) = (latest.clone(), state_dir.root().display().to_string(), cwd.clone());
            Arc::new(move |agent: &str| {
                let snapshot = latest.read().unwrap_or_else(PoisonError::into_inner).snapshot.clone();
                let written = match &snapshot.config {
                    Some(config) => config.agents.workspace_of(agent, &state),
                    // An invalid config never reaches a run; this keeps the type total.
                    None => format!("{state}/workspace"),
                };
                openclaw_config::location::expand_user(&written, &home, &cwd)
            })
        };
        let timezone = jiff::tz::TimeZone::system().iana_name().unwrap_or("UTC").to_owned();
        let deps = RuntimeDeps {
            state_dir,
            config,
            env,
            clock: Arc::new(openclaw_agent::clock::wall_clock_ms),
            workspace_of,
            host,
            os: format!("{} ({})", std::env::consts::OS, std::env::consts::ARCH),
            timezone,
            cwd: cwd.display().to_string(),
            extra_tools: Vec::new(),
            timeouts: Timeouts::default(),
        };
        Self { runtime: Arc::new(AgentRuntime::new(deps)), latest }
    }
}

impl AgentPort for AgentHost {
    fn run(&self, request: RunRequest, cancel: Cancellation, mut updates: UpdateSink) -> BoxFuture<'static, RunReport> {
        {
            let mut latest = self.latest.write().unwrap_or_else(PoisonError::into_inner);
            if !Arc::ptr_eq(&latest.snapshot, &request.snapshot) {
                *latest = Latest::of(request.snapshot.clone());
            }
        }
        let runtime = self.runtime.clone();
        Box::pin(async move {
            let spec = RunSpec {
                run_id: request.run_id,
                agent_id: request.agent_id,
                session_key: request.session_key,
                message: request.message,
                images: request
                    .images
                    .into_iter()
                    .map(|i| ImageInput { mime_type: i.mime_type, data_base64: i.data_base64 })
                    .collect(),
                model: request.model,
                thinking: request.thinking,
                timeout_ms: request.timeout_ms,
                extra_system_prompt: request.extra_system_prompt,
                commands: request.commands.map(|c| CommandAuth { authorized: c.authorized, owner: c.owner }),
                is_group: request.is_group,
                channel: request.channel,
                record_user_message: request.record_user_message,
                max_tokens: request.max_tokens,
                sampling: request.sampling,
            };
            let mut progress = |update: RunProgress| updates(translate(update));
            let result = runtime.run(spec, cancel, &mut progress).await;
            report(result)
        })
    }

    fn steer(&self, session_key: &str, text: &str) -> bool {
        self.runtime.steer(session_key, text)
    }

    fn check_model(&self, config: &serde_json::Value, agent_id: &str, model: &str) -> Result<(), String> {
        openclaw_agent::models::check_model_choice(config, agent_id, model).map_err(|e| e.to_string())
    }
}

fn translate(update: RunProgress) -> RunUpdate {
    match update {
        RunProgress::AssistantText(text) => RunUpdate::AssistantText(text),
        RunProgress::ToolStart(call) => RunUpdate::ToolStart {
            arguments: serde_json::from_str(&call.arguments).unwrap_or(Value::Null),
            id: call.id,
            name: call.name,
        },
        RunProgress::ToolEnd(call, output) => {
            RunUpdate::ToolEnd { id: call.id, name: call.name, is_error: output.is_error, result: output.content }
        }
    }
}

fn report(result: RunResult) -> RunReport {
    RunReport {
        status: match result.status {
            AgentStatus::Ok => RunStatus::Ok,
            AgentStatus::Error => RunStatus::Error,
            AgentStatus::Aborted => RunStatus::Aborted,
        },
        text: result.text,
        error: result.error,
        usage: result.usage,
        stop_reason: result.stop_reason,
        session_id: result.session_id,
        unconsumed_steer: result.unconsumed_steer,
    }
}
