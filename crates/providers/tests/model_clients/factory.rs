//! `build_model` over real HTTP: each `api` name reaches its wire format's endpoint, with
//! the configured headers on every request.

use openclaw_providers::{Cancellation, ProviderError, Timeouts, build_model};
use openclaw_testkit::fake_model::{FakeModelServer, Scripted};

use super::{CANARY_KEY, request};

#[tokio::test]
async fn each_api_reaches_its_endpoint_with_the_configured_headers() {
    let cases = [
        ("openai-completions", "/v1/chat/completions", "openai-completions"),
        ("ollama", "/v1/chat/completions", "openai-completions"),
        ("openai-responses", "/v1/responses", "openai-responses"),
        ("openai-codex-responses", "/v1/responses", "openai-codex-responses"),
        ("anthropic-messages", "/v1/messages", "anthropic-messages"),
    ];
    // The fake records only credential and protocol headers, so the configured header is one
    // of those; any format passes it through.
    let headers = [("anthropic-beta".to_owned(), "configured-beta".to_owned())];
    for (api, path, reported) in cases {
        let server = FakeModelServer::start(vec![Scripted::text("hi back")]);
        let model =
            build_model(api, &server.base_url(), Some(CANARY_KEY.to_owned()), &headers, Timeouts::default()).unwrap();
        assert_eq!(model.api(), reported);
        let reply = model.stream(&request(), &Cancellation::new(), &mut |_| {}).await.unwrap();
        assert_eq!(reply.text, "hi back", "{api}");
        let recorded = &server.requests()[0];
        assert_eq!(recorded["path"], path, "{api}");
        assert!(recorded["headers"].to_string().contains(CANARY_KEY), "{api}: key sent");
        assert_eq!(recorded["headers"]["anthropic-beta"], "configured-beta", "{api}");
        assert!(!format!("{model:?}").contains(CANARY_KEY), "{api}");
    }
}

#[test]
fn an_unknown_api_is_a_config_error() {
    let error = build_model("bedrock-converse", "", None, &[], Timeouts::default()).unwrap_err();
    assert!(
        matches!(&error, ProviderError::Config { message } if message.contains("bedrock-converse") && message.contains("anthropic-messages")),
        "{error:?}"
    );
}
