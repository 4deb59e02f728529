//! The per-session lane: what happens to a message that arrives for a session, given whether a
//! run is active and the session's queue settings (`messages.queue`, `/queue`). One run at a
//! time per session; while it runs, new messages are steered into it, queued for a follow-up
//! turn, or abort it, by [`QueueMode`]. The queue is bounded by a cap whose overflow follows the
//! [`DropPolicy`], and every drop is reported as a [`LaneAction::Dropped`] — a message leaves the
//! lane only by starting a run, being steered, or being dropped with a reason.
//!
//! [`LaneState`] is a value: the caller feeds it events with the time as an argument
//! ([`LaneState::on_message`], [`LaneState::on_run_finished`], [`LaneState::on_tick`]) and
//! carries out the returned [`LaneAction`]s (start a run, inject a steering message, abort). The
//! follow-up drain waits until the queue has been quiet for `debounceMs`, so a burst of messages
//! typed while the agent was busy becomes one turn; [`LaneAction::WaitUntil`] says when to tick.

use std::collections::VecDeque;

/// OpenClaw's defaults for `messages.queue` (`DEFAULT_QUEUE_*`).
pub const DEFAULT_DEBOUNCE_MS: u64 = 1000;
pub const DEFAULT_CAP: usize = 20;
/// Summary lines are elided to this many characters, as OpenClaw's `buildQueueSummaryLine` does.
const SUMMARY_LINE_CHARS: usize = 160;

/// What a message does to an active run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueMode {
    /// Queue; when the run ends, all queued messages become one follow-up turn.
    #[default]
    Collect,
    /// Queue; each queued message becomes its own follow-up turn.
    Followup,
    /// Inject into the running turn at the next tool boundary (`queue` is an alias).
    Steer,
    /// Steer, and also keep the message for a follow-up turn.
    SteerBacklog,
    /// Abort the active run and start a new one with the newest message.
    Interrupt,
}

impl QueueMode {
    /// The config/`/queue` spellings OpenClaw accepts (`normalizeQueueMode`), case-insensitive.
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw.trim().to_lowercase().as_str() {
            "collect" | "coalesce" => Self::Collect,
            "followup" | "follow-ups" | "followups" => Self::Followup,
            "steer" | "steering" | "queue" | "queued" => Self::Steer,
            "steer+backlog" | "steer-backlog" | "steer_backlog" => Self::SteerBacklog,
            "interrupt" | "interrupts" | "abort" => Self::Interrupt,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Collect => "collect",
            Self::Followup => "followup",
            Self::Steer => "steer",
            Self::SteerBacklog => "steer-backlog",
            Self::Interrupt => "interrupt",
        }
    }
}

/// What a full queue gives up (`messages.queue.drop`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DropPolicy {
    /// Drop the oldest queued messages to make room.
    Old,
    /// Refuse the new message.
    New,
    /// Drop the oldest, but tell the next turn what they said.
    #[default]
    Summarize,
}

impl DropPolicy {
    /// `old`/`oldest`, `new`/`newest`, `summarize`/`summary`, case-insensitive.
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw.trim().to_lowercase().as_str() {
            "old" | "oldest" => Self::Old,
            "new" | "newest" => Self::New,
            "summarize" | "summary" => Self::Summarize,
            _ => return None,
        })
    }
}

/// The queue settings in force for one session (config, channel override and `/queue` already
/// merged by the caller).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueSettings {
    pub mode: QueueMode,
    pub debounce_ms: u64,
    /// 0 means unbounded, as in OpenClaw.
    pub cap: usize,
    pub drop: DropPolicy,
}

impl QueueSettings {
    /// `messages.queue` for messages from `channel`: `byChannel.<channel>` over `mode`,
    /// `debounceMsByChannel.<channel>` over `debounceMs`, then OpenClaw's defaults. Values the
    /// config validator let through but this runtime does not know fall back to the default.
    pub fn from_config(queue: Option<&serde_json::Value>, channel: &str) -> QueueSettings {
        let defaults = QueueSettings::default();
        let Some(queue) = queue.filter(|q| q.is_object()) else { return defaults };
        let mode = text(queue.get("byChannel").and_then(|m| m.get(channel)))
            .or_else(|| text(queue.get("mode")))
            .and_then(QueueMode::parse)
            .unwrap_or(defaults.mode);
        let debounce_ms = number(queue.get("debounceMsByChannel").and_then(|m| m.get(channel)))
            .or_else(|| number(queue.get("debounceMs")))
            .unwrap_or(defaults.debounce_ms);
        let cap = number(queue.get("cap")).and_then(|c| usize::try_from(c).ok()).unwrap_or(defaults.cap);
        let drop = text(queue.get("drop")).and_then(DropPolicy::parse).unwrap_or(defaults.drop);
        QueueSettings { mode, debounce_ms, cap, drop }
    }
}

