//! The pure half of `openclaw agent`: flags and config in, the `agent` request and how long to
//! wait for it out; a final response in, the lines to print or the one-line failure out.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::args::AgentArgs;
use crate::gateway_client::random_uuid;

/// OpenClaw's stand-in for "no timeout" (the largest timer Node accepts, ~24 days).
const NO_TIMEOUT_MS: u64 = 2_147_000_000;
const DEFAULT_TIMEOUT_SECONDS: u64 = 600;

/// How the session is chosen; only an id needs a lookup on the gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionChoice {
    /// A key, an agent, or nothing: the gateway resolves it (default agent's main session).
    Direct,
    ById {
        session_id: String,
        agent: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub params: Value,
    pub session: SessionChoice,
    /// How long the client waits for the final answer (the run's timeout plus 30 s, ≥ 10 s).
    pub wait_ms: u64,
}

pub fn plan(
    args: &AgentArgs,
    config: &Value,
    read_file: impl Fn(&Path) -> anyhow::Result<String>,
) -> anyhow::Result<Plan> {
    for (flag, value) in [
        ("--agent", &args.agent),
        ("--session-id", &args.session_id),
        ("--session-key", &args.session_key),
        ("--to", &args.to),
    ] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            anyhow::bail!("{flag} must not be blank");
        }
    }
    let message = match (&args.message, &args.message_file) {
        (Some(text), _) => text.clone(),
        (None, Some(path)) => read_file(path)?,
        (None, None) => String::new(),
    };
    if message.trim().is_empty() {
        anyhow::bail!("Message (--message or --message-file) is required");
    }
    let agent = args.agent.as_deref().map(|a| a.trim().to_lowercase());
    // The local config only describes the local gateway; a remote one has its own agents.
    let remote = args.conn.url.is_some() || config.pointer("/gateway/mode").and_then(Value::as_str) == Some("remote");
    if let Some(agent) = &agent
        && !remote
        && let known = known_agents(config)
        && !known.contains(agent)
    {
        anyhow::bail!("Unknown agent id \"{agent}\"; configured agents: {}", known.join(", "));
    }
    let timeout_seconds = timeout_seconds(args.timeout.as_deref(), config)?;
    // No client waits longer than "no timeout" does; a huge `--timeout` must not overflow.
    let wait_ms = if timeout_seconds == 0 {
        NO_TIMEOUT_MS
    } else {
        timeout_seconds.saturating_add(30).saturating_mul(1000).min(NO_TIMEOUT_MS)
    };

    let mut params = Map::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value {
            params.insert(key.to_owned(), Value::String(value));
        }
    };
    put("message", Some(message));
    put("agentId", agent.clone());
    put("sessionKey", args.session_key.as_deref().map(|key| scoped_key(key.trim(), agent.as_deref())));
    put("sessionId", args.session_id.as_deref().map(|id| id.trim().to_owned()));
    put("to", args.to.clone());
    put("replyTo", args.reply_to.clone());
    put("thinking", args.thinking.clone());
    put("channel", args.channel.clone());
    put("replyChannel", args.reply_channel.clone());
    put("replyAccountId", args.reply_account.clone());
    put("idempotencyKey", Some(random_uuid()));
    params.insert("deliver".to_owned(), json!(false));
    params.insert("timeout".to_owned(), json!(timeout_seconds));

    // An explicit key wins over an id, as on OpenClaw's gateway.
    let session = match (&args.session_key, &args.session_id) {
        (None, Some(id)) => SessionChoice::ById { session_id: id.trim().to_owned(), agent },
        _ => SessionChoice::Direct,
    };
    Ok(Plan { params: Value::Object(params), session, wait_ms })
}

/// `--timeout`: a non-negative integer of seconds; default `agents.defaults.timeoutSeconds`, 600.
pub fn timeout_seconds(flag: Option<&str>, config: &Value) -> anyhow::Result<u64> {
    match flag {
        Some(raw) => raw.trim().parse::<u64>().map_err(|_| {
            anyhow::anyhow!(
                "Invalid --timeout. Use seconds as a non-negative integer, for example --timeout 600. Use --timeout 0 to disable the timeout."
            )
        }),
        None => Ok(config
            .pointer("/agents/defaults/timeoutSeconds")
            .and_then(Value::as_u64)
            .unwrap_or(DEFAULT_TIMEOUT_SECONDS)),
    }
}

/// A bare key given with `--agent` belongs to that agent (`main` → `agent:<id>:main`).
pub fn scoped_key(key: &str, agent: Option<&str>) -> String {
    match agent {
        Some(agent) if !key.to_lowercase().starts_with("agent:") => format!("agent:{agent}:{key}"),
        _ => key.to_owned(),
    }
}

/// The configured agent ids; without `agents.list` only `main` exists.
fn known_agents(config: &Value) -> Vec<String> {
    let list = config.pointer("/agents/list").and_then(Value::as_array);
    let ids: Vec<String> = list
        .into_iter()
        .flatten()
        .filter_map(|agent| agent.get("id").and_then(Value::as_str))
        .map(|id| id.trim().to_lowercase())
        .collect();
    if ids.is_empty() { vec!["main".to_owned()] } else { ids }
}

/// The key of the session whose `sessionId` is `session_id` in a `sessions.list` answer.
pub fn key_for_session_id(listed: &Value, session_id: &str) -> Option<String> {
    listed
        .get("sessions")?
        .as_array()?
        .iter()
        .find(|row| row.get("sessionId").and_then(Value::as_str) == Some(session_id))
        .and_then(|row| row.get("key").and_then(Value::as_str))
        .map(str::to_owned)
}

/// What a final `agent` response means for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The reply, one entry per payload (text, then attachments).
    Ok(Vec<String>),
    /// One line saying why there is no reply.
    Failed(String),
}

pub fn outcome(response: &Value) -> Outcome {
    let status = response.get("status").and_then(Value::as_str).unwrap_or("");
    let summary = response.get("summary").and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let first_line = |text: &str| text.lines().next().unwrap_or("").trim().to_owned();
    let run = response.get("runId").and_then(Value::as_str).unwrap_or("?");
    match status {
        "ok" => Outcome::Ok(payload_lines(response)),
        "in_flight" => Outcome::Failed(format!("Agent run {run} is already in flight; not starting a duplicate run.")),
        "aborted" => Outcome::Failed(format!("Agent run {run} was aborted")),
        "timeout" => Outcome::Failed(format!("Agent run {run} timed out")),
        _ => Outcome::Failed(format!(
            "Agent run failed: {}",
            summary.map_or_else(|| "unknown error".to_owned(), first_line)
        )),
    }
}

fn payload_lines(response: &Value) -> Vec<String> {
    let payloads = response.pointer("/result/payloads").and_then(Value::as_array);
    let mut lines = Vec::new();
    for payload in payloads.into_iter().flatten() {
        let mut parts = Vec::new();
        if let Some(text) = payload.get("text").and_then(Value::as_str).map(str::trim_end).filter(|t| !t.is_empty()) {
            parts.push(text.to_owned());
        }
        let media = payload.get("mediaUrls").and_then(Value::as_array).cloned().unwrap_or_else(|| {
            payload
                .get("mediaUrl")
                .filter(|u| u.as_str().is_some_and(|u| !u.trim().is_empty()))
                .cloned()
                .into_iter()
                .collect()
        });
        parts.extend(media.iter().filter_map(Value::as_str).map(|url| format!("Attachment: {}", url.trim())));
        if !parts.is_empty() {
            lines.push(parts.join("\n"));
        }
    }
    lines
}
