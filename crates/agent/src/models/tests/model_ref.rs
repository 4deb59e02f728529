use crate::models::{DEFAULT_PROVIDER, ModelRef};

#[test]
fn parses_provider_slash_model_on_the_first_slash() {
    let cases: &[(&str, Option<(&str, &str)>)] = &[
        ("openai/gpt-5.2", Some(("openai", "gpt-5.2"))),
        ("  OpenAI / gpt-5.2 ", Some(("openai", "gpt-5.2"))),
        ("openrouter/anthropic/claude-sonnet-4-5", Some(("openrouter", "anthropic/claude-sonnet-4-5"))),
        ("openrouter/aurora-alpha", Some(("openrouter", "openrouter/aurora-alpha"))),
        ("claude-sonnet-4-5", Some(("anthropic", "claude-sonnet-4-5"))),
        ("anthropic/opus-4.6", Some(("anthropic", "claude-opus-4-6"))),
        ("z.ai/glm-4.7", Some(("zai", "glm-4.7"))),
        ("bedrock/claude", Some(("amazon-bedrock", "claude"))),
        ("", None),
        ("openai/", None),
        ("/gpt-5", None),
    ];
    for (raw, expected) in cases {
        let parsed = ModelRef::parse(raw, DEFAULT_PROVIDER);
        let expected =
            expected.map(|(provider, model)| ModelRef { provider: provider.to_owned(), model: model.to_owned() });
        assert_eq!(parsed, expected, "{raw:?}");
    }
}

#[test]
fn bare_ids_take_the_contextual_provider_and_display_round_trips() {
    let parsed = ModelRef::parse("llama3.3", "ollama").unwrap();
    assert_eq!(parsed.to_string(), "ollama/llama3.3");
    assert_eq!(parsed.key(), "ollama/llama3.3");
}
