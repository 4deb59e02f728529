//! Command authorization; cases follow OpenClaw's `command-gating.test.ts` and
//! `command-control.test.ts`.

use super::*;

fn list(entries: &[&str]) -> Vec<String> {
    entries.iter().map(|e| (*e).to_owned()).collect()
}

fn sender(id: &str, e164: Option<&str>) -> Sender {
    Sender { id: id.to_owned(), e164: e164.map(str::to_owned), ..Sender::default() }
}

fn commands_allow(pairs: &[(&str, &[&str])]) -> CommandsAccess {
    CommandsAccess {
        allow_from: Some(pairs.iter().map(|(k, v)| ((*k).to_owned(), list(v))).collect()),
        ..CommandsAccess::default()
    }
}

fn authorize(
    channel: &str,
    sender: &Sender,
    allow_from: &[&str],
    commands: &CommandsAccess,
    channel_ok: bool,
) -> CommandAuthorization {
    authorize_command(&CommandAuthInput {
        channel,
        sender,
        channel_allow_from: &list(allow_from),
        commands,
        channel_authorized: channel_ok,
    })
}

#[test]
fn channel_layer_authorizers() {
    use AccessGroupsOffMode::*;
    let a = |configured, allowed| CommandAuthorizer { configured, allowed };
    #[rustfmt::skip]
    let cases = [
        ("access groups deny when nothing is configured", true, vec![a(false, true)], Allow, false),
        ("access groups allow via any configured list", true, vec![a(true, false), a(true, true)], Allow, true),
        ("access groups off allow everyone by default", false, vec![a(true, false)], Allow, true),
        ("access groups off may deny everyone", false, vec![a(false, true)], Deny, false),
        ("configured mode allows when nothing is configured", false, vec![a(false, false)], Configured, true),
        ("configured mode enforces configured lists", false, vec![a(true, false)], Configured, false),
        ("configured mode admits listed senders", false, vec![a(true, true)], Configured, true),
    ];
    for (rule, use_groups, authorizers, mode, expected) in cases {
        assert_eq!(command_authorized_by_lists(use_groups, &authorizers, mode), expected, "{rule}");
    }
}

#[test]
fn commands_allow_from_decides_alone() {
    let global = commands_allow(&[("*", &["user123"])]);
    #[rustfmt::skip]
    let cases = [
        ("the global list admits a listed sender", "whatsapp", sender("user123", None), &global, true, true),
        ("the global list refuses others", "whatsapp", sender("otheruser", None), &global, true, false),
        ("channel authorization is ignored when listed", "whatsapp", sender("user123", None), &global, false, true),
        ("channel authorization is ignored when not listed", "whatsapp", sender("otheruser", None), &global, false, false),
    ];
    for (rule, channel, who, commands, channel_ok, expected) in cases {
        let auth = authorize(channel, &who, &["+different"], commands, channel_ok);
        assert_eq!((auth.authorized, auth.decided_by), (expected, CommandAuthSource::CommandsAllowFrom), "{rule}");
    }

    let per_provider = commands_allow(&[("*", &["globaluser"]), ("whatsapp", &["+15551234567"])]);
    assert!(
        !authorize("whatsapp", &sender("globaluser", None), &["*"], &per_provider, true).authorized,
        "the provider list beats *"
    );
    assert!(authorize("whatsapp", &sender("", Some("+15551234567")), &["*"], &per_provider, true).authorized);
    assert!(
        authorize("telegram", &sender("1", None), &[], &commands_allow(&[("*", &["*"])]), false).authorized,
        "* admits all"
    );

    let discord = commands_allow(&[("discord", &["user:123", "<@!456>", "pk:member-1"])]);
    for (id, expected) in [("123", true), ("456", true), ("member-1", true), ("other", false)] {
        assert_eq!(authorize("discord", &sender(id, None), &[], &discord, false).authorized, expected, "discord {id}");
    }
    let conversation = commands_allow(&[("discord", &["channel:123456789012345678"])]);
    assert!(!authorize("discord", &sender("999999999999999999", None), &[], &conversation, false).authorized);
}

