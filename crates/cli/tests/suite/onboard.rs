//! `onboard --non-interactive`: a private state dir, the hardened baseline, a starter workspace.

use openclaw_testkit::TempHome;
use serde_json::Value;

use super::{mode, run};

const STARTER_FILES: [&str; 7] =
    ["AGENTS.md", "SOUL.md", "TOOLS.md", "IDENTITY.md", "USER.md", "HEARTBEAT.md", "BOOTSTRAP.md"];

fn token(home: &TempHome) -> String {
    let text = home.read_config().unwrap();
    let parsed = openclaw_config::syntax::parse(&text).unwrap().value;
    parsed["gateway"]["auth"]["token"].as_str().unwrap().to_owned()
}

#[test]
fn onboard_creates_private_state_hardened_config_and_workspace() {
    let home = TempHome::new().unwrap();
    let out = run(&home, &["onboard", "--non-interactive"]);
    assert!(out.ok(), "{}", out.all());
    assert!(out.stdout.contains("Wrote hardened config"), "{}", out.stdout);
    assert_eq!(mode(&home.state_dir()), 0o700);
    assert_eq!(mode(&home.config_path()), 0o600);
    let ws = home.state_dir().join("workspace");
    assert_eq!(mode(&ws), 0o700);
    for name in STARTER_FILES {
        assert_eq!(mode(&ws.join(name)), 0o600, "{name}");
    }

    let get = |p: &str| run(&home, &["config", "get", p]).stdout.trim().to_owned();
    assert_eq!(get("gateway.mode"), "local");
    assert_eq!(get("gateway.bind"), "loopback");
    assert_eq!(get("gateway.auth.mode"), "token");
    assert_eq!(get("session.dmScope"), "per-channel-peer");
    assert_eq!(get("tools.profile"), "messaging");
    assert_eq!(get("tools.exec.security"), "deny");
    assert_eq!(get("tools.elevated.enabled"), "false");
    assert_eq!(get("tools.fs.workspaceOnly"), "true");
    assert_eq!(get("agents.defaults.workspace"), ws.display().to_string());
    let token = token(&home);
    assert!(token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit()), "256-bit hex token");
    assert!(!out.all().contains(&token), "the token is never printed");

    let validate = run(&home, &["config", "validate", "--json"]);
    assert!(validate.ok(), "{}", validate.all());
    let audit = run(&home, &["security", "audit", "--json"]);
    assert!(audit.ok(), "{}", audit.all());
    let report = audit.json();
    let critical: Vec<&Value> =
        report["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "critical").collect();
    assert!(critical.is_empty(), "{critical:?}");
}

#[test]
fn json_output_follows_openclaw_and_never_carries_the_token() {
    let home = TempHome::new().unwrap();
    let ws = home.home().join("my ws");
    let out = run(&home, &["onboard", "--non-interactive", "--mode", "local", "--workspace", "~/my ws", "--json"]);
    assert!(out.ok(), "{}", out.all());
    let v = out.json();
    assert_eq!(v["mode"], "local");
    assert_eq!(v["workspace"], ws.display().to_string());
    assert_eq!(
        v["gateway"],
        serde_json::json!({"port": 18789, "bind": "loopback", "authMode": "token", "tailscaleMode": "off"})
    );
    assert_eq!(v["configCreated"], true);
    assert_eq!(v["workspaceFilesWritten"], serde_json::json!(STARTER_FILES));
    assert!(!out.all().contains(&token(&home)));
    assert!(ws.join("AGENTS.md").is_file());
}

#[test]
fn a_second_run_changes_nothing() {
    let home = TempHome::new().unwrap();
    assert!(run(&home, &["onboard", "--non-interactive"]).ok());
    let config = home.read_config().unwrap();
    let ws = home.state_dir().join("workspace");
    std::fs::write(ws.join("SOUL.md"), "edited").unwrap();
    std::fs::remove_file(ws.join("BOOTSTRAP.md")).unwrap();

    let out = run(&home, &["onboard", "--non-interactive", "--json"]);
    assert!(out.ok(), "{}", out.all());
    let v = out.json();
    assert_eq!((v["configCreated"].clone(), v["configFilledIn"].clone()), (false.into(), serde_json::json!([])));
    assert_eq!(v["workspaceFilesWritten"], serde_json::json!([]));
    assert_eq!(home.read_config().unwrap(), config);
    assert_eq!(std::fs::read_to_string(ws.join("SOUL.md")).unwrap(), "edited");
    assert!(!ws.join("BOOTSTRAP.md").exists(), "the first-run script is not re-seeded");
}

#[test]
fn a_complete_existing_config_is_left_byte_for_byte() {
    let home = TempHome::new().unwrap();
    let ws = home.home().join("ws");
    let original = format!(
        "// mine\n{{ gateway: {{ mode: 'local', bind: 'loopback', port: 12345, auth: {{ token: 'c0ffee-existing-token-0123456789abcdef' }} }},\n  session: {{ dmScope: 'per-peer' }}, agents: {{ defaults: {{ workspace: '{}' }} }} }}\n",
        ws.display()
    );
    home.write_config(&original).unwrap();
    let out = run(&home, &["onboard", "--non-interactive"]);
    assert!(out.ok(), "{}", out.all());
    assert!(out.stdout.contains("nothing missing, unchanged"), "{}", out.stdout);
    assert_eq!(home.read_config().unwrap(), original);
    assert!(ws.join("AGENTS.md").is_file(), "the configured workspace is used");
}

#[test]
fn an_existing_config_only_gets_missing_keys_with_comments_kept() {
    let home = TempHome::new().unwrap();
    home.write_config("// keep me\n{ gateway: { port: 12345 }, session: { dmScope: 'per-peer' } }\n").unwrap();
    let out = run(&home, &["onboard", "--non-interactive", "--json"]);
    assert!(out.ok(), "{}", out.all());
    assert_eq!(
        out.json()["configFilledIn"],
        serde_json::json!([
            "gateway.mode",
            "gateway.bind",
            "gateway.auth.mode",
            "gateway.auth.token",
            "agents.defaults.workspace"
        ])
    );
    let text = home.read_config().unwrap();
    assert!(text.starts_with("// keep me\n"), "{text}");
    let get = |p: &str| run(&home, &["config", "get", p]).stdout.trim().to_owned();
    assert_eq!(get("gateway.port"), "12345");
    assert_eq!(get("session.dmScope"), "per-peer", "an explicit choice is not overridden");
    assert_eq!(get("gateway.auth.mode"), "token");
    assert_eq!(token(&home).len(), 64);
}

#[test]
fn an_invalid_config_is_refused_untouched() {
    let home = TempHome::new().unwrap();
    let original = "{ gateway: { bind: 'nowhere' } }\n";
    home.write_config(original).unwrap();
    let out = run(&home, &["onboard", "--non-interactive"]);
    assert_eq!(out.status, Some(1), "{}", out.all());
    assert_eq!(home.read_config().unwrap(), original);
    assert!(!home.state_dir().join("workspace").exists());
}

#[test]
fn without_non_interactive_it_fails_with_one_line_and_status_2() {
    let home = TempHome::new().unwrap();
    let out = run(&home, &["onboard"]);
    assert_eq!(out.status, Some(2), "{}", out.all());
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("--non-interactive"));
    assert!(!home.config_path().exists());
}
