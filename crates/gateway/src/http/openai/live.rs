//! One agent run on behalf of an HTTP caller: started through
//! [`run_driver::start_streaming`], observed as appended text and a final report, and aborted
//! when the caller goes away. The abort rides on `Drop`: axum drops the handler future (plain
//! answers) or the response body (streams) when the client disconnects, which is the only
//! signal a handler gets.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::response::Response;
use futures_util::stream;
use serde_json::Value;
use tokio::sync::{mpsc, oneshot};

use crate::agent_port::{RunReport, RunRequest, RunStatus, RunUpdate};
use crate::run_driver::{self, StartError};
use crate::state::GatewayState;

/// Progress of a [`LiveRun`].
#[derive(Debug)]
pub enum Progress {
    /// Text appended to the reply (never empty).
    Text(String),
    End(RunReport),
}

/// A started run; dropping it before the end aborts the run.
pub struct LiveRun {
    report: oneshot::Receiver<RunReport>,
    updates: mpsc::UnboundedReceiver<RunUpdate>,
    text: AppendOnly,
    _abort: AbortOnDrop,
}

impl LiveRun {
    pub fn start(state: &Arc<GatewayState>, request: RunRequest) -> Result<Self, StartError> {
        let abort = AbortOnDrop {
            state: state.clone(),
            session_key: request.session_key.clone(),
            run_id: request.run_id.clone(),
        };
        let (report, updates) = run_driver::start_streaming(state, request)?;
        Ok(Self { report, updates, text: AppendOnly::default(), _abort: abort })
    }

    /// The next piece of text, or the end of the run.
    pub async fn next(&mut self) -> Progress {
        loop {
            let update = tokio::select! {
                // Updates first: every update is sent before the report.
                biased;
                Some(update) = self.updates.recv() => update,
                report = &mut self.report => {
                    let report = report.unwrap_or_else(|_| RunReport::failed("the run was dropped"));
                    while let Ok(update) = self.updates.try_recv() {
                        self.text.apply(update);
                    }
                    return match self.text.take_unsent() {
                        Some(text) => {
                            self.report = already(report);
                            Progress::Text(text)
                        }
                        None => Progress::End(report),
                    };
                }
            };
            self.text.apply(update);
            if let Some(text) = self.text.take_unsent() {
                return Progress::Text(text);
            }
        }
    }

    /// Everything streamed so far.
    pub fn streamed(&self) -> &str {
        &self.text.streamed
    }

    /// Waits for the end, keeping the text.
    pub async fn finish(&mut self) -> RunReport {
        loop {
            if let Progress::End(report) = self.next().await {
                return report;
            }
        }
    }
}

/// What a run with no reply text answers, as OpenClaw.
pub const NO_RESPONSE: &str = "No response from OpenClaw.";

/// The end of both endpoints' event streams.
pub const DONE: &str = "data: [DONE]\n\n";

/// The reply text of a finished run, or OpenClaw's stand-in when there is none.
pub fn reply_text(report: &RunReport) -> String {
    report.text.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| NO_RESPONSE.to_owned())
}

/// Whether the run failed (an aborted run still answers with what it produced).
pub fn run_failed(report: &RunReport) -> bool {
    report.status == RunStatus::Error
}

/// The event stream both endpoints answer with: `opening`, `delta(text)` for each new piece
/// of reply text, then `closing(streamed, report)`. The body owns the run, so a client that
/// disconnects (and with it the body) aborts it.
pub fn event_stream(
    run: LiveRun,
    opening: String,
    delta: impl Fn(&str) -> String + Send + 'static,
    closing: impl FnOnce(&str, &RunReport) -> String + Send + 'static,
) -> Response {
    let state = Some((Some(opening), run, delta, Some(closing)));
    let events = stream::unfold(state, |state| async move {
        let (pending, mut run, delta, mut closing) = state?;
        if let Some(opening) = pending {
            return Some((Ok::<_, std::io::Error>(Bytes::from(opening)), Some((None, run, delta, closing))));
        }
        match run.next().await {
            Progress::Text(text) => {
                let piece = delta(&text);
                Some((Ok(Bytes::from(piece)), Some((None, run, delta, closing))))
            }
            Progress::End(report) => {
                let tail = closing.take().map(|close| close(run.streamed(), &report)).unwrap_or_default();
                Some((Ok(Bytes::from(tail)), None))
            }
        }
    });
    super::sse_response(Body::from_stream(events))
}

fn already(report: RunReport) -> oneshot::Receiver<RunReport> {
    let (tx, rx) = oneshot::channel();
    let _ = tx.send(report);
    rx
}

/// The reply text as one append-only stream. Each model call reports its own text so far; a
/// tool call between two model calls starts a new one, whose text is appended (as OpenClaw's
/// `mergeAssistantText` does for unkeyed snapshots).
#[derive(Debug, Default)]
struct AppendOnly {
    call: String,
    streamed: String,
    unsent: String,
}

impl AppendOnly {
    fn apply(&mut self, update: RunUpdate) {
        match update {
            RunUpdate::AssistantText(text) => {
                let added = text.strip_prefix(self.call.as_str()).unwrap_or(&text).to_owned();
                self.call = text;
                self.streamed.push_str(&added);
                self.unsent.push_str(&added);
            }
            RunUpdate::ToolEnd { .. } => self.call.clear(),
            RunUpdate::ToolStart { .. } => {}
        }
    }

    fn take_unsent(&mut self) -> Option<String> {
        (!self.unsent.is_empty()).then(|| std::mem::take(&mut self.unsent))
    }
}

/// Aborts the run unless it already ended (aborting an ended run does nothing).
struct AbortOnDrop {
    state: Arc<GatewayState>,
    session_key: String,
    run_id: String,
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        let aborted = self.state.runs.abort(&self.session_key, Some(&self.run_id));
        if !aborted.is_empty() {
            tracing::info!(run = %self.run_id, "HTTP client went away; run aborted");
        }
    }
}

/// OpenClaw's normalized usage buckets, read from the transcript-style usage of a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub input: u64,
    pub output: u64,
    pub cache_read: u64,
    pub cache_write: u64,
    pub total: Option<u64>,
}

impl Usage {
    pub fn of(report: &RunReport) -> Self {
        let Some(usage) = report.usage.as_ref() else { return Self::default() };
        let count = |keys: &[&str]| keys.iter().find_map(|k| usage.get(*k).and_then(Value::as_u64));
        Self {
            input: count(&["input", "inputTokens", "input_tokens"]).unwrap_or(0),
            output: count(&["output", "outputTokens", "output_tokens"]).unwrap_or(0),
            cache_read: count(&["cacheRead"]).unwrap_or(0),
            cache_write: count(&["cacheWrite"]).unwrap_or(0),
            total: count(&["total", "totalTokens", "total_tokens"]),
        }
    }
}
