//! Validation of the two built-in hook payloads, `POST <hooks.path>/wake {text, mode?, agentId?,
//! sessionKey?}` and `POST <hooks.path>/agent {message, name?, agentId?, sessionKey?, …}`, with
//! OpenClaw 2026.9's rules and error texts (`normalizeWakePayload`, `normalizeAgentPayload`,
//! `normalizeHookAgentDelivery` in `src/gateway/hooks.ts`): clients and their tests match on them.

use serde_json::{Map, Value};

use crate::events::{HookDelivery, SessionMode, WakeMode};

/// The delivery channels a hook may name: `last` (where the session last talked), plus one per
/// registered channel plugin — none are registered in this gateway yet.
pub const HOOK_CHANNELS: &[&str] = &["last"];

/// Idempotency keys longer than this are ignored.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 256;

/// The error for a channel outside [`HOOK_CHANNELS`].
pub fn channel_error() -> String {
    format!("channel must be {}", HOOK_CHANNELS.join("|"))
}

/// A validated `/wake` payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WakePayload {
    pub text: String,
    pub mode: WakeMode,
    pub agent_id: Option<String>,
    pub session_key: Option<String>,
}

/// A validated `/agent` payload.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentPayload {
    pub message: String,
    pub name: String,
    pub agent_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub wake_mode: WakeMode,
    pub session_key: Option<String>,
    pub session_mode: SessionMode,
    pub delivery: HookDelivery,
    pub model: Option<String>,
    pub thinking: Option<String>,
    pub timeout_seconds: Option<u64>,
}

