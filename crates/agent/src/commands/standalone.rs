//! A standalone command from an authorized sender. Switch-gated commands answer with OpenClaw's
//! "disabled" line when their switch is off; commands whose subsystem this build lacks say so
//! plainly rather than pretending to work.

use serde_json::{Map, Value};

use super::apply::ack;
use super::levels::{GroupActivation, SendPolicy, UsageDisplay};
use super::models;
use super::parse::{BashRequest, Command};
use super::plan::{CommandContext, CommandPlan, ResetKind};
use super::registry::{self, CommandName};
use super::status;

fn not_available(what: &str) -> CommandPlan {
    CommandPlan::NotAvailable(format!("⚠️ {what} is not available in this build."))
}

fn disabled(label: &str, key: &str) -> CommandPlan {
    CommandPlan::Reply(format!("⚠️ {label} is disabled. Set commands.{key}=true to enable."))
}

fn patch(key: &str, value: Value, reply: String) -> CommandPlan {
    let mut fields = Map::new();
    fields.insert(key.to_owned(), value);
    CommandPlan::PatchSession { fields, reply }
}

pub(crate) fn plan_command(command: &Command, ctx: &CommandContext) -> CommandPlan {
    let args = command.args.as_deref();
    match command.name {
        CommandName::Help => CommandPlan::Reply(registry::help_text()),
        CommandName::Commands => CommandPlan::Reply(registry::commands_text()),
        CommandName::Status => CommandPlan::Reply(status::card(&ctx.status, &ctx.session)),
        CommandName::Whoami => CommandPlan::Reply(whoami(ctx)),
        CommandName::Models => CommandPlan::Reply(models::list_text(ctx)),
        CommandName::Stop => CommandPlan::Stop,
        CommandName::Reset => reset(ResetKind::Reset, args, ctx),
        CommandName::New => reset(ResetKind::New, args, ctx),
        CommandName::Compact => CommandPlan::Compact { instructions: args.map(str::to_owned) },
        CommandName::Activation => activation(args, ctx),
        CommandName::Send => send(args, ctx),
        CommandName::Usage => usage(args),
        CommandName::Config if !ctx.switches.config => disabled("/config", "config"),
        CommandName::Config if !ctx.owner => CommandPlan::Reply("⚠️ /config is owner-only.".to_owned()),
        CommandName::Config => not_available("/config (config writes from chat)"),
        CommandName::Debug if !ctx.switches.debug => disabled("/debug", "debug"),
        CommandName::Debug if !ctx.owner => CommandPlan::Reply("⚠️ /debug is owner-only.".to_owned()),
        CommandName::Debug => not_available("/debug (runtime overrides)"),
        CommandName::Restart if !ctx.switches.restart => {
            CommandPlan::Reply("⚠️ /restart is disabled (commands.restart=false).".to_owned())
        }
        CommandName::Restart => not_available("/restart"),
        CommandName::Bash if !ctx.switches.bash => disabled("bash", "bash"),
        CommandName::Bash if !ctx.elevated_available => CommandPlan::Reply(
            "⚠️ bash needs elevated access (enable tools.elevated and allow this sender in tools.elevated.allowFrom)."
                .to_owned(),
        ),
        CommandName::Bash => match BashRequest::parse(args) {
            BashRequest::Help => CommandPlan::Reply(
                "⚙️ Usage: !<command> | !poll [sessionId] | !stop [sessionId] (alias: /bash …)".to_owned(),
            ),
            _ => not_available("Host shell (bash)"),
        },
        CommandName::Approve => not_available("/approve (exec approvals)"),
        CommandName::Skill => not_available("/skill"),
        CommandName::Allowlist => not_available("/allowlist"),
        CommandName::Context => not_available("/context"),
        CommandName::ExportSession => not_available("/export-session"),
        CommandName::Tts => not_available("/tts (text-to-speech)"),
        CommandName::Session => not_available("/session (thread bindings)"),
        CommandName::Subagents => not_available("/subagents"),
        CommandName::Acp => not_available("/acp"),
        CommandName::Focus | CommandName::Unfocus | CommandName::Agents => not_available("Thread binding"),
        CommandName::Kill | CommandName::Steer => not_available("Sub-agent control"),
        CommandName::DockTelegram | CommandName::DockDiscord | CommandName::DockSlack => not_available("Reply docking"),
    }
}