#[test]
fn without_commands_allow_from_the_channel_and_owner_decide() {
    let none = CommandsAccess::default();
    #[rustfmt::skip]
    let cases = [
        ("an open channel authorizes what the channel layer did", "slack", sender("U1", None), vec![], true, true),
        ("the channel layer's refusal stands", "slack", sender("U1", None), vec![], false, false),
        ("whatsapp enforces owners: a listed sender is owner", "whatsapp", sender("", Some("+15551234567")), vec!["+15551234567"], true, true),
        ("whatsapp enforces owners: others are refused", "whatsapp", sender("", Some("+19995550000")), vec!["+15551234567"], true, false),
        ("whatsapp with a wildcard allowFrom has no owner check", "whatsapp", sender("", Some("+19995550000")), vec!["*"], true, true),
        ("whatsapp falls back from an unusable id to the phone", "whatsapp", sender("wat", Some("+123")), vec!["+123"], true, true),
        ("whatsapp prefers the phone over a LID", "whatsapp", sender("123@lid", Some("+41796666864")), vec!["+41796666864"], true, true),
        ("other channels do not enforce owners", "slack", sender("U9", None), vec!["U1"], true, true),
    ];
    for (rule, channel, who, allow_from, channel_ok, expected) in cases {
        let auth = authorize(channel, &who, &allow_from, &none, channel_ok);
        assert_eq!((auth.authorized, auth.decided_by), (expected, CommandAuthSource::ChannelAndOwner), "{rule}");
    }
    let lid = authorize("whatsapp", &sender("123@lid", Some("+41796666864")), &["+41796666864"], &none, true);
    assert_eq!(lid.sender_id.as_deref(), Some("+41796666864"));
}

#[test]
fn owner_lists() {
    let owners = CommandsAccess {
        owner_allow_from: list(&["whatsapp:+15551234567", "discord:42"]),
        ..CommandsAccess::default()
    };
    let owner = authorize("whatsapp", &sender("", Some("+15551234567")), &["*"], &owners, true);
    assert_eq!((owner.owner, owner.authorized, owner.owner_list.clone()), (true, true, list(&["+15551234567"])));
    let other = authorize("whatsapp", &sender("", Some("+19995551234")), &["*"], &owners, true);
    assert_eq!((other.owner, other.authorized), (false, false), "an explicit owner list is enforced on every channel");
    let discord = authorize("discord", &sender("42", None), &[], &owners, true);
    assert_eq!(
        (discord.owner, discord.authorized, discord.owner_list.clone()),
        (true, true, list(&["42"])),
        "other channels' entries are dropped"
    );
    let slack = authorize("slack", &sender("U1", None), &[], &owners, true);
    assert_eq!(
        (slack.owner_list.is_empty(), slack.authorized),
        (true, true),
        "owners of other channels do not restrict this one"
    );

    let any_owner = CommandsAccess { owner_allow_from: list(&["*"]), ..CommandsAccess::default() };
    let anyone = authorize("whatsapp", &sender("", Some("+1999")), &["+1555"], &any_owner, true);
    assert_eq!((anyone.owner, anyone.authorized), (false, true), "ownerAllowFrom * waives the owner check");

    let unknown_prefix = CommandsAccess { owner_allow_from: list(&["user:abc"]), ..CommandsAccess::default() };
    let auth = authorize("slack", &sender("user:abc", None), &[], &unknown_prefix, true);
    assert_eq!(auth.owner_list, list(&["abc"]), "an unknown prefix is part of the id (slack then strips user:)");

    let context = CommandsAccess { context_owner_allow_from: list(&["discord:123"]), ..CommandsAccess::default() };
    let auth = authorize("discord", &sender("123", None), &[], &context, true);
    assert_eq!((auth.owner, auth.owner_list.clone()), (true, list(&["123"])));

    let from_allow = authorize("telegram", &sender("7", None), &["tg:7", "8"], &CommandsAccess::default(), true);
    assert_eq!(
        (from_allow.owner, from_allow.owner_list.clone()),
        (true, list(&["7", "8"])),
        "allowFrom names the owners by default"
    );
}
