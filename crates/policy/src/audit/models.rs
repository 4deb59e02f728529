//! Model hygiene: configured models that are legacy, below the recommended tier, or small
//! enough (≤300B parameters) that web and browser input makes prompt injection likely to work.

use serde_json::Value;

use super::agents;
use super::facts::AuditFacts;
use super::finding::{Finding, Severity};
use super::plugins;
use super::tool_policy::{self, Context};
use super::tree::{self, get};

const SMALL_MODEL_MAX_B: f64 = 300.0;

/// Bundled web-search providers read their keys from these variables.
pub const WEB_SEARCH_ENV: &[&str] = &[
    "GOOGLE_CLOUD_API_KEY",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "MINIMAX_CODE_PLAN_KEY",
    "MINIMAX_CODING_API_KEY",
    "MINIMAX_API_KEY",
    "MINIMAX_OAUTH_TOKEN",
    "OLLAMA_API_KEY",
    "XAI_API_KEY",
];

/// A configured model and where it is configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRef {
    /// `provider/model` (aliases resolved; a bare model gets the default provider `openai`).
    pub id: String,
    pub source: String,
}

fn resolve_id(cfg: &Value, raw: &str) -> String {
    let raw = raw.trim();
    if let Some(models) = tree::obj_at(cfg, "agents.defaults.models") {
        for (key, entry) in models {
            if get(entry, "alias").and_then(Value::as_str).is_some_and(|a| a.trim().eq_ignore_ascii_case(raw)) {
                return key.clone();
            }
        }
    }
    if raw.contains('/') { raw.to_owned() } else { format!("openai/{raw}") }
}

/// Every configured primary and fallback model (defaults, image model, per agent).
pub fn refs(cfg: &Value) -> Vec<ModelRef> {
    let mut out = Vec::new();
    let mut add = |raw: Option<&Value>, source: &str| {
        if let Some(raw) = tree::trimmed(raw) {
            out.push(ModelRef { id: resolve_id(cfg, raw), source: source.to_owned() });
        }
    };
    for (key, label) in [
        ("agents.defaults.model", "agents.defaults.model"),
        ("agents.defaults.imageModel", "agents.defaults.imageModel"),
    ] {
        let model = tree::at(cfg, key);
        match model {
            Some(Value::String(_)) => add(model, &format!("{label}.primary")),
            Some(Value::Object(obj)) => {
                add(obj.get("primary"), &format!("{label}.primary"));
                for fallback in obj.get("fallbacks").and_then(Value::as_array).into_iter().flatten() {
                    add(Some(fallback), &format!("{label}.fallbacks"));
                }
            }
            _ => {}
        }
    }
    for agent in agents::entries(cfg) {
        let id = agent.id.unwrap_or("");
        match get(agent.entry, "model") {
            Some(model @ Value::String(_)) => add(Some(model), &format!("agents.entries.{id}.model")),
            Some(Value::Object(obj)) => {
                add(obj.get("primary"), &format!("agents.entries.{id}.model.primary"));
                for fallback in obj.get("fallbacks").and_then(Value::as_array).into_iter().flatten() {
                    add(Some(fallback), &format!("agents.entries.{id}.model.fallbacks"));
                }
            }
            _ => {}
        }
    }
    out
}

/// `\bword` at `i`: start of text or a non-word character before it.
fn word_start(s: &str, i: usize) -> bool {
    i == 0 || !s[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_')
}

fn word_end(s: &str, i: usize) -> bool {
    !s[i..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whether `needle` occurs with a word boundary before and after.
fn has_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, m)| word_start(hay, i) && word_end(hay, i + m.len()))
}

fn legacy_reason(id: &str) -> Option<&'static str> {
    let lower = id.to_lowercase();
    if has_word(&lower, "gpt-3.5") {
        Some("GPT-3.5 family")
    } else if has_word(&lower, "claude-instant") || has_word(&lower, "claude-2") {
        Some("Claude 2/Instant family")
    } else if has_word(&lower, "gpt-4-0314") || has_word(&lower, "gpt-4-0613") {
        Some("legacy GPT-4 snapshot")
    } else {
        None
    }
}

