//! Hook admission: the target agent (request vs mapping, `hooks.allowedAgentIds`), the session key
//! (request keys, mapping keys, default and generated keys, prefixes), re-scoping to the target
//! agent, and the reference's exact 400 texts.

use super::*;

/// Enough of the config's agent-id rule for these cases: trimmed, lowercase, spaces as dashes,
/// nothing left meaning the default agent.
fn normalize(raw: &str) -> String {
    let id = raw.trim().to_ascii_lowercase().replace(' ', "-");
    if id.is_empty() { "main".to_owned() } else { id }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

/// The settings of a config with agents `main` (default) and `ops` and no hooks restrictions.
fn open() -> HookAdmission<'static> {
    HookAdmission {
        default_agent_id: "main",
        agent_ids: vec!["main", "ops"],
        allowed_agent_ids: None,
        allow_request_session_key: false,
        allowed_session_key_prefixes: None,
        default_session_key: None,
        normalize_agent_id: normalize,
    }
}

fn target(selected: Option<&str>, effective: &str) -> Result<HookTarget, HookRefusal> {
    Ok(HookTarget { selected: selected.map(str::to_owned), effective: effective.to_owned() })
}

fn unknown(id: &str) -> Result<HookTarget, HookRefusal> {
    Err(HookRefusal::UnknownAgent(id.to_owned()))
}

#[test]
fn refusals_carry_the_reference_texts() {
    for (refusal, text) in [
        (HookRefusal::UnknownAgent("x".into()), "unknown agentId \"x\""),
        (HookRefusal::AgentNotAllowed, "agentId is not allowed by hooks.allowedAgentIds"),
        (
            HookRefusal::RequestSessionKeyDisabled,
            "sessionKey is disabled for externally supplied hook payload values; set hooks.allowRequestSessionKey=true to enable",
        ),
        (
            HookRefusal::TemplatedKeyNeedsPrefixes,
            "hooks.allowedSessionKeyPrefixes is required when a hook mapping sessionKey uses templates, even if hooks.allowRequestSessionKey=true",
        ),
        (
            HookRefusal::SessionKeyPrefix { prefixes: strings(&["hook:", "agent:main:"]) },
            "sessionKey must start with one of: hook:, agent:main:",
        ),
    ] {
        assert_eq!(refusal.to_string(), text);
    }
}

#[test]
fn target_agent_rules() {
    let only_ops = strings(&["OPS"]);
    let none: Vec<String> = Vec::new();
    let restricted = HookAdmission { allowed_agent_ids: Some(&only_ops), ..open() };
    let closed = HookAdmission { allowed_agent_ids: Some(&none), ..open() };
    for (rule, admission, requested, source, expected) in [
        ("no agent named runs the default agent", open(), None, AgentSource::Request, target(None, "main")),
        ("a blank agent is no agent", open(), Some("  "), AgentSource::Request, target(None, "main")),
        ("a requested agent is normalised", open(), Some(" OPS "), AgentSource::Request, target(Some("ops"), "ops")),
        ("the default agent is known", open(), Some("main"), AgentSource::Request, target(Some("main"), "main")),
        ("an unknown requested agent is refused", open(), Some("nope"), AgentSource::Request, unknown("nope")),
        ("the refusal names the normalised id", open(), Some("Bad Id"), AgentSource::Request, unknown("bad-id")),
        ("an id with nothing to keep is refused as written", open(), Some("!!"), AgentSource::Request, unknown("!!")),
        ("an unknown mapping agent falls back", open(), Some("nope"), AgentSource::Mapping, target(None, "main")),
        ("a mapping agent is normalised", open(), Some("Ops"), AgentSource::Mapping, target(Some("ops"), "ops")),
        (
            "allowedAgentIds admits a listed agent",
            restricted.clone(),
            Some("ops"),
            AgentSource::Request,
            target(Some("ops"), "ops"),
        ),
        (
            "allowedAgentIds applies to the default agent",
            restricted.clone(),
            None,
            AgentSource::Request,
            Err(HookRefusal::AgentNotAllowed),
        ),
        (
            "allowedAgentIds applies to a mapping's fallback",
            restricted,
            Some("nope"),
            AgentSource::Mapping,
            Err(HookRefusal::AgentNotAllowed),
        ),
        (
            "an empty allowedAgentIds admits nobody",
            closed,
            Some("ops"),
            AgentSource::Request,
            Err(HookRefusal::AgentNotAllowed),
        ),
    ] {
        assert_eq!(admission.target_agent(requested, source), expected, "{rule}");
    }
}

