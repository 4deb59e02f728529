//! `setup`: the README's first command creates a private state dir and a hardened config.

use openclaw_testkit::TempHome;

use super::{mode, run};

#[test]
fn setup_creates_a_hardened_private_state() {
    let home = TempHome::new().unwrap();
    let out = run(&home, &["setup"]);
    assert!(out.ok(), "{}", out.all());
    assert_eq!(mode(&home.state_dir()), 0o700);
    assert_eq!(mode(&home.config_path()), 0o600);
    for sub in ["credentials", "logs", "agents/main/agent", "agents/main/sessions"] {
        assert_eq!(mode(&home.state_dir().join(sub)), 0o700, "{sub}");
    }
    let get = |p: &str| run(&home, &["config", "get", p]).stdout.trim().to_owned();
    assert_eq!(get("gateway.bind"), "loopback");
    assert_eq!(get("gateway.auth.mode"), "token");
    assert_eq!(get("session.dmScope"), "per-channel-peer");
    assert_eq!(get("tools.exec.security"), "deny");
    assert!(run(&home, &["doctor"]).ok(), "{}", run(&home, &["doctor"]).all());
}

#[test]
fn setup_keeps_an_existing_config() {
    let home = TempHome::new().unwrap();
    let original = "// mine\n{ gateway: { port: 12345 } }\n";
    home.write_config(original).unwrap();
    let out = run(&home, &["setup"]);
    assert!(out.ok(), "{}", out.all());
    assert!(out.stdout.contains("Kept existing config"));
    assert_eq!(home.read_config().unwrap(), original);
}
