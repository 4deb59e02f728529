use super::*;

fn cmd(name: CommandName, args: Option<&str>) -> ParsedMessage {
    ParsedMessage::Command(Command { name, args: args.map(str::to_owned), bang: false })
}

#[test]
fn every_registry_name_and_alias_parses_to_its_command() {
    let cases: &[(&str, CommandName)] = &[
        ("/help", CommandName::Help),
        ("/commands", CommandName::Commands),
        ("/skill", CommandName::Skill),
        ("/status", CommandName::Status),
        ("/allowlist", CommandName::Allowlist),
        ("/approve", CommandName::Approve),
        ("/context", CommandName::Context),
        ("/export-session", CommandName::ExportSession),
        ("/export", CommandName::ExportSession),
        ("/tts", CommandName::Tts),
        ("/whoami", CommandName::Whoami),
        ("/id", CommandName::Whoami),
        ("/session", CommandName::Session),
        ("/subagents", CommandName::Subagents),
        ("/acp", CommandName::Acp),
        ("/focus", CommandName::Focus),
        ("/unfocus", CommandName::Unfocus),
        ("/agents", CommandName::Agents),
        ("/kill", CommandName::Kill),
        ("/steer", CommandName::Steer),
        ("/tell", CommandName::Steer),
        ("/config", CommandName::Config),
        ("/debug", CommandName::Debug),
        ("/usage", CommandName::Usage),
        ("/stop", CommandName::Stop),
        ("/restart", CommandName::Restart),
        ("/activation", CommandName::Activation),
        ("/send", CommandName::Send),
        ("/reset", CommandName::Reset),
        ("/new", CommandName::New),
        ("/compact", CommandName::Compact),
        ("/models", CommandName::Models),
        ("/bash", CommandName::Bash),
        ("/dock-telegram", CommandName::DockTelegram),
        ("/dock_telegram", CommandName::DockTelegram),
        ("/dock-discord", CommandName::DockDiscord),
        ("/dock_discord", CommandName::DockDiscord),
        ("/dock-slack", CommandName::DockSlack),
        ("/dock_slack", CommandName::DockSlack),
    ];
    for (text, name) in cases {
        assert_eq!(parse_message(text), cmd(*name, None), "{text}");
    }
}

#[test]
fn colon_form_case_and_whitespace_do_not_matter() {
    for text in ["/status:", "/STATUS", "  /Status  ", "/status :"] {
        assert_eq!(parse_message(text), cmd(CommandName::Status, None), "{text}");
    }
    assert_eq!(parse_message("/send: on"), cmd(CommandName::Send, Some("on")));
    assert_eq!(parse_message("/Compact:keep the todo list"), cmd(CommandName::Compact, Some("keep the todo list")));
    assert_eq!(parse_message("/TELL 2 hurry up"), cmd(CommandName::Steer, Some("2 hurry up")));
}

#[test]
fn arguments_after_a_no_argument_command_make_it_text() {
    assert_eq!(
        parse_message("/stop the presses"),
        ParsedMessage::Text { text: "/stop the presses".to_owned(), directives: Directives::default() }
    );
}

#[test]
fn unknown_slash_words_are_plain_text() {
    for text in ["/foo bar", "/etc/hosts is a file", "/", "try /status later", "status"] {
        assert_eq!(
            parse_message(text),
            ParsedMessage::Text { text: text.trim().to_owned(), directives: Directives::default() },
            "{text}"
        );
    }
}

#[test]
fn bang_is_the_bash_shorthand() {
    let bang = |args: Option<&str>| {
        ParsedMessage::Command(Command { name: CommandName::Bash, args: args.map(str::to_owned), bang: true })
    };
    assert_eq!(parse_message("! ls -la"), bang(Some("ls -la")));
    assert_eq!(parse_message("!poll"), bang(Some("poll")));
    assert_eq!(parse_message("!: stop"), bang(Some("stop")));
    assert_eq!(BashRequest::parse(Some("poll abc")), BashRequest::Poll { session_id: Some("abc".to_owned()) });
    assert_eq!(BashRequest::parse(Some("stop")), BashRequest::Stop { session_id: None });
    assert_eq!(BashRequest::parse(Some("ls -la")), BashRequest::Run { command: "ls -la".to_owned() });
    assert_eq!(BashRequest::parse(None), BashRequest::Help);
}

#[test]
fn directive_only_messages_are_recognised() {
    for text in
        ["/think high", "/t:high", "/THINKING   low", "/v on", "/reason stream /verbose full", "/model", "/queue"]
    {
        assert!(matches!(parse_message(text), ParsedMessage::DirectiveOnly(_)), "{text}");
    }
}

#[test]
fn inline_directives_are_removed_from_the_text() {
    let cases = [
        ("please sync /model openai/gpt-4.1-mini now", "please sync now"),
        ("please sync /think:high now", "please sync now"),
        ("hello there /elevated off", "hello there"),
        ("/queue steer debounce:2s and then some", "and then some"),
        ("run it /exec host=gateway security=full please", "run it please"),
        ("a /v on b /reasoning off c", "a b c"),
    ];
    for (text, remaining) in cases {
        match parse_message(text) {
            ParsedMessage::Text { text: got, directives } => {
                assert_eq!(got, remaining, "{text}");
                assert!(!directives.is_empty(), "{text}");
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn directive_names_need_a_boundary() {
    for text in ["/thinker high", "a/think high", "/models-ish", "/queued"] {
        let ParsedMessage::Text { directives, .. } = parse_message(text) else { panic!("{text}") };
        assert!(directives.is_empty(), "{text}");
    }
}
