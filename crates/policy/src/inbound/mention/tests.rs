//! Mention detection and gating; cases follow OpenClaw's `mention-gating.test.ts` and
//! `mentions.ts`.

use std::collections::BTreeMap;

use super::*;
use crate::inbound::access::GroupEntry;

fn patterns(raw: &[&str]) -> MentionPatterns {
    MentionPatterns::compile(&raw.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>())
}

#[test]
fn pattern_matching() {
    #[rustfmt::skip]
    let cases: [(&str, &[&str], &str, bool); 10] = [
        ("patterns are case-insensitive", &["@OpenClaw"], "hey @openclaw", true),
        ("text is lowercased", &["@openclaw"], "HEY @OPENCLAW", true),
        ("zero-width characters are stripped", &["@openclaw"], "@open\u{200B}claw hi", true),
        ("bidi controls are stripped", &["@openclaw"], "@\u{202E}openclaw", true),
        ("word joiners are stripped", &["@openclaw"], "@open\u{2060}claw", true),
        ("no pattern matches nothing", &[], "@openclaw", false),
        ("text that is only invisible matches nothing", &[".*"], "\u{200B}\u{2060}", false),
        ("invalid patterns are dropped", &["(", "@bot"], "@bot", true),
        ("lookaround is unsupported and dropped", &["(?<=x)bot"], "xbot", false),
        ("a backspace stands for a word boundary", &["\u{8}bot\u{8}"], "hi bot!", true),
    ];
    for (rule, raw, text, expected) in cases {
        assert_eq!(patterns(raw).matches(text), expected, "{rule}");
    }
    assert_eq!(patterns(&["(", "ok"]).len(), 1);
    assert!(patterns(&["("]).is_empty());
}

#[test]
fn the_backspace_rewrite_is_a_word_boundary() {
    assert!(!patterns(&["\u{8}bot\u{8}"]).matches("robots"));
}

#[test]
fn invisible_characters_are_removed_before_lowercasing() {
    assert_eq!(normalize_mention_text("A\u{200B}B\u{200F}C\u{202A}D\u{206F}E\u{2070}"), "abcde\u{2070}");
}

#[test]
fn patterns_derive_from_the_identity() {
    assert_eq!(derive_mention_patterns(Some(" Open  Claw "), Some(" 🦞 ")), ["\\b@?Open\\s+Claw\\b", "🦞"]);
    assert_eq!(derive_mention_patterns(Some("a.b(c)"), None), ["\\b@?a\\.b\\(c\\)\\b"]);
    assert!(derive_mention_patterns(Some("  "), Some("")).is_empty());
    let derived =
        patterns(&derive_mention_patterns(Some("Open Claw"), None).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(derived.matches("hey @open   claw, look"));
    assert!(!derived.matches("openclaws"));
}

#[test]
fn pattern_sources_in_order() {
    let agent = vec!["agent".to_owned()];
    let global = vec!["global".to_owned()];
    let empty: Vec<String> = Vec::new();
    assert_eq!(resolve_mention_patterns(Some(&agent), Some(&global), Some("Bot"), None), agent);
    assert_eq!(
        resolve_mention_patterns(Some(&empty), Some(&global), Some("Bot"), None),
        empty,
        "an empty agent list still wins"
    );
    assert_eq!(resolve_mention_patterns(None, Some(&global), Some("Bot"), None), global);
    assert_eq!(resolve_mention_patterns(None, None, Some("Bot"), None), ["\\b@?Bot\\b"]);
}

fn access(groups: &[(&str, Option<bool>)], override_value: Option<bool>, order: OverrideOrder) -> ChannelAccess {
    let groups: BTreeMap<String, GroupEntry> = groups
        .iter()
        .map(|(id, require)| ((*id).to_owned(), GroupEntry { require_mention: *require, ..GroupEntry::default() }))
        .collect();
    ChannelAccess {
        groups,
        require_mention_override: override_value,
        require_mention_override_order: order,
        ..ChannelAccess::default()
    }
}

#[test]
fn require_mention_resolution() {
    use OverrideOrder::*;
    #[rustfmt::skip]
    let cases = [
        ("the default is to require a mention", access(&[], None, AfterConfig), true),
        ("the group entry wins", access(&[("g", Some(false)), ("*", Some(true))], Some(true), AfterConfig), false),
        ("the * entry applies to unlisted groups", access(&[("*", Some(false))], Some(true), AfterConfig), false),
        ("an entry without requireMention falls through to *", access(&[("g", None), ("*", Some(false))], None, AfterConfig), false),
        ("the override fills the gap", access(&[("g", None)], Some(false), AfterConfig), false),
        ("a before-config override wins", access(&[("g", Some(true))], Some(false), BeforeConfig), false),
        ("a before-config gap falls to config", access(&[("g", Some(false))], None, BeforeConfig), false),
    ];
    for (rule, access, expected) in cases {
        assert_eq!(resolve_require_mention(&access, Some("g")), expected, "{rule}");
    }
}

#[test]
fn mention_gating() {
    let base = MentionFacts {
        is_group: true,
        require_mention: true,
        can_detect_mention: true,
        text_commands_enabled: true,
        ..MentionFacts::default()
    };
    #[rustfmt::skip]
    let cases = [
        ("no mention is skipped", base, (false, false, true)),
        ("an explicit mention passes", MentionFacts { was_mentioned: true, ..base }, (true, false, false)),
        ("a reply to the bot is an implicit mention", MentionFacts { implicit_mention: true, ..base }, (true, false, false)),
        ("undetectable mentions are never required", MentionFacts { can_detect_mention: false, ..base }, (false, false, false)),
        ("not requiring a mention passes", MentionFacts { require_mention: false, ..base }, (false, false, false)),
        ("an authorized command bypasses", MentionFacts { is_control_command: true, command_authorized: true, ..base }, (true, true, false)),
        ("an unauthorized command does not bypass", MentionFacts { is_control_command: true, ..base }, (false, false, true)),
        ("a command mentioning someone else does not bypass", MentionFacts { is_control_command: true, command_authorized: true, has_any_mention: true, ..base }, (false, false, true)),
        ("without text commands there is no bypass", MentionFacts { is_control_command: true, command_authorized: true, text_commands_enabled: false, ..base }, (false, false, true)),
        ("DMs never bypass", MentionFacts { is_group: false, is_control_command: true, command_authorized: true, ..base }, (false, false, true)),
    ];
    for (rule, facts, (mentioned, bypass, skip)) in cases {
        assert_eq!(mention_gate(&facts), MentionGate { effective_mentioned: mentioned, bypass, skip }, "{rule}");
    }
}
