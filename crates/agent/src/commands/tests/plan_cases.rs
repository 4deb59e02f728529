use super::*;
use crate::commands::levels::{ReasoningLevel, VerboseLevel};

#[test]
fn unauthorized_commands_and_directive_only_messages_are_ignored_silently() {
    let ctx = stranger();
    for text in [
        "/status",
        "/stop",
        "/new",
        "/compact",
        "/think high",
        "/verbose on",
        "/model openai/gpt-5.2",
        "/config show",
        "/bash ls",
        "/queue reset",
    ] {
        assert_eq!(plan_text(text, &ctx), CommandPlan::Ignore, "{text}");
    }
}

#[test]
fn unauthorized_inline_directives_are_removed_and_not_applied() {
    let plan = plan_text("please /think high /elevated full explain", &stranger());
    assert_eq!(plan, CommandPlan::Run { text: "please explain".to_owned(), output: OutputGate::default() });
}

#[test]
fn authorized_inline_directives_are_removed_and_not_applied_either() {
    let plan = plan_text("please sync /model openai/gpt-4.1-mini now", &owner_dm());
    assert_eq!(plan, CommandPlan::Run { text: "please sync now".to_owned(), output: OutputGate::default() });
}

#[test]
fn unauthorized_bang_is_chat() {
    assert_eq!(
        plan_text("!important", &stranger()),
        CommandPlan::Run { text: "!important".to_owned(), output: OutputGate::default() }
    );
}

#[test]
fn plain_commands() {
    let ctx = owner_dm();
    assert_eq!(plan_text("/stop", &ctx), CommandPlan::Stop);
    assert_eq!(
        plan_text("/compact keep decisions", &ctx),
        CommandPlan::Compact { instructions: Some("keep decisions".to_owned()) }
    );
    assert_eq!(plan_text("/compact", &ctx), CommandPlan::Compact { instructions: None });
    assert_eq!(plan_text("/reset", &ctx), CommandPlan::Reset { kind: ResetKind::Reset, new_model: None, then: None });
    assert_eq!(
        plan_text("/new gpt-5.2 hello there", &ctx),
        CommandPlan::Reset {
            kind: ResetKind::New,
            new_model: Some("openai/gpt-5.2".to_owned()),
            then: Some("hello there".to_owned())
        }
    );
    assert_eq!(
        plan_text("/new tell me a story", &ctx),
        CommandPlan::Reset { kind: ResetKind::New, new_model: None, then: Some("tell me a story".to_owned()) }
    );
    for text in ["/help", "/commands", "/whoami", "/id", "/models", "/status"] {
        assert!(matches!(plan_text(text, &ctx), CommandPlan::Reply(_)), "{text}");
    }
}

#[test]
fn switch_gated_commands_say_they_are_disabled() {
    let ctx = owner_dm();
    let cases = [
        ("/config show", "⚠️ /config is disabled. Set commands.config=true to enable."),
        ("/debug show", "⚠️ /debug is disabled. Set commands.debug=true to enable."),
        ("/restart", "⚠️ /restart is disabled (commands.restart=false)."),
        ("/bash ls", "⚠️ bash is disabled. Set commands.bash=true to enable."),
        ("! ls", "⚠️ bash is disabled. Set commands.bash=true to enable."),
    ];
    for (text, reply) in cases {
        assert_eq!(plan_text(text, &ctx), CommandPlan::Reply(reply.to_owned()), "{text}");
    }
}

#[test]
fn config_and_debug_also_need_the_owner() {
    let mut ctx = owner_dm();
    ctx.switches = CommandSwitches { config: true, debug: true, restart: true, bash: true };
    ctx.owner = false;
    assert_eq!(plan_text("/config show", &ctx), CommandPlan::Reply("⚠️ /config is owner-only.".to_owned()));
    assert_eq!(plan_text("/debug show", &ctx), CommandPlan::Reply("⚠️ /debug is owner-only.".to_owned()));
    ctx.owner = true;
    assert!(matches!(plan_text("/config show", &ctx), CommandPlan::NotAvailable(_)));
}

#[test]
fn missing_subsystems_say_so() {
    let mut ctx = owner_dm();
    ctx.switches = CommandSwitches { config: true, debug: true, restart: true, bash: true };
    let cases = [
        ("/tts on", "⚠️ /tts (text-to-speech) is not available in this build."),
        ("/subagents list", "⚠️ /subagents is not available in this build."),
        ("/acp status", "⚠️ /acp is not available in this build."),
        ("/approve abc allow-once", "⚠️ /approve (exec approvals) is not available in this build."),
        ("/bash ls", "⚠️ Host shell (bash) is not available in this build."),
        ("/restart", "⚠️ /restart is not available in this build."),
        ("/usage cost", "⚠️ /usage cost (local cost summaries) is not available in this build."),
    ];
    for (text, reply) in cases {
        assert_eq!(plan_text(text, &ctx), CommandPlan::NotAvailable(reply.to_owned()), "{text}");
    }
}

