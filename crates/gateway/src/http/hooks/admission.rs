//! Gathers what hook admission decides on (the agents and the `hooks.*` session and agent
//! settings) from the running config, for the pure rules in
//! [`openclaw_policy::gateway::hooks_admission`]. The gateway keeps no rule of its own here; the
//! handler draws the random id for a generated `hook:<id>` key and turns a refusal into the 400.

use openclaw_config::model::agents::normalize_agent_id;
use openclaw_config::model::resolved::Config;
pub use openclaw_policy::gateway::hooks_admission::{AgentSource, HookAdmission, KeySource};

/// The admission facts of `config`.
pub fn facts(config: &Config) -> HookAdmission<'_> {
    let hooks = &config.hooks;
    HookAdmission {
        default_agent_id: &config.agents.default_agent_id,
        agent_ids: config.agents.list.iter().map(|agent| agent.id.as_str()).collect(),
        allowed_agent_ids: hooks.allowed_agent_ids.as_deref(),
        allow_request_session_key: hooks.allow_request_session_key,
        allowed_session_key_prefixes: hooks.allowed_session_key_prefixes.as_deref(),
        default_session_key: hooks.default_session_key.as_deref(),
        normalize_agent_id,
    }
}

#[cfg(test)]
mod tests {
    use openclaw_policy::gateway::hooks_admission::{HookRefusal, HookTarget};

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

    /// The config's own normalisation and resolved lists reach the rules unchanged.
    #[test]
    fn config_settings_reach_the_rules() {
        let cfg = config(
            r#"{"agents":{"list":[{"id":"main"},{"id":"ops-team"}]},"hooks":{"allowedAgentIds":["Ops Team"],"allowRequestSessionKey":true,"allowedSessionKeyPrefixes":["HOOK:","Agent:Ops-Team:"]}}"#,
        );
        let admission = facts(&cfg);
        assert_eq!(
            admission.target_agent(Some("Ops Team"), AgentSource::Request),
            Ok(HookTarget { selected: Some("ops-team".into()), effective: "ops-team".into() })
        );
        assert_eq!(admission.target_agent(None, AgentSource::Request), Err(HookRefusal::AgentNotAllowed));
        assert_eq!(admission.session_key(Some("hook:a"), KeySource::Request, "id"), Ok("hook:a".into()));
        assert_eq!(admission.dispatch_session_key("agent:x:hook:1", "Ops Team"), Ok("agent:ops-team:hook:1".into()));
        assert_eq!(
            admission.dispatch_session_key("agent:x:hook:1", "main"),
            Err(HookRefusal::SessionKeyPrefix { prefixes: vec!["hook:".into(), "agent:ops-team:".into()] })
        );
    }
}
