//! `config validate`: the security document's examples pass; each kind of mistake fails with a
//! message naming the file:line:column or the key path.

use std::path::Path;

use openclaw_testkit::TempHome;

use super::{BIN, run};

fn validate(home: &TempHome, text: &str) -> openclaw_testkit::Run {
    home.write_config(text).unwrap();
    run(home, &["config", "validate"])
}

#[test]
fn every_example_of_the_security_document_is_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/security-examples");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    assert!(names.len() >= 15, "expected the extracted examples, found {}", names.len());
    for path in names {
        let home = TempHome::new().unwrap();
        home.write_config(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let out = home
            .command(BIN)
            .env("OPENCLAW_GATEWAY_PASSWORD", "a-long-test-password")
            .args(["config", "validate", "--json"])
            .output()
            .unwrap();
        let out = openclaw_testkit::Run::from(out);
        assert!(out.ok(), "{} should be valid:\n{}", path.display(), out.all());
        assert_eq!(out.json()["valid"], true, "{}", path.display());
    }
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let home = TempHome::new().unwrap();
    let out = validate(&home, "{\n  gateway: {\n    port: 18789,\n    bind: 'loopback'\n    auth: }\n}\n");
    assert_eq!(out.status, Some(1), "{}", out.all());
    assert!(out.stdout.contains("openclaw.json:5:"), "{}", out.all());
    assert!(out.stdout.contains("JSON5 syntax error"), "{}", out.all());
}

#[test]
fn unknown_key_is_rejected_with_a_suggestion() {
    let home = TempHome::new().unwrap();
    let out = validate(&home, "{\n  gateway: {\n    bnd: 'loopback',\n  },\n}\n");
    assert_eq!(out.status, Some(1), "{}", out.all());
    assert!(out.stdout.contains("\"bnd\""), "{}", out.all());
    assert!(out.stdout.contains("did you mean \"bind\""), "{}", out.all());
    assert!(out.stdout.contains("openclaw.json:3:5"), "{}", out.all());
}

#[test]
fn wrong_type_names_the_key_path_and_what_was_expected() {
    let home = TempHome::new().unwrap();
    let out = validate(&home, "{ gateway: { port: 'eighty' } }");
    assert_eq!(out.status, Some(1), "{}", out.all());
    assert!(out.stdout.contains("gateway.port"), "{}", out.all());
    assert!(out.stdout.contains("expected integer") || out.stdout.contains("expected number"), "{}", out.all());
}

#[test]
fn open_dm_policy_without_star_is_rejected() {
    let home = TempHome::new().unwrap();
    let out = validate(&home, "{ channels: { telegram: { dmPolicy: 'open', allowFrom: ['123'] } } }");
    assert_eq!(out.status, Some(1), "{}", out.all());
    assert!(out.stdout.contains("channels.telegram.allowFrom"), "{}", out.all());
    assert!(out.stdout.contains("\"*\""), "{}", out.all());
    let ok = validate(&home, "{ channels: { telegram: { dmPolicy: 'open', allowFrom: ['*'] } } }");
    assert!(ok.ok(), "{}", ok.all());
}

#[test]
fn missing_env_var_is_an_error_naming_the_path() {
    let home = TempHome::new().unwrap();
    let out = validate(&home, "{ gateway: { auth: { token: '${OPENCLAW_TEST_NOPE}' } } }");
    assert_eq!(out.status, Some(1), "{}", out.all());
    assert!(out.stdout.contains("gateway.auth.token"), "{}", out.all());
    assert!(out.stdout.contains("OPENCLAW_TEST_NOPE"), "{}", out.all());
    let set =
        home.command(BIN).env("OPENCLAW_TEST_NOPE", "x".repeat(40)).args(["config", "validate"]).output().unwrap();
    assert!(set.status.success());
}

#[test]
fn include_cycle_is_reported_with_the_chain() {
    let home = TempHome::new().unwrap();
    std::fs::create_dir_all(home.state_dir()).unwrap();
    std::fs::write(home.state_dir().join("a.json5"), "{ $include: './b.json5' }").unwrap();
    std::fs::write(home.state_dir().join("b.json5"), "{ $include: './a.json5' }").unwrap();
    let out = validate(&home, "{ $include: './a.json5' }");
    assert_eq!(out.status, Some(1), "{}", out.all());
    assert!(out.stdout.contains("include cycle"), "{}", out.all());
    assert!(out.stdout.contains("a.json5 -> "), "{}", out.all());
}

#[test]
fn several_errors_are_reported_together_in_json() {
    let home = TempHome::new().unwrap();
    home.write_config("{ gateway: { port: 'x', bnd: 1 }, nope: true }").unwrap();
    let out = run(&home, &["config", "validate", "--json"]);
    assert_eq!(out.status, Some(1));
    let v = out.json();
    assert_eq!(v["valid"], false);
    let paths: Vec<&str> = v["issues"].as_array().unwrap().iter().map(|i| i["path"].as_str().unwrap()).collect();
    assert!(paths.len() >= 3, "{paths:?}");
    assert!(paths.iter().any(|p| p.starts_with("gateway.port")), "{paths:?}");
}

#[test]
fn reference_keys_not_acted_on_are_accepted_and_named() {
    let home = TempHome::new().unwrap();
    home.write_config("{ ui: { seamColor: '#ff0000' } }").unwrap();
    let out = run(&home, &["config", "validate", "--json"]);
    assert!(out.ok(), "{}", out.all());
    let unsupported = out.json()["unsupported"].clone();
    assert!(unsupported.as_array().unwrap().iter().any(|p| p.as_str().unwrap().starts_with("ui")), "{unsupported}");
}

#[test]
fn missing_config_is_valid_defaults() {
    let home = TempHome::new().unwrap();
    let out = run(&home, &["config", "validate"]);
    assert!(out.ok(), "{}", out.all());
    assert!(out.stdout.contains("defaults apply"), "{}", out.all());
}
