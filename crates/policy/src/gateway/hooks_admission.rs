//! Which agent and which session a `/hooks/*` request may drive: the target agent (request or
//! mapping choice, else the default agent), `hooks.allowedAgentIds`, and the session key (the
//! caller's only with `hooks.allowRequestSessionKey`, else `hooks.defaultSessionKey`, else a fresh
//! `hook:<id>`) bounded by `hooks.allowedSessionKeyPrefixes`. Rules and texts follow OpenClaw
//! 2026.9 (`resolveEffectiveHookTargetAgentId`, `resolveHookSessionKey`,
//! `normalizeHookDispatchSessionKey`).
//!
//! Pure: the hooks settings, the known agents and the fresh id for a generated key are arguments
//! (the gateway draws the random id), and every refusal is a [`HookRefusal`] whose text is the
//! reference's 400 body.

#[cfg(test)]
mod tests;

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

/// Why a hook request may not run as asked; the text is the reference's 400 `error`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HookRefusal {
    /// The request named an agent that does not exist (normalised when anything survived).
    #[error("unknown agentId \"{0}\"")]
    UnknownAgent(String),
    /// The effective agent is outside `hooks.allowedAgentIds`.
    #[error("agentId is not allowed by hooks.allowedAgentIds")]
    AgentNotAllowed,
    /// A caller-chosen session key without `hooks.allowRequestSessionKey`.
    #[error(
        "sessionKey is disabled for externally supplied hook payload values; set hooks.allowRequestSessionKey=true to enable"
    )]
    RequestSessionKeyDisabled,
    /// A templated mapping key with no prefix bound on what the payload may render.
    #[error(
        "hooks.allowedSessionKeyPrefixes is required when a hook mapping sessionKey uses templates, even if hooks.allowRequestSessionKey=true"
    )]
    TemplatedKeyNeedsPrefixes,
    /// The key is outside `hooks.allowedSessionKeyPrefixes`.
    #[error("sessionKey must start with one of: {}", prefixes.join(", "))]
    SessionKeyPrefix { prefixes: Vec<String> },
}

/// The agent a hook runs as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookTarget {
    /// The agent named by the request or mapping, when it named a known one.
    pub selected: Option<String>,
    /// The agent that actually runs.
    pub effective: String,
}

/// The facts hook admission decides on, gathered from the config by the caller.
#[derive(Debug, Clone)]
pub struct HookAdmission<'a> {
    /// `agents.defaultAgentId` (resolved, normalised).
    pub default_agent_id: &'a str,
    /// The ids of `agents.list` (normalised).
    pub agent_ids: Vec<&'a str>,
    /// `hooks.allowedAgentIds`; `None` allows every agent, an empty list none.
    pub allowed_agent_ids: Option<&'a [String]>,
    /// `hooks.allowRequestSessionKey`.
    pub allow_request_session_key: bool,
    /// `hooks.allowedSessionKeyPrefixes` (lowercase).
    pub allowed_session_key_prefixes: Option<&'a [String]>,
    /// `hooks.defaultSessionKey`.
    pub default_session_key: Option<&'a str>,
    /// The config's agent-id normalisation (`Ops Team` is `ops-team`, nothing left is the
    /// default agent); passed in because that rule belongs to the config layer above this crate.
    pub normalize_agent_id: fn(&str) -> String,
}

impl HookAdmission<'_> {
    /// Resolves and authorizes the target agent.
    pub fn target_agent(&self, requested: Option<&str>, source: AgentSource) -> Result<HookTarget, HookRefusal> {
        let normalize = self.normalize_agent_id;
        let raw = requested.map(str::trim).filter(|r| !r.is_empty());
        let selected = match (raw, source) {
            (None, _) => None,
            (Some(raw), AgentSource::Request) => {
                let Some(id) = self.strict_agent_id(raw) else {
                    return Err(HookRefusal::UnknownAgent(raw.to_owned()));
                };
                if !self.known_agent(&id) {
                    return Err(HookRefusal::UnknownAgent(id));
                }
                Some(id)
            }
            (Some(raw), AgentSource::Mapping) => Some(normalize(raw)).filter(|id| self.known_agent(id)),
        };
        let effective = selected.clone().unwrap_or_else(|| self.default_agent_id.to_owned());
        let allowed = self.allowed_agent_ids.is_none_or(|ids| ids.iter().any(|id| normalize(id) == effective));
        if !allowed {
            return Err(HookRefusal::AgentNotAllowed);
        }
        Ok(HookTarget { selected, effective })
    }

    /// The session key a hook run uses; `fresh_id` names a new session when none is given.
    pub fn session_key(
        &self,
        requested: Option<&str>,
        source: KeySource,
        fresh_id: &str,
    ) -> Result<String, HookRefusal> {
        let prefixes = self.allowed_session_key_prefixes;
        if let Some(requested) = requested.map(str::trim).filter(|k| !k.is_empty()) {
            if source == KeySource::MappingTemplated && prefixes.is_none() {
                // OpenClaw refuses such a config at start; our config rules do not, so refuse here.
                return Err(HookRefusal::TemplatedKeyNeedsPrefixes);
            }
            if matches!(source, KeySource::Request | KeySource::MappingTemplated) && !self.allow_request_session_key {
                return Err(HookRefusal::RequestSessionKeyDisabled);
            }
            if let Some(prefixes) = prefixes.filter(|p| !allowed_by_prefix(requested, p)) {
                return Err(prefix_refusal(prefixes));
            }
            return Ok(requested.to_owned());
        }
        if let Some(default) = self.default_session_key {
            return Ok(default.to_owned());
        }
        let generated = format!("hook:{fresh_id}");
        match prefixes.filter(|p| !allowed_by_prefix(&generated, p)) {
            Some(prefixes) => Err(prefix_refusal(prefixes)),
            None => Ok(generated),
        }
    }

    /// Re-scopes an `agent:<id>:<rest>` key to the agent that runs the hook, so a caller cannot
    /// write into another agent's session by naming it; then re-checks the prefixes on the result.
    pub fn dispatch_session_key(&self, key: &str, target_agent: &str) -> Result<String, HookRefusal> {
        let trimmed = key.trim();
        let scoped = match parse_agent_session_key(trimmed) {
            Some(rest) => format!("agent:{}:{rest}", (self.normalize_agent_id)(target_agent)),
            None => trimmed.to_owned(),
        };
        match self.allowed_session_key_prefixes {
            Some(prefixes) if !allowed_by_prefix(&scoped, prefixes) => Err(prefix_refusal(prefixes)),
            _ => Ok(scoped),
        }
    }

    /// An explicitly requested agent id, normalised; `None` when nothing of it survives
    /// normalisation, instead of falling back to the default agent.
    fn strict_agent_id(&self, raw: &str) -> Option<String> {
        raw.chars().any(|c| c.is_ascii_alphanumeric() || c == '_').then(|| (self.normalize_agent_id)(raw))
    }

    fn known_agent(&self, id: &str) -> bool {
        id == self.default_agent_id || self.agent_ids.contains(&id)
    }
}

fn prefix_refusal(prefixes: &[String]) -> HookRefusal {
    HookRefusal::SessionKeyPrefix { prefixes: prefixes.to_vec() }
}

fn allowed_by_prefix(key: &str, prefixes: &[String]) -> bool {
    let key = key.trim().to_lowercase();
    !key.is_empty() && prefixes.iter().any(|prefix| key.starts_with(prefix.as_str()))
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
