//! One agent turn: call the model with the conversation, run the tool calls it makes, feed the
//! results back and repeat until it stops calling tools, an iteration or time limit is hit, or
//! the run is aborted. Every assistant message, tool call and tool result is appended to the
//! transcript as it happens (pi's entry shapes), so a crash mid-turn loses at most the step in
//! flight and the next turn's replay (see [`crate::history`]) closes any open tool call.
//!
//! The loop knows nothing about providers, failover or delivery: the model is an
//! `Arc<dyn Model>` (the runtime passes a failover wrapper), transcript writes go through
//! [`TranscriptWriter`], and progress goes to a [`TurnObserver`].

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use openclaw_providers::{
    AssembledReply, BoxFuture, Cancellation, ChatMessage, Model, ModelRequest, ProviderError, Sampling, StreamEvent,
    ThinkingBlock, ToolCall, Usage,
};
use serde_json::{Map, Value, json};

use crate::clock::wall_clock_ms;
use crate::tool::{ToolContext, ToolOutput, ToolRegistry};

/// The reply text that means "send nothing".
pub const SILENT_REPLY_TOKEN: &str = "NO_REPLY";

/// What remaining tool calls of a batch get when a queued message steers the run.
pub const SKIPPED_FOR_STEER: &str = "Skipped due to queued user message.";

/// Appends transcript entries; the runtime implements it over the store's `Transcript` on the
/// blocking pool.
pub trait TranscriptWriter: Send + Sync {
    /// Appends `entry` (`{type, …}`), returning its id.
    fn append(&self, entry: Value) -> BoxFuture<'_, Result<String, String>>;
}

/// Which model served a call and what its tokens cost, for transcript entries.
pub trait ModelMeta: Send + Sync {
    /// `(provider, model id, api)` of the most recent call.
    fn label(&self) -> (String, String, String);
    /// USD cost of `usage` on that model: `{input, output, cacheRead, cacheWrite, total}`.
    fn cost(&self, usage: &Usage) -> Value;
}

/// Progress of a turn, for live events.
pub trait TurnObserver: Send {
    /// The assistant text of the current model call so far (accumulated, not a delta).
    fn assistant_text(&mut self, _accumulated: &str) {}
    fn tool_start(&mut self, _call: &ToolCall) {}
    fn tool_end(&mut self, _call: &ToolCall, _output: &ToolOutput) {}
}

/// A no-op observer.
#[derive(Debug, Default)]
pub struct Quiet;
impl TurnObserver for Quiet {}

/// Messages queued while the run is active in `steer` mode, injected at the next tool boundary.
#[derive(Debug, Clone, Default)]
pub struct SteerQueue {
    pending: Arc<Mutex<Vec<String>>>,
}

impl SteerQueue {
    pub fn push(&self, text: String) {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner).push(text);
    }

    /// Removes and returns the queued messages.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Bounds on one turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TurnLimits {
    /// Model calls per turn; a model that keeps calling tools is stopped here.
    pub max_iterations: u32,
    /// Wall time for the whole turn (`agents.defaults.timeoutSeconds`, default 600 s).
    pub timeout: Duration,
    pub max_tokens: Option<u32>,
}

impl Default for TurnLimits {
    fn default() -> Self {
        Self { max_iterations: 32, timeout: Duration::from_secs(600), max_tokens: None }
    }
}

/// Everything a turn needs.
pub struct TurnInput {
    pub model: Arc<dyn Model>,
    pub meta: Arc<dyn ModelMeta>,
    pub model_id: String,
    pub system: String,
    /// The conversation so far, ending with the new user message.
    pub history: Vec<ChatMessage>,
    pub tools: ToolRegistry,
    pub limits: TurnLimits,
    pub context: ToolContext,
    pub steer: SteerQueue,
    /// The session's thinking level as a reasoning effort (`None` when off); the failover
    /// model drops it for models not configured as reasoning models.
    pub reasoning_effort: Option<String>,
    /// The caller's sampling settings (`/v1` requests), sent with every model call of the turn.
    pub sampling: Sampling,
}

/// How a turn ended, in pi's `stopReason` vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    Stop,
    Length,
    ToolUse,
    Error,
    Aborted,
}

impl StopReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stop => "stop",
            Self::Length => "length",
            Self::ToolUse => "toolUse",
            Self::Error => "error",
            Self::Aborted => "aborted",
        }
    }
}

/// The result of a turn.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnOutcome {
    /// The final assistant text (of the last model call).
    pub text: String,
    pub stop_reason: StopReason,
    /// Summed over every model call of the turn.
    pub usage: Usage,
    /// Set when `stop_reason` is `Error` or `Aborted`.
    pub error: Option<String>,
    pub model_calls: u32,
    pub tool_calls: u32,
    /// The reply is the silent token: nothing is delivered.
    pub silent: bool,
}

