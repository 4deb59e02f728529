//! OpenClaw's own CLI (the reference 2026.9.6) as a client of our gateway: `gateway call
//! health|status|config.get` and `devices list` succeed with the right token and are refused
//! with a wrong one. Skipped, with the reason printed, only where the reference cannot be
//! installed (no Node.js / npm registry).

use std::process::Command;

use openclaw_testkit::{Run, TempHome};
use serde_json::Value;

use super::gateway_run::{OurGateway, TOKEN, token_config};

fn reference(home: &TempHome, wrapper: &std::path::Path, args: &[&str]) -> Run {
    let mut cmd: Command = home.command("timeout");
    cmd.arg("120").arg(wrapper).args(args).env("OPENCLAW_DISABLE_BONJOUR", "1");
    Run::from(cmd.output().unwrap())
}

#[test]
fn the_reference_cli_talks_to_our_gateway() {
    let wrapper = match super::reference::wrapper() {
        Ok(path) => path,
        Err(why) => {
            eprintln!("SKIPPED: reference OpenClaw unavailable: {why}");
            return;
        }
    };
    let gw = OurGateway::start(&token_config());
    let url = gw.url();
    // The reference runs from its own throwaway home, as a remote client would.
    let client = TempHome::new().unwrap();
    let call = |method: &str, token: &str| {
        reference(&client, &wrapper, &["gateway", "call", method, "--url", &url, "--token", token, "--json"])
    };

    let health = call("health", TOKEN);
    assert!(health.ok(), "health: {}", health.all());
    assert_eq!(health.json()["ok"], true);

    let status = call("status", TOKEN);
    assert!(status.ok(), "status: {}", status.all());
    assert!(status.json()["runtimeVersion"].is_string());

    let config = call("config.get", TOKEN);
    assert!(config.ok(), "config.get: {}", config.all());
    let config: Value = config.json();
    assert_eq!(config["parsed"]["gateway"]["auth"]["token"], "__OPENCLAW_REDACTED__");
    assert_eq!(config["hash"].as_str().map(str::len), Some(64));
    assert!(!config.to_string().contains(TOKEN));

    let devices = reference(&client, &wrapper, &["devices", "list", "--url", &url, "--token", TOKEN, "--json"]);
    assert!(devices.ok(), "devices list: {}", devices.all());
    assert!(devices.json()["paired"].is_array());

    let refused = call("health", "not-the-token");
    assert!(!refused.ok(), "a wrong token must fail: {}", refused.all());
    assert!(refused.all().contains("gateway token mismatch"), "{}", refused.all());
}

#[test]
fn our_cli_talks_to_our_gateway() {
    let gw = OurGateway::start(&token_config());
    let client = TempHome::new().unwrap();
    let url = gw.url();
    let out = client.run(super::BIN, ["gateway", "call", "health", "--url", &url, "--token", TOKEN, "--json"]).unwrap();
    assert!(out.ok(), "{}", out.all());
    assert_eq!(out.json()["ok"], true);
    let out = client.run(super::BIN, ["devices", "list", "--url", &url, "--token", TOKEN, "--json"]).unwrap();
    assert!(out.ok(), "{}", out.all());
    let out = client.run(super::BIN, ["gateway", "health", "--url", &url, "--token", "wrong"]).unwrap();
    assert!(!out.ok());
    assert!(out.stderr.contains("gateway token mismatch"), "{}", out.all());
}
