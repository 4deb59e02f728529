//! `openclaw pairing list|approve` against real `credentials/` files: expired requests are not
//! shown (and are pruned), approving moves the sender into the right allowFrom file and consumes
//! the request, and the channel defaults to the only configured one. `--notify` sends OpenClaw's
//! approval notice through the channel API (local fakes here) and only warns when it cannot.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use openclaw_policy::inbound::timestamp::format_iso_millis;
use openclaw_testkit::TempHome;
use openclaw_testkit::fake_channels::{ChannelApi, ChannelReply, FakeChannelServer, RecordedRequest};
use serde_json::{Value, json};

use super::{run, run_env};

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

const APPROVED_MESSAGE: &str = "✅ OpenClaw access approved. Send a message to start chatting.";
const TG_CANARY: &str = "123456:CANARY-cli-telegram-token";

fn telegram_send(token: &str, chat_id: &str) -> RecordedRequest {
    RecordedRequest {
        method: "POST".to_owned(),
        path: format!("/bot{token}/sendMessage"),
        authorization: None,
        content_type: Some("application/json".to_owned()),
        body: json!({"chat_id": chat_id, "text": APPROVED_MESSAGE}),
    }
}

#[test]
fn notify_sends_the_approval_notice_to_the_approved_sender_with_the_accounts_token() {
    let config = format!(
        "{{ channels: {{ telegram: {{ botToken: '{TG_CANARY}', accounts: {{ work: {{ botToken: {{ source: 'env', provider: 'default', id: 'WORK_TG' }} }} }} }} }} }}"
    );
    let home = home_with_requests(&config);
    let fake = FakeChannelServer::start(ChannelApi::Telegram, vec![]);
    let base = fake.base_url();
    let env = [("OPENCLAW_TELEGRAM_API_BASE", base.as_str()), ("WORK_TG", "777:work-token")];

    let out = run_env(&home, &["pairing", "approve", "telegram", "ANNCODE2", "--notify"], &env);
    assert!(out.ok(), "{}", out.all());
    assert_eq!(out.stdout.lines().next(), Some("Approved telegram sender 111."), "{}", out.stdout);
    assert!(!out.all().contains("Failed to notify"), "{}", out.all());

    // Bob asked on account `work`, so its bot (token from an env SecretRef) tells him.
    let out = run_env(
        &home,
        &["pairing", "approve", "--channel", "telegram", "BOBCODE3", "--account", "work", "--notify"],
        &env,
    );
    assert!(out.ok(), "{}", out.all());
    assert!(!out.all().contains("Failed to notify"), "{}", out.all());
    assert_eq!(fake.requests(), [telegram_send(TG_CANARY, "111"), telegram_send("777:work-token", "222")]);
}

#[test]
fn without_notify_nothing_is_sent() {
    let home = home_with_requests(&format!("{{ channels: {{ telegram: {{ botToken: '{TG_CANARY}' }} }} }}"));
    let fake = FakeChannelServer::start(ChannelApi::Telegram, vec![]);
    let out = run_env(
        &home,
        &["pairing", "approve", "telegram", "ANNCODE2"],
        &[("OPENCLAW_TELEGRAM_API_BASE", &fake.base_url())],
    );
    assert!(out.ok(), "{}", out.all());
    assert!(fake.requests().is_empty());
}