fn text(value: Option<&serde_json::Value>) -> Option<&str> {
    value.and_then(serde_json::Value::as_str)
}

fn number(value: Option<&serde_json::Value>) -> Option<u64> {
    value.and_then(serde_json::Value::as_u64)
}

impl Default for QueueSettings {
    fn default() -> Self {
        Self {
            mode: QueueMode::default(),
            debounce_ms: DEFAULT_DEBOUNCE_MS,
            cap: DEFAULT_CAP,
            drop: DropPolicy::default(),
        }
    }
}

/// One user message as the lane sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneMessage {
    /// The caller's id for it (the transcript entry id, say), so actions can be traced back.
    pub id: String,
    pub text: String,
    /// Where a reply to it goes (channel, account, chat, thread). Collect mode only merges
    /// messages with the same route, so one turn never answers two conversations.
    pub route: String,
    pub received_at_ms: i64,
}

/// Why a message was dropped; always the configured [`DropPolicy`] at work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// `drop: new` and the queue was at its cap: the new message was refused.
    QueueFullRefusedNew,
    /// `drop: old`: the oldest queued message made room.
    QueueFullDroppedOldest,
    /// `drop: summarize`: the oldest made room; a summary line goes to the next run.
    QueueFullSummarized,
}

/// Messages dropped under `drop: summarize`, handed to the next run so the agent knows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OverflowSummary {
    pub dropped: u64,
    /// One elided line per dropped message, at most `cap` of them (the newest).
    pub lines: Vec<String>,
}

impl OverflowSummary {
    /// The text OpenClaw puts before the queued messages (`buildQueueSummaryPrompt`).
    pub fn prompt(&self) -> String {
        let plural = if self.dropped == 1 { "" } else { "s" };
        let mut out = format!("[Queue overflow] Dropped {} message{plural} due to cap.", self.dropped);
        if !self.lines.is_empty() {
            out.push_str("\nSummary:");
            for line in &self.lines {
                out.push_str("\n- ");
                out.push_str(line);
            }
        }
        out
    }
}

/// What the caller must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LaneAction {
    /// Start a run with these messages (one turn; several only in collect mode).
    StartRun {
        messages: Vec<LaneMessage>,
        overflow: Option<OverflowSummary>,
    },
    /// Inject the message into the active run at its next tool boundary. If the run cannot take
    /// it (no longer streaming), hand it back with [`LaneState::on_steer_failed`].
    Steer {
        message: LaneMessage,
    },
    /// Abort the active run; a `StartRun` follows in the same batch.
    Abort,
    /// The message waits for a follow-up turn; `depth` is the queue length after it.
    Queued {
        id: String,
        depth: usize,
    },
    Dropped {
        message: LaneMessage,
        reason: DropReason,
    },
    /// Nothing can start before this time (debounce); call [`LaneState::on_tick`] then.
    WaitUntil {
        at_ms: i64,
    },
}

/// One session's lane.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LaneState {
    active: bool,
    queue: VecDeque<LaneMessage>,
    last_enqueued_at_ms: i64,
    overflow: OverflowSummary,
    settings: QueueSettings,
}

impl LaneState {
    pub fn new(settings: QueueSettings) -> Self {
        Self { settings, ..Self::default() }
    }

    /// A run is in progress.
    pub fn is_active(&self) -> bool {
        self.active
    }

    /// Messages waiting for a follow-up turn.
    pub fn queued(&self) -> impl Iterator<Item = &LaneMessage> {
        self.queue.iter()
    }

    /// Nothing running, nothing waiting: the caller may forget this lane.
    pub fn is_idle(&self) -> bool {
        !self.active && self.queue.is_empty() && self.overflow.dropped == 0
    }

    pub fn settings(&self) -> QueueSettings {
        self.settings
    }

