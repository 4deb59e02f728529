//! Carrying out the lane's decisions: the [`InboundDriver`] is what a channel adapter hands
//! messages to. It runs the pipeline (gate, record, lane) and then does what the lane asks —
//! starts agent runs through the gateway's agent port, steers or aborts the active run, waits
//! out debounce windows — and hands every reply (pairing codes, agent answers) to the
//! adapter's [`Outbox`]. When a run ends the lane is told, and whatever it releases next
//! (follow-ups, collected messages) starts in turn, so a session never has two runs at once.
//!
//! Authorized command-only messages skip the lane and go straight to the runtime's command path,
//! so `/stop` reaches a session that is busy answering.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use openclaw_policy::inbound::lane::{LaneAction, LaneMessage, OverflowSummary};
use openclaw_policy::inbound::reset::{NEW_SESSION_GREETING_PROMPT, ResetReason};
use openclaw_policy::inbound::{ChatType, Decision, InboundMessage};
use openclaw_providers::BoxFuture;

use super::{InboundOutcome, InboundPipeline};
use crate::Result;
use crate::agent_port::{CommandAuth, RunReport, RunRequest, RunStatus};
use crate::run_driver;

/// One message to send on a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub channel: String,
    pub account_id: String,
    /// The chat: the group id in groups, the sender in direct chats.
    pub to: String,
    pub thread_id: Option<String>,
    pub text: String,
}

/// Sends replies on their channel; implemented by the channel adapters.
pub trait Outbox: Send + Sync + fmt::Debug {
    fn send(&self, delivery: Delivery) -> BoxFuture<'static, std::result::Result<(), String>>;
}

/// Where a run's reply goes: the lane's route (`channel|account|chat|thread`) and the target.
type Target = (String, Delivery);

/// One run the driver starts.
struct RunOrder {
    message: String,
    commands: Option<CommandAuth>,
    /// Record the message in the transcript (only text the pipeline did not record).
    record: bool,
    /// Started by the lane, which is told when it ends.
    lane: bool,
}

/// Who and where a session's messages come from, for the runs the lane starts later.
#[derive(Debug, Clone)]
struct SessionContext {
    agent_id: String,
    channel: String,
    is_group: bool,
    auth: CommandAuth,
}

/// The pipeline plus the effects of its lane actions.
#[derive(Debug)]
pub struct InboundDriver {
    pipeline: Arc<InboundPipeline>,
    outbox: Arc<dyn Outbox>,
    sessions: Mutex<HashMap<String, SessionContext>>,
    /// The run each session's lane is waiting on. An interrupted run ends after its successor
    /// started; only the current one may tell the lane it finished.
    lane_runs: Mutex<HashMap<String, String>>,
    /// Reply target per lane route (`channel|account|chat|thread`); one entry per chat seen.
    targets: Mutex<HashMap<String, Delivery>>,
}

impl InboundDriver {
    pub fn new(pipeline: Arc<InboundPipeline>, outbox: Arc<dyn Outbox>) -> Arc<Self> {
        Arc::new(Self {
            pipeline,
            outbox,
            sessions: Mutex::new(HashMap::new()),
            lane_runs: Mutex::new(HashMap::new()),
            targets: Mutex::new(HashMap::new()),
        })
    }

    pub fn pipeline(&self) -> &Arc<InboundPipeline> {
        &self.pipeline
    }

    /// Sessions and reply targets the driver currently keeps (live conversations only).
    pub fn tracked(&self) -> (usize, usize) {
        (self.lock_sessions().len(), self.lock_targets().len())
    }

    /// Gates, records and lanes `message`, then carries out what follows. Returns the
    /// pipeline's outcome; runs it started continue in the background.
    pub async fn deliver(self: &Arc<Self>, message: InboundMessage) -> Result<InboundOutcome> {
        // What the driver needs of the message is taken before the pipeline consumes it.
        let target = target_of(&message);
        let is_group = message.chat_type != ChatType::Direct;
        let outcome = self.pipeline.handle(message).await?;
        match outcome.decision {
            Decision::Block => {}
            Decision::Pairing => {
                if let Some(reply) = &outcome.reply {
                    self.send(Delivery { text: reply.clone(), ..target });
                }
            }
            Decision::Allow => {
                let context = SessionContext {
                    agent_id: outcome.agent_id.clone(),
                    // `target_of` already normalised the channel name.
                    channel: target.channel.clone(),
                    is_group,
                    auth: CommandAuth { authorized: outcome.command_authorized, owner: outcome.owner },
                };
                self.lock_sessions().insert(outcome.session_key.clone(), context.clone());
                self.lock_targets().insert(outcome.route.clone(), target.clone());
                let key = &outcome.session_key;
                if let Some(command) = &outcome.fast_command {
                    let order =
                        RunOrder { message: command.clone(), commands: Some(context.auth), record: false, lane: false };
                    self.start(key, context, Some((outcome.route.clone(), target.clone())), order);
                } else if bare_reset(&outcome) {
                    let order = RunOrder {
                        message: NEW_SESSION_GREETING_PROMPT.to_owned(),
                        commands: None,
                        record: true,
                        lane: false,
                    };
                    self.start(key, context, Some((outcome.route.clone(), target)), order);
                }
                self.carry_out(&outcome.session_key, outcome.lane_actions.clone());
            }
        }
        Ok(outcome)
    }