#[test]
fn notify_on_a_channel_without_a_notice_sender_warns_and_still_approves() {
    let home = TempHome::new().unwrap();
    home.write_config("{}").unwrap();
    std::fs::create_dir_all(credentials(&home)).unwrap();
    let file = json!({"version": 1, "requests": [request("+15550001", "SIGCODE2", 1, json!({}))]});
    std::fs::write(credentials(&home).join("signal-pairing.json"), file.to_string()).unwrap();

    let out = run(&home, &["pairing", "approve", "signal", "SIGCODE2", "--notify"]);
    assert!(out.ok(), "{}", out.all());
    assert_eq!(out.stdout.lines().next(), Some("Approved signal sender +15550001."), "{}", out.stdout);
    assert_eq!(
        out.stdout.lines().last(),
        Some("Failed to notify requester: approval notices for signal are not available in this build"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Added to the signal allowFrom store"), "{}", out.stdout);
}

#[test]
fn a_failing_api_is_a_warning_with_its_reason_and_never_shows_the_token() {
    let home = home_with_requests(&format!(
        "{{ channels: {{ telegram: {{ botToken: '{TG_CANARY}', accounts: {{ work: {{ botToken: '{TG_CANARY}' }} }} }} }} }}"
    ));
    let fake =
        FakeChannelServer::start(ChannelApi::Telegram, vec![ChannelReply::error(400, "Bad Request: chat not found")]);
    let base = fake.base_url();
    let out = run_env(
        &home,
        &["pairing", "approve", "telegram", "ANNCODE2", "--notify"],
        &[("OPENCLAW_TELEGRAM_API_BASE", &base)],
    );
    assert!(out.ok(), "{}", out.all());
    assert_eq!(
        out.stdout.lines().last(),
        Some("Failed to notify requester: telegram: Bad Request: chat not found (HTTP 400)"),
        "{}",
        out.stdout
    );
    assert!(!out.all().contains("CANARY"), "token leaked: {}", out.all());
    assert_eq!(read_json(credentials(&home).join("telegram-default-allowFrom.json"))["allowFrom"], json!(["111"]));

    // An API that cannot be reached: the URL (which holds the token) is quoted redacted.
    drop(fake);
    let out = run_env(
        &home,
        &["pairing", "approve", "telegram", "BOBCODE3", "--notify"],
        &[("OPENCLAW_TELEGRAM_API_BASE", &base)],
    );
    assert!(out.ok(), "{}", out.all());
    assert!(out.stdout.contains("Failed to notify requester: telegram: cannot reach the API"), "{}", out.stdout);
    assert!(!out.all().contains("CANARY"), "token leaked: {}", out.all());
}

#[test]
fn notify_without_a_token_says_which_channel_lacks_one() {
    let home = home_with_requests("{}");
    let out = run(&home, &["pairing", "approve", "telegram", "ANNCODE2", "--notify"]);
    assert!(out.ok(), "{}", out.all());
    assert_eq!(out.stdout.lines().last(), Some("Failed to notify requester: telegram token not configured"));
}

#[test]
fn discord_and_slack_notices_use_the_default_accounts_env_token() {
    for (channel, api, env_var, base_var) in [
        ("discord", ChannelApi::Discord, "DISCORD_BOT_TOKEN", "OPENCLAW_DISCORD_API_BASE"),
        ("slack", ChannelApi::Slack, "SLACK_BOT_TOKEN", "OPENCLAW_SLACK_API_BASE"),
    ] {
        let home = TempHome::new().unwrap();
        home.write_config("{}").unwrap();
        std::fs::create_dir_all(credentials(&home)).unwrap();
        let file = json!({"version": 1, "requests": [request("U42", "DMSCODE2", 1, json!({}))]});
        std::fs::write(credentials(&home).join(format!("{channel}-pairing.json")), file.to_string()).unwrap();
        let fake = FakeChannelServer::start(api, vec![]);
        let base = fake.base_url();
        let env = [(env_var, "env-token"), (base_var, base.as_str())];
        let out = run_env(&home, &["pairing", "approve", channel, "DMSCODE2", "--notify"], &env);
        assert!(out.ok(), "{}", out.all());
        assert!(!out.all().contains("Failed to notify"), "{channel}: {}", out.all());
        let requests = fake.requests();
        assert_eq!(requests.len(), 2, "{channel}: {requests:?}");
        assert!(requests[0].authorization.as_deref().is_some_and(|a| a.ends_with(" env-token")), "{requests:?}");
        assert!(requests[1].body.to_string().contains("OpenClaw access approved"), "{requests:?}");
    }
}
