//! `openclaw pairing list|approve` against real `credentials/` files: expired requests are not
//! shown (and are pruned), approving moves the sender into the right allowFrom file and consumes
//! the request, and the channel defaults to the only configured one.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use openclaw_policy::inbound::timestamp::format_iso_millis;
use openclaw_testkit::TempHome;
use serde_json::{Value, json};

use super::run;

fn now_ms() -> i64 {
    i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis()).unwrap()
}

fn request(id: &str, code: &str, age_minutes: i64, meta: Value) -> Value {
    let at = format_iso_millis(now_ms() - age_minutes * 60_000);
    json!({"id": id, "code": code, "createdAt": at, "lastSeenAt": at, "meta": meta})
}

fn credentials(home: &TempHome) -> PathBuf {
    home.state_dir().join("credentials")
}

/// Ann on the default account, Bob on `work`, and Cid whose request expired two hours ago.
fn home_with_requests(config: &str) -> TempHome {
    let home = TempHome::new().unwrap();
    home.write_config(config).unwrap();
    std::fs::create_dir_all(credentials(&home)).unwrap();
    let file = json!({"version": 1, "requests": [
        request("111", "ANNCODE2", 5, json!({"username": "@ann", "accountId": "default"})),
        request("222", "BOBCODE3", 2, json!({"accountId": "work"})),
        request("333", "CIDCODE4", 120, json!({"accountId": "default"})),
    ]});
    std::fs::write(credentials(&home).join("telegram-pairing.json"), file.to_string()).unwrap();
    home
}

