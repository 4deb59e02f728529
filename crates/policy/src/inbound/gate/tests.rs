//! The inbound gate, one table row per rule and every reason code, including OpenClaw's
//! surprises; properties check that unauthorized commands never bypass mention gating and that
//! pairing approvals never reach groups, and that a [`CompiledAccess`] reused across messages
//! decides exactly as [`gate`] does.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::inbound::{ChatType, CommandsAccess, GroupEntry, OverrideOrder};

fn list(entries: &[&str]) -> Vec<String> {
    entries.iter().map(|e| (*e).to_owned()).collect()
}

fn dm(channel: &str, sender: &str) -> InboundMessage {
    InboundMessage {
        channel: channel.to_owned(),
        sender: Sender { id: sender.to_owned(), ..Sender::default() },
        chat_type: ChatType::Direct,
        text: "hello".to_owned(),
        can_detect_native_mention: true,
        ..InboundMessage::default()
    }
}

/// A group message that mentions the bot, so only the access rules decide.
fn group(channel: &str, group_id: &str, sender: &str) -> InboundMessage {
    InboundMessage {
        chat_type: ChatType::Group,
        group_id: Some(group_id.to_owned()),
        mentioned: true,
        ..dm(channel, sender)
    }
}

fn text(mut msg: InboundMessage, text: &str) -> InboundMessage {
    msg.text = text.to_owned();
    msg
}

fn unmentioned(mut msg: InboundMessage) -> InboundMessage {
    msg.mentioned = false;
    msg
}

fn access() -> ChannelAccess {
    ChannelAccess::default()
}

fn dm_access(policy: DmPolicy, allow_from: &[&str]) -> ChannelAccess {
    ChannelAccess { dm_policy: policy, allow_from: list(allow_from), ..access() }
}

fn group_access(policy: GroupPolicy, allow_from: &[&str], group_allow_from: &[&str]) -> ChannelAccess {
    ChannelAccess {
        group_policy: policy,
        allow_from: list(allow_from),
        group_allow_from: list(group_allow_from),
        ..access()
    }
}

fn with_groups(mut access: ChannelAccess, groups: &[(&str, GroupEntry)]) -> ChannelAccess {
    access.groups = groups.iter().map(|(id, e)| ((*id).to_owned(), e.clone())).collect();
    access
}

fn entry(require_mention: Option<bool>, allow_from: Option<&[&str]>, enabled: Option<bool>) -> GroupEntry {
    GroupEntry { require_mention, allow_from: allow_from.map(list), enabled }
}

fn store(entries: &[&str]) -> StoreFacts {
    StoreFacts { pairing_allow_from: list(entries), store_readable: true }
}

fn unreadable() -> StoreFacts {
    StoreFacts { pairing_allow_from: Vec::new(), store_readable: false }
}

fn run(msg: &InboundMessage, access: &ChannelAccess, store: &StoreFacts) -> GateDecision {
    gate(msg, access, store, &CommandDetection::default())
}