fn whoami(ctx: &CommandContext) -> String {
    let s = &ctx.sender;
    let mut lines = vec!["🧭 Identity".to_owned(), format!("Channel: {}", s.channel)];
    if let Some(id) = &s.sender_id {
        lines.push(format!("User id: {id}"));
    }
    if let Some(name) = &s.username {
        let handle = if name.starts_with('@') { name.clone() } else { format!("@{name}") };
        lines.push(format!("Username: {handle}"));
    }
    if let (true, Some(chat)) = (ctx.is_group, &s.chat) {
        lines.push(format!("Chat: {chat}"));
    }
    if let Some(thread) = &s.thread {
        lines.push(format!("Thread: {thread}"));
    }
    if let Some(id) = &s.sender_id {
        lines.push(format!("AllowFrom: {id}"));
    }
    lines.join("\n")
}

/// `/new [model] [text]`: a first word naming an allowed model selects it; anything else is the
/// first message of the new session.
fn reset(kind: ResetKind, args: Option<&str>, ctx: &CommandContext) -> CommandPlan {
    let Some(args) = args else { return CommandPlan::Reset { kind, new_model: None, then: None } };
    let (first, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    match models::find(first, ctx) {
        Some(choice) => {
            let rest = rest.trim();
            CommandPlan::Reset {
                kind,
                new_model: Some(choice.model_ref),
                then: (!rest.is_empty()).then(|| rest.to_owned()),
            }
        }
        None => CommandPlan::Reset { kind, new_model: None, then: Some(args.to_owned()) },
    }
}

fn activation(args: Option<&str>, ctx: &CommandContext) -> CommandPlan {
    if !ctx.is_group {
        return CommandPlan::Reply(ack("Group activation only applies to group chats."));
    }
    match args.and_then(GroupActivation::parse) {
        None => CommandPlan::Reply(ack("Usage: /activation mention|always")),
        Some(mode) => {
            let mut fields = Map::new();
            fields.insert("groupActivation".to_owned(), mode.as_str().into());
            // The next turn tells the model how it is now being activated.
            fields.insert("groupActivationNeedsSystemIntro".to_owned(), true.into());
            CommandPlan::PatchSession { fields, reply: ack(&format!("Group activation set to {}.", mode.as_str())) }
        }
    }
}

/// `/send` changes whether replies are delivered at all, so OpenClaw documents it owner-only.
fn send(args: Option<&str>, ctx: &CommandContext) -> CommandPlan {
    if !ctx.owner {
        return CommandPlan::Reply("⚠️ /send is owner-only.".to_owned());
    }
    match args.and_then(SendPolicy::parse) {
        None => CommandPlan::Reply(ack("Usage: /send on|off|inherit")),
        Some(SendPolicy::Inherit) => patch("sendPolicy", Value::Null, ack("Send policy set to inherit.")),
        Some(policy) => {
            let label = if policy == SendPolicy::Allow { "on" } else { "off" };
            patch("sendPolicy", policy.as_str().into(), ack(&format!("Send policy set to {label}.")))
        }
    }
}

fn usage(args: Option<&str>) -> CommandPlan {
    let Some(raw) = args else { return CommandPlan::Reply(ack("Usage: /usage off|tokens|full|cost")) };
    if raw.to_lowercase().starts_with("cost") {
        return not_available("/usage cost (local cost summaries)");
    }
    match UsageDisplay::parse(raw) {
        None => CommandPlan::Reply(ack("Usage: /usage off|tokens|full|cost")),
        Some(UsageDisplay::Off) => patch("responseUsage", Value::Null, ack("Usage footer: off.")),
        Some(mode) => patch("responseUsage", mode.as_str().into(), ack(&format!("Usage footer: {}.", mode.as_str()))),
    }
}
