//! `openclaw access check`: the gate's decision, reason, agent and session key for a described
//! message, under real config and store files, with nothing written.

use openclaw_testkit::TempHome;
use serde_json::Value;

use super::run;

fn check(home: &TempHome, args: &[&str]) -> Value {
    let mut all = vec!["access", "check", "--json"];
    all.extend_from_slice(args);
    let out = run(home, &all);
    assert!(out.ok(), "{}", out.all());
    out.json()
}

fn home(config: &str) -> TempHome {
    let home = TempHome::new().unwrap();
    home.write_config(config).unwrap();
    home
}

#[test]
fn an_unknown_dm_sender_is_asked_to_pair_and_nothing_is_written() {
    let home = home("{ channels: { telegram: { dmPolicy: 'pairing' } }, session: { dmScope: 'per-channel-peer' } }");
    let out = check(&home, &["--channel", "telegram", "--sender", "123456", "--text", "hello"]);
    assert_eq!(out["decision"], "pairing", "{out}");
    assert_eq!(out["agentId"], "main");
    assert_eq!(out["sessionKey"], "agent:main:telegram:direct:123456");
    assert_eq!(out["isCommand"], false);
    assert!(!home.state_dir().join("credentials").exists(), "no pairing request was created");
}

#[test]
fn a_pairing_approval_in_the_store_lets_the_sender_in() {
    let home = home("{ channels: { telegram: { dmPolicy: 'pairing' } } }");
    let creds = home.state_dir().join("credentials");
    std::fs::create_dir_all(&creds).unwrap();
    std::fs::write(creds.join("telegram-default-allowFrom.json"), r#"{"version":1,"allowFrom":["123456"]}"#).unwrap();
    let out = check(&home, &["--channel", "telegram", "--sender", "123456", "--text", "/status"]);
    assert_eq!(out["decision"], "allow", "{out}");
    assert_eq!(out["isCommand"], true);
    assert_eq!(out["commandAuthorized"], true, "store approvals count for DM commands: {out}");
}

#[test]
fn open_dms_allow_everyone_and_commands_need_the_command_allowlist() {
    let home = home(
        "{ channels: { telegram: { dmPolicy: 'open', allowFrom: ['*'] } }, commands: { allowFrom: { telegram: ['7'] } } }",
    );
    let out = check(&home, &["--channel", "telegram", "--sender", "42", "--text", "/status"]);
    assert_eq!(out["decision"], "allow", "{out}");
    assert_eq!(out["isCommand"], true);
    assert_eq!(out["commandAuthorized"], false, "commands.allowFrom decides alone: {out}");
    let owner = check(&home, &["--channel", "telegram", "--sender", "7", "--text", "/status"]);
    assert_eq!(owner["commandAuthorized"], true, "{owner}");
}

#[test]
fn groups_need_an_allowlisted_sender_and_a_mention() {
    let home = home(
        "{ channels: { telegram: { groupPolicy: 'allowlist', groupAllowFrom: ['111'], groups: { '-100': { requireMention: true } } } } }",
    );
    let blocked = check(&home, &["--channel", "telegram", "--sender", "222", "--group=-100", "--mentioned"]);
    assert_eq!(blocked["decision"], "block", "{blocked}");
    assert_eq!(blocked["reasonCode"], "group_policy_not_allowlisted");
    let unmentioned = check(&home, &["--channel", "telegram", "--sender", "111", "--group=-100", "--text", "hi"]);
    assert_eq!(unmentioned["decision"], "block", "{unmentioned}");
    assert_eq!(unmentioned["reasonCode"], "mention_required");
    let ok = check(&home, &["--channel", "telegram", "--sender", "111", "--group=-100", "--mentioned"]);
    assert_eq!(ok["decision"], "allow", "{ok}");
    assert_eq!(ok["sessionKey"], "agent:main:telegram:group:-100");
}

#[test]
fn bindings_route_to_their_agent() {
    let home = home(
        "{ agents: { list: [{ id: 'main', default: true }, { id: 'work' }] }, \
           bindings: [{ agentId: 'work', match: { channel: 'slack' } }], \
           channels: { slack: { dmPolicy: 'open', allowFrom: ['*'] } }, session: { dmScope: 'per-peer' } }",
    );
    let out = check(&home, &["--channel", "slack", "--sender", "U123"]);
    assert_eq!(out["agentId"], "work", "{out}");
    assert_eq!(out["matchedBy"], "binding.account", "a channel binding without accountId covers the default account");
    assert_eq!(out["sessionKey"], "agent:work:direct:u123");
}

#[test]
fn bad_arguments_are_named() {
    let home = home("{}");
    let out = run(&home, &["access", "check", "--channel", "telegram", "--sender", "1", "--chat-type", "room"]);
    assert_eq!(out.status, Some(1));
    assert!(out.stderr.contains("--chat-type must be direct, group or channel"), "{}", out.stderr);
    let out = run(&home, &["access", "check", "--channel", "telegram", "--sender", "1", "--chat-type", "group"]);
    assert!(out.stderr.contains("--group is required"), "{}", out.stderr);
}
