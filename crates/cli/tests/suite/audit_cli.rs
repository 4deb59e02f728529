//! `security audit`: JSON shape, text grouping, exit codes, bad input and the `--deep` probe.

use std::os::unix::fs::PermissionsExt;

use openclaw_testkit::TempHome;
use serde_json::Value;

use super::run;

const TOKEN: &str = "b3f1c9d27e4a85f06c1d9e2ab47f3c8d51e6a0b9";

fn pairs(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (f["checkId"].as_str().unwrap_or("").to_owned(), f["severity"].as_str().unwrap_or("").to_owned())
                })
                .collect()
        })
        .unwrap_or_default()
}

fn has(report: &Value, check: &str, severity: &str) -> bool {
    pairs(report).iter().any(|(c, s)| c == check && s == severity)
}

#[test]
fn json_has_the_reference_top_level_shape() {
    let home = TempHome::new().unwrap();
    let out = run(&home, &["security", "audit", "--json"]);
    assert!(out.ok(), "{}", out.all());
    let v = out.json();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["ts", "summary", "findings", "secretDiagnostics"]);
    assert!(v["ts"].as_u64().unwrap() > 1_700_000_000_000, "epoch milliseconds");
    assert_eq!(v["secretDiagnostics"], serde_json::json!([]));
    for finding in v["findings"].as_array().unwrap() {
        let keys: Vec<&str> = finding.as_object().unwrap().keys().map(String::as_str).collect();
        assert!(keys.starts_with(&["checkId", "severity", "title", "detail"]), "{keys:?}");
        assert!(["critical", "warn", "info"].contains(&finding["severity"].as_str().unwrap()));
    }
    assert_eq!(v["findings"][0]["checkId"], "summary.attack_surface");
    assert!(has(&v, "gateway.loopback_no_auth", "critical"), "missing config audits the defaults");
    let count = |s: &str| v["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == s).count() as u64;
    assert_eq!(v["summary"]["critical"].as_u64(), Some(count("critical")));
    assert_eq!(v["summary"]["warn"].as_u64(), Some(count("warn")));
    assert_eq!(v["summary"]["info"].as_u64(), Some(count("info")));
}

#[test]
fn text_groups_by_severity_without_colours_off_a_terminal() {
    let home = TempHome::new().unwrap();
    home.write_config("{ gateway: { bind: 'lan' }, discovery: { mdns: { mode: 'full' } } }").unwrap();
    let out = run(&home, &["security", "audit"]);
    assert!(out.ok(), "critical findings do not change the exit status: {}", out.all());
    let text = &out.stdout;
    assert!(text.starts_with("OpenClaw security audit\nSummary: "), "{text}");
    let critical = text.find("\nCRITICAL\n").expect("CRITICAL group");
    let warn = text.find("\nWARN\n").expect("WARN group");
    let info = text.find("\nINFO\n").expect("INFO group");
    assert!(critical < warn && warn < info, "{text}");
    assert!(text.contains("gateway.bind_no_auth "), "{text}");
    assert!(text.contains("\n  Fix: "), "{text}");
    assert!(!text.contains('\u{1b}'), "no ANSI escapes when stdout is not a terminal");
}

#[test]
fn invalid_config_is_refused_with_the_reference_json_error() {
    let home = TempHome::new().unwrap();
    home.write_config("{ gateway: { bindd: 1 } }").unwrap();
    let out = run(&home, &["security", "audit", "--json"]);
    assert_eq!(out.status, Some(1), "{}", out.all());
    let v = out.json();
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["type"], "cli_error");
    assert!(v["error"]["message"].as_str().unwrap().starts_with("OpenClaw config is invalid: "), "{v}");
    assert!(!v["issues"].as_array().unwrap().is_empty(), "{v}");
    assert!(v["issues"][0]["path"].is_string() && v["issues"][0]["message"].is_string());
    assert!(out.stderr.contains("OpenClaw config is invalid"), "{}", out.stderr);

    home.write_config("{ gateway: ").unwrap();
    let syntax = run(&home, &["security", "audit", "--json"]);
    assert_eq!(syntax.status, Some(1));
    assert_eq!(syntax.json()["ok"], false);

    std::fs::remove_file(home.config_path()).unwrap();
    std::fs::create_dir(home.config_path()).unwrap();
    let dir = run(&home, &["security", "audit", "--json"]);
    assert_eq!(dir.status, Some(1), "config path is a directory: {}", dir.all());
    assert_eq!(dir.json()["ok"], false);
}

#[test]
fn bad_auth_arguments_are_usage_errors() {
    let home = TempHome::new().unwrap();
    let bogus = run(&home, &["security", "audit", "--json", "--auth", "bogus"]);
    assert_eq!(bogus.status, Some(1));
    assert_eq!(bogus.json()["ok"], false);
    assert_eq!(
        bogus.json()["error"]["message"],
        "Invalid --auth value. Expected \"none\", \"token\", \"password\", or \"trusted-proxy\"."
    );
    let no_token = run(&home, &["security", "audit", "--json", "--auth", "token"]);
    assert_eq!(no_token.status, Some(1));
    assert!(no_token.json()["error"]["message"].as_str().unwrap().contains("--token"));
    let text = run(&home, &["security", "audit", "--auth", "password"]);
    assert_eq!(text.status, Some(1));
    assert!(text.stderr.contains("--password"), "{}", text.stderr);
}

