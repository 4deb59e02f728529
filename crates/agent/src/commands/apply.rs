//! A directive-only message from an authorized sender: validate every directive, answer the
//! first problem (or the "current value" question) in OpenClaw's words, otherwise persist them
//! all in one patch with one acknowledgement. Nothing is written when anything is wrong.

use serde_json::{Map, Value};

use super::directives::{Directives, ExecDirective, LevelDirective, QueueDirective};
use super::levels::{ElevatedLevel, ExecSecurity, ReasoningLevel, ThinkLevel, VerboseLevel};
use super::models::{self, ModelChoice};
use super::plan::{CommandContext, CommandPlan};

/// OpenClaw marks system acknowledgements with a gear.
pub(crate) fn ack(text: &str) -> String {
    format!("⚙️ {text}")
}

fn with_options(line: &str, options: &str) -> String {
    format!("{line}\nOptions: {options}.")
}

const ELEVATED_UNAVAILABLE: &str =
    "⚠️ elevated is not available right now (enable tools.elevated and allow this sender in tools.elevated.allowFrom).";

/// Drops what an unmentioned group message may not do: raise `/elevated` or loosen `/exec`.
fn without_unmentioned_escalation(directives: &Directives, ctx: &CommandContext) -> Directives {
    let mut d = directives.clone();
    if ctx.is_group && !ctx.was_mentioned {
        if d.elevated.as_ref().is_some_and(|e| e.level != Some(ElevatedLevel::Off)) {
            d.elevated = None;
        }
        let lowers_only = |e: &ExecDirective| e.security.as_ref().is_some_and(|s| s.value == Some(ExecSecurity::Deny));
        if d.exec.as_ref().is_some_and(|e| !lowers_only(e)) {
            d.exec = None;
        }
    }
    d
}

pub(crate) fn plan_directives(directives: &Directives, ctx: &CommandContext) -> CommandPlan {
    let d = without_unmentioned_escalation(directives, ctx);
    if d.is_empty() {
        return CommandPlan::Ignore;
    }
    match validate(&d, ctx) {
        Err(reply) => CommandPlan::Reply(reply),
        Ok(model) => persist(&d, model),
    }
}

/// The first reply that stops the patch, or the model choice to apply.
fn validate(d: &Directives, ctx: &CommandContext) -> Result<Option<ModelChoice>, String> {
    let model = match &d.model {
        None => None,
        Some(raw) => match models::resolve(raw.as_deref(), ctx) {
            models::Resolution::Show(text) | models::Resolution::Error(text) => return Err(text),
            models::Resolution::Choice(choice) => Some(choice),
        },
    };
    let model_ref = model.as_ref().map_or(ctx.session.model.as_str(), |m| m.model_ref.as_str());
    if let Some(LevelDirective { raw, level: None }) = &d.think {
        let options = ThinkLevel::options_for(model_ref);
        return Err(match raw {
            None => with_options(
                &format!(
                    "Current thinking level: {}.",
                    level_or_off(ctx.session.thinking_level.map(ThinkLevel::as_str))
                ),
                &options,
            ),
            Some(raw) => format!("Unrecognized thinking level \"{raw}\". Valid levels: {options}."),
        });
    }
    if let Some(LevelDirective { raw, level: None }) = &d.verbose {
        return Err(match raw {
            None => with_options(
                &format!(
                    "Current verbose level: {}.",
                    level_or_off(ctx.session.verbose_level.map(VerboseLevel::as_str))
                ),
                "on, full, off",
            ),
            Some(raw) => format!("Unrecognized verbose level \"{raw}\". Valid levels: off, on, full."),
        });
    }
    if let Some(LevelDirective { raw, level: None }) = &d.reasoning {
        return Err(match raw {
            None => with_options(
                &format!(
                    "Current reasoning level: {}.",
                    level_or_off(ctx.session.reasoning_level.map(ReasoningLevel::as_str))
                ),
                "on, off, stream",
            ),
            Some(raw) => format!("Unrecognized reasoning level \"{raw}\". Valid levels: on, off, stream."),
        });
    }
    if let Some(elevated) = &d.elevated {
        if !ctx.elevated_available {
            return Err(ELEVATED_UNAVAILABLE.to_owned());
        }
        match (&elevated.raw, elevated.level) {
            (None, _) => {
                let current = level_or_off(ctx.session.elevated_level.map(ElevatedLevel::as_str));
                return Err(with_options(&format!("Current elevated level: {current}."), "on, off, ask, full"));
            }
            (Some(raw), None) => {
                return Err(format!("Unrecognized elevated level \"{raw}\". Valid levels: off, on, ask, full."));
            }
            _ => {}
        }
    }
    if let Some(exec) = &d.exec {
        validate_exec(exec, ctx)?;
    }
    if let Some(queue) = &d.queue {
        validate_queue(queue, ctx)?;
    }
    if d.think.as_ref().is_some_and(|t| t.level == Some(ThinkLevel::XHigh)) && !ThinkLevel::xhigh_supported(model_ref) {
        return Err(format!(
            "Thinking level \"xhigh\" is only supported for {}.",
            super::levels::XHIGH_MODEL_REFS.join(", ")
        ));
    }
    Ok(model)
}

