//! `hooks.mappings[]`: routing a hook sub-path (and optionally the payload's `source`) to a wake
//! or agent action whose text is rendered from the request with `{{…}}` templates.
//!
//! A template expression is `path` (the sub-path), `now` (ISO time), `headers.<name>`,
//! `query.<name>`, `payload.<path>` or a bare payload path; paths are dotted keys with `[n]` array
//! indexes (`{{items[0].title}}`). Missing values render empty, strings as themselves, numbers and
//! booleans as text, anything else as JSON. `__proto__`, `prototype` and `constructor` never
//! resolve. Rules and error texts follow OpenClaw 2026.9's `hooks-mapping.ts`. Transform modules
//! are JavaScript that OpenClaw imports and runs; this gateway never executes hook-supplied or
//! configured code, so a mapping with a transform fails (500 `hook mapping failed`).

use std::collections::BTreeMap;

use openclaw_config::model::hooks::{HookAction, HookMappingConfig, WakeMode as ConfigWakeMode};
use serde_json::{Map, Value};

use super::admission::KeySource;
use crate::events::WakeMode;

/// What a request looks like to a mapping.
#[derive(Debug, Clone, Copy)]
pub struct MappingContext<'a> {
    pub payload: &'a Map<String, Value>,
    /// Lowercase names.
    pub headers: &'a BTreeMap<String, String>,
    /// Decoded query parameters (last value wins).
    pub query: &'a BTreeMap<String, String>,
    /// The sub-path after `hooks.path`, without leading slashes.
    pub path: &'a str,
    /// The current time as OpenClaw prints it (`2026-01-02T03:04:05.678Z`).
    pub now_iso: &'a str,
}

/// The action a matched mapping produced.
#[derive(Debug, Clone, PartialEq)]
pub enum MappedAction {
    Wake {
        mapping_id: String,
        text: String,
        mode: WakeMode,
        agent_id: Option<String>,
        session_key: Option<String>,
        key_source: Option<KeySource>,
    },
    Agent {
        mapping_id: String,
        message: String,
        name: Option<String>,
        agent_id: Option<String>,
        wake_mode: WakeMode,
        session_key: Option<String>,
        key_source: Option<KeySource>,
        deliver: Option<bool>,
        allow_unsafe_external_content: Option<bool>,
        /// As configured: validated later against the known channels.
        channel: Option<String>,
        to: Option<String>,
        model: Option<String>,
        thinking: Option<String>,
        timeout_seconds: Option<u64>,
    },
}

/// Why a matched mapping produced no action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingError {
    /// The payload does not satisfy the mapping: 400 with this text.
    Invalid(String),
    /// The mapping needs code this gateway will not run: 500.
    Unsupported(String),
}

/// The first mapping that matches, applied; `None` when none matches.
pub fn apply_mappings(
    mappings: &[HookMappingConfig],
    ctx: &MappingContext<'_>,
) -> Option<Result<MappedAction, MappingError>> {
    let (index, mapping) = mappings.iter().enumerate().find(|(_, mapping)| matches(mapping, ctx))?;
    let id = mapping
        .id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map_or_else(|| format!("mapping-{}", index + 1), str::to_owned);
    if mapping.transform.is_some() {
        return Some(Err(MappingError::Unsupported(format!(
            "hook mapping {id} uses a transform module, which this gateway does not execute"
        ))));
    }
    Some(build_action(mapping, id, ctx).and_then(validate).map_err(MappingError::Invalid))
}

/// Trims and strips leading and trailing slashes (`/gh/` and `gh` are the same route).
/// `None` when nothing is left, which places no constraint on the path.
pub fn normalize_match_path(raw: &str) -> Option<String> {
    let trimmed = raw.trim().trim_start_matches('/').trim_end_matches('/');
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

fn matches(mapping: &HookMappingConfig, ctx: &MappingContext<'_>) -> bool {
    let matcher = mapping.matcher.as_ref();
    if let Some(path) = matcher.and_then(|m| m.path.as_deref()).and_then(normalize_match_path)
        && Some(path) != normalize_match_path(ctx.path)
    {
        return false;
    }
    if let Some(source) = matcher.and_then(|m| m.source.as_deref()).map(str::trim).filter(|s| !s.is_empty())
        && ctx.payload.get("source").and_then(Value::as_str) != Some(source)
    {
        return false;
    }
    true
}

fn wake_mode(mode: Option<ConfigWakeMode>) -> WakeMode {
    match mode {
        Some(ConfigWakeMode::NextHeartbeat) => WakeMode::NextHeartbeat,
        Some(ConfigWakeMode::Now) | None => WakeMode::Now,
    }
}

fn key_source(template: Option<&str>) -> Option<KeySource> {
    let template = template.map(str::trim).filter(|t| !t.is_empty())?;
    Some(if has_template_expressions(template) { KeySource::MappingTemplated } else { KeySource::MappingStatic })
}

fn build_action(
    mapping: &HookMappingConfig,
    mapping_id: String,
    ctx: &MappingContext<'_>,
) -> Result<MappedAction, String> {
    let optional = |template: Option<&str>| {
        template.filter(|t| !t.is_empty()).map(|t| render(t, ctx).trim().to_owned()).filter(|r| !r.is_empty())
    };
    let agent_id = mapping.agent_id.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned);
    let session_key = optional(mapping.session_key.as_deref());
    let key_source = key_source(mapping.session_key.as_deref());
    Ok(match mapping.action.unwrap_or(HookAction::Agent) {
        HookAction::Wake => MappedAction::Wake {
            mapping_id,
            text: render(mapping.text_template.as_deref().unwrap_or_default(), ctx),
            mode: wake_mode(mapping.wake_mode),
            agent_id,
            session_key,
            key_source,
        },
        HookAction::Agent => MappedAction::Agent {
            mapping_id,
            message: render(mapping.message_template.as_deref().unwrap_or_default(), ctx),
            name: optional(mapping.name.as_deref()),
            agent_id,
            wake_mode: wake_mode(mapping.wake_mode),
            session_key,
            key_source,
            deliver: mapping.deliver,
            allow_unsafe_external_content: mapping.allow_unsafe_external_content,
            channel: mapping.channel.clone(),
            to: optional(mapping.to.as_deref()),
            model: optional(mapping.model.as_deref()),
            thinking: optional(mapping.thinking.as_deref()),
            timeout_seconds: mapping.timeout_seconds,
        },
    })
}

