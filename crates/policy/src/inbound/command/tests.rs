//! Control command detection; cases follow OpenClaw's `command-control.test.ts` and
//! `commands-registry.test.ts`.

use super::*;

fn cmd(name: &str, args: Option<&str>) -> Option<Command> {
    Some(Command { name: name.to_owned(), args: args.map(str::to_owned) })
}

#[test]
fn whole_message_commands() {
    #[rustfmt::skip]
    let cases = [
        ("a bare command", "/status", cmd("status", None)),
        ("a trailing colon", "/status:", cmd("status", None)),
        ("surrounding whitespace", "  /commands  ", cmd("commands", None)),
        ("names are case-insensitive", "/STATUS", cmd("status", None)),
        ("arguments", "/think high", cmd("think", Some("high"))),
        ("colon arguments", "/think: high", cmd("think", Some("high"))),
        ("colon without space", "/activation:mention", cmd("activation", Some("mention"))),
        ("aliases resolve to the canonical name", "/t low", cmd("think", Some("low"))),
        ("the id alias", "/id", cmd("whoami", None)),
        ("the export alias", "/export out.md", cmd("export-session", Some("out.md"))),
        ("argument case is kept", "/model GPT-5", cmd("model", Some("GPT-5"))),
        ("only the first line counts", "/status\nand more text", cmd("status", None)),
        ("arguments end at the line", "/queue steer\nsecond line", cmd("queue", Some("steer"))),
        ("dock commands", "/dock_telegram", cmd("dock-telegram", None)),
        ("bare words are never commands", "status", None),
        ("bare help is no command", "help", None),
        ("a command inside text is no command", "try /status", None),
        ("unknown commands are chat", "/frobnicate", None),
        ("arguments to an argument-less command make it chat", "/status please", None),
        ("a slash alone", "/", None),
        ("a space after the slash", "/ status", None),
        ("an empty message", "   ", None),
        ("a command for some bot is ignored without a username", "/status@somebot", None),
        ("abort words are not control commands", "stop", None),
    ];
    for (rule, text, expected) in cases {
        assert_eq!(detect_command(text, None), expected, "{rule}");
    }
}

#[test]
fn telegram_bot_suffixes() {
    #[rustfmt::skip]
    let cases = [
        ("our own bot", "/help@openclaw", cmd("help", None)),
        ("our own bot, any case", "/help@OpenClaw", cmd("help", None)),
        ("our own bot with arguments", "/think@openclaw high", cmd("think", Some("high"))),
        ("our own bot with a colon", "/think@openclaw: high", cmd("think", Some("high"))),
        ("arguments still make an argument-less command chat", "/help@openclaw args", None),
        ("another bot's command is ignored", "/help@otherbot", None),
        ("another bot's command with arguments is ignored", "/think@otherbot high", None),
    ];
    for (rule, text, expected) in cases {
        assert_eq!(detect_command(text, Some("openclaw")), expected, "{rule}");
    }
}

#[test]
fn gated_commands_need_their_flag() {
    let off = CommandDetection::default();
    for text in ["/config show", "/debug", "/bash ls"] {
        assert_eq!(off.detect(text), None, "{text} is off by default");
    }
    let on = CommandDetection { config_enabled: true, debug_enabled: true, bash_enabled: true, ..off };
    assert_eq!(on.detect("/config show"), cmd("config", Some("show")));
    assert_eq!(on.detect("/debug"), cmd("debug", None));
    assert_eq!(on.detect("/bash ls -la"), cmd("bash", Some("ls -la")));
}

#[test]
fn extra_commands_take_arguments() {
    let detection = CommandDetection { extra_commands: vec!["/Weather".to_owned()], ..CommandDetection::default() };
    assert_eq!(detection.detect("/weather berlin"), cmd("weather", Some("berlin")));
    assert_eq!(detection.detect("/weather"), cmd("weather", None));
    assert_eq!(detect_command("/weather", None), None);
}

#[test]
fn every_alias_is_a_command_with_and_without_colon() {
    let all = CommandDetection { config_enabled: true, debug_enabled: true, bash_enabled: true, ..Default::default() };
    for spec in REGISTRY {
        for alias in spec.aliases {
            assert!(all.detect(alias).is_some(), "{alias}");
            assert!(all.detect(&format!("{alias}:")).is_some(), "{alias}:");
            assert_eq!(all.detect(&format!("{alias} list")).is_some(), spec.accepts_args, "{alias} list");
            assert_eq!(all.detect(&format!("{alias}: list")).is_some(), spec.accepts_args, "{alias}: list");
            assert_eq!(all.detect(alias.trim_start_matches('/')), None, "bare {alias}");
        }
    }
}
