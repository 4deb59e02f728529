use serde_json::json;

use crate::models::{ModelCost, ModelRef, ModelsConfig};

fn resolve(config: serde_json::Value, model: &str) -> Result<crate::models::ResolvedModel, crate::AgentError> {
    ModelsConfig::from_config(&config)?.resolve(&ModelRef::parse(model, "anthropic").unwrap())
}

#[test]
fn builtin_providers_need_no_configuration() {
    let cases = [
        ("openai/gpt-5.2", "https://api.openai.com/v1", "openai-responses"),
        ("anthropic/claude-opus-4-6", "https://api.anthropic.com", "anthropic-messages"),
        ("openrouter/anthropic/claude-sonnet-4-5", "https://openrouter.ai/api/v1", "openai-completions"),
        ("ollama/llama3.3", "http://127.0.0.1:11434/v1", "openai-completions"),
    ];
    for (model, base_url, api) in cases {
        let resolved = resolve(json!({}), model).unwrap();
        assert_eq!((resolved.base_url.as_str(), resolved.api.as_str()), (base_url, api), "{model}");
    }
}

#[test]
fn configured_providers_default_to_openai_completions_and_models_override_the_api() {
    let config = json!({"models": {"providers": {"vllm": {
        "baseUrl": "http://gpu:8000/v1/",
        "headers": {"X-Team": "a"},
        "models": [
            {"id": "qwen", "contextWindow": 32768, "maxTokens": 4096, "cost": {"input": 1, "output": 2}, "headers": {"X-Team": "b"}},
            {"id": "resp", "api": "openai-responses"}
        ]
    }}}});
    let qwen = resolve(config.clone(), "vllm/qwen").unwrap();
    assert_eq!(qwen.api, "openai-completions");
    assert_eq!(qwen.base_url, "http://gpu:8000/v1");
    assert_eq!(qwen.headers.get("X-Team").map(String::as_str), Some("b"));
    assert_eq!((qwen.context_window, qwen.max_tokens), (Some(32768), Some(4096)));
    assert_eq!(qwen.cost, Some(ModelCost { input: 1.0, output: 2.0, cache_read: 0.0, cache_write: 0.0 }));
    assert_eq!(resolve(config.clone(), "vllm/resp").unwrap().api, "openai-responses");
    let unlisted = resolve(config, "vllm/other").unwrap();
    assert_eq!((unlisted.api.as_str(), unlisted.context_window), ("openai-completions", None));
}

#[test]
fn a_configured_builtin_keeps_its_defaults_unless_mode_is_replace() {
    let merged = json!({"models": {"providers": {"openai": {"apiKey": "sk-x", "models": []}}}});
    let resolved = resolve(merged, "openai/gpt-5.2").unwrap();
    assert_eq!((resolved.base_url.as_str(), resolved.api.as_str()), ("https://api.openai.com/v1", "openai-responses"));

    let replaced = json!({"models": {"mode": "replace", "providers": {"local": {"baseUrl": "http://localhost:1234/v1", "models": []}}}});
    assert!(resolve(replaced.clone(), "openai/gpt-5.2").unwrap_err().to_string().contains("unknown model provider"));
    assert!(resolve(replaced, "local/m").is_ok());
    assert!(resolve(json!({}), "mystery/m").is_err());
}