fn read_json(path: PathBuf) -> Value {
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn codes(file: &Value) -> Vec<&str> {
    file["requests"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect()
}

#[test]
fn list_shows_live_requests_in_the_reference_json_shape_and_prunes_expired_ones() {
    let home = home_with_requests("{}");
    let out = run(&home, &["pairing", "list", "telegram", "--json"]);
    assert!(out.ok(), "{}", out.all());
    let listed = out.json();
    assert_eq!(listed["channel"], "telegram");
    let requests = listed["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2, "{listed}");
    assert_eq!(requests[0]["id"], "111", "oldest first: {listed}");
    assert_eq!(requests[0]["code"], "ANNCODE2");
    assert_eq!(requests[0]["meta"], json!({"username": "@ann", "accountId": "default"}));
    let keys: Vec<&String> = requests[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "code", "createdAt", "lastSeenAt", "meta"]);
    assert_eq!(codes(&read_json(credentials(&home).join("telegram-pairing.json"))), ["ANNCODE2", "BOBCODE3"]);

    let work = run(&home, &["pairing", "list", "--channel", "telegram", "--account", "work", "--json"]).json();
    assert_eq!(work["requests"].as_array().unwrap().len(), 1, "{work}");
    assert_eq!(work["requests"][0]["id"], "222");
}

#[test]
fn list_text_is_a_table_with_age_and_meta() {
    let home = home_with_requests("{}");
    let out = run(&home, &["pairing", "list", "telegram"]);
    assert!(out.ok(), "{}", out.all());
    assert!(out.stdout.starts_with("Pairing requests for telegram (2)\n"), "{}", out.stdout);
    let ann = out.stdout.lines().find(|l| l.starts_with("ANNCODE2")).unwrap_or_default();
    for part in ["111", "default", "5m ago", "username=@ann"] {
        assert!(ann.contains(part), "{part} missing from {ann:?}");
    }
    assert!(!ann.contains("accountId"), "the account has its own column: {ann:?}");
    assert!(!out.stdout.contains("CIDCODE4"), "expired requests are not listed");
}

#[test]
fn an_empty_channel_says_so_and_writes_nothing() {
    let home = TempHome::new().unwrap();
    home.write_config("{}").unwrap();
    let out = run(&home, &["pairing", "list", "discord"]);
    assert!(out.ok(), "{}", out.all());
    assert_eq!(out.stdout, "No pending discord pairing requests.\n");
    assert!(!credentials(&home).exists(), "listing must not create the credentials dir");
}

#[test]
fn approve_moves_the_sender_to_the_request_accounts_allow_from_and_consumes_the_request() {
    let home = home_with_requests("{}");
    let out = run(&home, &["pairing", "approve", "telegram", "anncode2"]);
    assert!(out.ok(), "{}", out.all());
    assert_eq!(out.stdout.lines().next(), Some("Approved telegram sender 111."), "{}", out.stdout);
    assert!(out.stdout.contains("account default"), "{}", out.stdout);
    let allow = read_json(credentials(&home).join("telegram-default-allowFrom.json"));
    assert_eq!(allow["allowFrom"], json!(["111"]));
    assert_eq!(codes(&read_json(credentials(&home).join("telegram-pairing.json"))), ["BOBCODE3"]);

    let out = run(&home, &["pairing", "approve", "--channel", "telegram", "BOBCODE3"]);
    assert!(out.ok(), "{}", out.all());
    assert!(out.stdout.starts_with("Approved telegram sender 222."), "{}", out.stdout);
    let allow = read_json(credentials(&home).join("telegram-work-allowFrom.json"));
    assert_eq!(allow["allowFrom"], json!(["222"]));
    assert!(codes(&read_json(credentials(&home).join("telegram-pairing.json"))).is_empty());
}

#[test]
fn approve_with_an_account_only_matches_that_accounts_requests() {
    let home = home_with_requests("{}");
    let out = run(&home, &["pairing", "approve", "telegram", "BOBCODE3", "--account", "default"]);
    assert_eq!(out.status, Some(1), "{}", out.all());
    assert!(out.stderr.contains("No pending pairing request found for code: BOBCODE3"), "{}", out.stderr);
    let out = run(&home, &["pairing", "approve", "telegram", "BOBCODE3", "--account", "work"]);
    assert!(out.ok(), "{}", out.all());
    assert!(credentials(&home).join("telegram-work-allowFrom.json").exists());
}

#[test]
fn unknown_and_expired_codes_fail_and_allow_nobody() {
    let home = home_with_requests("{}");
    for code in ["ZZZZZZZZ", "CIDCODE4"] {
        let out = run(&home, &["pairing", "approve", "telegram", code]);
        assert_eq!(out.status, Some(1), "{}", out.all());
        assert!(out.stderr.contains(&format!("No pending pairing request found for code: {code}")), "{}", out.stderr);
    }
    assert!(!credentials(&home).join("telegram-default-allowFrom.json").exists());
    assert!(!credentials(&home).join("telegram-allowFrom.json").exists());
}

#[test]
fn the_only_configured_channel_is_the_default() {
    let home = home_with_requests("{ channels: { telegram: { dmPolicy: 'pairing' } } }");
    let listed = run(&home, &["pairing", "list", "--json"]).json();
    assert_eq!(listed["channel"], "telegram", "{listed}");
    let out = run(&home, &["pairing", "approve", "ANNCODE2"]);
    assert!(out.ok(), "{}", out.all());
    assert!(out.stdout.starts_with("Approved telegram sender 111."), "{}", out.stdout);
}

#[test]
fn the_channel_is_required_when_ambiguous_and_must_be_a_channel_name() {
    let home = home_with_requests("{ channels: { telegram: {}, discord: {} } }");
    let out = run(&home, &["pairing", "list"]);
    assert_eq!(out.status, Some(1), "{}", out.all());
    assert!(out.stderr.contains("Channel required"), "{}", out.stderr);
    assert!(out.stderr.contains("discord, telegram"), "{}", out.stderr);
    let out = run(&home, &["pairing", "list", "../etc"]);
    assert_eq!(out.status, Some(1), "{}", out.all());
    assert!(out.stderr.contains("Invalid channel: ../etc"), "{}", out.stderr);
    let out = run(&home, &["pairing", "approve", "--channel", "telegram", "telegram", "ANNCODE2"]);
    assert_eq!(out.status, Some(1), "{}", out.all());
    assert!(!credentials(&home).join("telegram-default-allowFrom.json").exists());
}