/// `gpt-5`, `gpt-5.1`, `gpt-5-mini`… (and higher majors).
fn is_gpt5_or_higher(lower: &str) -> bool {
    lower.match_indices("gpt-").any(|(i, _)| {
        if !word_start(lower, i) {
            return false;
        }
        let rest = &lower[i + 4..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[digits.len()..];
        digits.parse::<u32>().is_ok_and(|major| major >= 5)
            && (after.is_empty() || after.starts_with(['.', '-']) || word_end(rest, digits.len()))
    })
}

/// Claude 4.5 or newer, in `claude-…-4-5`, `claude-…4.5` or `claude-5…` spellings.
fn is_claude45_or_higher(lower: &str) -> bool {
    lower.match_indices("claude-").any(|(i, _)| {
        if !word_start(lower, i) {
            return false;
        }
        let rest: String = lower[i + 7..].chars().take_while(|c| !c.is_whitespace() && *c != '/').collect();
        let tokens: Vec<&str> = rest.split(['-', '.']).collect();
        tokens.windows(2).any(|w| {
            w[0].parse::<u32>().is_ok_and(|major| major == 4)
                && w[1].parse::<u32>().is_ok_and(|minor| (5..100).contains(&minor))
        }) || tokens.iter().any(|t| t.parse::<u32>().is_ok_and(|major| (5..10).contains(&major)))
    })
}

fn weak_reasons(id: &str) -> Vec<&'static str> {
    let lower = id.to_lowercase();
    let mut reasons = Vec::new();
    if has_word(&lower, "haiku") {
        reasons.push("Haiku tier");
    }
    if lower.match_indices("gpt-").any(|(i, _)| word_start(&lower, i)) && !is_gpt5_or_higher(&lower) {
        reasons.push("below GPT-5");
    }
    if lower.match_indices("claude-").any(|(i, _)| word_start(&lower, i)) && !is_claude45_or_higher(&lower) {
        reasons.push("below Claude 4.5");
    }
    reasons
}

pub fn hygiene(cfg: &Value) -> Vec<Finding> {
    let models = refs(cfg);
    let mut out = Vec::new();
    let legacy: Vec<String> =
        models.iter().filter_map(|m| legacy_reason(&m.id).map(|r| format!("{} ({r}) @ {}", m.id, m.source))).collect();
    if !legacy.is_empty() {
        out.push(
            Finding::new(
                "models.legacy",
                Severity::Warn,
                "Legacy models are configured",
                format!("Older models resist prompt injection and tool misuse less well:\n{}", capped(&legacy)),
            )
            .fix("Use current, instruction-hardened models for any agent with tools."),
        );
    }
    let mut weak: Vec<(String, String, Vec<&str>)> = Vec::new();
    for model in &models {
        for reason in weak_reasons(&model.id) {
            match weak.iter_mut().find(|(id, source, _)| *id == model.id && *source == model.source) {
                Some((_, _, reasons)) if !reasons.contains(&reason) => reasons.push(reason),
                Some(_) => {}
                None => weak.push((model.id.clone(), model.source.clone(), vec![reason])),
            }
        }
    }
    if !weak.is_empty() {
        let lines: Vec<String> =
            weak.iter().map(|(id, source, r)| format!("{id} ({}) @ {source}", r.join("; "))).collect();
        out.push(
            Finding::new(
                "models.weak_tier",
                Severity::Warn,
                "Models below the recommended tier are configured",
                format!("Smaller or older models are easier to steer with injected instructions:\n{}", capped(&lines)),
            )
            .fix("Use a top-tier model (GPT-5+, Claude 4.5+, not Haiku) for agents with tools or untrusted inboxes."),
        );
    }
    out
}

fn capped(lines: &[String]) -> String {
    let mut text = tree::bullets(&lines[..lines.len().min(12)]);
    if lines.len() > 12 {
        text.push_str(&format!("\n…{} more", lines.len() - 12));
    }
    text
}

/// The largest `<n>b` parameter count in a model id (`llama3.1:8b` → 8).
pub fn param_b(id: &str) -> Option<f64> {
    let s = id.to_lowercase();
    let bytes = s.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut best: Option<f64> = None;
    // Matches do not overlap: after one ends, the next needs its own separator character.
    let mut resume = 0;
    for start in 0..bytes.len() {
        if start < resume || (start > 0 && alnum(bytes[start - 1])) {
            continue;
        }
        let mut j = start;
        if bytes.get(j).is_some_and(u8::is_ascii_lowercase) {
            j += 1;
        }
        let num_start = j;
        while bytes.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j == num_start {
            continue;
        }
        if bytes.get(j) == Some(&b'.') && bytes.get(j + 1).is_some_and(u8::is_ascii_digit) {
            j += 1;
            while bytes.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
        }
        if bytes.get(j) != Some(&b'b') || bytes.get(j + 1).is_some_and(|b| alnum(*b)) {
            continue;
        }
        resume = j + 2;
        if let Ok(value) = s[num_start..j].parse::<f64>()
            && value > 0.0
            && best.is_none_or(|b| value > b)
        {
            best = Some(value);
        }
    }
    best
}

