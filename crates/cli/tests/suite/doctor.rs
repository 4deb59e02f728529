//! `doctor`: finds loose permissions and invalid config, `--fix` repairs safely,
//! `--generate-gateway-token` writes a 256-bit token.

use std::os::unix::fs::PermissionsExt;

use openclaw_testkit::TempHome;

use super::{mode, run};

fn chmod(path: &std::path::Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn loose_permissions_are_reported_and_fixed_idempotently() {
    let home = TempHome::new().unwrap();
    assert!(run(&home, &["setup"]).ok());
    let state = home.state_dir();
    std::fs::create_dir_all(state.join("credentials")).unwrap();
    std::fs::write(state.join("credentials/telegram-allowFrom.json"), "{\"version\":1,\"allowFrom\":[]}").unwrap();
    chmod(&state, 0o755);
    chmod(&home.config_path(), 0o644);
    chmod(&state.join("credentials/telegram-allowFrom.json"), 0o666);

    let out = run(&home, &["doctor", "--json"]);
    assert_eq!(out.status, Some(1), "{}", out.all());
    let findings = out.json()["findings"].to_string();
    assert!(findings.contains("openclaw.json"), "{findings}");
    assert!(findings.contains("telegram-allowFrom.json"), "{findings}");

    let fixed = run(&home, &["doctor", "--fix", "--json"]);
    assert!(fixed.ok(), "{}", fixed.all());
    assert!(!fixed.json()["fixed"].as_array().unwrap().is_empty());
    assert_eq!(mode(&state), 0o700);
    assert_eq!(mode(&home.config_path()), 0o600);
    assert_eq!(mode(&state.join("credentials/telegram-allowFrom.json")), 0o600);

    let again = run(&home, &["doctor", "--fix", "--json"]);
    assert!(again.ok(), "{}", again.all());
    assert_eq!(again.json()["fixed"], serde_json::json!([]), "second --fix changes nothing");
}

#[test]
fn fix_removes_unknown_keys_after_a_backup() {
    let home = TempHome::new().unwrap();
    home.write_config("{\n  // keep me\n  gateway: { port: 18789, bnd: 'lan' },\n  nope: 1,\n}\n").unwrap();
    assert_eq!(run(&home, &["doctor"]).status, Some(1));
    let out = run(&home, &["doctor", "--fix"]);
    assert!(out.all().contains("removed unknown config keys"), "{}", out.all());
    let text = home.read_config().unwrap();
    assert!(text.contains("// keep me") && !text.contains("bnd") && !text.contains("nope"), "{text}");
    assert!(home.state_dir().join("openclaw.json.bak").exists());
    assert!(run(&home, &["config", "validate"]).ok());
}

#[test]
fn generate_gateway_token_writes_256_bits() {
    let home = TempHome::new().unwrap();
    home.write_config("{ gateway: { mode: 'local' } }").unwrap();
    let out = run(&home, &["doctor", "--generate-gateway-token"]);
    assert!(out.ok(), "{}", out.all());
    let text = home.read_config().unwrap();
    let parsed = openclaw_config::syntax::parse(&text).unwrap().value;
    let token = parsed["gateway"]["auth"]["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 64);
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(out.stdout.contains(&token));
    assert_eq!(mode(&home.config_path()), 0o600);
}
