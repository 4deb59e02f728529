//! The inbound pipeline between a channel adapter and the agent: route the message, run the
//! inbound gate, answer unknown DM senders with a pairing code (once per request), and for an
//! admitted message record it in its session (reset if due, `sessions.json` entry, transcript)
//! and feed the session's lane. The decisions are `openclaw-policy`'s ([`admission`] is the
//! config/store glue shared with `openclaw access check`); this module only carries out effects
//! and keeps each session's [`LaneState`] and, per config snapshot, the gate's compiled access
//! settings (normalised allowlists, mention regexes). It runs no agent: the lane's actions are returned for
//! the agent runtime to carry out, which reports back through [`InboundPipeline::run_finished`] and
//! [`InboundPipeline::tick`].

pub mod admission;
pub mod driver;
mod session;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use openclaw_config::{LoadContext, Snapshot, model::Config};
use openclaw_policy::inbound::lane::{LaneAction, LaneMessage, LaneState, QueueSettings};
use openclaw_policy::inbound::reset::ResetReason;
use openclaw_policy::inbound::{CompiledAccess, Decision, InboundMessage, ReasonCode, pairing_id_line, pairing_reply};
use openclaw_store::PairingStore;

use crate::clock::Clock;
use crate::runtime::{Overrides, Runtime};
use crate::state::{Boot, GatewayState, StateParts};
use crate::{GatewayError, Result};

pub use admission::{Admission, Routed, admit, admit_compiled, compile_access, route_message, store_facts};
pub use session::local_hour_boundary;

/// Random words drawn per pairing upsert; a code needs one per character plus retries on a clash.
const PAIRING_RANDOM_WORDS: usize = 256;

/// Session locks kept before idle ones are dropped; pruning on every message would cost a
/// pass over the map each time.
const SESSION_LOCKS_BEFORE_PRUNING: usize = 256;

/// What became of one inbound message.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundOutcome {
    pub decision: Decision,
    pub reason_code: ReasonCode,
    pub reason: String,
    pub session_key: String,
    pub agent_id: String,
    /// The session the message was recorded in (admitted messages only).
    pub session_id: Option<String>,
    /// Why a new session started, if one did. A bare `/new` starts one and records nothing: the
    /// agent runtime greets instead.
    pub reset: Option<ResetReason>,
    /// What the session's lane asks the agent runtime to do.
    pub lane_actions: Vec<LaneAction>,
    /// Text to send back to the sender now (the pairing code).
    pub reply: Option<String>,
    /// The sender may run control commands, and is an owner (the gate's answer).
    pub command_authorized: bool,
    pub owner: bool,
    /// An authorized command-only message: it skips the lane (so `/stop` reaches a busy
    /// session) and goes straight to the agent runtime's command path.
    pub fast_command: Option<String>,
    /// Where replies go, as the lane groups messages (`channel|account|chat|thread`).
    pub route: String,
}

/// The gate's compiled settings per (channel, account, agent), valid for one runtime snapshot.
/// Compiling normalises every allowlist entry and builds the mention regexes, which cost more
/// than the decision itself; the settings only change with the config.
#[derive(Debug, Default)]
struct AccessCache {
    /// What the entries were compiled from. Held, not just compared by address, so a freed
    /// snapshot's address cannot come back as a different config; any new runtime (a reload,
    /// even of an unchanged file whose includes or env changed) clears the cache.
    source: Option<(Arc<Snapshot>, Arc<Config>)>,
    entries: HashMap<(String, String, String), Arc<CompiledAccess<'static>>>,
}

/// One per gateway; cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct InboundPipeline {
    state: Arc<GatewayState>,
    access: Mutex<AccessCache>,
    lanes: Mutex<HashMap<String, LaneState>>,
    /// Serializes the effects per session, so transcript order is lane order.
    session_locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Replaces `messages.queue` from the config when set (embedding, tests).
    queue: RwLock<Option<QueueSettings>>,
    zone: jiff::tz::TimeZone,
}

impl InboundPipeline {
    pub fn new(state: Arc<GatewayState>) -> Self {
        Self {
            state,
            access: Mutex::new(AccessCache::default()),
            lanes: Mutex::new(HashMap::new()),
            session_locks: Mutex::new(HashMap::new()),
            queue: RwLock::new(None),
            zone: jiff::tz::TimeZone::system(),
        }
    }

    /// A pipeline over its own gateway state, without listeners: loads and validates the config
    /// like the gateway does. For embedding and tests.
    pub fn open(load: LoadContext, clock: Clock) -> Result<Self> {
        Self::open_with_agent(load, clock, None)
    }

