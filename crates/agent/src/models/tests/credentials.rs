use serde_json::{Value, json};

use super::{env_of, no_profiles, profiles_of};
use crate::models::credentials::{Credentials, KeySource, env_var_names, is_local, provider_credentials};
use crate::models::{ModelsConfig, candidates};

const NOW: i64 = 1_700_000_000_000;

/// (source, key) of each credential `candidates` yields for `model`.
fn resolved(
    config: &Value,
    profiles: &openclaw_store::AuthProfiles,
    env: &[(&str, &str)],
    model: &str,
) -> Vec<(KeySource, Option<String>)> {
    let env = env_of(env);
    match candidates(config, "main", Some(model), profiles, &env, NOW) {
        Ok(found) => found
            .into_iter()
            .filter(|c| c.model_key() == model)
            .map(|c| (c.key_source, c.api_key.map(|k| k.expose().to_owned())))
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn profile(id: &str, key: &str) -> (KeySource, Option<String>) {
    (KeySource::Profile(id.to_owned()), Some(key.to_owned()))
}

#[test]
fn profile_beats_env_beats_config_key() {
    let config = json!({"models": {"providers": {"openai": {"apiKey": "sk-config", "models": []}}}});
    let with_profile = profiles_of(json!({"version": 1, "profiles": {
        "openai:default": {"type": "api_key", "provider": "openai", "key": "sk-profile"}
    }}));
    let env = [("OPENAI_API_KEY", "sk-env")];
    let model = "openai/gpt-5.2";

    assert_eq!(resolved(&config, &with_profile, &env, model), [profile("openai:default", "sk-profile")]);
    assert_eq!(
        resolved(&config, &no_profiles(), &env, model),
        [(KeySource::Env("OPENAI_API_KEY"), Some("sk-env".to_owned()))]
    );
    assert_eq!(resolved(&config, &no_profiles(), &[], model), [(KeySource::Config, Some("sk-config".to_owned()))]);
    assert_eq!(resolved(&json!({}), &no_profiles(), &[], model), []);
}

#[test]
fn config_key_may_be_an_env_reference() {
    let config = json!({"models": {"providers": {"corp": {
        "baseUrl": "https://llm.corp.example/v1",
        "apiKey": {"source": "env", "provider": "default", "id": "CORP_KEY"},
        "models": []
    }}}});
    assert_eq!(
        resolved(&config, &no_profiles(), &[("CORP_KEY", "sk-corp")], "corp/m"),
        [(KeySource::Config, Some("sk-corp".to_owned()))]
    );
}

#[test]
fn profiles_in_cooldown_or_disabled_are_skipped() {
    let profiles = profiles_of(json!({"version": 1,
        "profiles": {
            "openai:a": {"type": "api_key", "provider": "openai", "key": "sk-a"},
            "openai:b": {"type": "api_key", "provider": "openai", "key": "sk-b"},
            "openai:c": {"type": "api_key", "provider": "openai", "key": "sk-c"}
        },
        "usageStats": {
            "openai:a": {"cooldownUntil": NOW + 1},
            "openai:b": {"disabledUntil": NOW + 60_000, "disabledReason": "billing"},
            "openai:c": {"cooldownUntil": NOW}
        }
    }));
    assert_eq!(
        resolved(&json!({}), &profiles, &[("OPENAI_API_KEY", "sk-env")], "openai/gpt-5.2"),
        [profile("openai:c", "sk-c")]
    );
}

#[test]
fn all_profiles_cooling_down_skips_the_model_instead_of_using_env() {
    let profiles = profiles_of(json!({"version": 1,
        "profiles": {"openai:a": {"type": "api_key", "provider": "openai", "key": "sk-a"}},
        "usageStats": {"openai:a": {"cooldownUntil": NOW + 1}}
    }));
    let models = ModelsConfig::default();
    let env = env_of(&[("OPENAI_API_KEY", "sk-env")]);
    let found = provider_credentials(
        "openai",
        "https://api.openai.com/v1",
        models.provider("openai").map(|p| p.1),
        &json!({}),
        &profiles,
        &env,
        NOW,
    );
    assert_eq!(found, Credentials::CoolingDown);
    let err = candidates(&json!({}), "main", Some("openai/gpt-5.2"), &profiles, &env, NOW).unwrap_err();
    assert!(err.to_string().contains("cooling down"), "{err}");
}

#[test]
fn openrouter_profiles_ignore_cooldowns() {
    let profiles = profiles_of(json!({"version": 1,
        "profiles": {"openrouter:a": {"type": "api_key", "provider": "openrouter", "key": "sk-or"}},
        "usageStats": {"openrouter:a": {"cooldownUntil": NOW + 1}}
    }));
    assert_eq!(resolved(&json!({}), &profiles, &[], "openrouter/x/y"), [profile("openrouter:a", "sk-or")]);
}

#[test]
fn explicit_order_is_honoured_and_otherwise_oauth_token_key_then_least_recently_used() {
    let file = json!({"version": 1,
        "profiles": {
            "openai:key-old": {"type": "api_key", "provider": "openai", "key": "k1"},
            "openai:key-new": {"type": "api_key", "provider": "openai", "key": "k2"},
            "openai:tok": {"type": "token", "provider": "openai", "token": "t"},
            "openai:expired": {"type": "token", "provider": "openai", "token": "t", "expires": NOW - 1},
            "openai:blank": {"type": "api_key", "provider": "openai", "key": "  "},
            "anthropic:x": {"type": "api_key", "provider": "anthropic", "key": "ak"}
        },
        "usageStats": {"openai:key-old": {"lastUsed": 5}, "openai:key-new": {"lastUsed": 1}}
    });
    let implicit = profiles_of(file.clone());
    assert_eq!(
        resolved(&json!({}), &implicit, &[], "openai/gpt-5.2"),
        [profile("openai:tok", "t"), profile("openai:key-new", "k2"), profile("openai:key-old", "k1")]
    );

    let mut with_order = file.clone();
    with_order["order"] = json!({"OpenAI": ["openai:key-old", "openai:missing", "anthropic:x", "openai:key-new"]});
    assert_eq!(
        resolved(&json!({}), &profiles_of(with_order), &[], "openai/gpt-5.2"),
        [profile("openai:key-old", "k1"), profile("openai:key-new", "k2")]
    );

    let config_order = json!({"auth": {"order": {"openai": ["openai:key-new"]}}});
    assert_eq!(resolved(&config_order, &implicit, &[], "openai/gpt-5.2"), [profile("openai:key-new", "k2")]);
}

#[test]
fn key_refs_and_oauth_access_tokens_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("key");
    std::fs::write(&key_file, "sk-file\n").unwrap();
    let profiles = profiles_of(json!({"version": 1, "profiles": {
        "anthropic:oauth": {"type": "oauth", "provider": "anthropic", "access": "acc", "refresh": "ref", "expires": NOW + 1000},
        "anthropic:stale": {"type": "oauth", "provider": "anthropic", "access": "old", "refresh": "ref", "expires": NOW - 1},
        "anthropic:env": {"type": "api_key", "provider": "anthropic", "keyRef": {"source": "env", "provider": "default", "id": "MY_ANTHROPIC"}},
        "anthropic:file": {"type": "api_key", "provider": "anthropic", "keyRef": {"source": "file", "id": key_file.display().to_string()}},
        "anthropic:unset": {"type": "api_key", "provider": "anthropic", "keyRef": {"source": "env", "id": "UNSET"}}
    }}));
    assert_eq!(
        resolved(&json!({}), &profiles, &[("MY_ANTHROPIC", "sk-env-ref")], "anthropic/claude-opus-4-6"),
        [
            profile("anthropic:oauth", "acc"),
            profile("anthropic:env", "sk-env-ref"),
            profile("anthropic:file", "sk-file")
        ]
    );
}

#[test]
fn local_providers_need_no_key() {
    let config = json!({"models": {"providers": {"lmstudio": {"baseUrl": "http://localhost:1234/v1", "models": []}}}});
    assert_eq!(resolved(&config, &no_profiles(), &[], "lmstudio/qwen"), [(KeySource::None, None)]);
    assert_eq!(resolved(&json!({}), &no_profiles(), &[], "ollama/llama3.3"), [(KeySource::None, None)]);
    for (provider, url, local) in [
        ("x", "http://127.0.0.1:8000/v1", true),
        ("x", "http://[::1]:8000", true),
        ("x", "http://user@localhost", true),
        ("x", "https://api.example.com/v1", false),
        ("x", "http://127.0.0.1.example.com", false),
        ("ollama", "http://gpu-box:11434", true),
    ] {
        assert_eq!(is_local(provider, url), local, "{url}");
    }
}

#[test]
fn env_names_follow_openclaw() {
    assert_eq!(env_var_names("anthropic"), ["ANTHROPIC_OAUTH_TOKEN", "ANTHROPIC_API_KEY"]);
    assert_eq!(env_var_names("OpenRouter"), ["OPENROUTER_API_KEY"]);
    assert_eq!(env_var_names("z.ai"), ["ZAI_API_KEY", "Z_AI_API_KEY"]);
    assert!(env_var_names("mystery").is_empty());
    let env = [("ANTHROPIC_API_KEY", "k"), ("ANTHROPIC_OAUTH_TOKEN", "o")];
    assert_eq!(
        resolved(&json!({}), &no_profiles(), &env, "anthropic/claude-opus-4-6"),
        [(KeySource::Env("ANTHROPIC_OAUTH_TOKEN"), Some("o".to_owned()))]
    );
}

#[test]
fn candidates_walk_primary_profiles_then_fallbacks() {
    let config = json!({"agents": {"defaults": {"model": {"primary": "openai/gpt-5.2", "fallbacks": ["anthropic/claude-sonnet-4-5"]}}}});
    let profiles = profiles_of(json!({"version": 1, "profiles": {
        "openai:a": {"type": "api_key", "provider": "openai", "key": "a"},
        "openai:b": {"type": "api_key", "provider": "openai", "key": "b"}
    }}));
    let env = env_of(&[("ANTHROPIC_API_KEY", "ak")]);
    let found = candidates(&config, "main", None, &profiles, &env, NOW).unwrap();
    let summary: Vec<_> = found.iter().map(|c| (c.model_key(), c.profile_id.clone(), c.api.clone())).collect();
    assert_eq!(
        summary,
        [
            ("openai/gpt-5.2".to_owned(), Some("openai:a".to_owned()), "openai-responses".to_owned()),
            ("openai/gpt-5.2".to_owned(), Some("openai:b".to_owned()), "openai-responses".to_owned()),
            ("anthropic/claude-sonnet-4-5".to_owned(), None, "anthropic-messages".to_owned()),
        ]
    );
}
