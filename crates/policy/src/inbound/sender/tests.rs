//! Sender normalisation per channel and allowlist matching; WhatsApp and Telegram cases follow
//! OpenClaw's `normalize.test.ts` and `allow-from.test.ts`.

use super::*;

fn sender(id: &str) -> Sender {
    Sender { id: id.to_owned(), ..Sender::default() }
}

fn list(entries: &[&str]) -> Vec<String> {
    entries.iter().map(|e| (*e).to_owned()).collect()
}

#[test]
fn whatsapp_targets() {
    #[rustfmt::skip]
    let cases = [
        ("group JIDs are kept", "120363401234567890@g.us", Some("120363401234567890@g.us")),
        ("dashed group JIDs are kept", "123456789-987654321@g.us", Some("123456789-987654321@g.us")),
        ("a whatsapp: prefix is dropped from group JIDs", "whatsapp:120363401234567890@g.us", Some("120363401234567890@g.us")),
        ("user JIDs become E.164", "1555123@s.whatsapp.net", Some("+1555123")),
        ("the device suffix is dropped", "41796666864:0@s.whatsapp.net", Some("+41796666864")),
        ("a long device suffix is dropped", "1234567890:123@s.whatsapp.net", Some("+1234567890")),
        ("LID JIDs become E.164", "123456789@lid", Some("+123456789")),
        ("LID domains are case-insensitive", "123456789@LID", Some("+123456789")),
        ("repeated prefixes are dropped", "whatsapp:whatsapp:+1555", Some("+1555")),
        ("prefixes are case-insensitive", " WhatsApp:+1 (555) 010-0000 ", Some("+15550100000")),
        ("words are refused", "wat", None),
        ("a bare prefix is refused", "whatsapp:", None),
        ("an empty group JID is refused", "@g.us", None),
        ("a group: prefix is refused", "whatsapp:group:120363401234567890@g.us", None),
        ("a group: JID is refused", "group:123456789-987654321@g.us", None),
        ("a mixed-case group: JID is refused", " WhatsApp:Group:123456789-987654321@G.US ", None),
        ("a non-numeric user JID is refused", "abc@s.whatsapp.net", None),
        ("a LID with a device is refused", "123@lid:0", None),
        ("a repeated group: prefix is refused", "group:group:120@g.us", None),
        ("a non-numeric group is refused", "x@g.us", None),
    ];
    for (rule, raw, expected) in cases {
        assert_eq!(normalize_whatsapp_target(raw).as_deref(), expected, "{rule}");
    }
}

#[test]
fn e164_keeps_digits_and_plus() {
    assert_eq!(normalize_e164("whatsapp:+1 555-0100"), "+15550100");
    assert_eq!(normalize_e164("00 49 30"), "+004930");
    assert_eq!(normalize_e164("abc"), "+");
}

#[test]
fn allow_entries_per_channel() {
    #[rustfmt::skip]
    let cases = [
        ("blank entries are dropped", "telegram", "   ", None),
        ("the wildcard stays", "telegram", " * ", Some("*")),
        ("telegram strips tg:", "telegram", " TG:123 ", Some("123")),
        ("telegram strips telegram:", "telegram", "telegram:456", Some("456")),
        ("telegram @username entries never match", "telegram", "telegram:@someone", None),
        ("telegram bare usernames never match", "telegram", "someone", None),
        ("telegram entries must be unsigned", "telegram", "-1001234567890", None),
        ("telegram ids with spaces are refused", "telegram", "12 34", None),
        ("whatsapp entries are E.164", "whatsapp", "+1 (555) 123", Some("+1555123")),
        ("whatsapp JID entries are E.164", "whatsapp", "1555123:2@s.whatsapp.net", Some("+1555123")),
        ("discord mentions are unwrapped", "discord", "<@!123>", Some("123")),
        ("discord prefixes are stripped", "discord", "discord:user:ABC", Some("abc")),
        ("slack prefixes are stripped", "slack", "slack:U123", Some("u123")),
        ("irc prefixes are stripped", "irc", "irc:user:Nick", Some("nick")),
        ("google chat prefixes are stripped", "googlechat", "gchat:users/123", Some("123")),
        ("signal numbers are E.164", "signal", "signal:+1 555 0100", Some("+15550100")),
        ("signal uuids are lowercased", "signal", "uuid:ABC-def", Some("uuid:abc-def")),
        ("imessage phone handles are E.164", "imessage", "imsg:+1 (555) 0100", Some("+15550100")),
        ("imessage email handles are lowercased", "imessage", "Me@Example.com", Some("me@example.com")),
        ("other channels drop their own prefix", "matrix", "Matrix:@Alice:example.org", Some("@alice:example.org")),
        ("other channels keep foreign prefixes", "matrix", "@alice:example.org", Some("@alice:example.org")),
        ("channel ids are case-insensitive", " Telegram ", "tg:7", Some("7")),
    ];
    for (rule, channel, raw, expected) in cases {
        assert_eq!(normalize_allow_entry(channel, raw).as_deref(), expected, "{rule}");
    }
}