#[test]
fn every_rule_and_reason_code() {
    use Decision::*;
    use ReasonCode::*;
    let s = StoreFacts::default;
    let open = GroupPolicy::Open;
    let allowlist = GroupPolicy::Allowlist;
    #[rustfmt::skip]
    let cases: Vec<(&str, InboundMessage, ChannelAccess, StoreFacts, Decision, ReasonCode, &str)> = vec![
        // Groups: policy and sender allowlists.
        ("groupPolicy=disabled blocks every group message", group("slack", "g", "u1"), group_access(GroupPolicy::Disabled, &["u1"], &["u1"]), s(), Block, GroupPolicyDisabled, "groupPolicy=disabled"),
        ("a disabled group entry blocks", group("slack", "g", "u1"), with_groups(group_access(open, &[], &[]), &[("g", entry(None, None, Some(false)))]), s(), Block, GroupDisabled, "groups.g.enabled=false"),
        ("allowlist with no lists blocks everyone", group("slack", "g", "u1"), group_access(allowlist, &[], &[]), s(), Block, GroupPolicyEmptyAllowlist, "groupPolicy=allowlist (empty allowlist)"),
        ("allowlist blocks unlisted senders", group("slack", "g", "u1"), group_access(allowlist, &[], &["u2"]), s(), Block, GroupPolicyNotAllowlisted, "groupPolicy=allowlist (not allowlisted)"),
        ("allowlist admits listed senders", group("slack", "g", "u1"), group_access(allowlist, &[], &["U1"]), s(), Allow, GroupPolicyAllowed, "groupPolicy=allowlist"),
        ("an empty groupAllowFrom falls back to allowFrom", group("slack", "g", "u1"), group_access(allowlist, &["u1"], &[]), s(), Allow, GroupPolicyAllowed, "groupPolicy=allowlist"),
        ("groupAllowFrom replaces allowFrom", group("slack", "g", "u1"), group_access(allowlist, &["u1"], &["u2"]), s(), Block, GroupPolicyNotAllowlisted, "groupPolicy=allowlist (not allowlisted)"),
        ("the fallback can be switched off", group("slack", "g", "u1"), ChannelAccess { group_allow_from_fallback: false, ..group_access(allowlist, &["u1"], &[]) }, s(), Block, GroupPolicyEmptyAllowlist, "groupPolicy=allowlist (empty allowlist)"),
        ("pairing approvals never count in groups (empty list)", group("slack", "g", "u1"), group_access(allowlist, &[], &[]), store(&["u1"]), Block, GroupPolicyEmptyAllowlist, "groupPolicy=allowlist (empty allowlist)"),
        ("pairing approvals never count in groups (other list)", group("slack", "g", "paired"), group_access(allowlist, &["owner"], &["group-owner"]), store(&["paired"]), Block, GroupPolicyNotAllowlisted, "groupPolicy=allowlist (not allowlisted)"),
        ("groupPolicy=open admits anyone", group("slack", "g", "u1"), group_access(open, &[], &[]), s(), Allow, GroupPolicyAllowed, "groupPolicy=open"),
        ("a wildcard groupAllowFrom admits anyone", group("slack", "g", "u9"), group_access(allowlist, &[], &["*"]), s(), Allow, GroupPolicyAllowed, "groupPolicy=allowlist"),
        // Groups: per-group sender lists and the groups allowlist.
        ("a group's own allowFrom is enforced under open", group("slack", "g", "u1"), with_groups(group_access(open, &[], &[]), &[("g", entry(None, Some(&["u2"]), None))]), s(), Block, GroupAllowFromNotAllowlisted, "groups.g.allowFrom (not allowlisted)"),
        ("a group's empty allowFrom fails closed", group("slack", "g", "u1"), with_groups(group_access(open, &["u1"], &[]), &[("g", entry(None, Some(&[]), None))]), s(), Block, GroupAllowFromNotAllowlisted, "groups.g.allowFrom (not allowlisted)"),
        ("a group's own allowFrom replaces groupAllowFrom", group("slack", "g", "u1"), with_groups(group_access(allowlist, &[], &["u2"]), &[("g", entry(None, Some(&["u1"]), None))]), s(), Allow, GroupPolicyAllowed, "groupPolicy=allowlist"),
        ("a groups map is a group allowlist", group("slack", "g", "u1"), with_groups(group_access(open, &[], &[]), &[("other", entry(None, None, None))]), s(), Block, GroupNotAllowlisted, "groupPolicy=open (group g not in groups)"),
        ("a * entry admits every group", group("slack", "g", "u1"), with_groups(group_access(open, &[], &[]), &[("*", entry(None, None, None))]), s(), Allow, GroupPolicyAllowed, "groupPolicy=open"),
        ("a listed group is admitted", group("slack", "g", "u1"), with_groups(group_access(open, &[], &[]), &[("g", entry(None, None, None))]), s(), Allow, GroupPolicyAllowed, "groupPolicy=open"),
        ("allowlist with groupAllowFrom and no groups admits the group", group("slack", "any", "u1"), group_access(allowlist, &[], &["u1"]), s(), Allow, GroupPolicyAllowed, "groupPolicy=allowlist"),
        ("group ids are exact by default", group("irc", "#Ops", "nick"), with_groups(group_access(open, &[], &[]), &[("#ops", entry(None, None, None))]), s(), Block, GroupNotAllowlisted, "groupPolicy=open (group #Ops not in groups)"),
        ("group ids can be case-insensitive", group("irc", "#Ops", "nick"), ChannelAccess { group_id_case_insensitive: true, ..with_groups(group_access(open, &[], &[]), &[("#ops", entry(None, None, None))]) }, s(), Allow, GroupPolicyAllowed, "groupPolicy=open"),
        ("threads follow the group rules", InboundMessage { chat_type: ChatType::Thread, ..group("slack", "g", "u1") }, group_access(allowlist, &[], &[]), s(), Block, GroupPolicyEmptyAllowlist, "groupPolicy=allowlist (empty allowlist)"),
        // Telegram: the low-level matcher allows an empty list, the policy does not.
        ("telegram groups with empty lists are blocked", group("telegram", "-100", "123"), group_access(allowlist, &[], &[]), s(), Block, GroupPolicyEmptyAllowlist, "groupPolicy=allowlist (empty allowlist)"),
        ("telegram @username entries never match", group("telegram", "-100", "123"), group_access(allowlist, &[], &["@alice"]), s(), Block, GroupPolicyNotAllowlisted, "groupPolicy=allowlist (not allowlisted)"),
        ("telegram prefixed ids match", group("telegram", "-100", "123"), group_access(allowlist, &[], &["tg:123"]), s(), Allow, GroupPolicyAllowed, "groupPolicy=allowlist"),
        // Groups: commands and mentions.
        ("an unauthorized control command in a group is dropped", text(group("slack", "g", "u1"), "/status"), group_access(open, &[], &[]), s(), Block, CommandUnauthorized, "control command (unauthorized)"),
        ("an authorized control command in a group passes", text(group("slack", "g", "u1"), "/status"), group_access(open, &["u1"], &[]), s(), Allow, GroupPolicyAllowed, "groupPolicy=open"),
        ("with text commands off a command is plain text", text(group("slack", "g", "u1"), "/status"), ChannelAccess { text_commands_enabled: false, ..group_access(open, &[], &[]) }, s(), Allow, GroupPolicyAllowed, "groupPolicy=open"),
        ("an unmentioned group message is skipped", unmentioned(group("slack", "g", "u1")), group_access(open, &[], &[]), s(), Block, MentionRequired, "requireMention (not mentioned)"),
        ("a mention pattern counts as a mention", text(unmentioned(group("slack", "g", "u1")), "hey @Claw"), ChannelAccess { mention_patterns: list(&["@claw"]), ..group_access(open, &[], &[]) }, s(), Allow, GroupPolicyAllowed, "groupPolicy=open"),
        ("a reply to the bot is an implicit mention", InboundMessage { reply_to_bot: true, ..unmentioned(group("slack", "g", "u1")) }, group_access(open, &[], &[]), s(), Allow, GroupPolicyAllowed, "groupPolicy=open"),
        ("a reply to the bot never bypasses the sender allowlist", InboundMessage { reply_to_bot: true, ..unmentioned(group("slack", "g", "u1")) }, group_access(allowlist, &[], &["u2"]), s(), Block, GroupPolicyNotAllowlisted, "groupPolicy=allowlist (not allowlisted)"),
        ("groups that do not require a mention pass", unmentioned(group("slack", "g", "u1")), with_groups(group_access(open, &[], &[]), &[("*", entry(Some(false), None, None))]), s(), Allow, GroupPolicyAllowed, "groupPolicy=open"),
        ("undetectable mentions are not required", InboundMessage { can_detect_native_mention: false, ..unmentioned(group("slack", "g", "u1")) }, group_access(open, &[], &[]), s(), Allow, GroupPolicyAllowed, "groupPolicy=open"),
        ("an activation override can lift the mention requirement", unmentioned(group("slack", "g", "u1")), ChannelAccess { require_mention_override: Some(false), require_mention_override_order: OverrideOrder::BeforeConfig, ..with_groups(group_access(open, &[], &[]), &[("*", entry(Some(true), None, None))]) }, s(), Allow, GroupPolicyAllowed, "groupPolicy=open"),
        // DMs.
        ("dmPolicy=disabled blocks every DM", dm("slack", "u1"), dm_access(DmPolicy::Disabled, &["u1"]), s(), Block, DmPolicyDisabled, "dmPolicy=disabled"),
        ("dmPolicy=open admits anyone", dm("slack", "u1"), dm_access(DmPolicy::Open, &["*"]), s(), Allow, DmPolicyOpen, "dmPolicy=open"),
        ("dmPolicy=open with no allowlist still admits messages", dm("slack", "u1"), dm_access(DmPolicy::Open, &[]), s(), Allow, DmPolicyOpen, "dmPolicy=open"),
        ("a listed sender is admitted", dm("slack", "u1"), dm_access(DmPolicy::Pairing, &["u1"]), s(), Allow, DmPolicyAllowlisted, "dmPolicy=pairing (allowlisted)"),
        ("a paired sender is admitted", dm("slack", "u1"), dm_access(DmPolicy::Pairing, &["owner"]), store(&["u1"]), Allow, DmPolicyAllowlisted, "dmPolicy=pairing (allowlisted)"),
        ("an unknown sender must pair", dm("slack", "u1"), dm_access(DmPolicy::Pairing, &["owner"]), s(), Pairing, DmPolicyPairingRequired, "dmPolicy=pairing (not allowlisted)"),
        ("allowlist blocks unknown senders", dm("slack", "u1"), dm_access(DmPolicy::Allowlist, &["owner"]), s(), Block, DmPolicyNotAllowlisted, "dmPolicy=allowlist (not allowlisted)"),
        ("allowlist ignores the pairing store", dm("slack", "u1"), dm_access(DmPolicy::Allowlist, &["owner"]), store(&["u1"]), Block, DmPolicyNotAllowlisted, "dmPolicy=allowlist (not allowlisted)"),
        ("an empty allowlist blocks everyone", dm("slack", "u1"), dm_access(DmPolicy::Allowlist, &[]), s(), Block, DmPolicyNotAllowlisted, "dmPolicy=allowlist (not allowlisted)"),
        ("allowlist admits listed senders", dm("slack", "u1"), dm_access(DmPolicy::Allowlist, &["u1"]), s(), Allow, DmPolicyAllowlisted, "dmPolicy=allowlist (allowlisted)"),
        ("an unreadable store blocks instead of pairing", dm("slack", "u1"), dm_access(DmPolicy::Pairing, &["owner"]), unreadable(), Block, DmStoreUnreadable, "dmPolicy=pairing (allowFrom store unreadable)"),
        ("an unreadable store does not block configured senders", dm("slack", "owner"), dm_access(DmPolicy::Pairing, &["owner"]), unreadable(), Allow, DmPolicyAllowlisted, "dmPolicy=pairing (allowlisted)"),
        ("an unreadable store does not matter under allowlist", dm("slack", "u1"), dm_access(DmPolicy::Allowlist, &["owner"]), unreadable(), Block, DmPolicyNotAllowlisted, "dmPolicy=allowlist (not allowlisted)"),
        ("the DM policy defaults to pairing", dm("slack", "u1"), access(), s(), Pairing, DmPolicyPairingRequired, "dmPolicy=pairing (not allowlisted)"),
        ("telegram: an empty allowFrom does not admit DMs", dm("telegram", "123"), dm_access(DmPolicy::Pairing, &[]), s(), Pairing, DmPolicyPairingRequired, "dmPolicy=pairing (not allowlisted)"),
        ("telegram: a username entry does not admit DMs", InboundMessage { sender: Sender { id: "123".to_owned(), username: Some("alice".to_owned()), ..Sender::default() }, ..dm("telegram", "123") }, ChannelAccess { dangerously_allow_name_matching: true, ..dm_access(DmPolicy::Allowlist, &["@alice"]) }, s(), Block, DmPolicyNotAllowlisted, "dmPolicy=allowlist (not allowlisted)"),
        ("whatsapp JIDs match E.164 entries", dm("whatsapp", "15551234567:3@s.whatsapp.net"), dm_access(DmPolicy::Allowlist, &["+1 555 123 4567"]), s(), Allow, DmPolicyAllowlisted, "dmPolicy=allowlist (allowlisted)"),
        ("display names do not match by default", InboundMessage { sender: Sender { id: "U1".to_owned(), name: Some("Alice".to_owned()), ..Sender::default() }, ..dm("slack", "U1") }, dm_access(DmPolicy::Allowlist, &["alice"]), s(), Block, DmPolicyNotAllowlisted, "dmPolicy=allowlist (not allowlisted)"),
        ("display names match when dangerously allowed", InboundMessage { sender: Sender { id: "U1".to_owned(), name: Some("Alice".to_owned()), ..Sender::default() }, ..dm("slack", "U1") }, ChannelAccess { dangerously_allow_name_matching: true, ..dm_access(DmPolicy::Allowlist, &["alice"]) }, s(), Allow, DmPolicyAllowlisted, "dmPolicy=allowlist (allowlisted)"),
        ("DMs are not mention-gated", unmentioned(dm("slack", "u1")), dm_access(DmPolicy::Open, &["*"]), s(), Allow, DmPolicyOpen, "dmPolicy=open"),
        ("unauthorized DM commands are left to the agent", text(dm("slack", "u1"), "/status"), dm_access(DmPolicy::Open, &[]), s(), Allow, DmPolicyOpen, "dmPolicy=open"),
    ];
    for (rule, msg, access, store, decision, code, reason) in cases {
        let out = run(&msg, &access, &store);
        assert_eq!((out.decision, out.reason_code, out.reason.as_str()), (decision, code, reason), "{rule}");
    }
}

