//! Session key rules, one table row per rule, plus the isolation property: distinct peers never
//! share a session unless `identityLinks` joins them.

use proptest::prelude::*;

use super::*;

fn links(entries: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    entries.iter().map(|(c, ids)| ((*c).to_owned(), ids.iter().map(|i| (*i).to_owned()).collect())).collect()
}

fn key(scope: DmScope, channel: &str, account: Option<&str>, kind: PeerKind, peer: Option<&str>) -> String {
    peer_session_key(&PeerKeyParams {
        agent_id: "main",
        channel,
        account_id: account,
        peer_kind: kind,
        peer_id: peer,
        dm_scope: scope,
        identity_links: &[],
    })
}

#[test]
fn agent_ids_are_normalised() {
    #[rustfmt::skip]
    let cases = [
        ("blank is the default agent", "   ", "main"),
        ("valid ids are lowercased", " Research ", "research"),
        ("invalid runs become one dash", "My Agent!!x", "my-agent-x"),
        ("leading and trailing dashes are trimmed", "--ops--", "ops"),
        ("nothing usable is the default agent", "!!!", "main"),
        ("a leading underscore survives the fallback", "_x y", "_x-y"),
        ("ids are cut at 64 characters", &"a".repeat(70), &"a".repeat(64)),
        ("non-ASCII letters become dashes", "Zoë", "zo"),
        ("the Kelvin sign folds to k, as in JavaScript", "\u{212A}ey", "key"),
    ];
    for (rule, raw, expected) in cases {
        assert_eq!(normalize_agent_id(raw), expected, "{rule}");
    }
}

#[test]
fn account_ids_are_normalised() {
    #[rustfmt::skip]
    let cases = [
        ("missing is the default account", None, "default", None),
        ("blank is the default account", Some("   "), "default", None),
        ("valid ids are lowercased", Some("  Business_1  "), "business_1", Some("business_1")),
        ("invalid characters are collapsed", Some(" Prod/US East "), "prod-us-east", Some("prod-us-east")),
        ("nothing usable is the default account", Some(" !!! "), "default", None),
        ("__proto__ is refused", Some("__proto__"), "default", None),
        ("constructor is refused", Some("constructor"), "default", None),
        ("prototype is refused", Some("prototype"), "default", None),
    ];
    for (rule, raw, expected, optional) in cases {
        assert_eq!(normalize_account_id(raw), expected, "{rule}");
        assert_eq!(normalize_optional_account_id(raw).as_deref(), optional, "{rule} (optional)");
    }
}

#[test]
fn dm_keys_follow_the_dm_scope() {
    use DmScope::*;
    use PeerKind::*;
    #[rustfmt::skip]
    let cases = [
        ("main collapses every DM", Main, "whatsapp", None, Some("+15551234567"), "agent:main:main"),
        ("per-peer isolates by sender", PerPeer, "whatsapp", None, Some("+15551234567"), "agent:main:direct:+15551234567"),
        ("per-channel-peer adds the channel", PerChannelPeer, "whatsapp", None, Some("+15551234567"), "agent:main:whatsapp:direct:+15551234567"),
        ("per-account-channel-peer adds the account", PerAccountChannelPeer, "telegram", Some("tasks"), Some("7550356539"), "agent:main:telegram:tasks:direct:7550356539"),
        ("per-account-channel-peer defaults the account", PerAccountChannelPeer, "telegram", None, Some("7550356539"), "agent:main:telegram:default:direct:7550356539"),
        ("an empty DM peer is the main session", PerPeer, "telegram", None, Some("  "), "agent:main:main"),
        ("a missing DM peer is the main session", PerChannelPeer, "telegram", None, None, "agent:main:main"),
        ("keys are lowercased", PerChannelPeer, " Discord ", None, Some("UserABC"), "agent:main:discord:direct:userabc"),
        ("a blank channel is unknown", PerChannelPeer, " ", None, Some("u1"), "agent:main:unknown:direct:u1"),
    ];
    for (rule, scope, channel, account, peer, expected) in cases {
        assert_eq!(key(scope, channel, account, Direct, peer), expected, "{rule}");
    }
}

#[test]
fn group_and_channel_keys_are_never_dm_scoped() {
    use PeerKind::*;
    #[rustfmt::skip]
    let cases = [
        ("a group gets its own key", Group, "telegram", Some("-100123"), "agent:main:telegram:group:-100123"),
        ("a channel gets its own key", Channel, "discord", Some("C1"), "agent:main:discord:channel:c1"),
        ("a blank group id is unknown, not main", Channel, "discord", Some(""), "agent:main:discord:channel:unknown"),
        ("a telegram topic is part of the peer id", Group, "telegram", Some(&telegram_topic_peer_id("-100123", Some("42"))), "agent:main:telegram:group:-100123:topic:42"),
    ];
    for (rule, kind, channel, peer, expected) in cases {
        assert_eq!(key(DmScope::Main, channel, None, kind, peer), expected, "{rule}");
        assert_eq!(key(DmScope::PerAccountChannelPeer, channel, None, kind, peer), expected, "{rule} (scope ignored)");
    }
}