#[test]
fn senders_per_channel() {
    #[rustfmt::skip]
    let cases = [
        ("the wildcard is no sender", "slack", "*", None),
        ("whatsapp senders are E.164", "whatsapp", "15551234567@s.whatsapp.net", Some("+15551234567")),
        ("a whatsapp group JID is no sender", "whatsapp", "120363@g.us", None),
        ("telegram user ids", "telegram", "tg:12345", Some("12345")),
        ("telegram chat ids may be negative", "telegram", "-100123", Some("-100123")),
        ("telegram usernames are no sender id", "telegram", "@alice", None),
        ("generic ids are lowercased", "mattermost", "AbC", Some("abc")),
    ];
    for (rule, channel, raw, expected) in cases {
        assert_eq!(normalize_sender(channel, raw).as_deref(), expected, "{rule}");
    }
}

/// (rule, channel, entries, name matching, expected match).
type MatchCase = (&'static str, &'static str, &'static [&'static str], bool, Option<AllowMatch>);

#[test]
fn allowlist_matching() {
    let alice = Sender {
        id: "U1".to_owned(),
        name: Some("Alice Smith".to_owned()),
        username: Some("@alice".to_owned()),
        e164: None,
    };
    #[rustfmt::skip]
    let cases: [MatchCase; 11] = [
        ("an empty list matches nobody", "slack", &[], false, None),
        ("a blank-only list matches nobody", "slack", &["  "], false, None),
        ("the wildcard matches everybody", "slack", &["*"], false, Some(AllowMatch::Wildcard)),
        ("ids match case-insensitively", "slack", &["u1"], false, Some(AllowMatch::Id("u1".to_owned()))),
        ("names do not match by default", "slack", &["alice smith"], false, None),
        ("names match with dangerouslyAllowNameMatching", "slack", &["Alice Smith"], true, Some(AllowMatch::Name("alice smith".to_owned()))),
        ("usernames match with dangerouslyAllowNameMatching", "slack", &["@ALICE"], true, Some(AllowMatch::Name("alice".to_owned()))),
        ("telegram never matches names", "telegram", &["alice"], true, None),
        ("telegram @username entries never match", "telegram", &["@alice"], true, None),
        ("other ids do not match", "slack", &["u2"], true, None),
        ("prefixed entries match plain ids", "slack", &["slack:U1"], false, Some(AllowMatch::Id("u1".to_owned()))),
    ];
    for (rule, channel, entries, names, expected) in cases {
        assert_eq!(AllowList::new(channel, &list(entries)).matches(&alice, names), expected, "{rule}");
    }
}

#[test]
fn whatsapp_tries_the_phone_number_first() {
    let lid_sender = Sender { id: "999@lid".to_owned(), e164: Some("+1 555 0100".to_owned()), ..Sender::default() };
    let by_phone = AllowList::new("whatsapp", &list(&["+15550100"]));
    assert_eq!(by_phone.matches(&lid_sender, false), Some(AllowMatch::Id("+15550100".to_owned())));
    let by_lid = AllowList::new("whatsapp", &list(&["999@lid"]));
    assert_eq!(by_lid.matches(&lid_sender, false), Some(AllowMatch::Id("+999".to_owned())));
}

#[test]
fn telegram_empty_allowfrom_is_allowed_only_by_the_low_level_matcher() {
    let empty = AllowList::new("telegram", &[]);
    assert!(empty.allows_when_empty(&sender("123"), false), "the low-level matcher allows an empty list");
    assert!(!empty.allows(&sender("123"), false), "the decision layer never treats an empty list as a match");
    // A list holding only @usernames is configured but matches nobody, even with the empty rule.
    let usernames = AllowList::new("telegram", &list(&["@alice"]));
    assert!(usernames.is_configured());
    assert!(!usernames.allows_when_empty(&Sender { username: Some("alice".to_owned()), ..sender("123") }, true));
    let ids = AllowList::new("telegram", &list(&["tg:123"]));
    assert!(ids.allows(&sender("123"), false));
    assert!(!ids.allows(&sender("1234"), false));
}

proptest::proptest! {
    /// Scanning the pairing store's raw entries answers exactly what compiling them would.
    #[test]
    fn scanning_entries_agrees_with_the_compiled_list(
        channel in proptest::sample::select(vec!["telegram", "whatsapp", "slack", "Discord", "signal", "irc"]),
        entries in proptest::collection::vec(
            proptest::sample::select(vec![
                "*", " ", "slack:*", "u1", "U2", "tg:42", "42", "+15550001", "whatsapp:+15550001",
                "15550001@s.whatsapp.net", "@alice", "Alice", "<@u1>", "uuid:ABC",
            ]),
            0..5,
        ),
        id in proptest::sample::select(vec!["u1", "slack:*", "42", "+1 555 0001", "<@U2>", "uuid:abc", "alice"]),
        name in proptest::option::of(proptest::sample::select(vec!["alice", "@Alice", "bob"])),
        names in proptest::bool::ANY,
    ) {
        let entries: Vec<String> = entries.into_iter().map(str::to_owned).collect();
        let sender = Sender { id: id.to_owned(), name: name.map(str::to_owned), ..Sender::default() };
        let list = AllowList::new(channel, &entries);
        proptest::prop_assert_eq!(
            scan_allow_entries(channel, &entries, &sender, names),
            (list.is_configured(), list.allows(&sender, names))
        );
    }
}