#[test]
fn every_reason_code_is_covered_and_named() {
    use ReasonCode::*;
    let all = [
        GroupPolicyDisabled,
        GroupDisabled,
        GroupPolicyEmptyAllowlist,
        GroupPolicyNotAllowlisted,
        GroupAllowFromNotAllowlisted,
        GroupNotAllowlisted,
        GroupPolicyAllowed,
        DmPolicyDisabled,
        DmPolicyOpen,
        DmPolicyAllowlisted,
        DmPolicyPairingRequired,
        DmPolicyNotAllowlisted,
        DmStoreUnreadable,
        CommandUnauthorized,
        MentionRequired,
    ];
    for code in all {
        assert_eq!(serde_json::to_value(code).unwrap(), serde_json::Value::String(code.as_str().to_owned()));
    }
    assert!(Decision::Allow < Decision::Pairing && Decision::Pairing < Decision::Block);
}

#[test]
fn open_dms_without_an_allowlist_allow_messages_but_not_commands() {
    let out = run(&text(dm("slack", "u1"), "/status"), &dm_access(DmPolicy::Open, &[]), &StoreFacts::default());
    assert_eq!((out.decision, out.is_command, out.command_authorized), (Decision::Allow, true, false));
    let wildcard = run(&text(dm("slack", "u1"), "/status"), &dm_access(DmPolicy::Open, &["*"]), &StoreFacts::default());
    assert!(wildcard.command_authorized, "with * the wildcard list is configured and admits everyone");
}