fn level_or_off(level: Option<&'static str>) -> &'static str {
    level.unwrap_or("off")
}

fn validate_exec(exec: &ExecDirective, ctx: &CommandContext) -> Result<(), String> {
    let invalid = |what: &str, raw: &str, valid: &str| format!("Unrecognized exec {what} \"{raw}\". Valid: {valid}.");
    if let Some(host) = exec.host.as_ref().filter(|o| o.value.is_none()) {
        return Err(invalid("host", &host.raw, "sandbox, gateway, node"));
    }
    if let Some(security) = exec.security.as_ref().filter(|o| o.value.is_none()) {
        return Err(invalid("security", &security.raw, "deny, allowlist, full"));
    }
    if let Some(ask) = exec.ask.as_ref().filter(|o| o.value.is_none()) {
        return Err(invalid("ask", &ask.raw, "off, on-miss, always"));
    }
    if exec.node.as_ref().is_some_and(|o| o.value.is_none()) {
        return Err("Exec node requires a value.".to_owned());
    }
    if !exec.has_options() {
        let s = &ctx.session.exec;
        let node = s.node.as_deref().map_or_else(|| "node=(unset)".to_owned(), |n| format!("node={n}"));
        return Err(with_options(
            &format!(
                "Current exec defaults: host={}, security={}, ask={}, {node}.",
                s.host.map_or("sandbox", |h| h.as_str()),
                s.security.map_or("deny", |v| v.as_str()),
                s.ask.map_or("on-miss", |a| a.as_str()),
            ),
            "host=sandbox|gateway|node, security=deny|allowlist|full, ask=off|on-miss|always, node=<id>",
        ));
    }
    Ok(())
}

fn validate_queue(queue: &QueueDirective, ctx: &CommandContext) -> Result<(), String> {
    if queue.is_status_request() {
        let q = &ctx.session.queue;
        return Err(with_options(
            &format!(
                "Current queue settings: mode={}, debounce={}, cap={}, drop={}.",
                q.mode.map_or("collect", |m| m.as_str()),
                q.debounce_ms.map_or_else(|| "default".to_owned(), |ms| format!("{ms}ms")),
                q.cap.map_or_else(|| "default".to_owned(), |c| c.to_string()),
                q.drop.map_or("default", |d| d.as_str()),
            ),
            "modes steer, followup, collect, steer+backlog, interrupt; debounce:<ms|s|m>, cap:<n>, drop:old|new|summarize",
        ));
    }
    let mut errors = Vec::new();
    if let Some(d) = queue.debounce_ms.as_ref().filter(|o| o.value.is_none()) {
        errors.push(format!("Invalid debounce \"{}\". Use ms/s/m (e.g. debounce:1500ms, debounce:2s).", d.raw));
    }
    if let Some(c) = queue.cap.as_ref().filter(|o| o.value.is_none()) {
        errors.push(format!("Invalid cap \"{}\". Use a positive integer (e.g. cap:10).", c.raw));
    }
    if let Some(d) = queue.drop.as_ref().filter(|o| o.value.is_none()) {
        errors.push(format!("Invalid drop policy \"{}\". Use drop:old, drop:new, or drop:summarize.", d.raw));
    }
    if errors.is_empty() { Ok(()) } else { Err(errors.join(" ")) }
}

fn persist(d: &Directives, model: Option<ModelChoice>) -> CommandPlan {
    let mut fields = Map::new();
    let mut parts: Vec<String> = Vec::new();
    let mut set = |key: &str, value: Value| {
        fields.insert(key.to_owned(), value);
    };
    if let Some(level) = d.think.as_ref().and_then(|t| t.level) {
        set("thinkingLevel", level.as_str().into());
        parts.push(if level == ThinkLevel::Off {
            "Thinking disabled.".to_owned()
        } else {
            format!("Thinking level set to {}.", level.as_str())
        });
    }
    if let Some(level) = d.verbose.as_ref().and_then(|v| v.level) {
        set("verboseLevel", level.as_str().into());
        parts.push(ack(match level {
            VerboseLevel::Off => "Verbose logging disabled.",
            VerboseLevel::Full => "Verbose logging set to full.",
            VerboseLevel::On => "Verbose logging enabled.",
        }));
    }
    if let Some(level) = d.reasoning.as_ref().and_then(|r| r.level) {
        // `off` is stored explicitly so it overrides a model's reasoning default.
        set("reasoningLevel", level.as_str().into());
        parts.push(ack(match level {
            ReasoningLevel::Off => "Reasoning visibility disabled.",
            ReasoningLevel::Stream => "Reasoning stream enabled (Telegram only).",
            ReasoningLevel::On => "Reasoning visibility enabled.",
        }));
    }
    if let Some(level) = d.elevated.as_ref().and_then(|e| e.level) {
        set("elevatedLevel", level.as_str().into());
        parts.push(ack(match level {
            ElevatedLevel::Off => "Elevated mode disabled.",
            ElevatedLevel::Full => "Elevated mode set to full (auto-approve).",
            ElevatedLevel::On | ElevatedLevel::Ask => "Elevated mode set to ask (approvals may still apply).",
        }));
    }
    if let Some(exec) = &d.exec {
        let mut shown = Vec::new();
        let entries = [
            ("execHost", "host", exec.host.as_ref().and_then(|o| o.value).map(|v| v.as_str().to_owned())),
            ("execSecurity", "security", exec.security.as_ref().and_then(|o| o.value).map(|v| v.as_str().to_owned())),
            ("execAsk", "ask", exec.ask.as_ref().and_then(|o| o.value).map(|v| v.as_str().to_owned())),
            ("execNode", "node", exec.node.as_ref().and_then(|o| o.value.clone())),
        ];
        for (key, label, value) in entries {
            if let Some(value) = value {
                shown.push(format!("{label}={value}"));
                set(key, value.into());
            }
        }
        if !shown.is_empty() {
            parts.push(ack(&format!("Exec defaults set ({}).", shown.join(", "))));
        }
    }
    if let Some(choice) = model {
        if choice.is_default {
            set("providerOverride", Value::Null);
            set("modelOverride", Value::Null);
            parts.push(format!("Model reset to default ({}).", choice.model_ref));
        } else {
            set("providerOverride", choice.provider.clone().into());
            set("modelOverride", choice.model.clone().into());
            parts.push(format!("Model set to {}.", choice.model_ref));
        }
    }
    if let Some(queue) = &d.queue {
        persist_queue(queue, &mut set, &mut parts);
    }
    let reply = if parts.is_empty() { "OK.".to_owned() } else { parts.join(" ") };
    CommandPlan::PatchSession { fields, reply }
}

fn persist_queue(queue: &QueueDirective, set: &mut impl FnMut(&str, Value), parts: &mut Vec<String>) {
    if queue.reset {
        for key in ["queueMode", "queueDebounceMs", "queueCap", "queueDrop"] {
            set(key, Value::Null);
        }
        parts.push(ack("Queue mode reset to default."));
        return;
    }
    if let Some(mode) = queue.mode.as_ref().and_then(|m| m.value) {
        set("queueMode", mode.as_str().into());
        parts.push(ack(&format!("Queue mode set to {}.", mode.as_str())));
    }
    if let Some(ms) = queue.debounce_ms.as_ref().and_then(|o| o.value) {
        set("queueDebounceMs", ms.into());
        parts.push(ack(&format!("Queue debounce set to {ms}ms.")));
    }
    if let Some(cap) = queue.cap.as_ref().and_then(|o| o.value) {
        set("queueCap", cap.into());
        parts.push(ack(&format!("Queue cap set to {cap}.")));
    }
    if let Some(drop) = queue.drop.as_ref().and_then(|o| o.value) {
        set("queueDrop", drop.as_str().into());
        parts.push(ack(&format!("Queue drop set to {}.", drop.as_str())));
    }
}
