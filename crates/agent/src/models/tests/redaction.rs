use serde_json::json;

use super::{env_of, profiles_of};
use crate::models::{ModelsConfig, candidates};

const CANARY: &str = "sk-CANARY-b1d6e0";

#[test]
fn no_key_appears_in_debug_or_error_output() {
    let config = json!({"models": {"providers": {
        "corp": {"baseUrl": "https://llm.corp.example/v1", "apiKey": CANARY, "headers": {"X-Api-Key": CANARY}, "models": []},
        "openai": {"apiKey": CANARY, "models": []}
    }}});
    let profiles = profiles_of(json!({"version": 1, "profiles": {
        "anthropic:a": {"type": "api_key", "provider": "anthropic", "key": CANARY},
        "anthropic:o": {"type": "oauth", "provider": "anthropic", "access": CANARY, "refresh": CANARY}
    }}));
    let env = env_of(&[("OPENAI_API_KEY", CANARY)]);

    let mut rendered = Vec::new();
    for model in ["corp/m", "openai/gpt-5.2", "anthropic/claude-opus-4-6"] {
        let found = candidates(&config, "main", Some(model), &profiles, &env, 0).unwrap();
        assert!(
            found.iter().any(|c| c.api_key.as_ref().is_some_and(|k| k.expose() == CANARY)),
            "{model} carries the key"
        );
        rendered.push(format!("{found:?}"));
        rendered.push(format!("{found:#?}"));
    }
    rendered.push(format!("{:?}", ModelsConfig::from_config(&config).unwrap()));
    rendered.push(format!("{profiles:?}"));
    rendered.push(format!("{:?}", profiles.credentials()));
    let unknown_only = json!({"agents": {"defaults": {"model": "mystery/m"}}});
    let err = candidates(&unknown_only, "main", None, &profiles, &env, 0).unwrap_err();
    rendered.push(format!("{err} {err:?}"));
    for text in rendered {
        assert!(!text.contains(CANARY), "leaked: {text}");
    }
}