#[test]
fn pairing_approvals_authorize_dm_commands_but_never_group_commands() {
    let access = ChannelAccess { group_policy: GroupPolicy::Open, ..dm_access(DmPolicy::Pairing, &["owner"]) };
    let paired = store(&["u1"]);
    let in_dm = run(&text(dm("slack", "u1"), "/status"), &access, &paired);
    assert_eq!((in_dm.decision, in_dm.command_authorized), (Decision::Allow, true));
    let in_group = run(&text(group("slack", "g", "u1"), "/status"), &access, &paired);
    assert_eq!(
        (in_group.decision, in_group.reason_code, in_group.command_authorized),
        (Decision::Block, ReasonCode::CommandUnauthorized, false)
    );
    let owner_in_group = run(&text(group("slack", "g", "owner"), "/status"), &access, &paired);
    assert_eq!(
        (owner_in_group.decision, owner_in_group.command_authorized),
        (Decision::Allow, true),
        "configured allowFrom authorizes group commands"
    );
}

#[test]
fn an_authorized_command_bypasses_the_mention_requirement() {
    let access = group_access(GroupPolicy::Open, &["u1"], &[]);
    let out = run(&text(unmentioned(group("slack", "g", "u1")), "/status"), &access, &StoreFacts::default());
    assert_eq!((out.decision, out.mentioned, out.mention_bypass), (Decision::Allow, true, true));
    let someone_else =
        InboundMessage { has_any_mention: true, ..text(unmentioned(group("slack", "g", "u1")), "/status") };
    let out = run(&someone_else, &access, &StoreFacts::default());
    assert_eq!(
        (out.decision, out.reason_code),
        (Decision::Block, ReasonCode::MentionRequired),
        "a command mentioning another member does not bypass"
    );
}

