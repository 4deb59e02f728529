//! Agent runs end to end through the real binary: our gateway configured with
//! `models.providers` pointing at the testkit's OpenAI-compatible fake server, driven by
//! OpenClaw's own CLI (`gateway call agent` → `agent.wait` → `chat.history`, and `chat.send`)
//! and by ours. Also the canary: the provider key never appears anywhere but the config.

use std::path::Path;
use std::process::Command;

use openclaw_testkit::fake_model::{FakeModelServer, Scripted};
use openclaw_testkit::{Run, TempHome};
use serde_json::{Value, json};

use super::fake_agent::{CANARY_KEY, OurGateway, TOKEN, model_config};

fn call(home: &TempHome, bin: &Path, url: &str, method: &str, params: &Value) -> Run {
    let mut cmd: Command = home.command("timeout");
    cmd.arg("120")
        .arg(bin)
        .args(["gateway", "call", method, "--url", url, "--token", TOKEN, "--json", "--params"])
        .arg(params.to_string())
        .env("OPENCLAW_DISABLE_BONJOUR", "1");
    Run::from(cmd.output().unwrap())
}

/// The texts of the assistant messages in a `chat.history` payload.
fn assistant_texts(history: &Value) -> Vec<String> {
    history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "assistant")
        .flat_map(|m| m["content"].as_array().cloned().unwrap_or_default())
        .filter_map(|part| part["text"].as_str().map(str::to_owned))
        .collect()
}

/// The agent → agent.wait → chat.history round trip, then chat.send, with `bin` as the client.
fn round_trip(bin: &Path, label: &str) {
    let model = FakeModelServer::start(vec![
        Scripted::text(format!("Hello from the fake model ({label})")),
        Scripted::text("Second reply via chat.send"),
    ]);
    let gw = OurGateway::start(&model_config(&model.base_url()));
    let url = gw.url();
    let client = TempHome::new().unwrap();

    let run_id = format!("{label}-run-1");
    let started = call(
        &client,
        bin,
        &url,
        "agent",
        &json!({"message": "hi there", "idempotencyKey": run_id, "sessionKey": "agent:main:main"}),
    );
    assert!(started.ok(), "agent: {}", started.all());
    assert_eq!(started.json()["runId"], run_id.as_str());
    let waited = call(&client, bin, &url, "agent.wait", &json!({"runId": run_id, "timeoutMs": 60000}));
    assert!(waited.ok(), "agent.wait: {}", waited.all());
    assert_eq!(waited.json()["status"], "ok", "{}", waited.all());
    let history = call(&client, bin, &url, "chat.history", &json!({"sessionKey": "agent:main:main"}));
    assert!(history.ok(), "chat.history: {}", history.all());
    let history = history.json();
    assert_eq!(assistant_texts(&history), vec![format!("Hello from the fake model ({label})")], "{history}");
    let first_user = history["messages"].as_array().unwrap().iter().find(|m| m["role"] == "user").unwrap();
    assert_eq!(first_user["content"], "hi there");

    let send_id = format!("{label}-send-1");
    let sent = call(
        &client,
        bin,
        &url,
        "chat.send",
        &json!({"sessionKey": "main", "message": "and again", "idempotencyKey": send_id}),
    );
    assert!(sent.ok(), "chat.send: {}", sent.all());
    assert_eq!(sent.json()["status"], "started");
    let waited = call(&client, bin, &url, "agent.wait", &json!({"runId": send_id, "timeoutMs": 60000}));
    assert_eq!(waited.json()["status"], "ok", "{}", waited.all());
    let history = call(&client, bin, &url, "chat.history", &json!({"sessionKey": "agent:main:main"})).json();
    assert_eq!(assistant_texts(&history).last().map(String::as_str), Some("Second reply via chat.send"));

    // The model got the system prompt, the history and the key — in the header only.
    let requests = model.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1]["headers"]["authorization"], format!("Bearer {CANARY_KEY}"));
    let messages = requests[1]["body"]["messages"].as_array().unwrap();
    assert_eq!(messages[0]["role"], "system");
    assert_eq!(messages.last().unwrap()["content"], "and again");
    assert!(messages.iter().any(|m| m["content"] == "hi there"), "history replayed");
    assert_eq!(requests[1]["body"]["model"], "m1");

    assert_canary_only_in_config(gw.home.home(), &gw);
}

/// The provider key is in `openclaw.json` and nowhere else under the gateway's home (logs,
/// transcripts, sessions, temp files).
fn assert_canary_only_in_config(root: &Path, gw: &OurGateway) {
    let config = gw.home.config_path();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path == config || path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("openclaw.json.bak"))
            {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap_or_default();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(CANARY_KEY),
                "the provider key leaked into {}",
                path.display()
            );
        }
    }
}

#[test]
fn the_reference_cli_runs_an_agent_turn_on_our_gateway() {
    let wrapper = match super::reference::wrapper() {
        Ok(path) => path,
        Err(why) => {
            eprintln!("SKIPPED: reference OpenClaw unavailable: {why}");
            return;
        }
    };
    round_trip(&wrapper, "reference");
}

#[test]
fn our_cli_runs_an_agent_turn_on_our_gateway() {
    round_trip(Path::new(super::BIN), "ours");
}

#[test]
fn a_failing_provider_reports_a_clear_error_without_the_key() {
    let model = FakeModelServer::start(vec![Scripted::Status {
        code: 401,
        retry_after: None,
        body: Some(
            json!({"error": {"message": format!("Incorrect API key provided: {CANARY_KEY}"), "type": "invalid_request_error"}}),
        ),
    }]);
    let gw = OurGateway::start(&model_config(&model.base_url()));
    let client = TempHome::new().unwrap();
    let bin = Path::new(super::BIN);
    let url = gw.url();
    let started = call(&client, bin, &url, "agent", &json!({"message": "hi", "idempotencyKey": "bad-key"}));
    assert!(started.ok(), "{}", started.all());
    let waited = call(&client, bin, &url, "agent.wait", &json!({"runId": "bad-key", "timeoutMs": 60000}));
    let waited = waited.json();
    assert_eq!(waited["status"], "error", "{waited}");
    let error = waited["error"].as_str().unwrap();
    assert!(error.contains("401"), "{error}");
    assert!(!error.contains(CANARY_KEY), "{error}");
    let history = call(&client, bin, &url, "chat.history", &json!({"sessionKey": "main"})).all();
    assert!(!history.contains(CANARY_KEY), "{history}");
    assert_canary_only_in_config(gw.home.home(), &gw);
}
