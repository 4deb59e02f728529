//! The `/status` card: a few lines the runtime fills from facts it already has.

use super::plan::SessionSettings;

/// Token counts of the last model call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UsageFacts {
    pub input: u64,
    pub output: u64,
    pub cache_read: u64,
}

/// What `/status` reports beyond the session settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusFacts {
    pub agent_id: String,
    pub session_key: String,
    pub context_tokens_used: Option<u64>,
    pub context_tokens_limit: Option<u64>,
    pub last_usage: Option<UsageFacts>,
}

/// `12345` → `12k`, as the card shows token counts.
fn tokens(n: u64) -> String {
    if n >= 1_000_000 {
        format!("{:.1}m", n as f64 / 1_000_000.0)
    } else if n >= 1_000 {
        format!("{}k", n / 1_000)
    } else {
        n.to_string()
    }
}

pub(crate) fn card(facts: &StatusFacts, session: &SessionSettings) -> String {
    let level = |v: Option<&'static str>| v.unwrap_or("off");
    let context = match (facts.context_tokens_used, facts.context_tokens_limit) {
        (Some(used), Some(limit)) if limit > 0 => {
            format!("{}/{} ({}%)", tokens(used), tokens(limit), used.saturating_mul(100) / limit)
        }
        (Some(used), _) => format!("{}/?", tokens(used)),
        (None, Some(limit)) => format!("?/{}", tokens(limit)),
        (None, None) => "unknown".to_owned(),
    };
    let usage = facts.last_usage.map_or_else(
        || "none yet".to_owned(),
        |u| format!("{} in / {} out / {} cached", tokens(u.input), tokens(u.output), tokens(u.cache_read)),
    );
    [
        "🦞 OpenClaw status".to_owned(),
        format!("Agent: {} · Model: {}", facts.agent_id, session.model),
        format!("Session: {}", facts.session_key),
        format!(
            "Think: {} · Verbose: {} · Reasoning: {} · Elevated: {}",
            level(session.thinking_level.map(|l| l.as_str())),
            level(session.verbose_level.map(|l| l.as_str())),
            level(session.reasoning_level.map(|l| l.as_str())),
            level(session.elevated_level.map(|l| l.as_str())),
        ),
        format!("Queue: {}", session.queue.mode.map_or("collect", |m| m.as_str())),
        format!("Context: {context}"),
        format!("Last usage: {usage}"),
    ]
    .join("\n")
}
