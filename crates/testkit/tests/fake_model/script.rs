//! The script and the record, independent of wire format: one reply per request in order
//! across endpoints, every request recorded with its credentials, a clear 500 once the
//! script runs out, and shutdown on drop.

use std::net::TcpStream;

use openclaw_testkit::fake_model::{FakeModelServer, Scripted};
use serde_json::json;

use openclaw_testkit::wire_client::post;

#[test]
fn replies_are_consumed_in_order_across_endpoints_and_requests_are_recorded() {
    let server = FakeModelServer::start(vec![Scripted::text("first"), Scripted::text("second")]);
    assert!(server.base_url().starts_with("http://127.0.0.1:") && server.base_url().ends_with("/v1"));
    let openai_body = json!({"model": "gpt-test", "messages": [{"role": "user", "content": "one"}]});
    let anthropic_body =
        json!({"model": "claude-test", "max_tokens": 8, "messages": [{"role": "user", "content": "two"}]});
    let first =
        post(&format!("{}/chat/completions", server.base_url()), &[("Authorization", "Bearer sk-a")], &openai_body);
    let second = post(
        &format!("{}/messages", server.base_url()),
        &[("x-api-key", "sk-ant"), ("anthropic-version", "2023-06-01")],
        &anthropic_body,
    );
    assert_eq!(first.json()["choices"][0]["message"]["content"], "first");
    assert_eq!(second.json()["content"][0]["text"], "second");
    assert_eq!(server.remaining(), 0);
    assert_eq!(
        server.requests(),
        [
            json!({
                "method": "POST",
                "path": "/v1/chat/completions",
                "headers": {"authorization": "Bearer sk-a", "content-type": "application/json"},
                "body": openai_body,
            }),
            json!({
                "method": "POST",
                "path": "/v1/messages",
                "headers": {"x-api-key": "sk-ant", "anthropic-version": "2023-06-01", "content-type": "application/json"},
                "body": anthropic_body,
            }),
        ]
    );
}

#[test]
fn an_exhausted_script_answers_500_in_the_providers_shape() {
    let server = FakeModelServer::start(vec![]);
    let openai = post(&format!("{}/chat/completions", server.base_url()), &[], &json!({"stream": true}));
    assert_eq!(openai.status, 500);
    assert!(openai.json()["error"]["message"].as_str().unwrap().contains("script exhausted"));
    let anthropic = post(&format!("{}/messages", server.base_url()), &[], &json!({}));
    assert_eq!(anthropic.status, 500);
    assert_eq!(anthropic.json()["type"], "error");
    assert!(anthropic.json()["error"]["message"].as_str().unwrap().contains("script exhausted"));
    assert_eq!(server.requests().len(), 2, "unanswerable requests are still recorded");
}

#[test]
fn dropping_the_server_closes_its_port() {
    let server = FakeModelServer::start(vec![]);
    let addr = server.addr();
    assert!(TcpStream::connect(addr).is_ok());
    drop(server);
    assert!(TcpStream::connect(addr).is_err());
}
