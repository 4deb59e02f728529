use super::*;
use crate::commands::directives::{self, RawOption};
use crate::commands::levels::*;

fn only(text: &str) -> Directives {
    let (d, rest) = directives::extract(text);
    assert_eq!(rest, "", "{text}");
    d
}

#[test]
fn level_synonyms_follow_openclaw() {
    let think = [
        ("off", ThinkLevel::Off),
        ("on", ThinkLevel::Low),
        ("min", ThinkLevel::Minimal),
        ("minimal", ThinkLevel::Minimal),
        ("low", ThinkLevel::Low),
        ("medium", ThinkLevel::Medium),
        ("mid", ThinkLevel::Medium),
        ("high", ThinkLevel::High),
        ("ultrathink", ThinkLevel::High),
        ("xhigh", ThinkLevel::XHigh),
        ("extra-high", ThinkLevel::XHigh),
    ];
    for (raw, level) in think {
        assert_eq!(ThinkLevel::parse(raw), Some(level), "{raw}");
    }
    assert_eq!(ThinkLevel::parse("hot"), None);
    assert_eq!(VerboseLevel::parse("full"), Some(VerboseLevel::Full));
    assert_eq!(VerboseLevel::parse("yes"), Some(VerboseLevel::On));
    assert_eq!(VerboseLevel::parse("loud"), None);
    assert_eq!(ReasoningLevel::parse("stream"), Some(ReasoningLevel::Stream));
    assert_eq!(ReasoningLevel::parse("hide"), Some(ReasoningLevel::Off));
    assert_eq!(ReasoningLevel::parse("maybe"), None);
    assert_eq!(QueueMode::parse("queue"), Some(QueueMode::Steer));
    assert_eq!(QueueMode::parse("steer+backlog"), Some(QueueMode::SteerBacklog));
    assert_eq!(QueueMode::parse("collect"), Some(QueueMode::Collect));
    assert_eq!(QueueMode::parse("followup"), Some(QueueMode::Followup));
    assert_eq!(QueueMode::parse("interrupt"), Some(QueueMode::Interrupt));
    assert_eq!(QueueDrop::parse("summarize"), Some(QueueDrop::Summarize));
    assert_eq!(QueueDrop::parse("oldest"), Some(QueueDrop::Old));
}

#[test]
fn durations() {
    let cases = [
        ("2s", Some(2_000)),
        ("500ms", Some(500)),
        ("1m", Some(60_000)),
        ("1500", Some(1_500)),
        ("1h30m", Some(5_400_000)),
    ];
    for (raw, ms) in cases {
        assert_eq!(parse_duration_ms(raw), ms, "{raw}");
    }
    for raw in ["", "fast", "-2s", "2x", "1.s", "2s5"] {
        assert_eq!(parse_duration_ms(raw), None, "{raw}");
    }
}

#[test]
fn queue_directive_parses_mode_and_options() {
    let d = only("/queue steer debounce:2s cap:25 drop:summarize");
    let q = d.queue.unwrap_or_default();
    assert_eq!(q.mode, Some(RawOption { raw: "steer".to_owned(), value: Some(QueueMode::Steer) }));
    assert_eq!(q.debounce_ms, Some(RawOption { raw: "2s".to_owned(), value: Some(2_000) }));
    assert_eq!(q.cap, Some(RawOption { raw: "25".to_owned(), value: Some(25) }));
    assert_eq!(q.drop, Some(RawOption { raw: "summarize".to_owned(), value: Some(QueueDrop::Summarize) }));
}

#[test]
fn exec_directive_parses_each_key() {
    let d = only("/exec host=node security:allowlist ask=always node=mac-1");
    let e = d.exec.unwrap_or_default();
    assert_eq!(e.host.and_then(|o| o.value), Some(ExecHost::Node));
    assert_eq!(e.security.and_then(|o| o.value), Some(ExecSecurity::Allowlist));
    assert_eq!(e.ask.and_then(|o| o.value), Some(ExecAsk::Always));
    assert_eq!(e.node.and_then(|o| o.value), Some("mac-1".to_owned()));
}

#[test]
fn model_directive_takes_one_reference() {
    assert_eq!(only("/model openai/gpt-5.2").model, Some(Some("openai/gpt-5.2".to_owned())));
    assert_eq!(only("/model: 3").model, Some(Some("3".to_owned())));
    assert_eq!(only("/model").model, Some(None));
}

