//! `security audit --fix`: every fixable problem repaired, nothing loosened, symlinks left
//! alone, config edits through the config writer, and a second run changes nothing.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use openclaw_testkit::TempHome;
use serde_json::Value;

use super::{mode, run};

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn write(path: &Path, text: &str, mode: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    chmod(path, mode);
}

const CONFIG: &str = r#"{
  // kept: comments survive the fix
  $include: "./extra.json5",
  gateway: { auth: { mode: "token", token: "b3f1c9d27e4a85f06c1d9e2ab47f3c8d51e6a0b9" } },
  channels: {
    telegram: { groupPolicy: "open", accounts: { work: { groupPolicy: "open" } } },
  },
  logging: { redactSensitive: "off" },
}
"#;

/// A state dir with every problem `--fix` repairs.
fn messy_home() -> TempHome {
    let home = TempHome::new().unwrap();
    let state = home.state_dir();
    home.write_config(CONFIG).unwrap();
    write(&state.join("extra.json5"), "{ session: { dmScope: 'per-channel-peer' } }", 0o644);
    write(&state.join("credentials/telegram-allowFrom.json"), "{\"version\":1,\"allowFrom\":[\"1\"]}", 0o644);
    chmod(&state.join("credentials"), 0o755);
    write(&state.join("agents/main/agent/auth-profiles.json"), "{}", 0o664);
    write(&state.join("agents/main/agent/openclaw-agent.sqlite"), "", 0o644);
    chmod(&state.join("agents/main/agent"), 0o755);
    chmod(&state.join("agents/main"), 0o755);
    write(&state.join("agents/main/sessions/sessions.json"), "{}", 0o644);
    write(&state.join("agents/main/sessions/abc.jsonl"), "", 0o644);
    chmod(&state.join("agents/main/sessions"), 0o755);
    chmod(&home.config_path(), 0o644);
    chmod(&state, 0o755);
    home
}

const FIXABLE: &[&str] = &[
    "fs.state_dir.perms_readable",
    "fs.config.perms_world_readable",
    "fs.config_include.perms_world_readable",
    "fs.credentials_dir.perms_readable",
    "fs.auth_profiles.perms_writable",
    "fs.auth_profiles.perms_readable",
    "fs.sessions_store.perms_readable",
    "logging.redact_off",
];