    /// Does what the lane asked.
    fn carry_out(self: &Arc<Self>, session_key: &str, actions: Vec<LaneAction>) {
        for action in actions {
            match action {
                LaneAction::StartRun { messages, overflow } => self.start_lane_run(session_key, messages, overflow),
                LaneAction::Steer { message } => {
                    let taken = self
                        .pipeline
                        .state()
                        .agent
                        .0
                        .as_ref()
                        .is_some_and(|port| port.steer(session_key, &message.text));
                    if !taken {
                        let next = self.pipeline.steer_failed(session_key, message);
                        self.carry_out(session_key, next);
                    }
                }
                LaneAction::Abort => {
                    // The lane no longer waits on the interrupted run: its end must neither
                    // tell the lane nor let the session be forgotten before the newest
                    // message's run (the next action) starts.
                    self.lane_runs.lock().unwrap_or_else(PoisonError::into_inner).remove(session_key);
                    let aborted = self.pipeline.state().runs.abort(session_key, None);
                    tracing::debug!(session = session_key, runs = aborted.len(), "interrupt: active run aborted");
                }
                LaneAction::Queued { id, depth } => {
                    tracing::debug!(session = session_key, %id, depth, "message queued")
                }
                LaneAction::Dropped { message, reason } => {
                    tracing::info!(session = session_key, id = %message.id, ?reason, "queued message dropped");
                }
                LaneAction::WaitUntil { at_ms } => {
                    let wait = u64::try_from(at_ms - self.pipeline.state().now_ms()).unwrap_or(0);
                    let (this, key) = (Arc::clone(self), session_key.to_owned());
                    tokio::spawn(async move {
                        tokio::time::sleep(Duration::from_millis(wait)).await;
                        let next = this.pipeline.tick(&key);
                        this.carry_out(&key, next);
                    });
                }
            }
        }
    }

    /// A run for messages the lane released (one, or a collected batch).
    fn start_lane_run(
        self: &Arc<Self>,
        session_key: &str,
        messages: Vec<LaneMessage>,
        overflow: Option<OverflowSummary>,
    ) {
        let Some(context) = self.lock_sessions().get(session_key).cloned() else { return };
        // Collect mode only batches messages of one route; the newest decides in any case.
        let target = messages.last().and_then(|m| Some((m.route.clone(), self.lock_targets().get(&m.route).cloned()?)));
        // Only a lone message may be a directive for the runtime; in a collected batch the
        // texts are plain text (they were recorded one by one and reach the model as such).
        let auth = (messages.len() == 1).then_some(context.auth);
        let text = collect_prompt(&messages, overflow.as_ref());
        self.start(session_key, context, target, RunOrder { message: text, commands: auth, record: false, lane: true });
    }

    /// Starts one run; when it ends, delivers the reply to `target` and, for lane runs, tells
    /// the lane. The context and target are handed over, not looked up, so a session pruned
    /// meanwhile (see [`finish`](Self::finish)) cannot lose the message.
    fn start(self: &Arc<Self>, session_key: &str, context: SessionContext, target: Option<Target>, order: RunOrder) {
        let RunOrder { message, commands, record: record_user_message, lane: lane_run } = order;
        let state = self.pipeline.state().clone();
        let run_id = uuid::Uuid::new_v4().to_string();
        if lane_run {
            self.lane_runs
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(session_key.to_owned(), run_id.clone());
        }
        let request = RunRequest {
            commands,
            record_user_message,
            is_group: context.is_group,
            channel: Some(context.channel.clone()),
            ..RunRequest::new(
                state.runtime().snapshot.clone(),
                run_id.clone(),
                context.agent_id.clone(),
                session_key.to_owned(),
                message,
                "channel",
            )
        };
        let report = match run_driver::start(&state, request) {
            Ok(report) => report,
            Err(error) => {
                tracing::warn!(session = session_key, ?error, "inbound message not answered: no agent runtime");
                if lane_run {
                    let next = self.pipeline.run_finished(session_key);
                    self.carry_out(session_key, next);
                }
                return;
            }
        };
        let (this, key) = (Arc::clone(self), session_key.to_owned());
        tokio::spawn(async move {
            let report = report.await.unwrap_or_else(|_| RunReport::failed("the run was dropped"));
            this.finish(&key, &run_id, report, target, lane_run);
        });
    }

