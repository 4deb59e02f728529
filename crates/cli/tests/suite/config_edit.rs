//! `config get|set|unset`: comments kept, backups rotated, audit recorded, invalid edits refused.

use openclaw_testkit::TempHome;

use super::{mode, run};

const CONFIG: &str = "// my settings\n{\n  gateway: {\n    port: 18789, // the default\n    auth: { token: 'a-very-long-gateway-token-0123456789' },\n  },\n}\n";

#[test]
fn set_get_unset_round_trip_keeps_comments() {
    let home = TempHome::new().unwrap();
    home.write_config(CONFIG).unwrap();
    let out = run(&home, &["config", "set", "gateway.port", "19001"]);
    assert!(out.ok(), "{}", out.all());
    assert_eq!(out.stdout.trim(), "Updated gateway.port. Restart the gateway to apply.");
    let text = home.read_config().unwrap();
    assert!(text.contains("// my settings") && text.contains("// the default"), "{text}");
    assert_eq!(run(&home, &["config", "get", "gateway.port"]).stdout.trim(), "19001");

    assert!(run(&home, &["config", "set", "session.dmScope", "per-channel-peer"]).ok());
    assert_eq!(run(&home, &["config", "get", "session.dmScope"]).stdout.trim(), "per-channel-peer");
    let json = run(&home, &["config", "get", "session", "--json"]);
    assert_eq!(json.json(), serde_json::json!({"dmScope": "per-channel-peer"}));

    let out = run(&home, &["config", "unset", "session.dmScope"]);
    assert!(out.ok(), "{}", out.all());
    let missing = run(&home, &["config", "get", "session.dmScope"]);
    assert_eq!(missing.status, Some(1));
    assert!(missing.stderr.contains("config path not found: session.dmScope"), "{}", missing.all());
    assert_eq!(run(&home, &["config", "unset", "session.dmScope"]).status, Some(1));
}

#[test]
fn get_never_shows_secrets() {
    let home = TempHome::new().unwrap();
    home.write_config(CONFIG).unwrap();
    let out = run(&home, &["config", "get", "gateway.auth"]);
    assert!(out.ok(), "{}", out.all());
    assert!(!out.stdout.contains("a-very-long-gateway-token"), "{}", out.stdout);
    assert!(out.stdout.contains("__OPENCLAW_REDACTED__"), "{}", out.stdout);
}

#[test]
fn invalid_edits_are_refused_and_nothing_is_written() {
    let home = TempHome::new().unwrap();
    home.write_config(CONFIG).unwrap();
    for args in [
        vec!["config", "set", "gateway.port", "'not a number'"],
        vec!["config", "set", "gateway.bnd", "lan"],
        vec!["config", "set", "channels.telegram.dmPolicy", "open"],
        vec!["config", "set", "gateway..port", "1"],
        vec!["config", "set", "gateway.port", "oops", "--strict-json"],
    ] {
        let out = run(&home, &args);
        assert_eq!(out.status, Some(1), "{args:?} should fail:\n{}", out.all());
        assert_eq!(home.read_config().unwrap(), CONFIG, "{args:?} must not touch the file");
    }
}

#[test]
fn writes_are_private_backed_up_and_audited() {
    let home = TempHome::new().unwrap();
    let path = home.write_config(CONFIG).unwrap();
    for port in 19001..19008 {
        assert!(run(&home, &["config", "set", "gateway.port", &port.to_string()]).ok());
    }
    assert_eq!(mode(&path), 0o600);
    let dir = home.state_dir();
    let backups: Vec<String> = ["", ".1", ".2", ".3", ".4", ".5"]
        .iter()
        .filter(|suffix| dir.join(format!("openclaw.json.bak{suffix}")).exists())
        .map(|s| s.to_string())
        .collect();
    assert_eq!(backups, ["", ".1", ".2", ".3", ".4"], "exactly five backups");
    let newest_backup = std::fs::read_to_string(dir.join("openclaw.json.bak")).unwrap();
    assert!(newest_backup.contains("19006"), "{newest_backup}");
    let audit = std::fs::read_to_string(dir.join("logs/config-audit.jsonl")).unwrap();
    let records: Vec<serde_json::Value> = audit.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 7);
    assert_eq!(records[0]["event"], "config.write");
    assert_eq!(records[0]["changedPaths"], serde_json::json!(["gateway.port"]));
    assert!(!audit.contains("a-very-long-gateway-token"), "audit must not hold secrets");
    assert_eq!(mode(&dir.join("logs/config-audit.jsonl")), 0o600);
}

#[test]
fn setting_a_secret_never_lands_in_the_audit_log() {
    let home = TempHome::new().unwrap();
    home.write_config("{}").unwrap();
    let secret = "sk-canary-0123456789abcdefghijklmnop";
    assert!(run(&home, &["config", "set", "gateway.auth.token", secret]).ok());
    let audit = std::fs::read_to_string(home.state_dir().join("logs/config-audit.jsonl")).unwrap();
    assert!(!audit.contains(secret));
    assert!(home.read_config().unwrap().contains(secret));
}