fn validate(action: MappedAction) -> Result<MappedAction, String> {
    let (templated_key_empty, empty_text) = match &action {
        MappedAction::Wake { key_source, session_key, text, .. } => {
            (*key_source == Some(KeySource::MappingTemplated) && session_key.is_none(), text.trim().is_empty())
        }
        MappedAction::Agent { key_source, session_key, message, .. } => {
            (*key_source == Some(KeySource::MappingTemplated) && session_key.is_none(), message.trim().is_empty())
        }
    };
    if templated_key_empty {
        return Err("hook mapping sessionKey template rendered empty".to_owned());
    }
    match &action {
        MappedAction::Wake { .. } if empty_text => Err("hook mapping requires text".to_owned()),
        MappedAction::Wake { mode: WakeMode::NextHeartbeat, session_key: Some(_), .. } => {
            Err("hook mapping sessionKey requires wakeMode=now".to_owned())
        }
        MappedAction::Agent { .. } if empty_text => Err("hook mapping requires message".to_owned()),
        _ => Ok(action),
    }
}

/// Whether `template` contains a `{{…}}` expression.
pub fn has_template_expressions(template: &str) -> bool {
    expressions(template).next().is_some()
}

/// The `{{expr}}` spans of `template`: `(start, end, expr)` with `expr` trimmed. An expression is
/// one or more characters other than `}` between `{{` and `}}`.
fn expressions(template: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = template.get(from..)?.find("{{") {
            let start = from + offset;
            let inner_start = start + 2;
            let inner_len = template.get(inner_start..)?.find('}').unwrap_or(0);
            let close = inner_start + inner_len;
            if inner_len > 0 && template.get(close..).is_some_and(|rest| rest.starts_with("}}")) {
                from = close + 2;
                return Some((start, close + 2, template.get(inner_start..close)?.trim()));
            }
            from = start + 1;
        }
        None
    })
}

/// Renders `{{…}}` expressions against the request.
pub fn render(template: &str, ctx: &MappingContext<'_>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut last = 0;
    for (start, end, expr) in expressions(template) {
        out.push_str(template.get(last..start).unwrap_or_default());
        out.push_str(&display(resolve(expr, ctx).as_ref()));
        last = end;
    }
    out.push_str(template.get(last..).unwrap_or_default());
    out
}

fn resolve(expr: &str, ctx: &MappingContext<'_>) -> Option<Value> {
    if expr == "path" {
        return Some(Value::String(ctx.path.to_owned()));
    }
    if expr == "now" {
        return Some(Value::String(ctx.now_iso.to_owned()));
    }
    if let Some(path) = expr.strip_prefix("headers.") {
        let headers: Map<String, Value> =
            ctx.headers.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        return lookup(&Value::Object(headers), path).cloned();
    }
    if let Some(path) = expr.strip_prefix("query.") {
        let query: Map<String, Value> = ctx.query.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        return lookup(&Value::Object(query), path).cloned();
    }
    let path = expr.strip_prefix("payload.").unwrap_or(expr);
    lookup(&Value::Object(ctx.payload.clone()), path).cloned()
}

const BLOCKED_KEYS: &[&str] = &["__proto__", "prototype", "constructor"];

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// Splits `a.b[0].c` into keys and indexes; `[x]` with a non-number is skipped like OpenClaw's
/// tokenizer does.
fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for dotted in path.split('.') {
        let mut rest = dotted;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('[') {
                let close = after.find(']').unwrap_or(after.len());
                let inner = after.get(..close).unwrap_or_default();
                if let Ok(index) = inner.parse::<usize>() {
                    out.push(Segment::Index(index));
                } else if !inner.is_empty() {
                    out.push(Segment::Key(inner));
                }
                rest = after.get(close + 1..).unwrap_or_default();
            } else {
                let end = rest.find(['[', ']']).unwrap_or(rest.len());
                if end > 0 {
                    out.push(Segment::Key(rest.get(..end).unwrap_or_default()));
                }
                rest = rest.get(end..).unwrap_or_default().trim_start_matches(']');
            }
        }
    }
    out
}

fn lookup<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    let parts = segments(path);
    if parts.is_empty() {
        return None;
    }
    let mut current = root;
    for part in parts {
        current = match (part, current) {
            (Segment::Index(index), Value::Array(items)) => items.get(index)?,
            (Segment::Key(key), Value::Object(map)) if !BLOCKED_KEYS.contains(&key) => map.get(key)?,
            _ => return None,
        };
    }
    Some(current)
}

/// JavaScript's rendering of a value in a template.
fn display(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Bool(flag)) => flag.to_string(),
        Some(Value::Number(number)) => js_number(number),
        Some(other) => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// `String(n)`: integral floats print without a fraction (`1`, not `1.0`).
fn js_number(number: &serde_json::Number) -> String {
    match number.as_f64() {
        Some(f) if number.is_f64() && f.fract() == 0.0 && f.abs() < 1e21 => format!("{f:.0}"),
        _ => number.to_string(),
    }
}

#[cfg(test)]
mod tests;
