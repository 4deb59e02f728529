//! Starting an agent run and narrating it to operator clients. A run executes on its own task
//! through the [`AgentPort`](crate::agent_port::AgentPort); its progress becomes `agent` events
//! (lifecycle, assistant text, tool calls for `tool-events` clients) and `chat` events (deltas
//! with the accumulated text, throttled to one per 150 ms, then `final`, `aborted` or `error`),
//! each with a per-run `seq`, as OpenClaw's clients render them.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};

use crate::agent_port::{RunReport, RunRequest, RunStatus, RunUpdate};
use crate::state::GatewayState;

/// Chat deltas are sent at most this often; each carries the whole text so far, so skipped
/// ones lose nothing.
const DELTA_INTERVAL: Duration = Duration::from_millis(150);

/// Why a run could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartError {
    NoAgent,
}

/// Starts `request` on its own task; the receiver gets the report when it ends.
pub fn start(state: &Arc<GatewayState>, request: RunRequest) -> Result<oneshot::Receiver<RunReport>, StartError> {
    launch(state, request, None)
}

/// Like [`start`], and also hands the caller every [`RunUpdate`] as it happens (the events are
/// still broadcast). All updates are sent before the report, so a caller that drains the
/// updates after the report arrives has seen the whole run.
pub fn start_streaming(
    state: &Arc<GatewayState>,
    request: RunRequest,
) -> Result<(oneshot::Receiver<RunReport>, mpsc::UnboundedReceiver<RunUpdate>), StartError> {
    let (tx, rx) = mpsc::unbounded_channel();
    let report = launch(state, request, Some(tx))?;
    Ok((report, rx))
}

fn launch(
    state: &Arc<GatewayState>,
    request: RunRequest,
    updates: Option<mpsc::UnboundedSender<RunUpdate>>,
) -> Result<oneshot::Receiver<RunReport>, StartError> {
    let Some(port) = state.agent.0.clone() else { return Err(StartError::NoAgent) };
    let cancel = state.runs.start(&request.run_id, &request.session_key, state.now_ms());
    let narrator = Arc::new(Mutex::new(Narrator::new(state.clone(), &request)));
    let (done, report_rx) = oneshot::channel();
    let sink = {
        let narrator = narrator.clone();
        Box::new(move |update: RunUpdate| {
            if let Some(tx) = &updates {
                // A caller that stopped listening (client gone) does not stop the narration.
                let _ = tx.send(update.clone());
            }
            narrator.lock().unwrap_or_else(PoisonError::into_inner).update(update);
        })
    };
    let state = state.clone();
    tracing::info!(run = %request.run_id, session = %request.session_key, source = request.source, "agent run started");
    narrator.lock().unwrap_or_else(PoisonError::into_inner).lifecycle_start();
    let run = port.run(request.clone(), cancel, sink);
    tokio::spawn(async move {
        let report = run.await;
        state.runs.finish(&request.run_id, &report, state.now_ms());
        narrator.lock().unwrap_or_else(PoisonError::into_inner).end(&report);
        tracing::info!(run = %request.run_id, status = ?report.status, "agent run ended");
        let _ = done.send(report);
    });
    Ok(report_rx)
}

struct Narrator {
    state: Arc<GatewayState>,
    run_id: String,
    session_key: String,
    agent_seq: u64,
    chat_seq: u64,
    last_delta: Option<Instant>,
    text: String,
}

impl Narrator {
    fn new(state: Arc<GatewayState>, request: &RunRequest) -> Self {
        Self {
            state,
            run_id: request.run_id.clone(),
            session_key: request.session_key.clone(),
            agent_seq: 0,
            chat_seq: 0,
            last_delta: None,
            text: String::new(),
        }
    }

    fn agent_event(&mut self, stream: &str, data: Value) -> Value {
        self.agent_seq += 1;
        json!({
            "runId": self.run_id,
            "seq": self.agent_seq,
            "stream": stream,
            "ts": self.state.now_ms(),
            "sessionKey": self.session_key,
            "data": data,
        })
    }

    fn chat_event(&mut self, state: &str, extra: Value) {
        self.chat_seq += 1;
        let mut payload =
            json!({"runId": self.run_id, "sessionKey": self.session_key, "seq": self.chat_seq, "state": state});
        if let (Some(object), Value::Object(extra)) = (payload.as_object_mut(), extra) {
            object.extend(extra);
        }
        // Deltas may be dropped for a slow client (the next one repeats the text); ends may not.
        self.state.registry.broadcast("chat", payload, state == "delta");
    }

    fn lifecycle_start(&mut self) {
        let payload = self.agent_event("lifecycle", json!({"phase": "start", "startedAt": self.state.now_ms()}));
        self.state.registry.broadcast("agent", payload, false);
    }

    fn update(&mut self, update: RunUpdate) {
        match update {
            RunUpdate::AssistantText(text) => {
                let delta = text.strip_prefix(self.text.as_str()).unwrap_or(&text).to_owned();
                self.text = text;
                let payload = self.agent_event("assistant", json!({"text": self.text, "delta": delta}));
                self.state.registry.broadcast("agent", payload, true);
                let due = self.last_delta.is_none_or(|at| at.elapsed() >= DELTA_INTERVAL);
                if due {
                    self.last_delta = Some(Instant::now());
                    let message = self.message(&self.text.clone());
                    self.chat_event("delta", json!({"message": message}));
                }
            }
            RunUpdate::ToolStart { id, name, arguments } => {
                let payload = self
                    .agent_event("tool", json!({"phase": "start", "name": name, "toolCallId": id, "args": arguments}));
                self.state.registry.broadcast_tool_event(payload);
            }
            RunUpdate::ToolEnd { id, name, is_error, result } => {
                let payload = self.agent_event(
                    "tool",
                    json!({"phase": "result", "name": name, "toolCallId": id, "isError": is_error, "result": result}),
                );
                self.state.registry.broadcast_tool_event(payload);
                // The next model call starts a new assistant message.
                self.text.clear();
            }
        }
    }

    fn end(&mut self, report: &RunReport) {
        let now = self.state.now_ms();
        let lifecycle = match report.status {
            RunStatus::Ok => json!({"phase": "end", "endedAt": now}),
            RunStatus::Aborted => json!({"phase": "end", "endedAt": now, "aborted": true}),
            RunStatus::Error => json!({"phase": "error", "endedAt": now, "error": report.error}),
        };
        match report.status {
            RunStatus::Ok => {
                let mut extra = json!({"stopReason": report.stop_reason});
                if let Some(text) = &report.text {
                    extra["message"] = self.message(text);
                }
                if let Some(usage) = &report.usage {
                    extra["usage"] = usage.clone();
                }
                self.chat_event("final", extra);
            }
            RunStatus::Aborted => {
                let mut extra = json!({"stopReason": "aborted"});
                if !self.text.is_empty() {
                    extra["message"] = self.message(&self.text.clone());
                }
                self.chat_event("aborted", extra);
            }
            RunStatus::Error => {
                let message = report.error.clone().unwrap_or_else(|| "the run failed".to_owned());
                self.chat_event("error", json!({"errorMessage": message}));
            }
        }
        let payload = self.agent_event("lifecycle", lifecycle);
        self.state.registry.broadcast("agent", payload, false);
    }

    fn message(&self, text: &str) -> Value {
        json!({"role": "assistant", "content": [{"type": "text", "text": text}], "timestamp": self.state.now_ms()})
    }
}
