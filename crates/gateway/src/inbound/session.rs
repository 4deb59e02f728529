//! The session effects of an admitted message: start a new session when a reset is due (decided by
//! `openclaw_policy::inbound::reset`), record the message's route on the `sessions.json` entry,
//! and append the user message to the transcript. Everything here is blocking file I/O under the
//! store's locks; the pipeline runs it on the blocking pool.

use openclaw_config::model::Config;
use openclaw_config::model::session::SessionResetMode;
use openclaw_policy::inbound::reset::{
    ResetMode, ResetPolicy, ResetReason, ResetSettings, ResetType, keep_explicit_settings, reset_due,
};
use openclaw_policy::inbound::timestamp::format_iso_millis;
use openclaw_policy::inbound::{ChatType, InboundMessage};
use openclaw_store::sessions::NewSession;
use openclaw_store::{AgentId, SessionStore, StateDir, Transcript, TranscriptHeader};
use serde_json::{Map, Value, json};

use crate::Result;

/// What the session step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub session_id: String,
    /// Why a new session started, if one did.
    pub reset: Option<ResetReason>,
    /// The transcript entry id of the user message; `None` for a bare `/new` (nothing to run).
    pub entry_id: Option<String>,
    /// The text that was recorded (a reset command's remainder, or the whole message).
    pub text: String,
}

/// Everything the blocking step needs, owned so it can move to the blocking pool.
pub struct SessionStep {
    pub state_dir: StateDir,
    pub agent_id: String,
    pub session_key: String,
    pub message: InboundMessage,
    /// Only senders authorized for commands may reset a session by command.
    pub command_authorized: bool,
    /// An authorized command-only message: answered by the command path, so it is not part
    /// of the conversation and not recorded (unless it is a reset with text to run).
    pub is_command: bool,
    pub settings: ResetSettings,
    pub cwd: String,
    pub now_ms: i64,
    /// The latest instant ≤ now at which the gateway-local time read `h`:00.
    pub local_hour_boundary: Box<dyn Fn(u32) -> i64 + Send>,
}

impl SessionStep {
    pub fn run(self) -> Result<Recorded> {
        let agent = AgentId::new(&self.agent_id)?;
        let store = SessionStore::new(&self.state_dir, &agent);
        let message = &self.message;
        let existing = store.get(&self.session_key)?;
        let command = if self.command_authorized {
            openclaw_policy::inbound::reset::reset_trigger(&message.text, &self.settings.triggers)
        } else {
            None
        };
        let is_group = message.chat_type.is_group();
        let is_thread = message.chat_type == ChatType::Thread || message.thread_id.is_some();
        let policy = self.settings.policy_for(&message.channel, ResetType::of(&self.session_key, is_group, is_thread));
        let updated_at = existing.as_ref().filter(|r| r.session_id().is_some()).map(|r| r.updated_at());
        let reset = command.or_else(|| reset_due(updated_at, self.now_ms, &self.local_hour_boundary, &policy));

        let text = match &reset {
            Some(ResetReason::Command { rest, .. }) => rest.clone(),
            _ => message.text.clone(),
        };
        let mut session_id = existing.as_ref().and_then(|r| r.session_id()).map(str::to_owned);
        if let Some(reason) = &reset {
            let by_command = matches!(reason, ResetReason::Command { .. });
            let options = NewSession { cwd: self.cwd.clone(), topic_id: None, archive_previous: by_command };
            let started = store.new_session(&self.session_key, self.now_ms, &options, |previous, next| {
                if by_command {
                    keep_explicit_settings(previous, next);
                }
            })?;
            session_id = started.record.session_id().map(str::to_owned);
        }
        let (record, ()) = store.upsert_entry(&self.session_key, |entry| record_route(entry, message, self.now_ms))?;
        let session_id = session_id.or_else(|| record.session_id().map(str::to_owned)).unwrap_or_default();

        let command_only = self.is_command && self.command_authorized && reset.is_none();
        let entry_id = if command_only || (text.trim().is_empty() && !message.has_attachments) {
            None
        } else {
            let path =
                record.transcript_path(store.dir()).map_or_else(|| store.transcript_path(&session_id, None), Ok)?;
            let mut transcript = if path.exists() {
                Transcript::open(&path)?
            } else {
                // An entry whose transcript went missing: start the file rather than lose the message.
                let header = TranscriptHeader {
                    id: session_id.clone(),
                    timestamp: format_iso_millis(self.now_ms),
                    cwd: self.cwd.clone(),
                    parent_session: None,
                };
                Transcript::create(&path, &header, openclaw_store::SyncPolicy::EveryAppend)?
            };
            let line = json!({
                "type": "message",
                "message": {"role": "user", "content": text, "timestamp": self.now_ms},
            });
            Some(transcript.append(&line, self.now_ms)?)
        };
        Ok(Recorded { session_id, reset, entry_id, text })
    }
}

