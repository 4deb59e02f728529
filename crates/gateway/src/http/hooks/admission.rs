//! Which agent and which session a hook request may drive: the target agent (request or mapping
//! choice, else the default agent), `hooks.allowedAgentIds`, and the session key (the caller's only
//! with `hooks.allowRequestSessionKey`, else `hooks.defaultSessionKey`, else a fresh `hook:<uuid>`)
//! bounded by `hooks.allowedSessionKeyPrefixes`. Rules and texts follow OpenClaw 2026.9
//! (`resolveEffectiveHookTargetAgentId`, `resolveHookSessionKey`,
//! `normalizeHookDispatchSessionKey`). Pure: the config and a fresh id are arguments.

use openclaw_config::model::agents::normalize_agent_id;
use openclaw_config::model::resolved::Config;

pub const AGENT_POLICY_ERROR: &str = "agentId is not allowed by hooks.allowedAgentIds";
pub const REQUEST_SESSION_KEY_ERROR: &str = "sessionKey is disabled for externally supplied hook payload values; set hooks.allowRequestSessionKey=true to enable";
pub const TEMPLATED_KEY_NEEDS_PREFIXES: &str = "hooks.allowedSessionKeyPrefixes is required when a hook mapping sessionKey uses templates, even if hooks.allowRequestSessionKey=true";

/// Who chose the agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentSource {
    /// The request body: an unknown agent is refused.
    Request,
    /// A configured mapping: an unknown agent falls back to the default agent.
    Mapping,
}

/// Who chose the session key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// The request body.
    Request,
    /// A mapping's fixed key, written by the operator.
    MappingStatic,
    /// A mapping's key rendered from the payload, so effectively chosen by the caller.
    MappingTemplated,
}

/// The agent a hook runs as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookTarget {
    /// The agent named by the request or mapping, when it named a known one.
    pub selected: Option<String>,
    /// The agent that actually runs.
    pub effective: String,
}

/// An explicitly requested agent id, normalised (`Ops Team` is `ops-team`); `None` when nothing
/// of it survives normalisation, instead of falling back to the default agent.
fn strict_agent_id(raw: &str) -> Option<String> {
    raw.chars().any(|c| c.is_ascii_alphanumeric() || c == '_').then(|| normalize_agent_id(raw))
}

fn known_agent(config: &Config, id: &str) -> bool {
    id == config.agents.default_agent_id || config.agents.list.iter().any(|agent| agent.id == id)
}

/// Resolves and authorizes the target agent.
pub fn target_agent(config: &Config, requested: Option<&str>, source: AgentSource) -> Result<HookTarget, String> {
    let raw = requested.map(str::trim).filter(|r| !r.is_empty());
    let selected = match (raw, source) {
        (None, _) => None,
        (Some(raw), AgentSource::Request) => {
            let Some(id) = strict_agent_id(raw) else {
                return Err(format!("unknown agentId \"{raw}\""));
            };
            if !known_agent(config, &id) {
                return Err(format!("unknown agentId \"{id}\""));
            }
            Some(id)
        }
        (Some(raw), AgentSource::Mapping) => Some(normalize_agent_id(raw)).filter(|id| known_agent(config, id)),
    };
    let effective = selected.clone().unwrap_or_else(|| config.agents.default_agent_id.clone());
    let allowed = config
        .hooks
        .allowed_agent_ids
        .as_ref()
        .is_none_or(|ids| ids.iter().any(|id| normalize_agent_id(id) == effective));
    if !allowed {
        return Err(AGENT_POLICY_ERROR.to_owned());
    }
    Ok(HookTarget { selected, effective })
}

/// `sessionKey must start with one of: …`.
pub fn prefix_error(prefixes: &[String]) -> String {
    format!("sessionKey must start with one of: {}", prefixes.join(", "))
}

fn allowed_by_prefix(key: &str, prefixes: &[String]) -> bool {
    let key = key.trim().to_lowercase();
    !key.is_empty() && prefixes.iter().any(|prefix| key.starts_with(prefix.as_str()))
}

/// The session key a hook run uses; `fresh_id` names a new session when none is given.
pub fn session_key(
    config: &Config,
    requested: Option<&str>,
    source: KeySource,
    fresh_id: &str,
) -> Result<String, String> {
    let hooks = &config.hooks;
    let prefixes = hooks.allowed_session_key_prefixes.as_deref();
    if let Some(requested) = requested.map(str::trim).filter(|k| !k.is_empty()) {
        if source == KeySource::MappingTemplated && prefixes.is_none() {
            // OpenClaw refuses such a config at start; our config rules do not, so refuse here.
            return Err(TEMPLATED_KEY_NEEDS_PREFIXES.to_owned());
        }
        if matches!(source, KeySource::Request | KeySource::MappingTemplated) && !hooks.allow_request_session_key {
            return Err(REQUEST_SESSION_KEY_ERROR.to_owned());
        }
        if let Some(prefixes) = prefixes.filter(|p| !allowed_by_prefix(requested, p)) {
            return Err(prefix_error(prefixes));
        }
        return Ok(requested.to_owned());
    }
    if let Some(default) = hooks.default_session_key.as_deref() {
        return Ok(default.to_owned());
    }
    let generated = format!("hook:{fresh_id}");
    match prefixes.filter(|p| !allowed_by_prefix(&generated, p)) {
        Some(prefixes) => Err(prefix_error(prefixes)),
        None => Ok(generated),
    }
}

