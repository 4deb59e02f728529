use proptest::prelude::*;

use super::*;

/// Text that is likely to contain commands and directives, not just noise.
fn message() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("/think".to_owned()),
        Just("/t".to_owned()),
        Just("/verbose".to_owned()),
        Just("/reasoning".to_owned()),
        Just("/elevated".to_owned()),
        Just("/exec".to_owned()),
        Just("/model".to_owned()),
        Just("/queue".to_owned()),
        Just("/stop".to_owned()),
        Just("/new".to_owned()),
        Just("/reset".to_owned()),
        Just("/compact".to_owned()),
        Just("/send".to_owned()),
        Just("/activation".to_owned()),
        Just("/usage".to_owned()),
        Just("!".to_owned()),
        Just(":".to_owned()),
        Just("high".to_owned()),
        Just("on".to_owned()),
        Just("host=gateway".to_owned()),
        Just("security=full".to_owned()),
        "[a-zA-Z0-9:/=!@. -]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(word, 0..6).prop_map(|words| words.join(" "))
}

proptest! {
    #[test]
    fn unauthorized_senders_never_change_state(text in message(), is_group: bool, was_mentioned: bool, owner: bool) {
        let ctx = CommandContext { is_group, was_mentioned, owner, ..stranger() };
        let plan = plan_text(&text, &ctx);
        prop_assert!(
            !matches!(plan, CommandPlan::PatchSession { .. } | CommandPlan::Reset { .. } | CommandPlan::Stop | CommandPlan::Compact { .. }),
            "{text:?} -> {plan:?}"
        );
    }

    #[test]
    fn text_left_after_directives_is_trimmed(text in message()) {
        if let ParsedMessage::Text { text: rest, directives } = parse_message(&text)
            && !directives.is_empty()
        {
            prop_assert_eq!(rest.trim(), rest.as_str());
        }
    }
}