fn has_value(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.trim().is_empty(),
        Value::Null => false,
        _ => true,
    }
}

fn search_credentials(block: Option<&Value>) -> bool {
    block.and_then(Value::as_object).is_some_and(|o| o.iter().any(|(k, v)| k != "enabled" && has_value(v)))
}

pub fn web_search_enabled(facts: &AuditFacts) -> bool {
    let cfg = &facts.config;
    match tree::at(cfg, "tools.web.search.enabled").and_then(Value::as_bool) {
        Some(enabled) => enabled,
        None => {
            search_credentials(tree::at(cfg, "tools.web.search"))
                || tree::obj_at(cfg, "plugins.entries").is_some_and(|entries| {
                    entries.values().any(|e| search_credentials(tree::at(e, "config.webSearch")))
                })
                || WEB_SEARCH_ENV.iter().any(|name| facts.env.get(*name).is_some_and(|v| !v.trim().is_empty()))
        }
    }
}

pub fn small_params(facts: &AuditFacts) -> Vec<Finding> {
    let cfg = &facts.config;
    let small: Vec<(ModelRef, f64)> = refs(cfg)
        .into_iter()
        .filter(|m| !m.source.contains("imageModel"))
        .filter_map(|m| param_b(&m.id).filter(|b| *b <= SMALL_MODEL_MAX_B).map(|b| (m, b)))
        .collect();
    if small.is_empty() {
        return Vec::new();
    }
    let search = web_search_enabled(facts);
    let fetch = !tree::is_false(cfg, "tools.web.fetch.enabled");
    let browser = plugins::browser_enabled(cfg);
    let mut unsafe_any = false;
    let mut exposure: Vec<&str> = Vec::new();
    let mut lines = Vec::new();
    for (model, b) in &small {
        let agent_id = model
            .source
            .strip_prefix("agents.entries.")
            .and_then(|rest| rest.split('.').next())
            .filter(|s| !s.is_empty());
        let mode = agents::sandbox_mode(cfg, agent_id);
        let agent_tools = agent_id.and_then(|id| agents::tools_of(cfg, id));
        let (provider, model_id) = model.id.split_once('/').map_or(("openai", model.id.as_str()), |(p, m)| (p, m));
        let extra: Vec<_> = [
            tool_policy::provider_policy(tree::at(cfg, "tools.byProvider"), Some(provider), Some(model_id)),
            tool_policy::provider_policy(
                agent_tools.and_then(|t| get(t, "byProvider")),
                Some(provider),
                Some(model_id),
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        let policies = tool_policy::configured(cfg, Context { agent_id, tools: agent_tools }, &mode, &extra);
        let exposed: Vec<&str> = [("web_search", search), ("web_fetch", fetch), ("browser", browser)]
            .into_iter()
            .filter(|(tool, on)| *on && tool_policy::allowed(tool, &policies))
            .map(|(tool, _)| tool)
            .collect();
        for tool in &exposed {
            if !exposure.contains(tool) {
                exposure.push(tool);
            }
        }
        unsafe_any |= !exposed.is_empty();
        let web = if exposed.is_empty() { "off".to_owned() } else { exposed.join(", ") };
        lines.push(format!(
            "{} ({}B) @ {} ({}; sandbox={mode}; web=[{web}])",
            model.id,
            format_b(*b),
            model.source,
            if exposed.is_empty() { "ok" } else { "unsafe" }
        ));
    }
    let summary = if exposure.is_empty() {
        "No web or browser tools reach these models.".to_owned()
    } else {
        format!("Untrusted-input tools they can use: {}.", exposure.join(", "))
    };
    vec![
        Finding::new(
            "models.small_params",
            if unsafe_any { Severity::Critical } else { Severity::Info },
            "Small models should not read the web",
            format!("Models with at most 300B parameters:\n{}\n{summary}\nSmall models are easily steered by untrusted input.", tree::bullets(&lines)),
        )
        .fix("Deny web_search, web_fetch and browser for small models (globally or with tools.byProvider[\"provider/model\"].deny), and sandbox them (mode \"all\")."),
    ]
}

fn format_b(b: f64) -> String {
    if b.fract() == 0.0 { format!("{b:.0}") } else { b.to_string() }
}