#[test]
fn commands_allow_from_decides_command_authorization() {
    let mut access = group_access(GroupPolicy::Open, &[], &[]);
    access.commands = CommandsAccess {
        allow_from: Some(BTreeMap::from([("slack".to_owned(), list(&["u1"]))])),
        ..CommandsAccess::default()
    };
    let out = run(&text(unmentioned(group("slack", "g", "u1")), "/status"), &access, &StoreFacts::default());
    assert_eq!((out.decision, out.command_authorized, out.mention_bypass), (Decision::Allow, true, true));
    let other = run(&text(group("slack", "g", "u2"), "/status"), &access, &StoreFacts::default());
    assert_eq!(other.reason_code, ReasonCode::CommandUnauthorized);
}

#[test]
fn the_decision_carries_sender_command_and_owner() {
    let msg = InboundMessage {
        sender: Sender { id: "999@lid".to_owned(), e164: Some("+1 555 0100".to_owned()), ..Sender::default() },
        ..text(dm("whatsapp", ""), "/think high")
    };
    let out = run(&msg, &dm_access(DmPolicy::Allowlist, &["+15550100"]), &StoreFacts::default());
    let expected = GateDecision {
        decision: Decision::Allow,
        reason_code: ReasonCode::DmPolicyAllowlisted,
        reason: "dmPolicy=allowlist (allowlisted)".to_owned(),
        sender_id: Some("+15550100".to_owned()),
        command: Some(Command { name: "think".to_owned(), args: Some("high".to_owned()) }),
        is_command: true,
        command_authorized: true,
        owner: true,
        mentioned: false,
        mention_bypass: false,
    };
    assert_eq!(out, expected);
    let json = serde_json::to_value(&out).unwrap();
    assert_eq!(json["reasonCode"], "dm_policy_allowlisted");
    assert_eq!(json["decision"], "allow");
    let pairing = run(&dm("telegram", "tg:42"), &access(), &StoreFacts::default());
    assert_eq!(
        (pairing.decision, pairing.sender_id.as_deref()),
        (Decision::Pairing, Some("42")),
        "the pairing request id"
    );
}