#[test]
fn auth_override_applies_to_this_run_only() {
    let home = TempHome::new().unwrap();
    let config = format!("{{ gateway: {{ auth: {{ mode: 'token', token: '{TOKEN}' }} }} }}");
    home.write_config(&config).unwrap();
    let plain = run(&home, &["security", "audit", "--json"]).json();
    assert!(!has(&plain, "gateway.http.no_auth", "warn"));
    let none = run(&home, &["security", "audit", "--json", "--auth", "none"]).json();
    assert!(has(&none, "gateway.http.no_auth", "warn"), "{none}");
    let short = run(&home, &["security", "audit", "--json", "--auth", "token", "--token", "abc"]).json();
    assert!(has(&short, "gateway.token_too_short", "warn"), "{short}");
    assert_eq!(home.read_config().unwrap(), config, "overrides are never written");
}

#[test]
fn documents_checks_and_unset_variables() {
    let home = TempHome::new().unwrap();
    home.write_config(
        "{ logging: { redactSensitive: 'off' }, gateway: { controlUi: { allowInsecureAuth: true }, auth: { mode: 'password', password: '${UNSET_GATEWAY_PW}' } } }",
    )
    .unwrap();
    let out = run(&home, &["security", "audit", "--json"]);
    assert!(out.ok(), "a missing variable leaves the value unresolved, like OpenClaw: {}", out.all());
    let v = out.json();
    assert!(has(&v, "logging.redact_off", "warn"), "{v}");
    assert!(has(&v, "gateway.control_ui.insecure_auth", "warn"), "{v}");
    assert!(has(&v, "gateway.loopback_no_auth", "critical"), "an unresolved password is no secret: {v}");
    assert!(!has(&v, "config.secrets.gateway_password_in_config", "warn"));
}

#[test]
fn loose_state_dir_is_reported() {
    let home = TempHome::new().unwrap();
    home.write_config("{}").unwrap();
    std::fs::set_permissions(home.state_dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let v = run(&home, &["security", "audit", "--json"]).json();
    assert!(has(&v, "fs.state_dir.perms_readable", "warn"), "{v}");
    let finding = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["checkId"] == "fs.state_dir.perms_readable")
        .unwrap()
        .clone();
    assert_eq!(finding["remediation"], format!("chmod 700 {}", home.state_dir().display()));
}

/// A port nothing listens on: bind an ephemeral port, then close it.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}

#[test]
fn deep_probe_of_a_closed_port_reports_the_failure() {
    let home = TempHome::new().unwrap();
    let port = closed_port();
    home.write_config(&format!("{{ gateway: {{ port: {port}, auth: {{ token: '{TOKEN}' }} }} }}")).unwrap();
    let v = run(&home, &["security", "audit", "--json", "--deep"]).json();
    let gateway = &v["deep"]["gateway"];
    assert_eq!(gateway["attempted"], true);
    assert_eq!(gateway["url"], format!("ws://127.0.0.1:{port}"));
    assert_eq!(gateway["ok"], false);
    assert!(gateway["error"].as_str().unwrap().contains("ECONNREFUSED"), "{gateway}");
    assert_eq!(gateway["close"]["code"], 1006);
    assert!(has(&v, "gateway.probe_failed", "warn"), "{v}");
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["ts", "summary", "findings", "deep", "secretDiagnostics"]);
}

/// Needs the reference gateway: start it with
/// `HOME=$H ~/.cache/openclaw-reference/2026.9.6/openclaw gateway run --port 18999 --allow-unconfigured`
/// (config `gateway.auth.token` = the token below), then run with `--ignored`.
#[test]
#[ignore = "needs a running reference gateway on 127.0.0.1:18999 with token openclaw-probe-token-0123456789abcdef"]
fn deep_probe_of_the_reference_gateway() {
    let home = TempHome::new().unwrap();
    home.write_config(
        "{ gateway: { port: 18999, auth: { mode: 'token', token: 'openclaw-probe-token-0123456789abcdef' } } }",
    )
    .unwrap();
    let v = run(&home, &["security", "audit", "--json", "--deep"]).json();
    let gateway = &v["deep"]["gateway"];
    assert_eq!(gateway["ok"], true, "{gateway}");
    assert_eq!(gateway["authAccepted"], true, "{gateway}");
    assert_eq!(gateway["authRequired"], true, "{gateway}");
    let wrong =
        run(&home, &["security", "audit", "--json", "--deep", "--token", "wrong-token-0123456789abcdefghij"]).json();
    assert_eq!(wrong["deep"]["gateway"]["ok"], false, "{wrong}");
    assert_eq!(wrong["deep"]["gateway"]["authAccepted"], false, "{wrong}");
}