    /// As [`open`](Self::open), running admitted messages on `agent` (see [`driver`]).
    pub fn open_with_agent(
        load: LoadContext,
        clock: Clock,
        agent: Option<Arc<dyn crate::agent_port::AgentPort>>,
    ) -> Result<Self> {
        let runtime = Runtime::load(&load, &Overrides::default())?;
        let boot = Boot {
            boot_id: uuid::Uuid::new_v4().to_string(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            started: std::time::Instant::now(),
            started_at_ms: clock.now_ms(),
            host: String::new(),
        };
        let (state, _stop) = GatewayState::new(StateParts {
            load,
            overrides: Overrides::default(),
            runtime,
            boot,
            clock,
            whois: Arc::new(crate::tailscale::StaticWhois(HashMap::new())),
            url_fetch: Default::default(),
            own_tailnet_ips: Vec::new(),
            log_file: None,
            agent,
        });
        Ok(Self::new(state))
    }

    /// The gateway-local zone daily resets are computed in (the system zone by default).
    pub fn with_time_zone(mut self, zone: jiff::tz::TimeZone) -> Self {
        self.zone = zone;
        self
    }

    /// Queue settings that replace the config's `messages.queue` for every channel.
    pub fn set_queue_settings(&self, settings: QueueSettings) {
        match self.queue.write() {
            Ok(mut guard) => *guard = Some(settings),
            Err(poisoned) => *poisoned.into_inner() = Some(settings),
        }
    }

    /// The queue settings for messages from `channel`: the override, else `messages.queue`.
    fn queue_settings(&self, channel: &str) -> QueueSettings {
        let fixed = match self.queue.read() {
            Ok(guard) => *guard,
            Err(poisoned) => *poisoned.into_inner(),
        };
        fixed.unwrap_or_else(|| {
            let runtime = self.state.runtime();
            let queue = runtime.snapshot.resolved.as_ref().and_then(|v| v.pointer("/messages/queue"));
            QueueSettings::from_config(queue, channel)
        })
    }

    pub fn state(&self) -> &Arc<GatewayState> {
        &self.state
    }

    /// Gate, record and lane one message.
    pub async fn handle(&self, message: InboundMessage) -> Result<InboundOutcome> {
        let runtime = self.state.runtime();
        let config: Arc<Config> = Arc::clone(&runtime.config);
        let snapshot = Arc::clone(&runtime.snapshot);
        let routed = route_message(&config, snapshot.resolved.as_ref(), &message);
        let lock = self.session_lock(&routed.session_key);
        let _serial = lock.lock().await;

        let pairing = PairingStore::new(&self.state.state_dir);
        let access = self.compiled_access(&snapshot, &config, &routed);
        let admission = {
            let (config, message, routed, pairing) =
                (Arc::clone(&config), message.clone(), routed.clone(), pairing.clone());
            blocking(move || Ok(admit_compiled(&config, &pairing, &message, &routed, &access))).await?
        };
        let decision = &admission.decision;
        let mut outcome = InboundOutcome {
            decision: decision.decision,
            reason_code: decision.reason_code,
            reason: decision.reason.clone(),
            session_key: routed.session_key.clone(),
            agent_id: routed.route.agent_id.clone(),
            session_id: None,
            reset: None,
            lane_actions: Vec::new(),
            reply: None,
            command_authorized: decision.command_authorized,
            owner: decision.owner,
            fast_command: None,
            route: reply_route(&routed, &message),
        };
        match decision.decision {
            Decision::Block => {}
            Decision::Pairing => {
                let sender = decision.sender_id.clone().unwrap_or_else(|| message.sender.id.trim().to_owned());
                outcome.reply = self.request_pairing(pairing, &routed, &message, sender).await?;
            }
            Decision::Allow => {
                let now_ms = self.state.now_ms();
                let zone = self.zone.clone();
                let step = session::SessionStep {
                    state_dir: self.state.state_dir.clone(),
                    agent_id: routed.route.agent_id.clone(),
                    session_key: routed.session_key.clone(),
                    message: message.clone(),
                    command_authorized: decision.command_authorized,
                    is_command: decision.is_command,
                    settings: session::reset_settings(&config),
                    cwd: self.state.load.cwd.to_string_lossy().into_owned(),
                    now_ms,
                    local_hour_boundary: Box::new(move |hour| local_hour_boundary(&zone, now_ms, hour)),
                };
                let recorded = blocking(move || step.run()).await?;
                let fast = decision.is_command && decision.command_authorized && recorded.reset.is_none();
                if fast {
                    outcome.fast_command = Some(recorded.text.clone());
                } else if let Some(id) = recorded.entry_id {
                    let lane_message = LaneMessage {
                        id,
                        text: recorded.text,
                        route: reply_route(&routed, &message),
                        received_at_ms: now_ms,
                    };
                    let settings = self.queue_settings(&routed.route.channel);
                    outcome.lane_actions = self.with_lane(&routed.session_key, settings, |lane, settings| {
                        lane.on_message(lane_message, now_ms, settings)
                    });
                }
                outcome.session_id = Some(recorded.session_id);
                outcome.reset = recorded.reset;
            }
        }
        Ok(outcome)
    }

    /// The agent runtime finished (or aborted) the session's run; returns what to start next.
    pub fn run_finished(&self, session_key: &str) -> Vec<LaneAction> {
        let now_ms = self.state.now_ms();
        self.with_lane(session_key, self.queue_settings(""), |lane, _| lane.on_run_finished(now_ms))
    }

    /// A debounce timer fired for the session.
    pub fn tick(&self, session_key: &str) -> Vec<LaneAction> {
        let now_ms = self.state.now_ms();
        self.with_lane(session_key, self.queue_settings(""), |lane, _| lane.on_tick(now_ms))
    }

    /// Nothing runs or waits in the session's lane (idle lanes are not kept).
    pub fn lane_idle(&self, session_key: &str) -> bool {
        let lanes = match self.lanes.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        !lanes.contains_key(session_key)
    }

    /// A steering message the active run could not take.
    pub fn steer_failed(&self, session_key: &str, message: LaneMessage) -> Vec<LaneAction> {
        let now_ms = self.state.now_ms();
        self.with_lane(session_key, self.queue_settings(""), |lane, _| lane.on_steer_failed(message, now_ms))
    }

    /// Upserts the sender's pairing request; the reply text only when the request is new, so a
    /// sender who keeps writing is not sent the code again and again.
    async fn request_pairing(
        &self,
        pairing: PairingStore,
        routed: &Routed,
        message: &InboundMessage,
        sender: String,
    ) -> Result<Option<String>> {
        let mut words = [0u8; PAIRING_RANDOM_WORDS * 4];
        getrandom::fill(&mut words)
            .map_err(|err| GatewayError::Refused(format!("cannot read random bytes for a pairing code: {err}")))?;
        let channel = routed.route.channel.clone();
        let account = routed.account.clone();
        let name = message.sender.name.clone().unwrap_or_default();
        let now_ms = self.state.now_ms();
        let (channel_for_store, sender_for_store) = (channel.clone(), sender.clone());
        let upsert = blocking(move || {
            let mut random = words.chunks_exact(4).map(|w| u32::from_le_bytes(w.try_into().unwrap_or([0; 4])));
            let next = move || random.next().unwrap_or(0);
            Ok(pairing.update(&channel_for_store, |file| {
                file.upsert(&sender_for_store, Some(&account), &[("name", name.as_str())], now_ms, next)
            })?)
        })
        .await?;
        let upsert = match upsert {
            Ok(upsert) => upsert,
            Err(err) => {
                tracing::warn!(error = %err, channel, "no pairing code issued");
                return Ok(None);
            }
        };
        if !upsert.created || upsert.code.is_empty() {
            return Ok(None);
        }
        let profile = self.state.load.process_env.get("OPENCLAW_PROFILE");
        Ok(Some(pairing_reply(&channel, &pairing_id_line(&channel, &sender), &upsert.code, profile)))
    }

    /// The gate's settings for `routed` under this snapshot, compiled on first use.
    fn compiled_access(
        &self,
        snapshot: &Arc<Snapshot>,
        config: &Arc<Config>,
        routed: &Routed,
    ) -> Arc<CompiledAccess<'static>> {
        let key = (routed.route.channel.clone(), routed.account.clone(), routed.route.agent_id.clone());
        let mut cache = match self.access.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let current = cache.source.as_ref().is_some_and(|(s, c)| Arc::ptr_eq(s, snapshot) && Arc::ptr_eq(c, config));
        if !current {
            cache.source = Some((Arc::clone(snapshot), Arc::clone(config)));
            cache.entries.clear();
        }
        // Compiled under the lock: it is pure CPU, happens once per key and snapshot, and
        // concurrent first messages would otherwise all compile the same thing.
        let compiled = cache
            .entries
            .entry(key)
            .or_insert_with(|| Arc::new(compile_access(config, snapshot.resolved.as_ref(), routed)));
        Arc::clone(compiled)
    }

