//! The text a hook or wake run hands the agent, as OpenClaw builds it: an isolated hook run
//! (`src/cron/isolated-agent/run.ts`) gets the caller's text wrapped as untrusted content with a
//! `Task | Job ID | Received` line, or, when the hook is trusted
//! (`allowUnsafeExternalContent`), `[cron:<id> <name>] <text>`; both end with the
//! `Current time:` line. A wake turn (`src/auto-reply/reply/session-updates.ts`) lists the queued
//! events as `System: [<time>] <text>` lines above the heartbeat prompt. Times are UTC: the
//! config has no user time zone yet.

use openclaw_policy::external_content::{ExternalSource, PromptContext, build_safe_external_prompt};

use crate::events::{HookAgentRun, SystemEvent};

/// OpenClaw's default heartbeat prompt (`src/auto-reply/heartbeat.ts`).
pub const HEARTBEAT_PROMPT: &str = "Read HEARTBEAT.md if it exists (workspace context). Follow it strictly. Do not infer or repeat old tasks from prior chats. If nothing needs attention, reply HEARTBEAT_OK.";

/// The hook's text boxed as untrusted external content, then the time line.
pub fn wrapped_hook_message(run: &HookAgentRun, source: ExternalSource, marker_id: &str, now_ms: i64) -> String {
    let received = user_time(now_ms);
    let context = PromptContext { job_name: Some(&run.name), job_id: Some(&run.run_id), received: Some(&received) };
    let safe = build_safe_external_prompt(&run.message, source, None, None, context, marker_id);
    format!("{safe}\n\n{}", time_line(now_ms)).trim().to_owned()
}

/// The hook's text as OpenClaw passes a trusted job's message, then the time line.
pub fn trusted_hook_message(run: &HookAgentRun, now_ms: i64) -> String {
    let base = format!("[cron:{} {}] {}", run.run_id, run.name, run.message);
    format!("{}\n{}", base.trim(), time_line(now_ms))
}

/// The wake turn's message, or `None` when no event is worth a turn.
pub fn wake_message(events: &[SystemEvent]) -> Option<String> {
    let lines: Vec<String> = events
        .iter()
        .filter_map(|event| {
            compact_event(&event.text).map(|text| format!("System: [{}] {text}", utc_stamp(event.ts_ms)))
        })
        .collect();
    (!lines.is_empty()).then(|| format!("{}\n\n{HEARTBEAT_PROMPT}", lines.join("\n")))
}

/// OpenClaw drops heartbeat noise from the event lines (it would only echo the prompt).
fn compact_event(text: &str) -> Option<&str> {
    let trimmed = text.trim();
    let lower = trimmed.to_lowercase();
    let noise = trimmed.is_empty()
        || lower.contains("reason periodic")
        || lower.starts_with("read heartbeat.md")
        || lower.contains("heartbeat poll")
        || lower.contains("heartbeat wake");
    (!noise).then_some(trimmed)
}

/// `Current time: Friday, January 15th, 2027 — 08:00 (UTC)`.
pub fn time_line(now_ms: i64) -> String {
    format!("Current time: {} (UTC)", user_time(now_ms))
}

/// OpenClaw's `formatUserTime` in UTC with a 24-hour clock; ISO when `ms` is out of range.
fn user_time(ms: i64) -> String {
    let Ok(ts) = jiff::Timestamp::from_millisecond(ms) else { return ms.to_string() };
    let zoned = ts.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let day = zoned.day();
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!(
        "{}, {} {day}{suffix}, {} — {}",
        zoned.strftime("%A"),
        zoned.strftime("%B"),
        zoned.year(),
        zoned.strftime("%H:%M")
    )
}

/// OpenClaw's `formatUtcTimestamp` with seconds: `2027-01-15T08:00:05Z`.
fn utc_stamp(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|ts| ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|_| "unknown-time".to_owned())
}

#[cfg(test)]
mod tests;