/// `updatedAt`, the chat type, the origin and the last-delivery route of the entry.
fn record_route(entry: &mut Map<String, Value>, message: &InboundMessage, now_ms: i64) {
    let channel = message.channel.trim().to_lowercase();
    let account = message.account_id.clone().filter(|a| !a.trim().is_empty()).unwrap_or_else(|| "default".into());
    let chat_type = match message.chat_type {
        ChatType::Direct => "direct",
        ChatType::Group | ChatType::Thread => "group",
        ChatType::Channel => "channel",
    };
    // Replies go back to the chat: the group for group messages, the sender for DMs.
    let to = match message.chat_type {
        ChatType::Direct => message.sender.id.clone(),
        _ => message.group_id.clone().unwrap_or_default(),
    };
    let mut origin = Map::new();
    if let Some(name) = message.sender.name.as_deref().filter(|n| !n.trim().is_empty()) {
        origin.insert("label".into(), name.into());
    }
    origin.insert("provider".into(), channel.clone().into());
    origin.insert("surface".into(), channel.clone().into());
    origin.insert("chatType".into(), chat_type.into());
    origin.insert("from".into(), message.sender.id.clone().into());
    origin.insert("to".into(), to.clone().into());
    origin.insert("accountId".into(), account.clone().into());
    if let Some(thread) = &message.thread_id {
        origin.insert("threadId".into(), thread.clone().into());
    }
    entry.insert("updatedAt".into(), now_ms.into());
    entry.insert("chatType".into(), chat_type.into());
    entry.insert("channel".into(), channel.clone().into());
    entry.insert("origin".into(), Value::Object(origin));
    entry.insert("lastChannel".into(), channel.into());
    entry.insert("lastTo".into(), to.into());
    entry.insert("lastAccountId".into(), account.into());
    match &message.thread_id {
        Some(thread) => entry.insert("lastThreadId".into(), thread.clone().into()),
        // A stale thread id on a non-thread session would send replies into an old thread.
        None => entry.remove("lastThreadId"),
    };
}

/// `session.reset*` from the resolved config, for the policy.
pub fn reset_settings(config: &Config) -> ResetSettings {
    let session = &config.session;
    let policy = |reset: &openclaw_config::model::resolved::SessionReset| ResetPolicy {
        mode: match reset.mode {
            SessionResetMode::Daily => ResetMode::Daily,
            SessionResetMode::Idle => ResetMode::Idle,
        },
        at_hour: reset.at_hour,
        idle_minutes: reset.idle_minutes,
    };
    ResetSettings {
        base: policy(&session.reset),
        by_type: session
            .reset_by_type
            .iter()
            .filter_map(|(kind, reset)| Some((ResetType::parse(kind)?, policy(reset))))
            .collect(),
        by_channel: session
            .reset_by_channel
            .iter()
            .map(|(ch, reset)| (ch.trim().to_lowercase(), policy(reset)))
            .collect(),
        triggers: session.reset_triggers.clone(),
    }
}

/// The latest instant ≤ `now_ms` at which local time in `zone` read `hour`:00. Falls back to a
/// boundary a day ago (a reset rather than a stale session) if the zone cannot answer.
pub fn local_hour_boundary(zone: &jiff::tz::TimeZone, now_ms: i64, hour: u32) -> i64 {
    let fallback = now_ms.saturating_sub(86_400_000);
    let Ok(now) = jiff::Timestamp::from_millisecond(now_ms) else { return fallback };
    let today = zone.to_datetime(now).date();
    let hour = i8::try_from(hour.min(23)).unwrap_or(23);
    // A gap (DST spring-forward) resolves to the instant after it, like OpenClaw's `Date#setHours`.
    let at = |day: jiff::civil::Date| zone.to_ambiguous_timestamp(day.at(hour, 0, 0, 0)).compatible().ok();
    match at(today) {
        Some(candidate) if candidate <= now => candidate.as_millisecond(),
        Some(_) => today.yesterday().ok().and_then(at).map_or(fallback, |t| t.as_millisecond()),
        None => fallback,
    }
}