/// Runs one turn to its end. Never returns early without a transcript entry saying why.
pub async fn run_turn(
    mut input: TurnInput,
    transcript: &dyn TranscriptWriter,
    observer: &mut dyn TurnObserver,
) -> TurnOutcome {
    let cancel = input.context.cancel.clone();
    let timeout = input.limits.timeout;
    // One request for the whole turn: each step appends to its conversation, so the history,
    // the system prompt and the tool specs are not copied again for every model call. They
    // move into it: the turn itself needs them nowhere else.
    let request = ModelRequest {
        model: input.model_id.clone(),
        system: Some(std::mem::take(&mut input.system)),
        messages: std::mem::take(&mut input.history),
        tools: input.tools.specs(),
        max_tokens: input.limits.max_tokens,
        sampling: std::mem::take(&mut input.sampling),
        reasoning_effort: input.reasoning_effort.take(),
    };
    let mut state = LoopState::default();
    let result = tokio::select! {
        outcome = tokio::time::timeout(timeout, turn_loop(&input, request, transcript, observer, &mut state)) => match outcome {
            Ok(outcome) => outcome,
            Err(_) => Err(Ended::Aborted(format!("the turn timed out after {} s", timeout.as_secs()))),
        },
        () = cancel.cancelled() => Err(Ended::Aborted("aborted by request".to_owned())),
    };
    match result {
        Ok(()) => state.outcome(StopReason::Stop, None),
        Err(Ended::Length) => state.outcome(StopReason::Length, None),
        Err(Ended::Error(message)) => {
            let entry = assistant_entry(&input, &AssembledReply::default(), StopReason::Error, Some(&message));
            let _ = transcript.append(entry).await;
            state.outcome(StopReason::Error, Some(message))
        }
        Err(Ended::Aborted(reason)) => {
            // Stop the in-flight model call and any tool that watches the signal.
            cancel.cancel();
            let partial = std::mem::take(&mut state.partial);
            let reply = AssembledReply { text: partial.clone(), ..AssembledReply::default() };
            let entry = assistant_entry(&input, &reply, StopReason::Aborted, Some(&reason));
            let _ = transcript.append(entry).await;
            state.text = partial;
            state.outcome(StopReason::Aborted, Some(reason))
        }
    }
}

enum Ended {
    Length,
    Error(String),
    Aborted(String),
}

#[derive(Default)]
struct LoopState {
    text: String,
    /// Text of the model call in flight, kept for the aborted entry.
    partial: String,
    usage: Usage,
    model_calls: u32,
    tool_calls: u32,
}

impl LoopState {
    fn outcome(self, stop_reason: StopReason, error: Option<String>) -> TurnOutcome {
        let silent = is_silent(&self.text);
        TurnOutcome {
            text: self.text,
            stop_reason,
            usage: self.usage,
            error,
            model_calls: self.model_calls,
            tool_calls: self.tool_calls,
            silent,
        }
    }
}

/// Whether a reply is the silent token (OpenClaw also accepts it with surrounding whitespace).
pub fn is_silent(text: &str) -> bool {
    text.trim() == SILENT_REPLY_TOKEN
}

async fn turn_loop(
    input: &TurnInput,
    mut request: ModelRequest,
    transcript: &dyn TranscriptWriter,
    observer: &mut dyn TurnObserver,
    state: &mut LoopState,
) -> Result<(), Ended> {
    loop {
        if state.model_calls >= input.limits.max_iterations {
            return Err(Ended::Error(format!(
                "stopped after {} model calls without a final answer (tool loop limit)",
                input.limits.max_iterations
            )));
        }
        state.model_calls += 1;
        state.partial.clear();
        let reply = call_model(input, &request, observer, &mut state.partial).await?;
        add_usage(&mut state.usage, reply.usage.as_ref());
        let stop = match reply.finish_reason.as_deref() {
            _ if !reply.tool_calls.is_empty() => StopReason::ToolUse,
            Some("length" | "max_tokens") => StopReason::Length,
            _ => StopReason::Stop,
        };
        let entry = assistant_entry(input, &reply, stop, None);
        append(transcript, entry).await?;
        state.text.clone_from(&reply.text);
        state.partial.clear();
        // The thinking goes back with the turn (Anthropic verifies its signatures when a tool
        // use continues) but never into the reply text.
        let AssembledReply { text, tool_calls, thinking, .. } = reply;
        request.messages.push(ChatMessage::Assistant { text, tool_calls: tool_calls.clone(), thinking });
        match stop {
            StopReason::ToolUse => {}
            StopReason::Length => return Err(Ended::Length),
            _ => {
                // Messages steered in while the model was writing its final answer: the run
                // goes on with them rather than dropping them.
                let late = input.steer.take();
                if late.is_empty() {
                    return Ok(());
                }
                for text in late {
                    let entry = json!({"type": "message", "message": {"role": "user", "content": text, "timestamp": wall_clock_ms()}});
                    append(transcript, entry).await?;
                    request.messages.push(ChatMessage::user_text(text));
                }
                continue;
            }
        }
        let mut steered = Vec::new();
        for call in &tool_calls {
            let output = if steered.is_empty() {
                observer.tool_start(call);
                state.tool_calls += 1;
                let output = input.tools.call(&call.name, &call.arguments, &input.context).await;
                observer.tool_end(call, &output);
                steered = input.steer.take();
                output
            } else {
                ToolOutput::error(SKIPPED_FOR_STEER)
            };
            append(transcript, tool_result_entry(call, &output)).await?;
            request.messages.push(ChatMessage::ToolResult {
                tool_call_id: call.id.clone(),
                tool_name: call.name.clone(),
                content: output.content,
                is_error: output.is_error,
            });
        }
        for text in steered {
            let entry =
                json!({"type": "message", "message": {"role": "user", "content": text, "timestamp": wall_clock_ms()}});
            append(transcript, entry).await?;
            request.messages.push(ChatMessage::user_text(text));
        }
    }
}

