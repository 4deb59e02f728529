use serde_json::json;

use crate::models::{ModelChain, ModelRef, model_chain};

fn refs(list: &[&str]) -> Vec<ModelRef> {
    list.iter().map(|raw| ModelRef::parse(raw, "anthropic").unwrap()).collect()
}

fn chain(primary: &str, fallbacks: &[&str]) -> ModelChain {
    ModelChain { primary: ModelRef::parse(primary, "anthropic").unwrap(), fallbacks: refs(fallbacks) }
}

#[test]
fn nothing_configured_is_openclaws_default_model() {
    assert_eq!(model_chain(&json!({}), "main", None).unwrap(), chain("anthropic/claude-opus-4-6", &[]));
}

#[test]
fn defaults_give_primary_then_fallbacks() {
    let config = json!({"agents": {"defaults": {"model": {"primary": "openai/gpt-5.2", "fallbacks": ["openai/gpt-5-mini", "anthropic/claude-sonnet-4-5"]}}}});
    assert_eq!(
        model_chain(&config, "main", None).unwrap(),
        chain("openai/gpt-5.2", &["openai/gpt-5-mini", "anthropic/claude-sonnet-4-5"])
    );
}

#[test]
fn agent_model_overrides_defaults() {
    let config = json!({"agents": {
        "defaults": {"model": {"primary": "openai/gpt-5.2", "fallbacks": ["openai/gpt-5-mini"]}},
        "list": [
            {"id": "main"},
            {"id": "ops", "model": {"primary": "anthropic/claude-sonnet-4-5", "fallbacks": ["openrouter/x/y"]}},
            {"id": "quiet", "model": {"primary": "openai/gpt-5-nano", "fallbacks": []}},
            {"id": "same", "model": "openai/gpt-5-nano"},
            {"id": "other", "model": "anthropic/claude-haiku-4-5"}
        ]
    }});
    let cases = [
        ("main", chain("openai/gpt-5.2", &["openai/gpt-5-mini"])),
        ("OPS", chain("anthropic/claude-sonnet-4-5", &["openrouter/x/y"])),
        ("quiet", chain("openai/gpt-5-nano", &[])),
        // A string model keeps the defaults' fallbacks and ends with the configured primary.
        ("same", chain("openai/gpt-5-nano", &["openai/gpt-5-mini", "openai/gpt-5.2"])),
        // On another provider, the defaults' fallbacks do not apply; the configured primary does.
        ("other", chain("anthropic/claude-haiku-4-5", &["openai/gpt-5.2"])),
    ];
    for (agent, expected) in cases {
        assert_eq!(model_chain(&config, agent, None).unwrap(), expected, "agent {agent}");
    }
}

#[test]
fn session_override_and_bare_ids_use_the_configured_provider_and_aliases() {
    let config = json!({"agents": {"defaults": {
        "model": {"primary": "openai/gpt-5.2", "fallbacks": ["gpt-5-mini"]},
        "models": {"anthropic/claude-sonnet-4-5": {"alias": "Sonnet"}}
    }}});
    assert_eq!(
        model_chain(&config, "main", Some("gpt-5-nano")).unwrap(),
        chain("openai/gpt-5-nano", &["openai/gpt-5-mini", "openai/gpt-5.2"])
    );
    assert_eq!(
        model_chain(&config, "main", Some("sonnet")).unwrap(),
        chain("anthropic/claude-sonnet-4-5", &["openai/gpt-5.2"])
    );
}

#[test]
fn invalid_model_settings_are_config_errors() {
    let config = json!({"agents": {"defaults": {"model": 42}}});
    assert!(model_chain(&config, "main", None).unwrap_err().to_string().contains("agents.defaults.model"));
    assert!(model_chain(&json!({}), "main", Some("openai/")).is_err());
}