    /// A message arrived. `settings` replaces the lane's settings (a `/queue` or config change
    /// applies from this message on); shrinking the cap takes effect at the next enqueue.
    pub fn on_message(&mut self, message: LaneMessage, now_ms: i64, settings: QueueSettings) -> Vec<LaneAction> {
        self.settings = settings;
        if !self.active {
            if self.queue.is_empty() {
                self.active = true;
                let overflow = self.take_overflow();
                return vec![LaneAction::StartRun { messages: vec![message], overflow }];
            }
            // A backlog is waiting out its debounce: join it rather than overtake it.
            let mut actions = self.enqueue(message, now_ms);
            actions.extend(self.drain(now_ms));
            return actions;
        }
        match settings.mode {
            QueueMode::Collect | QueueMode::Followup => self.enqueue(message, now_ms),
            QueueMode::Steer => vec![LaneAction::Steer { message }],
            QueueMode::SteerBacklog => {
                let mut actions = vec![LaneAction::Steer { message: message.clone() }];
                actions.extend(self.enqueue(message, now_ms));
                actions
            }
            QueueMode::Interrupt => {
                // The backlog rides along with the newest message instead of vanishing.
                let mut messages: Vec<LaneMessage> = self.queue.drain(..).collect();
                messages.push(message);
                let overflow = self.take_overflow();
                vec![LaneAction::Abort, LaneAction::StartRun { messages, overflow }]
            }
        }
    }

    /// The active run could not take a steering message: it waits for a follow-up turn instead
    /// (OpenClaw falls back the same way when the run is not streaming).
    pub fn on_steer_failed(&mut self, message: LaneMessage, now_ms: i64) -> Vec<LaneAction> {
        let mut actions = self.enqueue(message, now_ms);
        if !self.active {
            actions.extend(self.drain(now_ms));
        }
        actions
    }

    /// The active run ended (done, failed or aborted): start the next turn if the queue has been
    /// quiet long enough, or say when to look again.
    pub fn on_run_finished(&mut self, now_ms: i64) -> Vec<LaneAction> {
        self.active = false;
        self.drain(now_ms)
    }

    /// Time passed; starts a debounced follow-up turn when it is due.
    pub fn on_tick(&mut self, now_ms: i64) -> Vec<LaneAction> {
        if self.active {
            return Vec::new();
        }
        self.drain(now_ms)
    }

    fn enqueue(&mut self, message: LaneMessage, now_ms: i64) -> Vec<LaneAction> {
        let mut actions = Vec::new();
        let cap = self.settings.cap;
        if cap > 0 && self.queue.len() >= cap {
            if self.settings.drop == DropPolicy::New {
                return vec![LaneAction::Dropped { message, reason: DropReason::QueueFullRefusedNew }];
            }
            let excess = self.queue.len() + 1 - cap;
            for dropped in self.queue.drain(..excess) {
                let reason = match self.settings.drop {
                    DropPolicy::Summarize => {
                        self.overflow.dropped += 1;
                        self.overflow.lines.push(summary_line(&dropped.text));
                        DropReason::QueueFullSummarized
                    }
                    _ => DropReason::QueueFullDroppedOldest,
                };
                actions.push(LaneAction::Dropped { message: dropped, reason });
            }
            let keep = self.overflow.lines.len().saturating_sub(cap);
            self.overflow.lines.drain(..keep);
        }
        self.last_enqueued_at_ms = now_ms;
        let id = message.id.clone();
        self.queue.push_back(message);
        actions.push(LaneAction::Queued { id, depth: self.queue.len() });
        actions
    }

    fn drain(&mut self, now_ms: i64) -> Vec<LaneAction> {
        if self.queue.is_empty() {
            // Drops without a surviving message still reach the agent, as their own turn would
            // be empty: they wait for the next message's run.
            return Vec::new();
        }
        let debounce = i64::try_from(self.settings.debounce_ms).unwrap_or(i64::MAX);
        let due = self.last_enqueued_at_ms.saturating_add(debounce);
        if now_ms < due {
            return vec![LaneAction::WaitUntil { at_ms: due }];
        }
        let take = match self.settings.mode {
            QueueMode::Collect => {
                let first_route = self.queue.front().map(|m| m.route.clone()).unwrap_or_default();
                self.queue.iter().take_while(|m| m.route == first_route).count()
            }
            _ => 1,
        };
        let messages: Vec<LaneMessage> = self.queue.drain(..take).collect();
        self.active = true;
        let overflow = self.take_overflow();
        vec![LaneAction::StartRun { messages, overflow }]
    }

    fn take_overflow(&mut self) -> Option<OverflowSummary> {
        (self.overflow.dropped > 0).then(|| std::mem::take(&mut self.overflow))
    }
}

/// Whitespace collapsed, elided with `…` past [`SUMMARY_LINE_CHARS`].
fn summary_line(text: &str) -> String {
    let cleaned = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.chars().count() <= SUMMARY_LINE_CHARS {
        return cleaned;
    }
    let head: String = cleaned.chars().take(SUMMARY_LINE_CHARS - 1).collect();
    format!("{}…", head.trim_end())
}

#[cfg(test)]
mod tests;
