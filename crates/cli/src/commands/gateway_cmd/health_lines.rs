//! The per-channel lines under "Gateway Health": one `label: state` line per channel, the state
//! being the first thing an operator must act on (disabled, not configured, not linked, a failed
//! probe), else the probe result, else the passive link state. Plugins that failed to activate
//! follow, because a dead plugin silently removes its channel.

use serde_json::{Map, Value};

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn flag(v: &Value, key: &str) -> Option<bool> {
    v.get(key).and_then(Value::as_bool)
}

/// `linked` / `configured` / … as OpenClaw spells channel status states.
fn status_label(state: &str) -> String {
    match state {
        "unconfigured" => "not configured".to_owned(),
        "unlinked" => "not linked".to_owned(),
        other => other.replace('_', " "),
    }
}

fn is_active(account: &Value) -> bool {
    flag(account, "enabled") != Some(false)
        && flag(account, "configured") != Some(false)
        && flag(account, "linked") != Some(false)
        && !matches!(text(account, "statusState"), Some("disabled" | "unconfigured"))
}

fn probe_line(probe: Option<&Value>) -> Option<String> {
    let probe = probe?;
    let ok = flag(probe, "ok")?;
    if !ok {
        let status = probe.get("status").and_then(Value::as_i64).map_or("unknown".to_owned(), |s| s.to_string());
        let error = text(probe, "error").map(|e| format!(" - {e}")).unwrap_or_default();
        return Some(format!("failed ({status}){error}"));
    }
    let mut label = "ok".to_owned();
    if let Some(user) = probe.pointer("/bot/username").and_then(Value::as_str) {
        label.push_str(&format!(" (@{user})"));
    }
    if let Some(ms) = probe.get("elapsedMs").and_then(Value::as_f64) {
        label.push_str(&format!(" ({ms}ms)"));
    }
    if let Some(url) = probe.pointer("/webhook/url").and_then(Value::as_str) {
        label.push_str(&format!(" - webhook {url}"));
    }
    Some(label)
}

fn channel_state(summary: &Value) -> String {
    let empty = Map::new();
    let accounts: Vec<&Value> = summary.get("accounts").and_then(Value::as_object).unwrap_or(&empty).values().collect();
    let active: Vec<&Value> = accounts.iter().copied().filter(|a| is_active(a)).collect();
    let troubled = |a: &&Value| {
        text(a, "healthState").is_some_and(|h| h != "healthy")
            || text(a, "statusState").is_some_and(|s| s != "linked" && s != "configured")
    };
    let selected = active.iter().find(|a| troubled(a)).or_else(|| active.first()).copied().unwrap_or(summary);
    let status = text(selected, "statusState");
    let health = text(selected, "healthState");
    let inactive = if flag(selected, "enabled") == Some(false) {
        Some("disabled".to_owned())
    } else if let Some(state @ ("disabled" | "unconfigured")) = status {
        Some(status_label(state))
    } else if flag(selected, "configured") == Some(false) {
        Some("not configured".to_owned())
    } else {
        None
    };
    let pre_probe = inactive
        .or_else(|| health.filter(|h| *h != "healthy").map(str::to_owned))
        .or_else(|| status.filter(|s| *s != "linked" && *s != "configured").map(status_label))
        .or_else(|| (flag(selected, "linked") == Some(false)).then(|| "not linked".to_owned()));
    if let Some(state) = pre_probe {
        let error = text(selected, "lastError").map(|e| format!(" ({e})")).unwrap_or_default();
        return format!("{state}{error}");
    }
    if let Some(failed) = active.iter().find(|a| a.pointer("/probe/ok").and_then(Value::as_bool) == Some(false))
        && let Some(line) = probe_line(failed.get("probe"))
    {
        return line;
    }
    if let Some(line) = probe_line(selected.get("probe")) {
        return line;
    }
    let auth_age = selected
        .get("authAgeMs")
        .and_then(Value::as_f64)
        .map(|ms| format!(" (auth age {}m)", (ms / 60_000.0).round()))
        .unwrap_or_default();
    match (health, status, flag(selected, "linked"), flag(selected, "configured")) {
        (Some(health), ..) => health.to_owned(),
        (None, Some("linked"), ..) => format!("linked{auth_age}"),
        (None, Some(status), ..) => status_label(status),
        (None, None, Some(true), _) => format!("linked{auth_age}"),
        (None, None, _, Some(true)) => "configured".to_owned(),
        _ => "unknown".to_owned(),
    }
}

/// Lines for the `channels` and `plugins.errors` of a `health` payload.
pub fn channel_lines(health: &Value) -> Vec<String> {
    let empty = Map::new();
    let channels = health.get("channels").and_then(Value::as_object).unwrap_or(&empty);
    let order: Vec<String> = match health.get("channelOrder").and_then(Value::as_array) {
        Some(order) if !order.is_empty() => order.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => channels.keys().cloned().collect(),
    };
    let mut lines = Vec::new();
    for id in order {
        let Some(summary) = channels.get(&id) else { continue };
        let label = health.pointer(&format!("/channelLabels/{id}")).and_then(Value::as_str).unwrap_or(&id);
        lines.push(format!("{label}: {}", channel_state(summary)));
    }
    let failed: Vec<&Value> = health
        .pointer("/plugins/errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|p| flag(p, "activated") == Some(true))
        .collect();
    for plugin in failed.iter().take(20) {
        let id: String = text(plugin, "id").unwrap_or("").chars().take(120).collect();
        let error: String = text(plugin, "error").unwrap_or("").chars().take(500).collect();
        lines.push(format!("Plugin {id}: failed - {error}; run openclaw doctor"));
    }
    if failed.len() > 20 {
        lines.push(format!(
            "Plugins: failed - {} additional activated failures; run openclaw doctor",
            failed.len() - 20
        ));
    }
    lines
}
