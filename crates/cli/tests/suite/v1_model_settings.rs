//! `/v1/chat/completions` end to end: the real gateway process, the real runtime and the fake
//! model server. The caller's sampling settings and token cap arrive in the provider request,
//! and `x-openclaw-model` switches the model for that request only.

use openclaw_testkit::fake_model::{FakeModelServer, Scripted};
use openclaw_testkit::wire_client;
use serde_json::{Value, json};

use super::fake_agent::{CANARY_KEY, OurGateway, TOKEN};

fn config(base_url: &str) -> String {
    format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }},
             http: {{ endpoints: {{ chatCompletions: {{ enabled: true }} }} }} }},
           models: {{ providers: {{ local: {{ baseUrl: '{base_url}', api: 'openai-completions', apiKey: '{CANARY_KEY}',
             models: [{{ id: 'm1', name: 'One', contextWindow: 32000, maxTokens: 1024 }},
                      {{ id: 'm2', name: 'Two', contextWindow: 32000, maxTokens: 2048 }}] }} }} }},
           agents: {{ defaults: {{ model: {{ primary: 'local/m1' }} }} }} }}"
    )
}

/// POSTs `body` to the gateway's chat completions endpoint; `(status, parsed body)`.
fn post(gw: &OurGateway, headers: &[(&str, &str)], body: &Value) -> (u16, Value) {
    let auth = format!("Bearer {TOKEN}");
    let mut all = vec![("Authorization", auth.as_str())];
    all.extend_from_slice(headers);
    let reply = wire_client::post(&format!("http://127.0.0.1:{}/v1/chat/completions", gw.port), &all, body);
    (reply.status, reply.json())
}

#[test]
fn sampling_settings_and_the_model_header_reach_the_provider() {
    let model = FakeModelServer::start(vec![Scripted::text("first"), Scripted::text("second")]);
    let gw = OurGateway::start(&config(&model.base_url()));
    let (status, reply) = post(
        &gw,
        &[("x-openclaw-model", "local/m2")],
        &json!({"model": "openclaw", "user": "ada", "messages": [{"role": "user", "content": "hi"}],
                "temperature": 0.25, "max_tokens": 77, "seed": 3, "stop": ["END"], "top_p": 0.5}),
    );
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["choices"][0]["message"]["content"], "first");
    let sent = &model.requests()[0]["body"];
    assert_eq!(sent["model"], "m2", "{sent}");
    assert_eq!((&sent["temperature"], &sent["top_p"]), (&json!(0.25), &json!(0.5)), "{sent}");
    assert_eq!((&sent["max_tokens"], &sent["seed"], &sent["stop"]), (&json!(77), &json!(3), &json!(["END"])), "{sent}");

    // The next request of the same session, without the header or settings: the agent's model
    // and its configured cap, nothing else.
    let (status, reply) = post(
        &gw,
        &[],
        &json!({"model": "openclaw", "user": "ada", "messages": [{"role": "user", "content": "again"}]}),
    );
    assert_eq!(status, 200, "{reply}");
    let sent = &model.requests()[1]["body"];
    assert_eq!((&sent["model"], &sent["max_tokens"]), (&json!("m1"), &json!(1024)), "{sent}");
    for key in ["temperature", "top_p", "seed", "stop"] {
        assert!(sent.get(key).is_none(), "{key} in {sent}");
    }
}

#[test]
fn a_model_outside_the_allowlist_is_refused_before_any_run() {
    let model = FakeModelServer::start(vec![Scripted::text("from m1")]);
    let allowlisted = config(&model.base_url()).replace(
        "agents: { defaults: { model: { primary: 'local/m1' } } }",
        "agents: { defaults: { model: { primary: 'local/m1' }, models: { 'local/m1': { alias: 'one' } } } }",
    );
    assert_ne!(allowlisted, config(&model.base_url()), "the allowlist was added");
    let gw = OurGateway::start(&allowlisted);
    let body = json!({"model": "openclaw", "messages": [{"role": "user", "content": "hi"}]});
    let (status, reply) = post(&gw, &[("x-openclaw-model", "local/m2")], &body);
    assert_eq!(status, 400, "{reply}");
    assert_eq!(
        reply["error"]["message"],
        "Model \"local/m2\" is not allowed for agent \"main\" (not in agents.defaults.models)."
    );
    assert!(model.requests().is_empty(), "no model call for a refused request");
    let (status, reply) = post(&gw, &[("x-openclaw-model", "one")], &body);
    assert_eq!((status, reply["choices"][0]["message"]["content"].as_str()), (200, Some("from m1")), "{reply}");
}