/// Re-scopes an `agent:<id>:<rest>` key to the agent that runs the hook, so a caller cannot
/// write into another agent's session by naming it; then re-checks the prefixes on the result.
pub fn dispatch_session_key(config: &Config, key: &str, target_agent: &str) -> Result<String, String> {
    let trimmed = key.trim();
    let scoped = match parse_agent_session_key(trimmed) {
        Some(rest) => format!("agent:{}:{rest}", normalize_agent_id(target_agent)),
        None => trimmed.to_owned(),
    };
    match config.hooks.allowed_session_key_prefixes.as_deref() {
        Some(prefixes) if !allowed_by_prefix(&scoped, prefixes) => Err(prefix_error(prefixes)),
        _ => Ok(scoped),
    }
}

/// The `<rest>` of `agent:<id>:<rest>` (case-insensitive prefix, non-empty id and rest).
fn parse_agent_session_key(key: &str) -> Option<&str> {
    let head = key.get(..6)?;
    if !head.eq_ignore_ascii_case("agent:") {
        return None;
    }
    let (id, rest) = key.get(6..)?.split_once(':')?;
    (!id.trim().is_empty() && !rest.trim().is_empty()).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> Config {
        let raw = match serde_json::from_str(json) {
            Ok(raw) => raw,
            Err(err) => panic!("bad test config: {err}"),
        };
        match Config::resolve(raw) {
            Ok(config) => config,
            Err(issues) => panic!("invalid test config: {issues:?}"),
        }
    }

    #[test]
    fn request_agents_must_exist_and_be_allowed() {
        let cfg = config(r#"{"agents":{"list":[{"id":"main"},{"id":"ops"}]},"hooks":{"allowedAgentIds":["ops"]}}"#);
        assert_eq!(
            target_agent(&cfg, Some("OPS"), AgentSource::Request),
            Ok(HookTarget { selected: Some("ops".into()), effective: "ops".into() })
        );
        assert_eq!(target_agent(&cfg, Some("nope"), AgentSource::Request), Err("unknown agentId \"nope\"".into()));
        assert_eq!(target_agent(&cfg, Some("bad id"), AgentSource::Request), Err("unknown agentId \"bad-id\"".into()));
        assert_eq!(target_agent(&cfg, Some("!!"), AgentSource::Request), Err("unknown agentId \"!!\"".into()));
        assert_eq!(target_agent(&cfg, None, AgentSource::Request), Err(AGENT_POLICY_ERROR.into()));
        // A mapping naming an unknown agent runs as the default agent (which is not allowed here).
        assert_eq!(target_agent(&cfg, Some("nope"), AgentSource::Mapping), Err(AGENT_POLICY_ERROR.into()));
    }

    #[test]
    fn session_keys_follow_the_hooks_policy() {
        let closed = config(r#"{}"#);
        assert_eq!(
            session_key(&closed, Some("hook:x"), KeySource::Request, "id"),
            Err(REQUEST_SESSION_KEY_ERROR.into())
        );
        assert_eq!(session_key(&closed, Some("hook:x"), KeySource::MappingStatic, "id"), Ok("hook:x".into()));
        assert_eq!(session_key(&closed, None, KeySource::Request, "id"), Ok("hook:id".into()));
        let open = config(
            r#"{"hooks":{"allowRequestSessionKey":true,"allowedSessionKeyPrefixes":["hook:"],"defaultSessionKey":"hook:default"}}"#,
        );
        assert_eq!(session_key(&open, Some("HOOK:a"), KeySource::Request, "id"), Ok("HOOK:a".into()));
        assert_eq!(session_key(&open, Some("agent:x"), KeySource::Request, "id"), Err(prefix_error(&["hook:".into()])));
        assert_eq!(session_key(&open, None, KeySource::Request, "id"), Ok("hook:default".into()));
    }

    #[test]
    fn agent_scoped_keys_are_rescoped_to_the_target() {
        let cfg = config(r#"{}"#);
        assert_eq!(dispatch_session_key(&cfg, "agent:other:hook:1", "main"), Ok("agent:main:hook:1".into()));
        assert_eq!(dispatch_session_key(&cfg, " hook:1 ", "main"), Ok("hook:1".into()));
    }
}