    fn finish(
        self: &Arc<Self>,
        session_key: &str,
        run_id: &str,
        report: RunReport,
        target: Option<Target>,
        lane_run: bool,
    ) {
        // Replies go to the chat of the newest message the run answered.
        if let (Some(text), Some((_, target))) = (&report.text, &target) {
            self.send(Delivery { text: text.clone(), ..target.clone() });
        }
        if report.status == RunStatus::Error {
            tracing::warn!(session = session_key, error = ?report.error, "agent run failed");
        }
        let current = lane_run && {
            let mut runs = self.lane_runs.lock().unwrap_or_else(PoisonError::into_inner);
            let current = runs.get(session_key).is_some_and(|id| id == run_id);
            if current {
                runs.remove(session_key);
            }
            current
        };
        if current {
            self.after_lane_run(session_key, report.unconsumed_steer, target.as_ref());
        }
        self.forget_if_idle(session_key, target.as_ref());
    }

    /// Requeues what the run did not take in and lets the lane release what waits.
    fn after_lane_run(self: &Arc<Self>, session_key: &str, unconsumed_steer: Vec<String>, target: Option<&Target>) {
        let now = self.pipeline.state().now_ms();
        let route = target.map(|(route, _)| route.clone()).unwrap_or_default();
        for (index, text) in unconsumed_steer.into_iter().enumerate() {
            let message =
                LaneMessage { id: format!("steer-{now}-{index}"), text, route: route.clone(), received_at_ms: now };
            let next = self.pipeline.steer_failed(session_key, message);
            self.carry_out(session_key, next);
        }
        let next = self.pipeline.run_finished(session_key);
        self.carry_out(session_key, next);
    }

    /// Drops what the driver keeps about a session once nothing runs or waits for it, so the
    /// maps hold live conversations only, not every chat ever seen.
    fn forget_if_idle(&self, session_key: &str, target: Option<&Target>) {
        let running = self.lane_runs.lock().unwrap_or_else(PoisonError::into_inner).contains_key(session_key);
        if running || !self.pipeline.lane_idle(session_key) {
            return;
        }
        self.lock_sessions().remove(session_key);
        if let Some((route, _)) = target {
            self.lock_targets().remove(route);
        }
    }

    fn send(&self, delivery: Delivery) {
        let sending = self.outbox.send(delivery);
        tokio::spawn(async move {
            if let Err(error) = sending.await {
                tracing::warn!(%error, "reply not delivered");
            }
        });
    }

    fn lock_sessions(&self) -> std::sync::MutexGuard<'_, HashMap<String, SessionContext>> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lock_targets(&self) -> std::sync::MutexGuard<'_, HashMap<String, Delivery>> {
        self.targets.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A bare `/new` or `/reset`: a new session started and nothing was recorded to answer.
fn bare_reset(outcome: &InboundOutcome) -> bool {
    matches!(&outcome.reset, Some(ResetReason::Command { rest, .. }) if rest.trim().is_empty())
        && outcome.lane_actions.is_empty()
        && outcome.fast_command.is_none()
}

/// Where a reply to `message` goes: the group (or channel) it came from, else the sender.
fn target_of(message: &InboundMessage) -> Delivery {
    let account = message.account_id.clone().filter(|a| !a.trim().is_empty()).unwrap_or_else(|| "default".into());
    Delivery {
        channel: message.channel.trim().to_lowercase(),
        account_id: account.trim().to_lowercase(),
        to: message.group_id.clone().unwrap_or_else(|| message.sender.id.clone()),
        thread_id: message.thread_id.clone(),
        text: String::new(),
    }
}

/// OpenClaw's collect prompt: the queued messages under one title, numbered, after any overflow
/// summary; a lone message is itself.
fn collect_prompt(messages: &[LaneMessage], overflow: Option<&OverflowSummary>) -> String {
    if let ([only], None) = (messages, overflow) {
        return only.text.clone();
    }
    let mut parts = vec!["[Queued messages while agent was busy]".to_owned()];
    if let Some(summary) = overflow {
        parts.push(summary.prompt());
    }
    for (index, message) in messages.iter().enumerate() {
        parts.push(format!("---\nQueued #{}\n{}", index + 1, message.text).trim().to_owned());
    }
    parts.join("\n\n")
}