#[test]
fn invalid_values_reply_with_one_clear_line() {
    let ctx = owner_dm();
    let cases = [
        ("/think hot", "Unrecognized thinking level \"hot\". Valid levels: off, minimal, low, medium, high."),
        ("/verbose loud", "Unrecognized verbose level \"loud\". Valid levels: off, on, full."),
        ("/reasoning maybe", "Unrecognized reasoning level \"maybe\". Valid levels: on, off, stream."),
        ("/elevated sideways", "Unrecognized elevated level \"sideways\". Valid levels: off, on, ask, full."),
        ("/exec host=moon", "Unrecognized exec host \"moon\". Valid: sandbox, gateway, node."),
        ("/exec security=yolo", "Unrecognized exec security \"yolo\". Valid: deny, allowlist, full."),
        ("/exec ask=sometimes", "Unrecognized exec ask \"sometimes\". Valid: off, on-miss, always."),
        ("/exec node=", "Exec node requires a value."),
        ("/queue debounce:fast", "Invalid debounce \"fast\". Use ms/s/m (e.g. debounce:1500ms, debounce:2s)."),
        ("/queue cap:0", "Invalid cap \"0\". Use a positive integer (e.g. cap:10)."),
        ("/queue drop:everything", "Invalid drop policy \"everything\". Use drop:old, drop:new, or drop:summarize."),
        ("/model nope", "Unrecognized model \"nope\". Use /models to list available models."),
        (
            "/think xhigh",
            "Thinking level \"xhigh\" is only supported for openai/gpt-5.2, openai-codex/gpt-5.3-codex, \
             openai-codex/gpt-5.3-codex-spark, openai-codex/gpt-5.2-codex, openai-codex/gpt-5.1-codex, \
             github-copilot/gpt-5.2-codex, github-copilot/gpt-5.2.",
        ),
    ];
    for (text, reply) in cases {
        assert_eq!(plan_text(text, &ctx), CommandPlan::Reply(reply.to_owned()), "{text}");
    }
}

#[test]
fn bare_directives_show_the_current_value() {
    let mut ctx = owner_dm();
    ctx.session.thinking_level = Some(ThinkLevel::Medium);
    let cases = [
        ("/think", "Current thinking level: medium.\nOptions: off, minimal, low, medium, high."),
        ("/v", "Current verbose level: off.\nOptions: on, full, off."),
        ("/reasoning", "Current reasoning level: off.\nOptions: on, off, stream."),
        ("/elev", "Current elevated level: off.\nOptions: on, off, ask, full."),
        (
            "/exec",
            "Current exec defaults: host=sandbox, security=deny, ask=on-miss, node=(unset).\nOptions: \
             host=sandbox|gateway|node, security=deny|allowlist|full, ask=off|on-miss|always, node=<id>.",
        ),
        (
            "/queue",
            "Current queue settings: mode=collect, debounce=default, cap=default, drop=default.\nOptions: modes \
             steer, followup, collect, steer+backlog, interrupt; debounce:<ms|s|m>, cap:<n>, drop:old|new|summarize.",
        ),
    ];
    for (text, reply) in cases {
        assert_eq!(plan_text(text, &ctx), CommandPlan::Reply(reply.to_owned()), "{text}");
    }
}

#[test]
fn directive_only_messages_patch_the_session() {
    let ctx = owner_dm();
    let cases = [
        ("/think high", serde_json::json!({"thinkingLevel": "high"}), "Thinking level set to high."),
        ("/t off", serde_json::json!({"thinkingLevel": "off"}), "Thinking disabled."),
        ("/verbose full", serde_json::json!({"verboseLevel": "full"}), "⚙️ Verbose logging set to full."),
        (
            "/reasoning stream",
            serde_json::json!({"reasoningLevel": "stream"}),
            "⚙️ Reasoning stream enabled (Telegram only).",
        ),
        (
            "/elevated ask",
            serde_json::json!({"elevatedLevel": "ask"}),
            "⚙️ Elevated mode set to ask (approvals may still apply).",
        ),
        (
            "/exec host=gateway security=allowlist ask=on-miss node=n1",
            serde_json::json!({"execHost": "gateway", "execSecurity": "allowlist", "execAsk": "on-miss", "execNode": "n1"}),
            "⚙️ Exec defaults set (host=gateway, security=allowlist, ask=on-miss, node=n1).",
        ),
        (
            "/model gpt-5.2",
            serde_json::json!({"providerOverride": "openai", "modelOverride": "gpt-5.2"}),
            "Model set to openai/gpt-5.2.",
        ),
        (
            "/model anthropic/claude-opus-4-5",
            serde_json::json!({"providerOverride": null, "modelOverride": null}),
            "Model reset to default (anthropic/claude-opus-4-5).",
        ),
        (
            "/queue interrupt debounce:500ms cap:5 drop:old",
            serde_json::json!({"queueMode": "interrupt", "queueDebounceMs": 500, "queueCap": 5, "queueDrop": "old"}),
            "⚙️ Queue mode set to interrupt. ⚙️ Queue debounce set to 500ms. ⚙️ Queue cap set to 5. ⚙️ Queue drop set to old.",
        ),
        (
            "/queue reset",
            serde_json::json!({"queueMode": null, "queueDebounceMs": null, "queueCap": null, "queueDrop": null}),
            "⚙️ Queue mode reset to default.",
        ),
        (
            "/think low /verbose on",
            serde_json::json!({"thinkingLevel": "low", "verboseLevel": "on"}),
            "Thinking level set to low. ⚙️ Verbose logging enabled.",
        ),
    ];
    for (text, fields, reply) in cases {
        assert_eq!(patch_of(&plan_text(text, &ctx)), (fields, reply.to_owned()), "{text}");
    }
}

#[test]
fn xhigh_is_accepted_on_models_that_support_it() {
    let mut ctx = owner_dm();
    ctx.session.model = "openai/gpt-5.2".to_owned();
    assert_eq!(patch_of(&plan_text("/think xhigh", &ctx)).0, serde_json::json!({"thinkingLevel": "xhigh"}));
}

#[test]
fn one_invalid_directive_blocks_the_whole_patch() {
    let plan = plan_text("/think high /verbose loud", &owner_dm());
    assert!(matches!(plan, CommandPlan::Reply(_)), "{plan:?}");
}