async fn call_model(
    input: &TurnInput,
    request: &ModelRequest,
    observer: &mut dyn TurnObserver,
    partial: &mut String,
) -> Result<AssembledReply, Ended> {
    let cancel: &Cancellation = &input.context.cancel;
    let mut on_event = |event: &StreamEvent| {
        if let StreamEvent::TextDelta(text) = event {
            partial.push_str(text);
            observer.assistant_text(partial);
        }
    };
    match input.model.stream(request, cancel, &mut on_event).await {
        Ok(reply) => Ok(reply),
        Err(ProviderError::Cancelled) => Err(Ended::Aborted("aborted by request".to_owned())),
        Err(error) => Err(Ended::Error(error.to_string())),
    }
}

async fn append(transcript: &dyn TranscriptWriter, entry: Value) -> Result<String, Ended> {
    transcript.append(entry).await.map_err(|e| Ended::Error(format!("could not write the transcript: {e}")))
}

fn add_usage(total: &mut Usage, usage: Option<&Usage>) {
    if let Some(usage) = usage {
        total.input_tokens += usage.input_tokens;
        total.output_tokens += usage.output_tokens;
    }
}

/// An assistant `message` entry in pi's shape: thinking parts first (`thinkingSignature` when
/// signed; a redacted block keeps its data there with `redacted: true`), then text, then calls.
fn assistant_entry(input: &TurnInput, reply: &AssembledReply, stop: StopReason, error: Option<&str>) -> Value {
    let mut content = Vec::new();
    for block in &reply.thinking {
        content.push(thinking_part(block));
    }
    if !reply.text.is_empty() {
        content.push(json!({"type": "text", "text": reply.text}));
    }
    for call in &reply.tool_calls {
        let arguments: Value = serde_json::from_str(&call.arguments).unwrap_or_else(|_| Value::Object(Map::new()));
        content.push(json!({"type": "toolCall", "id": call.id, "name": call.name, "arguments": arguments}));
    }
    let (provider, model, api) = input.meta.label();
    let usage = reply.usage.unwrap_or_default();
    let mut message = json!({
        "role": "assistant",
        "content": content,
        "api": api,
        "provider": provider,
        "model": model,
        "usage": {
            "input": usage.input_tokens,
            "output": usage.output_tokens,
            "cacheRead": 0,
            "cacheWrite": 0,
            "totalTokens": usage.input_tokens + usage.output_tokens,
            "cost": input.meta.cost(&usage),
        },
        "stopReason": stop.as_str(),
        "timestamp": wall_clock_ms(),
    });
    if let (Some(error), Some(object)) = (error, message.as_object_mut()) {
        object.insert("errorMessage".into(), error.into());
    }
    json!({"type": "message", "message": message})
}

fn thinking_part(block: &ThinkingBlock) -> Value {
    if let Some(data) = &block.redacted {
        return json!({"type": "thinking", "thinking": "[Reasoning redacted]", "thinkingSignature": data, "redacted": true});
    }
    let mut part = json!({"type": "thinking", "thinking": block.text});
    if let (Some(signature), Some(object)) = (&block.signature, part.as_object_mut()) {
        object.insert("thinkingSignature".into(), signature.clone().into());
    }
    part
}

fn tool_result_entry(call: &ToolCall, output: &ToolOutput) -> Value {
    let mut message = json!({
        "role": "toolResult",
        "toolCallId": call.id,
        "toolName": call.name,
        "content": [{"type": "text", "text": output.content}],
        "isError": output.is_error,
        "timestamp": wall_clock_ms(),
    });
    if let (Some(details), Some(object)) = (&output.details, message.as_object_mut()) {
        object.insert("details".into(), details.clone());
    }
    json!({"type": "message", "message": message})
}

#[cfg(test)]
mod tests;