fn ids(report: &Value) -> Vec<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["checkId"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn fix_repairs_every_fixable_problem_and_is_idempotent() {
    let home = messy_home();
    let state = home.state_dir();
    let before = run(&home, &["security", "audit", "--json"]).json();
    for check in [
        "fs.state_dir.perms_readable",
        "fs.config.perms_world_readable",
        "fs.config_include.perms_world_readable",
        "fs.credentials_dir.perms_readable",
        "fs.auth_profiles.perms_writable",
        "fs.sessions_store.perms_readable",
        "logging.redact_off",
        "security.exposure.open_groups_with_elevated",
    ] {
        assert!(ids(&before).iter().any(|id| id == check), "{check} before --fix: {before}");
    }

    let out = run(&home, &["security", "audit", "--fix", "--json"]);
    assert!(out.ok(), "{}", out.all());
    let v = out.json();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["fix", "report", "secretDiagnostics"]);
    let fix = &v["fix"];
    assert_eq!(fix["ok"], true, "{fix}");
    assert_eq!(fix["configWritten"], true);
    assert_eq!(
        fix["changes"],
        serde_json::json!([
            "channels.telegram.groupPolicy=open -> allowlist",
            "channels.telegram.accounts.work.groupPolicy=open -> allowlist",
            "logging.redactSensitive=off -> tools"
        ])
    );
    let report = &v["report"];
    for check in FIXABLE {
        assert!(!ids(report).iter().any(|id| id == check), "{check} after --fix: {report}");
    }
    assert!(
        !ids(report).iter().any(|id| id == "security.exposure.open_groups_with_elevated"),
        "audited the fixed config"
    );
    for (path, want) in [
        (state.clone(), 0o700),
        (home.config_path(), 0o600),
        (state.join("extra.json5"), 0o600),
        (state.join("credentials"), 0o700),
        (state.join("credentials/telegram-allowFrom.json"), 0o600),
        (state.join("agents/main"), 0o700),
        (state.join("agents/main/agent"), 0o700),
        (state.join("agents/main/agent/auth-profiles.json"), 0o600),
        (state.join("agents/main/agent/openclaw-agent.sqlite"), 0o600),
        (state.join("agents/main/sessions"), 0o700),
        (state.join("agents/main/sessions/sessions.json"), 0o600),
        (state.join("agents/main/sessions/abc.jsonl"), 0o600),
    ] {
        assert_eq!(mode(&path), want, "{}", path.display());
    }
    let actions = fix["actions"].as_array().unwrap();
    let state_action = actions.iter().find(|a| a["path"] == state.display().to_string()).unwrap();
    assert_eq!(state_action["kind"], "chmod");
    assert_eq!(state_action["mode"], 448);
    assert!(actions.iter().any(|a| a["skipped"] == "missing"), "absent targets are reported as missing");
    let text = home.read_config().unwrap();
    assert!(text.contains("// kept: comments survive the fix"), "{text}");
    assert!(text.contains("\"allowlist\"") && text.contains("\"tools\""), "{text}");
    assert!(state.join("openclaw.json.bak").exists(), "a backup was rotated");

    let again = run(&home, &["security", "audit", "--fix", "--json"]).json();
    assert_eq!(again["fix"]["changes"], serde_json::json!([]), "{again}");
    assert_eq!(again["fix"]["configWritten"], false);
    let applied: Vec<&Value> = again["fix"]["actions"].as_array().unwrap().iter().filter(|a| a["ok"] == true).collect();
    assert!(applied.is_empty(), "second --fix changed {applied:?}");
    assert!(
        again["fix"]["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["skipped"] == "already" || a["skipped"] == "missing")
    );
}

#[test]
fn fix_never_loosens_and_never_follows_symlinks() {
    let home = TempHome::new().unwrap();
    home.write_config("{}").unwrap();
    let state = home.state_dir();
    let outside = home.home().join("outside.json");
    write(&outside, "{}", 0o644);
    std::fs::create_dir_all(state.join("credentials")).unwrap();
    chmod(&state.join("credentials"), 0o700);
    std::os::unix::fs::symlink(&outside, state.join("credentials/link.json")).unwrap();
    write(&state.join("agents/main/sessions/sessions.json"), "{}", 0o400);
    let v = run(&home, &["security", "audit", "--fix", "--json"]).json();
    assert_eq!(mode(&outside), 0o644, "the symlink target is untouched");
    assert_eq!(mode(&state.join("agents/main/sessions/sessions.json")), 0o400, "no bit is ever added");
    let actions = v["fix"]["actions"].as_array().unwrap();
    let store = actions.iter().find(|a| a["path"].as_str().unwrap().ends_with("sessions.json")).unwrap();
    assert_eq!(store["skipped"], "already");
}

#[test]
fn fix_text_lists_the_changes() {
    let home = messy_home();
    let out = run(&home, &["security", "audit", "--fix"]);
    assert!(out.ok(), "{}", out.all());
    assert!(out.stdout.contains("\nFIX\n"), "{}", out.stdout);
    assert!(out.stdout.contains("  channels.telegram.groupPolicy=open -> allowlist"), "{}", out.stdout);
    assert!(out.stdout.contains("  chmod 700 ~/.openclaw\n"), "{}", out.stdout);
    assert!(out.stdout.contains("(missing)"), "{}", out.stdout);
    let again = run(&home, &["security", "audit", "--fix"]);
    assert!(again.stdout.contains("Fixes: no changes applied"), "{}", again.stdout);
}