#[test]
fn the_bot_username_scopes_telegram_commands() {
    let access = group_access(GroupPolicy::Open, &[], &[]);
    let detection = CommandDetection { bot_username: Some("mybot".to_owned()), ..CommandDetection::default() };
    let other_bot =
        gate(&text(group("telegram", "-1", "5"), "/status@otherbot"), &access, &StoreFacts::default(), &detection);
    assert_eq!(
        (other_bot.decision, other_bot.is_command),
        (Decision::Allow, false),
        "another bot's command is plain text"
    );
    let ours = gate(&text(group("telegram", "-1", "5"), "/status@mybot"), &access, &StoreFacts::default(), &detection);
    assert_eq!(ours.reason_code, ReasonCode::CommandUnauthorized);
}

fn entries() -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(vec!["u1".to_owned(), "u2".to_owned(), "*".to_owned()], 0..=3)
}

fn arbitrary_access() -> impl Strategy<Value = ChannelAccess> {
    let policies = (
        prop_oneof![Just(DmPolicy::Pairing), Just(DmPolicy::Allowlist), Just(DmPolicy::Open), Just(DmPolicy::Disabled)],
        prop_oneof![Just(GroupPolicy::Open), Just(GroupPolicy::Allowlist), Just(GroupPolicy::Disabled)],
    );
    let groups = proptest::option::of((proptest::option::of(any::<bool>()), proptest::option::of(entries())));
    let commands = (any::<bool>(), proptest::option::of(entries()), entries());
    (
        policies,
        entries(),
        entries(),
        any::<bool>(),
        groups,
        any::<bool>(),
        commands,
        proptest::option::of(any::<bool>()),
    )
        .prop_map(
            |(
                (dm_policy, group_policy),
                allow_from,
                group_allow_from,
                fallback,
                groups,
                text_commands,
                commands,
                over,
            )| {
                let (use_access_groups, commands_allow, owners) = commands;
                ChannelAccess {
                    dm_policy,
                    group_policy,
                    allow_from,
                    group_allow_from,
                    group_allow_from_fallback: fallback,
                    groups: groups
                        .map(|(require_mention, allow_from)| {
                            BTreeMap::from([(
                                "g".to_owned(),
                                GroupEntry { require_mention, allow_from, enabled: None },
                            )])
                        })
                        .unwrap_or_default(),
                    require_mention_override: over,
                    text_commands_enabled: text_commands,
                    commands: CommandsAccess {
                        use_access_groups,
                        allow_from: commands_allow.map(|l| BTreeMap::from([("*".to_owned(), l)])),
                        owner_allow_from: owners,
                        context_owner_allow_from: Vec::new(),
                    },
                    ..ChannelAccess::default()
                }
            },
        )
}

