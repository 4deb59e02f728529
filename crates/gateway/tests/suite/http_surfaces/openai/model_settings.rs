//! What a `/v1` request asks of the model reaches the run: token caps and sampling settings
//! (chat completions: all of OpenAI's; responses: `max_output_tokens`, `temperature`, `top_p`)
//! and the owner-only `x-openclaw-model` override.

use std::sync::Arc;

use openclaw_gateway::agent_port::AgentPort;
use openclaw_providers::Sampling;
use serde_json::json;

use super::{ScriptedAgent, auth, gateway, last_request};
use crate::suite::harness::{Start, TestGateway};
use crate::suite::http_surfaces::post;

#[test]
fn chat_sampling_and_token_caps_reach_the_run() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let auth = auth();
    let body = json!({
        "messages": [{"role": "user", "content": "hi"}],
        "max_tokens": 50, "max_completion_tokens": 40,
        "temperature": 0.3, "top_p": 0.8, "frequency_penalty": 1.5, "presence_penalty": -1, "seed": 7,
        "stop": "END", "response_format": {"type": "json_object"},
    });
    let reply = post(&gw, "/v1/chat/completions", &[("Authorization", &auth)], &body.to_string());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let request = last_request(&agent);
    assert_eq!(request.max_tokens, Some(40), "max_completion_tokens wins");
    assert_eq!(
        request.sampling,
        Sampling {
            temperature: Some(0.3),
            top_p: Some(0.8),
            frequency_penalty: Some(1.5),
            presence_penalty: Some(-1.0),
            seed: Some(7),
            stop: vec!["END".into()],
            response_format: Some(json!({"type": "json_object"})),
        }
    );

    let plain = r#"{"messages":[{"role":"user","content":"hi"}],"max_tokens":12,"stop":["a","b"]}"#;
    post(&gw, "/v1/chat/completions", &[("Authorization", &auth)], plain);
    let request = last_request(&agent);
    assert_eq!(request.max_tokens, Some(12));
    assert_eq!(request.sampling, Sampling { stop: vec!["a".into(), "b".into()], ..Sampling::default() });
    assert_eq!(request.model, None);
}

#[test]
fn responses_pass_their_three_settings() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let body = json!({"model": "openclaw", "input": "hi", "max_output_tokens": 64, "temperature": 1.2, "top_p": 0.5});
    let reply = post(&gw, "/v1/responses", &[("Authorization", &auth())], &body.to_string());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let request = last_request(&agent);
    assert_eq!(request.max_tokens, Some(64));
    assert_eq!(request.sampling, Sampling { temperature: Some(1.2), top_p: Some(0.5), ..Sampling::default() });
}

#[test]
fn the_model_header_picks_the_model_of_this_run_only() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let auth = auth();
    let chat = r#"{"messages":[{"role":"user","content":"hi"}]}"#;
    for (path, body) in [("/v1/chat/completions", chat), ("/v1/responses", r#"{"model":"openclaw","input":"hi"}"#)] {
        let reply = post(&gw, path, &[("Authorization", &auth), ("x-openclaw-model", " openai/gpt-5-mini ")], body);
        assert_eq!(reply.status, 200, "{path}: {}", reply.text());
        assert_eq!(last_request(&agent).model.as_deref(), Some("openai/gpt-5-mini"), "{path}");
    }
    for bad in ["openai/", "/gpt-5", "openai/ "] {
        let reply = post(&gw, "/v1/chat/completions", &[("Authorization", &auth), ("x-openclaw-model", bad)], chat);
        assert_eq!(reply.status, 400, "{bad:?}");
        assert_eq!(
            reply.json(),
            json!({"error": {"message": "Invalid `x-openclaw-model`.", "type": "invalid_request_error"}}),
            "{bad:?}"
        );
    }
}

#[test]
fn only_the_owner_may_pick_the_model() {
    let agent = ScriptedAgent::default();
    let port: Arc<dyn AgentPort> = Arc::new(agent.clone());
    let gw = TestGateway::try_start(
        "{ gateway: { mode: 'local', trustedProxies: ['127.0.0.1'], auth: { mode: 'trusted-proxy', \
         trustedProxy: { userHeader: 'x-forwarded-user', allowUsers: ['ada@example.com'], allowLoopback: true } }, \
         http: { endpoints: { chatCompletions: { enabled: true } } } } }",
        Start { agent: Some(port), ..Start::default() },
    )
    .unwrap();
    let chat = r#"{"messages":[{"role":"user","content":"hi"}]}"#;
    let proxied = |scopes: Option<&str>, model: Option<&str>| {
        let mut headers = vec![("x-forwarded-for", "198.51.100.20"), ("x-forwarded-user", "ada@example.com")];
        headers.extend(scopes.map(|s| ("x-openclaw-scopes", s)));
        headers.extend(model.map(|m| ("x-openclaw-model", m)));
        post(&gw, "/v1/chat/completions", &headers, chat)
    };
    let refused = proxied(Some("operator.read, operator.write"), Some("openai/gpt-5-mini"));
    assert_eq!(refused.status, 403);
    assert_eq!(
        refused.json(),
        json!({"ok": false, "error": {"type": "forbidden", "message": "missing scope: operator.admin",
            "details": {"code": "MISSING_SCOPE", "missingScope": "operator.admin", "requiredScopes": ["operator.admin"]}}})
    );
    assert!(agent.requests.lock().unwrap().is_empty(), "no run for a refused request");
    assert_eq!(proxied(Some("operator.read, operator.write"), None).status, 200, "no header: no scope needed");
    assert_eq!(proxied(Some("operator.admin"), Some("openai/gpt-5-mini")).status, 200);
    assert_eq!(
        proxied(None, Some("openai/gpt-5-mini")).status,
        200,
        "undeclared scopes: the proxy's user is the owner"
    );
    assert_eq!(last_request(&agent).model.as_deref(), Some("openai/gpt-5-mini"));
}