#[test]
fn session_key_rules() {
    let hook_prefix = strings(&["hook:"]);
    let agent_prefix = strings(&["agent:"]);
    let requests_allowed = HookAdmission { allow_request_session_key: true, ..open() };
    let bounded = HookAdmission { allowed_session_key_prefixes: Some(&hook_prefix), ..requests_allowed.clone() };
    let with_default = HookAdmission { default_session_key: Some("hook:default"), ..bounded.clone() };
    let generated_outside = HookAdmission { allowed_session_key_prefixes: Some(&agent_prefix), ..open() };
    let templated_without_requests = HookAdmission { allowed_session_key_prefixes: Some(&hook_prefix), ..open() };
    let prefix = |prefixes: &[String]| Err(HookRefusal::SessionKeyPrefix { prefixes: prefixes.to_vec() });
    let key = |key: &str| Ok(key.to_owned());
    for (rule, admission, requested, source, expected) in [
        (
            "a request key needs allowRequestSessionKey",
            open(),
            Some("hook:x"),
            KeySource::Request,
            Err(HookRefusal::RequestSessionKeyDisabled),
        ),
        ("a static mapping key is the operator's", open(), Some("hook:x"), KeySource::MappingStatic, key("hook:x")),
        (
            "a request key is allowed when enabled",
            requests_allowed.clone(),
            Some(" any "),
            KeySource::Request,
            key("any"),
        ),
        (
            "a templated key needs prefixes",
            requests_allowed,
            Some("hook:x"),
            KeySource::MappingTemplated,
            Err(HookRefusal::TemplatedKeyNeedsPrefixes),
        ),
        (
            "a templated key needs allowRequestSessionKey",
            templated_without_requests,
            Some("hook:x"),
            KeySource::MappingTemplated,
            Err(HookRefusal::RequestSessionKeyDisabled),
        ),
        (
            "a templated key inside the prefixes passes",
            bounded.clone(),
            Some("hook:x"),
            KeySource::MappingTemplated,
            key("hook:x"),
        ),
        ("prefixes compare case-insensitively", bounded.clone(), Some("HOOK:a"), KeySource::Request, key("HOOK:a")),
        (
            "a request key outside the prefixes is refused",
            bounded.clone(),
            Some("agent:x"),
            KeySource::Request,
            prefix(&hook_prefix),
        ),
        (
            "prefixes bound static mapping keys too",
            bounded.clone(),
            Some("agent:x"),
            KeySource::MappingStatic,
            prefix(&hook_prefix),
        ),
        ("no key uses defaultSessionKey", with_default.clone(), None, KeySource::Request, key("hook:default")),
        ("a blank key is no key", with_default, Some("  "), KeySource::Request, key("hook:default")),
        ("no key and no default generates one", open(), None, KeySource::Request, key("hook:fresh")),
        ("a generated key inside the prefixes passes", bounded, None, KeySource::Request, key("hook:fresh")),
        (
            "a generated key outside the prefixes is refused",
            generated_outside,
            None,
            KeySource::Request,
            prefix(&agent_prefix),
        ),
    ] {
        assert_eq!(admission.session_key(requested, source, "fresh"), expected, "{rule}");
    }
}

#[test]
fn dispatch_key_rules() {
    let hook_prefix = strings(&["hook:"]);
    let agent_main = strings(&["agent:main:"]);
    let bounded = HookAdmission { allowed_session_key_prefixes: Some(&hook_prefix), ..open() };
    let main_only = HookAdmission { allowed_session_key_prefixes: Some(&agent_main), ..open() };
    let prefix = |prefixes: &[String]| Err(HookRefusal::SessionKeyPrefix { prefixes: prefixes.to_vec() });
    let key = |key: &str| Ok(key.to_owned());
    for (rule, admission, raw, agent, expected) in [
        ("an agent key is re-scoped to the target", open(), "agent:other:hook:1", "main", key("agent:main:hook:1")),
        ("the agent prefix is case-insensitive", open(), "AGENT:other:x", "Ops", key("agent:ops:x")),
        ("other keys are only trimmed", open(), " hook:1 ", "main", key("hook:1")),
        ("an agent key without an id is not re-scoped", open(), "agent::x", "main", key("agent::x")),
        ("an agent key without a rest is not re-scoped", open(), "agent:other: ", "main", key("agent:other:")),
        ("the re-scoped key is checked against the prefixes", bounded, "agent:main:x", "main", prefix(&hook_prefix)),
        (
            "re-scoping can bring a key inside the prefixes",
            main_only.clone(),
            "agent:other:x",
            "main",
            key("agent:main:x"),
        ),
        ("re-scoping can take a key outside the prefixes", main_only, "agent:main:x", "ops", prefix(&agent_main)),
    ] {
        assert_eq!(admission.dispatch_session_key(raw, agent), expected, "{rule}");
    }
}