#[test]
fn identity_links_collapse_one_person_outside_main() {
    let links = links(&[("alice", &["telegram:111111111", "discord:222222222222222222"]), ("bob", &["333"])]);
    let build = |scope, channel: &str, peer: &str| {
        peer_session_key(&PeerKeyParams {
            agent_id: "main",
            channel,
            account_id: None,
            peer_kind: PeerKind::Direct,
            peer_id: Some(peer),
            dm_scope: scope,
            identity_links: &links,
        })
    };
    #[rustfmt::skip]
    let cases = [
        ("a channel-scoped link applies with per-peer", DmScope::PerPeer, "telegram", "111111111", "agent:main:direct:alice"),
        ("a channel-scoped link applies with per-channel-peer", DmScope::PerChannelPeer, "discord", "222222222222222222", "agent:main:discord:direct:alice"),
        ("a bare id links on any channel", DmScope::PerPeer, "signal", "333", "agent:main:direct:bob"),
        ("a channel-scoped link does not apply on another channel", DmScope::PerPeer, "signal", "111111111", "agent:main:direct:111111111"),
        ("links are ignored with dmScope=main", DmScope::Main, "telegram", "111111111", "agent:main:main"),
    ];
    for (rule, scope, channel, peer, expected) in cases {
        assert_eq!(build(scope, channel, peer), expected, "{rule}");
    }
}

#[test]
fn the_first_canonical_listing_a_peer_wins() {
    let links = links(&[("  ", &["u1"]), ("first", &["U1"]), ("second", &["u1"])]);
    assert_eq!(linked_peer_id(&links, "irc", "u1").as_deref(), Some("first"));
    assert_eq!(linked_peer_id(&links, "irc", " "), None);
}

#[test]
fn thread_keys_append_the_thread() {
    assert_eq!(
        thread_session_key("agent:main:slack:channel:c1", Some("1700.55")),
        "agent:main:slack:channel:c1:thread:1700.55"
    );
    assert_eq!(
        thread_session_key("agent:main:discord:channel:c1", Some(" ABC ")),
        "agent:main:discord:channel:c1:thread:abc"
    );
    assert_eq!(thread_session_key("agent:main:main", Some("  ")), "agent:main:main");
    assert_eq!(thread_session_key("agent:main:main", None), "agent:main:main");
    assert_eq!(telegram_topic_peer_id("-100", None), "-100");
}

#[test]
fn thread_parents_are_found() {
    #[rustfmt::skip]
    let cases = [
        ("a thread hangs off its channel", "agent:main:slack:channel:c1:thread:t1", Some("agent:main:slack:channel:c1")),
        ("a topic hangs off its group", "agent:main:telegram:group:-100:topic:7", Some("agent:main:telegram:group:-100")),
        ("the last marker wins", "agent:main:x:group:g:topic:1:thread:2", Some("agent:main:x:group:g:topic:1")),
        ("markers are case-insensitive", "Agent:Main:X:Channel:C:THREAD:t", Some("Agent:Main:X:Channel:C")),
        ("a key without a marker has no parent", "agent:main:main", None),
        ("a leading marker has no parent", ":thread:x", None),
    ];
    for (rule, key, expected) in cases {
        assert_eq!(thread_parent_session_key(key).as_deref(), expected, "{rule}");
    }
}

#[test]
fn agent_keys_parse_case_insensitively() {
    let parsed = |k: &str| parse_agent_session_key(k).map(|p| (p.agent_id, p.rest));
    assert_eq!(parsed("AGENT:Main:Hook:Webhook:42"), Some(("main".to_owned(), "hook:webhook:42".to_owned())));
    assert_eq!(parsed("agent:main:main"), Some(("main".to_owned(), "main".to_owned())));
    assert_eq!(parsed("agent:main::x"), Some(("main".to_owned(), "x".to_owned())));
    assert_eq!(parsed("agent::broken"), None);
    assert_eq!(parsed("agent:main"), None);
    assert_eq!(parsed("main"), None);
    assert_eq!(parsed(""), None);
}

#[test]
fn key_shapes_are_classified() {
    use SessionKeyShape::*;
    #[rustfmt::skip]
    let cases = [
        ("blank is missing", "   ", Missing),
        ("an agent key", "agent:main:main", Agent),
        ("a subagent key", "agent:research:subagent:worker", Agent),
        ("legacy :dm: keys are agent keys", "agent:main:telegram:dm:123456", Agent),
        ("an agent key without rest is malformed", "agent:main", MalformedAgent),
        ("an agent key without id is malformed", "agent::broken", MalformedAgent),
        ("a bare main is legacy", "main", LegacyOrAlias),
        ("a bare subagent key is legacy", "subagent:worker", LegacyOrAlias),
    ];
    for (rule, key, expected) in cases {
        assert_eq!(classify_session_key(key), expected, "{rule}");
    }
}

