//! Location rules: `--profile`, `--dev`, `OPENCLAW_STATE_DIR`, `OPENCLAW_CONFIG_PATH`.

use openclaw_testkit::TempHome;

use super::{BIN, run};

#[test]
fn config_file_follows_profile_and_env() {
    let home = TempHome::new().unwrap();
    let h = home.home().display().to_string();
    assert_eq!(run(&home, &["config", "file"]).stdout.trim(), format!("{h}/.openclaw/openclaw.json"));
    assert_eq!(
        run(&home, &["--profile", "work", "config", "file"]).stdout.trim(),
        format!("{h}/.openclaw-work/openclaw.json")
    );
    assert_eq!(run(&home, &["--dev", "config", "file"]).stdout.trim(), format!("{h}/.openclaw-dev/openclaw.json"));
    let out = home.command(BIN).env("OPENCLAW_STATE_DIR", "/srv/oc").args(["config", "file"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "/srv/oc/openclaw.json");
    let out = home.command(BIN).env("OPENCLAW_CONFIG_PATH", "/etc/oc.json5").args(["config", "file"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "/etc/oc.json5");
    let bad = run(&home, &["--dev", "--profile", "x", "config", "file"]);
    assert_eq!(bad.status, Some(1));
    assert!(bad.stderr.contains("cannot combine --dev with --profile"), "{}", bad.all());
}

#[test]
fn profiles_keep_state_apart() {
    let home = TempHome::new().unwrap();
    assert!(run(&home, &["--profile", "work", "setup"]).ok());
    assert!(home.home().join(".openclaw-work/openclaw.json").exists());
    assert!(!home.config_path().exists());
}

#[test]
fn version_and_help() {
    let home = TempHome::new().unwrap();
    let v = run(&home, &["--version"]);
    assert!(v.ok() && v.stdout.starts_with("openclaw "), "{}", v.all());
    let help = run(&home, &["--help"]);
    for cmd in ["setup", "config", "doctor"] {
        assert!(help.stdout.contains(cmd), "{}", help.stdout);
    }
}
