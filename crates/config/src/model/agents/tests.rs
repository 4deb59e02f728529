//! Agent ids as config resolves them. The rule is the session-key policy's `normalize_agent_id`;
//! these cases pin what a configured id becomes, including where it differs from the ASCII-only
//! normaliser config used to carry.

use super::*;

#[test]
fn configured_agent_ids_are_normalised_like_session_keys() {
    #[rustfmt::skip]
    let cases = [
        ("a valid id is lowercased", "Ops", "ops"),
        ("blank is the default agent", "   ", DEFAULT_AGENT_ID),
        ("runs of other characters become one dash", "Work  Agent!", "work-agent"),
        ("dashes are trimmed from both ends", "../x/", "x"),
        ("nothing usable left is the default agent", "!!!", DEFAULT_AGENT_ID),
        ("ids are cut to 64 characters", &"a".repeat(70), &"a".repeat(64)),
        // The policy lowercases non-ASCII text as JavaScript does, so a Kelvin sign folds to `k`
        // (config's old ASCII-only rule turned it into a dash and gave `ey`). OpenClaw's wins.
        ("Unicode lowercasing as in JavaScript", "\u{212A}ey", "key"),
    ];
    for (rule, raw, expected) in cases {
        assert_eq!(normalize_agent_id(raw), expected, "{rule}");
    }
}