#[test]
fn store_keys_are_agent_scoped() {
    #[rustfmt::skip]
    let cases = [
        ("main is the agent's main key", "Ops", Some("MAIN"), "agent:ops:main"),
        ("blank is the agent's main key", "ops", None, "agent:ops:main"),
        ("agent keys are not double-prefixed", "main", Some("agent:main:main"), "agent:main:main"),
        ("agent keys keep their own agent", "ops", Some("Agent:Research:Cron:Job"), "agent:research:cron:job"),
        ("malformed agent keys are kept lowercased", "ops", Some("AGENT:x"), "agent:x"),
        ("other keys are stored under the agent", "My Ops", Some("Cron:Job-1"), "agent:my-ops:cron:job-1"),
        ("hook keys are stored under the agent", "main", Some("hook:abc"), "agent:main:hook:abc"),
    ];
    for (rule, agent, request, expected) in cases {
        assert_eq!(to_store_session_key(agent, request), expected, "{rule}");
    }
    assert_eq!(to_request_session_key("agent:main:cron:job").as_deref(), Some("cron:job"));
    assert_eq!(to_request_session_key("cron:job").as_deref(), Some("cron:job"));
    assert_eq!(to_request_session_key("  "), None);
    assert_eq!(agent_id_from_session_key("agent:Research:main"), "research");
    assert_eq!(agent_id_from_session_key("cron:job"), "main");
}

#[test]
fn group_history_keys_name_channel_account_and_peer() {
    assert_eq!(group_history_key(" Telegram ", None, PeerKind::Group, " -100 "), "telegram:default:group:-100");
    assert_eq!(group_history_key("discord", Some("Work"), PeerKind::Channel, ""), "discord:work:channel:unknown");
}

#[test]
fn scopes_and_kinds_parse_from_config() {
    for scope in [DmScope::Main, DmScope::PerPeer, DmScope::PerChannelPeer, DmScope::PerAccountChannelPeer] {
        assert_eq!(DmScope::parse(scope.as_str()), Some(scope));
    }
    assert_eq!(DmScope::parse("per-user"), None);
    assert_eq!(PeerKind::parse(" DM "), Some(PeerKind::Direct));
    assert_eq!(PeerKind::parse("thread"), None);
}

fn peer_id() -> impl Strategy<Value = String> {
    "[A-Za-z0-9+@._-]{1,12}"
}

proptest! {
    /// Two peers that differ (after case folding) never share a DM session in an isolating scope,
    /// unless identityLinks names them as the same person.
    #[test]
    fn distinct_peers_never_share_a_session_unless_linked(
        a in peer_id(),
        b in peer_id(),
        channel in "[a-z]{1,8}",
        account in proptest::option::of("[a-z0-9]{1,6}"),
        scope in prop_oneof![Just(DmScope::PerPeer), Just(DmScope::PerChannelPeer), Just(DmScope::PerAccountChannelPeer)],
        link_a in any::<bool>(),
        link_b in any::<bool>(),
    ) {
        let mut ids = Vec::new();
        if link_a { ids.push(a.clone()); }
        if link_b { ids.push(format!("{channel}:{b}")); }
        let links = vec![("linked person".to_owned(), ids)];
        let build = |peer: &str| peer_session_key(&PeerKeyParams {
            agent_id: "main",
            channel: &channel,
            account_id: account.as_deref(),
            peer_kind: PeerKind::Direct,
            peer_id: Some(peer),
            dm_scope: scope,
            identity_links: &links,
        });
        let linked = link_a && link_b;
        if a.to_lowercase() != b.to_lowercase() && !linked {
            prop_assert_ne!(build(&a), build(&b));
        }
        if linked {
            prop_assert_eq!(build(&a), build(&b));
        }
    }

    /// A DM never lands in a group's or channel's session, whatever the ids.
    #[test]
    fn dms_and_groups_never_share_a_session(
        dm in peer_id(),
        group in peer_id(),
        scope in prop_oneof![Just(DmScope::Main), Just(DmScope::PerPeer), Just(DmScope::PerChannelPeer), Just(DmScope::PerAccountChannelPeer)],
        kind in prop_oneof![Just(PeerKind::Group), Just(PeerKind::Channel)],
    ) {
        prop_assert_ne!(key(scope, "telegram", None, PeerKind::Direct, Some(&dm)), key(scope, "telegram", None, kind, Some(&group)));
    }
}