#[test]
fn session_commands_patch_the_session() {
    let mut ctx = owner_dm();
    assert_eq!(
        patch_of(&plan_text("/send off", &ctx)),
        (serde_json::json!({"sendPolicy": "deny"}), "⚙️ Send policy set to off.".to_owned())
    );
    assert_eq!(patch_of(&plan_text("/send inherit", &ctx)).0, serde_json::json!({"sendPolicy": null}));
    assert_eq!(patch_of(&plan_text("/usage full", &ctx)).0, serde_json::json!({"responseUsage": "full"}));
    assert_eq!(
        plan_text("/activation always", &ctx),
        CommandPlan::Reply("⚙️ Group activation only applies to group chats.".to_owned())
    );
    ctx.is_group = true;
    assert_eq!(
        patch_of(&plan_text("/activation always", &ctx)),
        (
            serde_json::json!({"groupActivation": "always", "groupActivationNeedsSystemIntro": true}),
            "⚙️ Group activation set to always.".to_owned()
        )
    );
    ctx.owner = false;
    assert_eq!(plan_text("/send on", &ctx), CommandPlan::Reply("⚠️ /send is owner-only.".to_owned()));
}

#[test]
fn groups_get_no_reasoning_or_tool_output_by_default() {
    let mut ctx = owner_dm();
    ctx.is_group = true;
    ctx.default_verbose = Some(VerboseLevel::Full);
    ctx.default_reasoning = Some(ReasoningLevel::On);
    assert_eq!(plan_text("hi", &ctx), CommandPlan::Run { text: "hi".to_owned(), output: OutputGate::default() });
    ctx.is_group = false;
    assert_eq!(
        plan_text("hi", &ctx),
        CommandPlan::Run { text: "hi".to_owned(), output: OutputGate { show_reasoning: true, show_tool_output: true } }
    );
}

#[test]
fn groups_see_internals_only_after_an_explicit_session_setting() {
    let mut ctx = owner_dm();
    ctx.is_group = true;
    ctx.was_mentioned = true;
    assert_eq!(patch_of(&plan_text("/reasoning on", &ctx)).0, serde_json::json!({"reasoningLevel": "on"}));
    ctx.session.reasoning_level = Some(ReasoningLevel::On);
    ctx.session.verbose_level = Some(VerboseLevel::On);
    assert_eq!(
        plan_text("hi", &ctx),
        CommandPlan::Run { text: "hi".to_owned(), output: OutputGate { show_reasoning: true, show_tool_output: true } }
    );
    let mut stranger_in_group = ctx.clone();
    stranger_in_group.authorized = false;
    stranger_in_group.session = SessionSettings::default();
    assert_eq!(plan_text("/reasoning on", &stranger_in_group), CommandPlan::Ignore);
    assert_eq!(plan_text("/verbose full", &stranger_in_group), CommandPlan::Ignore);
}

#[test]
fn unmentioned_group_messages_may_only_lower_elevated_and_exec() {
    let mut ctx = owner_dm();
    ctx.is_group = true;
    ctx.was_mentioned = false;
    assert_eq!(plan_text("/elevated full", &ctx), CommandPlan::Ignore);
    assert_eq!(plan_text("/exec security=full", &ctx), CommandPlan::Ignore);
    assert_eq!(patch_of(&plan_text("/elevated off", &ctx)).0, serde_json::json!({"elevatedLevel": "off"}));
    assert_eq!(patch_of(&plan_text("/exec security=deny", &ctx)).0, serde_json::json!({"execSecurity": "deny"}));
}

#[test]
fn elevated_needs_elevated_access() {
    let mut ctx = owner_dm();
    ctx.elevated_available = false;
    assert!(
        matches!(plan_text("/elevated on", &ctx), CommandPlan::Reply(t) if t.starts_with("⚠️ elevated is not available"))
    );
}

#[test]
fn status_card_shows_the_session() {
    let mut ctx = owner_dm();
    ctx.session.thinking_level = Some(crate::commands::levels::ThinkLevel::Low);
    ctx.status = StatusFacts {
        agent_id: "main".to_owned(),
        session_key: "agent:main:main".to_owned(),
        context_tokens_used: Some(12_345),
        context_tokens_limit: Some(200_000),
        last_usage: Some(UsageFacts { input: 1_200, output: 300, cache_read: 0 }),
    };
    let expected = "🦞 OpenClaw status\n\
        Agent: main · Model: anthropic/claude-opus-4-5\n\
        Session: agent:main:main\n\
        Think: low · Verbose: off · Reasoning: off · Elevated: off\n\
        Queue: collect\n\
        Context: 12k/200k (6%)\n\
        Last usage: 1k in / 300 out / 0 cached";
    assert_eq!(plan_text("/status", &ctx), CommandPlan::Reply(expected.to_owned()));
}

#[test]
fn whoami_names_the_sender() {
    let mut ctx = owner_dm();
    ctx.sender = SenderFacts {
        channel: "telegram".to_owned(),
        sender_id: Some("42".to_owned()),
        username: Some("ada".to_owned()),
        ..SenderFacts::default()
    };
    assert_eq!(
        plan_text("/id", &ctx),
        CommandPlan::Reply("🧭 Identity\nChannel: telegram\nUser id: 42\nUsername: @ada\nAllowFrom: 42".to_owned())
    );
}
