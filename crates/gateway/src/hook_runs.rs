//! Executes what the hooks ingress queued in [`SystemEvents`]: every accepted hook agent run
//! starts on its hook session with the caller's text wrapped as untrusted external content (see
//! [`prompt`]), and every wake request with mode `now` starts a heartbeat-style turn on its
//! session that presents the session's queued system events. One task per serve loop, started
//! and aborted with it; runs themselves go through [`run_driver`], whose agent runtime
//! serialises turns of the same session, so this task only starts them.

mod prompt;

use std::sync::Arc;

use openclaw_policy::external_content::{ExternalSource, detect_suspicious_patterns, hook_source_of_session_key};
use openclaw_policy::session_key::to_store_session_key;
use tokio::task::JoinHandle;

use crate::agent_port::{RunReport, RunRequest, RunStatus};
use crate::events::{HookAgentRun, HookDelivery, WakeMode, WakeRequest, event_session_key};
use crate::marker::marker_id;
use crate::run_driver;
use crate::state::GatewayState;

/// Starts the dispatcher; abort the handle when the serve loop ends.
pub fn spawn(state: Arc<GatewayState>) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            // Work queued before the first wait (or while dispatching) left a permit behind, so
            // nothing that arrives between `dispatch` and the wait is missed.
            dispatch(&state);
            state.system_events.arrived().await;
        }
    })
}

fn dispatch(state: &Arc<GatewayState>) {
    for run in state.system_events.take_agent_runs() {
        start_hook_run(state, run);
    }
    let wakes = state.system_events.take_wake_requests();
    if wakes.is_empty() {
        return;
    }
    if state.agent.0.is_none() {
        // The events stay queued for whatever turn the session takes next.
        tracing::warn!(count = wakes.len(), "hook wake requests ignored: no agent runtime in this gateway");
        return;
    }
    for wake in wakes {
        start_wake_run(state, &wake);
    }
}

fn start_hook_run(state: &Arc<GatewayState>, run: HookAgentRun) {
    let session_key = to_store_session_key(&run.agent_id, Some(&run.session_key));
    let suspicious = detect_suspicious_patterns(&run.message);
    if !suspicious.is_empty() {
        // Never the content: it is attacker-controlled and may carry secrets.
        tracing::warn!(run = %run.run_id, session = %session_key, patterns = suspicious.len(), "suspicious patterns in external hook content");
    }
    if let HookDelivery::Announce { channel, .. } = &run.delivery {
        tracing::info!(run = %run.run_id, %channel, "hook reply delivery is not available in this build; the reply stays in the session");
    }
    let now_ms = state.now_ms();
    let runtime = state.runtime();
    let source = hook_source(&run);
    let gmail_trusted = source == ExternalSource::Email
        && runtime.config.hooks.gmail.as_ref().and_then(|g| g.allow_unsafe_external_content) == Some(true);
    let message = if run.allow_unsafe_external_content || gmail_trusted {
        prompt::trusted_hook_message(&run, now_ms)
    } else {
        prompt::wrapped_hook_message(&run, source, &marker_id(), now_ms)
    };
    // Hook text is never an operator's slash command: `commands` stays off.
    let request = RunRequest {
        model: run.model.clone(),
        thinking: run.thinking.clone(),
        timeout_ms: run.timeout_seconds.filter(|s| *s > 0).map(|s| s.saturating_mul(1000)),
        ..RunRequest::new(
            runtime.snapshot.clone(),
            run.run_id.clone(),
            run.agent_id.clone(),
            session_key,
            message,
            "hook",
        )
    };
    match run_driver::start(state, request) {
        Ok(report) => {
            let state = state.clone();
            tokio::spawn(async move {
                let report = report.await.unwrap_or_else(|_| RunReport::failed("the run was dropped"));
                announce_result(&state, &run, &report);
            });
        }
        Err(run_driver::StartError::NoAgent) => {
            // The HTTP side refuses hook runs without an agent runtime; this is a run that was
            // accepted before the runtime went away, so say clearly that it is gone.
            tracing::warn!(run = %run.run_id, "hook agent run dropped: no agent runtime in this gateway");
            // End the booking the hook made, so `agent.wait` answers instead of waiting.
            state.runs.finish(&run.run_id, &RunReport::failed("no agent runtime in this gateway"), state.now_ms());
        }
    }
}

/// OpenClaw tells the agent's main session how an undelivered hook run ended (and wakes it when
/// the hook asked for `wakeMode: now`); nothing can be delivered in this build.
fn announce_result(state: &GatewayState, run: &HookAgentRun, report: &RunReport) {
    let status = match report.status {
        RunStatus::Ok => None,
        RunStatus::Error => Some("error"),
        RunStatus::Aborted => Some("aborted"),
    };
    let summary = [report.text.as_deref(), report.error.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or(status.unwrap_or("ok"));
    let prefix = match status {
        None => format!("Hook {}", run.name),
        Some(status) => format!("Hook {} ({status})", run.name),
    };
    let main_key = event_session_key(&run.agent_id, None, &state.runtime().config.session.main_key);
    state.system_events.enqueue(&main_key, &format!("{prefix}: {summary}"), state.now_ms());
    if run.wake_mode == WakeMode::Now {
        state.system_events.request_wake(WakeRequest {
            agent_id: run.agent_id.clone(),
            session_key: main_key,
            reason: format!("hook:{}", run.run_id),
        });
    }
}

fn start_wake_run(state: &Arc<GatewayState>, wake: &WakeRequest) {
    let events = state.system_events.drain(&wake.session_key);
    let Some(message) = prompt::wake_message(&events) else {
        tracing::debug!(session = %wake.session_key, reason = %wake.reason, "wake without pending events");
        return;
    };
    // Event texts come from hook callers, not from an operator: `commands` stays off.
    let request = RunRequest::new(
        state.runtime().snapshot.clone(),
        uuid::Uuid::new_v4().to_string(),
        wake.agent_id.clone(),
        wake.session_key.clone(),
        message,
        "wake",
    );
    if run_driver::start(state, request).is_err() {
        tracing::warn!(session = %wake.session_key, "wake run dropped: no agent runtime in this gateway");
    }
}

/// How the untrusted text is labelled: a Gmail hook is e-mail, everything else a webhook
/// (hook content is external whatever its session key looks like).
fn hook_source(run: &HookAgentRun) -> ExternalSource {
    if run.external_content_source == "gmail" {
        return ExternalSource::Email;
    }
    match hook_source_of_session_key(&run.session_key) {
        ExternalSource::Unknown => ExternalSource::Webhook,
        source => source,
    }
}
