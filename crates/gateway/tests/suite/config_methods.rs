//! `config.get` / `config.patch` / `config.apply` / `config.schema` over the wire: redaction,
//! the SHA-256 base hash, merge patches (arrays of objects by id), restored secrets, the write
//! budget, and the read-only methods that report on the state directory.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::client::{Client, cli_params};
use super::harness::{TOKEN, TestGateway};

fn admin(gw: &TestGateway) -> Client {
    let mut c = Client::open(&gw.ws_url());
    assert_eq!(c.connect(cli_params(Some(TOKEN)))["ok"], true);
    c
}

#[test]
fn config_get_redacts_secrets_and_hashes_the_raw_file() {
    let gw = TestGateway::with_token("agents: { list: [{ id: 'main' }] }, // a comment\n");
    let mut c = admin(&gw);
    let res = c.call("config.get", json!({}));
    let payload = &res["payload"];
    let raw_file = std::fs::read_to_string(gw.config_path()).unwrap();
    assert_eq!(payload["hash"], hex::encode(Sha256::digest(raw_file.as_bytes())));
    let text = res.to_string();
    assert!(!text.contains(TOKEN), "the token never leaves the gateway: {text}");
    assert!(payload["raw"].as_str().unwrap().contains("// a comment"), "raw keeps comments");
    assert_eq!(payload["parsed"]["gateway"]["auth"]["token"], "__OPENCLAW_REDACTED__");
    assert_eq!(payload["valid"], true);
}

#[test]
fn config_patch_merges_restores_secrets_and_checks_the_base_hash() {
    let gw = TestGateway::with_token("agents: { list: [{ id: 'main', name: 'Main' }, { id: 'work' }] }");
    let mut c = admin(&gw);
    let hash = c.call("config.get", json!({}))["payload"]["hash"].as_str().unwrap().to_owned();

    let stale = c.call("config.patch", json!({"raw": "{ tools: { deny: ['exec'] } }", "baseHash": "0".repeat(64)}));
    assert_eq!(stale["error"]["message"], "config changed since last load; re-run config.get and retry");
    let missing = c.call("config.patch", json!({"raw": "{ tools: { deny: ['exec'] } }"}));
    assert_eq!(missing["error"]["message"], "config base hash required; re-run config.get and retry");

    // The patch carries the redacted token back, as the Control UI does.
    let patch = "{ gateway: { auth: { token: '__OPENCLAW_REDACTED__' } }, agents: { list: [{ id: 'work', name: 'Work' }] }, tools: { deny: ['exec'] } }";
    let res = c.call("config.patch", json!({"raw": patch, "baseHash": hash}));
    assert_eq!(res["ok"], true, "{res}");
    let written: Value = json5_value(&std::fs::read_to_string(gw.config_path()).unwrap());
    assert_eq!(written["gateway"]["auth"]["token"], TOKEN, "the real token was kept");
    assert_eq!(written["agents"]["list"], json!([{"id": "main", "name": "Main"}, {"id": "work", "name": "Work"}]));
    assert_eq!(written["tools"]["deny"], json!(["exec"]));
    assert!(gw.config_path().with_extension("json.bak").exists(), "a backup was rotated in");
    let audit = std::fs::read_to_string(gw.state_dir().join("logs/config-audit.jsonl")).unwrap();
    assert!(audit.contains("gateway:config.patch") && !audit.contains(TOKEN), "{audit}");
}

#[test]
fn a_sentinel_with_no_value_to_restore_is_refused() {
    let gw = TestGateway::with_token("");
    let mut c = admin(&gw);
    let hash = c.call("config.get", json!({}))["payload"]["hash"].as_str().unwrap().to_owned();
    let res = c.call("config.patch", json!({"raw": "{ hooks: { token: '__OPENCLAW_REDACTED__' } }", "baseHash": hash}));
    let message = res["error"]["message"].as_str().unwrap();
    assert!(message.contains("hooks.token") && message.contains("redaction placeholder"), "{message}");
}

#[test]
fn invalid_configs_are_never_written() {
    let gw = TestGateway::with_token("");
    let before = std::fs::read_to_string(gw.config_path()).unwrap();
    let mut c = admin(&gw);
    let hash = c.call("config.get", json!({}))["payload"]["hash"].as_str().unwrap().to_owned();
    let res = c.call("config.patch", json!({"raw": "{ gateway: { port: 'not a port' } }", "baseHash": hash}));
    assert_eq!(res["ok"], false);
    assert!(res["error"]["message"].as_str().unwrap().contains("gateway.port"), "{res}");
    let res = c.call("config.apply", json!({"raw": "{ unbalanced", "baseHash": hash}));
    assert!(res["error"]["message"].as_str().unwrap().contains("not valid JSON5"), "{res}");
    assert_eq!(std::fs::read_to_string(gw.config_path()).unwrap(), before);
}