    fn session_lock(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = match self.session_locks.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        // Forget locks nobody holds or waits for (only the map's reference is left), so the map
        // holds sessions with a message in flight, not every sender ever seen.
        if locks.len() > SESSION_LOCKS_BEFORE_PRUNING {
            locks.retain(|_, lock| Arc::strong_count(lock) > 1);
        }
        Arc::clone(locks.entry(key.to_owned()).or_default())
    }

    fn with_lane(
        &self,
        key: &str,
        settings: QueueSettings,
        act: impl FnOnce(&mut LaneState, QueueSettings) -> Vec<LaneAction>,
    ) -> Vec<LaneAction> {
        let mut lanes = match self.lanes.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let lane = lanes.entry(key.to_owned()).or_insert_with(|| LaneState::new(settings));
        let actions = act(lane, settings);
        // An idle lane holds nothing worth keeping; dropping it bounds the map by live sessions.
        if lane.is_idle() {
            lanes.remove(key);
        }
        actions
    }
}

/// Where replies to the message go; collect mode merges only messages with the same one.
fn reply_route(routed: &Routed, message: &InboundMessage) -> String {
    let chat = message.group_id.as_deref().unwrap_or(message.sender.id.as_str());
    let thread = message.thread_id.as_deref().unwrap_or_default();
    format!("{}|{}|{chat}|{thread}", routed.route.channel, routed.account)
}

/// Runs blocking store I/O off the async workers.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(work).await.map_err(|err| GatewayError::Io {
        context: "inbound store task".to_owned(),
        source: std::io::Error::other(err),
    })?
}