fn arbitrary_group_message() -> impl Strategy<Value = InboundMessage> {
    let flags = (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>());
    let texts = prop_oneof![Just("/status"), Just("/think hi"), Just("/status:"), Just("hello"), Just("/help me")];
    (prop_oneof![Just("u1"), Just("u2"), Just("u3")], texts, flags).prop_map(
        |(sender, text, (mentioned, reply_to_bot, has_any_mention, can_detect))| InboundMessage {
            channel: "slack".to_owned(),
            sender: Sender { id: sender.to_owned(), ..Sender::default() },
            chat_type: ChatType::Group,
            group_id: Some("g".to_owned()),
            mentioned,
            reply_to_bot,
            has_any_mention,
            can_detect_native_mention: can_detect,
            text: text.to_owned(),
            ..InboundMessage::default()
        },
    )
}

proptest! {
    /// An unauthorized control command never stands in for a mention: either it is dropped, or
    /// text commands are off and the message got through on its own mention facts.
    #[test]
    fn an_unauthorized_command_never_bypasses_mention_gating(
        msg in arbitrary_group_message(),
        access in arbitrary_access(),
        paired in entries(),
    ) {
        let out = gate(&msg, &access, &store(&paired.iter().map(String::as_str).collect::<Vec<_>>()), &CommandDetection::default());
        prop_assert!(!out.mention_bypass || out.command_authorized);
        if out.is_command && !out.command_authorized && out.decision == Decision::Allow {
            prop_assert!(!access.text_commands_enabled);
            let require = crate::inbound::resolve_require_mention(&access, msg.group_id.as_deref());
            prop_assert!(msg.mentioned || msg.reply_to_bot || !require || !msg.can_detect_native_mention);
        }
    }

    /// What the pairing store holds never changes a group decision.
    #[test]
    fn pairing_approvals_never_reach_groups(
        msg in arbitrary_group_message(),
        access in arbitrary_access(),
        paired in entries(),
        readable in any::<bool>(),
    ) {
        let with_store = StoreFacts { pairing_allow_from: paired, store_readable: readable };
        prop_assert_eq!(run(&msg, &access, &with_store), run(&msg, &access, &StoreFacts::default()));
    }
}

fn arbitrary_message() -> impl Strategy<Value = InboundMessage> {
    let kinds = prop_oneof![Just(ChatType::Direct), Just(ChatType::Group), Just(ChatType::Thread)];
    // `Slack` and `telegram` as well: a compiled form meets messages from another channel too.
    let channels = prop_oneof![Just("slack"), Just(" Slack "), Just("telegram")];
    (arbitrary_group_message(), kinds, channels, proptest::option::of(prop_oneof![Just("g"), Just("h")])).prop_map(
        |(msg, chat_type, channel, group_id)| InboundMessage {
            channel: channel.to_owned(),
            chat_type,
            group_id: if chat_type.is_group() { group_id.map(str::to_owned) } else { None },
            ..msg
        },
    )
}

proptest! {
    /// One compiled form, reused for a run of messages (as the gateway's cache does), gives every
    /// message the decision `gate` gives it.
    #[test]
    fn gate_compiled_agrees_with_gate(
        access in arbitrary_access(),
        patterns in proptest::sample::subsequence(vec!["^/help".to_owned(), "(?<=x)y".to_owned()], 0..=2),
        messages in proptest::collection::vec(arbitrary_message(), 1..6),
        paired in entries(),
        readable in any::<bool>(),
    ) {
        let access = ChannelAccess { mention_patterns: patterns, ..access };
        let store = StoreFacts { pairing_allow_from: paired, store_readable: readable };
        let detection = CommandDetection::default();
        let compiled = CompiledAccess::owned("slack", access.clone());
        for msg in &messages {
            prop_assert_eq!(gate_compiled(msg, &compiled, &store, &detection), gate(msg, &access, &store, &detection));
        }
    }
}