#[test]
fn config_writes_are_limited_to_three_per_minute() {
    let gw = TestGateway::with_token("");
    let mut c = admin(&gw);
    for n in 0..3 {
        let hash = c.call("config.get", json!({}))["payload"]["hash"].as_str().unwrap().to_owned();
        let res =
            c.call("config.patch", json!({"raw": format!("{{ tools: {{ deny: ['t{n}'] }} }}"), "baseHash": hash}));
        assert_eq!(res["ok"], true, "write {n}: {res}");
    }
    let hash = c.call("config.get", json!({}))["payload"]["hash"].as_str().unwrap().to_owned();
    let res = c.call("config.patch", json!({"raw": "{ tools: { deny: ['t4'] } }", "baseHash": hash}));
    assert_eq!(res["error"]["code"], "UNAVAILABLE", "{res}");
    assert_eq!(res["error"]["retryable"], true);
    assert!(res["error"]["retryAfterMs"].as_i64().unwrap() > 0);
    gw.advance(60_001);
    let res = c.call("config.patch", json!({"raw": "{ tools: { deny: ['t4'] } }", "baseHash": hash}));
    assert_eq!(res["ok"], true, "the budget refills after a minute: {res}");
}

#[test]
fn config_schema_is_the_builtin_schema() {
    let gw = TestGateway::with_token("");
    let mut c = admin(&gw);
    let res = c.call("config.schema", json!({}));
    assert!(res["payload"]["schema"]["properties"]["gateway"].is_object(), "{}", &res.to_string()[..200]);
}

#[test]
fn sessions_and_history_read_the_session_store() {
    let gw = TestGateway::with_token("");
    let sessions = gw.state_dir().join("agents/main/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::write(
        sessions.join("sessions.json"),
        json!({"agent:main:main": {"sessionId": "s1", "updatedAt": gw.now_ms() - 1000, "label": "home"}}).to_string(),
    )
    .unwrap();
    std::fs::write(
        sessions.join("s1.jsonl"),
        [
            json!({"type": "session", "version": 3, "id": "s1"}).to_string(),
            json!({"type": "message", "id": "a1", "parentId": null, "message": {"role": "user", "content": "hello there"}}).to_string(),
            json!({"type": "message", "id": "a2", "parentId": "a1", "message": {"role": "assistant", "content": [{"type": "text", "text": "hi!"}]}}).to_string(),
        ]
        .join("\n")
            + "\n{\"type\":\"mess",
    )
    .unwrap();
    let mut c = admin(&gw);
    let list = c.call("sessions.list", json!({"activeMinutes": 5}));
    assert_eq!(list["payload"]["sessions"][0]["key"], "agent:main:main", "{list}");
    let history = c.call("chat.history", json!({"sessionKey": "main"}));
    assert_eq!(history["payload"]["sessionId"], "s1");
    assert_eq!(history["payload"]["messages"].as_array().unwrap().len(), 2, "the torn last line is skipped");
    let preview = c.call("sessions.preview", json!({"keys": ["agent:main:main"]}));
    assert_eq!(preview["payload"]["previews"][0]["items"][1]["text"], "hi!", "{preview}");
    let empty = c.call("chat.history", json!({"sessionKey": "agent:main:nobody"}));
    assert_eq!(empty["payload"]["messages"], json!([]));
}

#[test]
fn read_methods_answer_with_what_is_configured() {
    let gw = TestGateway::with_token(
        "models: { providers: { local: { baseUrl: 'http://127.0.0.1:1/v1', api: 'openai-completions', models: [{ id: 'tiny', name: 'Tiny' }] } } }, channels: { telegram: { enabled: false } }",
    );
    let mut c = admin(&gw);
    let models = c.call("models.list", json!({}));
    assert_eq!(models["payload"]["models"][0]["id"], "tiny", "{models}");
    let agents = c.call("agents.list", json!({}));
    assert_eq!(agents["payload"]["defaultId"], "main", "{agents}");
    let channels = c.call("channels.status", json!({}));
    assert_eq!(channels["payload"]["channels"]["telegram"]["running"], false, "{channels}");
    let presence = c.call("system-presence", json!({}));
    let entries = presence["payload"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "the gateway itself; CLI connections are not instances: {presence}");
    assert_eq!(entries[0]["mode"], "gateway");
    let status = c.call("status", json!({}));
    assert_eq!(status["payload"]["runtimeVersion"], "test");
}

fn json5_value(text: &str) -> Value {
    openclaw_config::syntax::parse(text).unwrap().value
}