/// A string value trimmed, `None` when absent, not a string or blank (`normalizeOptionalString`).
pub fn opt_str(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

fn wake_mode(value: Option<&Value>) -> WakeMode {
    if value.and_then(Value::as_str) == Some("next-heartbeat") { WakeMode::NextHeartbeat } else { WakeMode::Now }
}

fn agent_id(payload: &Map<String, Value>) -> Result<Option<String>, String> {
    match payload.get("agentId") {
        None => Ok(None),
        Some(raw) => opt_str(Some(raw)).map(Some).ok_or_else(|| "agentId must be a non-empty string".to_owned()),
    }
}

/// An idempotency key: a string of 1..=256 characters after trimming.
pub fn idempotency_key(value: Option<&Value>) -> Option<String> {
    opt_str(value).filter(|key| key.chars().count() <= MAX_IDEMPOTENCY_KEY_LEN)
}

pub fn normalize_wake(payload: &Map<String, Value>) -> Result<WakePayload, String> {
    let text = opt_str(payload.get("text")).ok_or("text required")?;
    let mode = wake_mode(payload.get("mode"));
    let agent_id = agent_id(payload)?;
    let session_key = opt_str(payload.get("sessionKey"));
    if payload.contains_key("sessionKey") && session_key.is_none() {
        return Err("sessionKey must be a non-empty string".to_owned());
    }
    if mode == WakeMode::NextHeartbeat && session_key.is_some() {
        return Err("sessionKey requires mode=now".to_owned());
    }
    Ok(WakePayload { text, mode, agent_id, session_key })
}

pub fn normalize_agent(payload: &Map<String, Value>) -> Result<AgentPayload, String> {
    let message = opt_str(payload.get("message")).ok_or("message required")?;
    let name = opt_str(payload.get("name")).unwrap_or_else(|| "Hook".to_owned());
    let agent_id = agent_id(payload)?;
    let idempotency_key = idempotency_key(payload.get("idempotencyKey"));
    let wake_mode = wake_mode(payload.get("wakeMode"));
    let session_key = opt_str(payload.get("sessionKey"));
    let session_mode = match payload.get("sessionMode") {
        None => SessionMode::Isolated,
        Some(Value::String(mode)) if mode == "isolated" => SessionMode::Isolated,
        Some(Value::String(mode)) if mode == "persistent" => SessionMode::Persistent,
        Some(_) => return Err("sessionMode must be isolated or persistent".to_owned()),
    };
    let delivery = normalize_delivery(payload)?;
    let model = opt_str(payload.get("model"));
    if payload.contains_key("model") && model.is_none() {
        return Err("model required".to_owned());
    }
    let thinking = opt_str(payload.get("thinking"));
    let timeout_seconds = payload
        .get("timeoutSeconds")
        .and_then(Value::as_f64)
        .filter(|t| t.is_finite() && *t > 0.0)
        // Whole seconds, as OpenClaw floors them; the cast saturates absurd values.
        .map(|t| t.floor() as u64);
    Ok(AgentPayload {
        message,
        name,
        agent_id,
        idempotency_key,
        wake_mode,
        session_key,
        session_mode,
        delivery,
        model,
        thinking,
        timeout_seconds,
    })
}

/// A hook channel name, `last` when absent; `None` when it is not one of [`HOOK_CHANNELS`].
pub fn resolve_channel(raw: Option<&Value>) -> Option<String> {
    let Some(raw) = raw else { return Some("last".to_owned()) };
    let name = raw.as_str()?.trim().to_lowercase();
    HOOK_CHANNELS.contains(&name.as_str()).then_some(name)
}

/// Where the run's reply goes: nowhere unless `deliver` is not `false` and a concrete channel
/// with a recipient is named; half-specified targets are refused rather than guessed.
fn normalize_delivery(payload: &Map<String, Value>) -> Result<HookDelivery, String> {
    if payload.get("deliver") == Some(&Value::Bool(false)) {
        return Ok(HookDelivery::None);
    }
    let to = opt_str(payload.get("to"));
    let account_id = opt_str(payload.get("accountId"));
    let channel = resolve_channel(payload.get("channel")).ok_or_else(channel_error)?;
    let (has_channel, has_to, has_account) =
        (payload.contains_key("channel"), payload.contains_key("to"), payload.contains_key("accountId"));
    if !has_channel && !has_to && !has_account {
        return Ok(HookDelivery::None);
    }
    if has_to && to.is_none() {
        return Err("to must be a non-empty string for hook delivery".to_owned());
    }
    if has_account && account_id.is_none() {
        return Err("accountId must be a non-empty string for hook delivery".to_owned());
    }
    if has_account && (!has_channel || to.is_none()) {
        return Err("accountId requires channel and to for hook delivery".to_owned());
    }
    if !has_channel || to.is_none() {
        return Err("channel and to must be set together for hook delivery".to_owned());
    }
    if channel == "last" {
        return Err("channel must name a concrete channel for hook delivery".to_owned());
    }
    Ok(HookDelivery::Announce { channel, to, account_id })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn wake_rules() {
        let cases = [
            (json!({}), Err("text required")),
            (json!({"text": "  "}), Err("text required")),
            (json!({"text": "x", "agentId": ""}), Err("agentId must be a non-empty string")),
            (json!({"text": "x", "agentId": 5}), Err("agentId must be a non-empty string")),
            (json!({"text": "x", "sessionKey": " "}), Err("sessionKey must be a non-empty string")),
            (json!({"text": "x", "mode": "next-heartbeat", "sessionKey": "k"}), Err("sessionKey requires mode=now")),
        ];
        for (payload, expected) in cases {
            assert_eq!(
                normalize_wake(&object(payload.clone())).map(|_| ()),
                expected.map_err(str::to_owned),
                "{payload}"
            );
        }
        let ok = normalize_wake(&object(json!({"text": " hi ", "mode": "bogus"})));
        assert_eq!(ok, Ok(WakePayload { text: "hi".into(), mode: WakeMode::Now, agent_id: None, session_key: None }));
    }

    #[test]
    fn agent_rules() {
        let cases = [
            (json!({}), "message required"),
            (json!({"message": "m", "agentId": ""}), "agentId must be a non-empty string"),
            (json!({"message": "m", "sessionMode": "x"}), "sessionMode must be isolated or persistent"),
            (json!({"message": "m", "channel": "telegram", "to": "1"}), "channel must be last"),
            (
                json!({"message": "m", "channel": "last", "to": "1"}),
                "channel must name a concrete channel for hook delivery",
            ),
            (json!({"message": "m", "to": ""}), "to must be a non-empty string for hook delivery"),
            (json!({"message": "m", "to": "x"}), "channel and to must be set together for hook delivery"),
            (json!({"message": "m", "accountId": ""}), "accountId must be a non-empty string for hook delivery"),
            (json!({"message": "m", "accountId": "a"}), "accountId requires channel and to for hook delivery"),
            (json!({"message": "m", "model": ""}), "model required"),
        ];
        for (payload, expected) in cases {
            assert_eq!(normalize_agent(&object(payload.clone())).map(|_| ()), Err(expected.to_owned()), "{payload}");
        }
    }

    #[test]
    fn agent_defaults() {
        let payload =
            object(json!({"message": " go ", "deliver": false, "channel": "nonsense", "timeoutSeconds": 9.7}));
        let normalized = normalize_agent(&payload);
        assert_eq!(
            normalized,
            Ok(AgentPayload {
                message: "go".into(),
                name: "Hook".into(),
                agent_id: None,
                idempotency_key: None,
                wake_mode: WakeMode::Now,
                session_key: None,
                session_mode: SessionMode::Isolated,
                delivery: HookDelivery::None,
                model: None,
                thinking: None,
                timeout_seconds: Some(9),
            })
        );
    }
}
