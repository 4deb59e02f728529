//! `openclaw access check`: what the inbound gate would do with a message like this one, under
//! the current config and stores, without side effects (no pairing code is created, nothing is
//! written). The decision, the reason and the session key come from the same policy functions
//! the gateway runs, so "why did the bot ignore them?" has the runtime's own answer.

use anyhow::bail;
use openclaw_gateway::inbound::{Admission, admit, route_message};
use openclaw_policy::inbound::{ChatType, Decision, InboundMessage, Sender};
use openclaw_store::{PairingStore, StateDir};
use serde_json::json;

use crate::args::AccessCheckArgs;
use crate::context::RunContext;
use crate::render;

pub fn run(ctx: &RunContext, args: AccessCheckArgs) -> anyhow::Result<()> {
    let snapshot = ctx.snapshot()?;
    let Some(config) = snapshot.config.as_ref() else {
        let first = snapshot.errors().next().map(ToString::to_string).unwrap_or_default();
        bail!("config {} is invalid ({first}); run `openclaw config validate`", snapshot.path.display());
    };
    let channel = args.channel.trim().to_lowercase();
    if channel.is_empty() {
        bail!("--channel must not be empty");
    }
    let chat_type = match args.chat_type.as_deref() {
        None if args.group.is_some() => ChatType::Group,
        None => ChatType::Direct,
        Some("direct") => ChatType::Direct,
        Some("group") => ChatType::Group,
        Some("channel") => ChatType::Channel,
        Some(other) => bail!("--chat-type must be direct, group or channel (got {other:?})"),
    };
    if chat_type != ChatType::Direct && args.group.is_none() {
        bail!("--group is required for --chat-type group or channel");
    }
    let account = args.account.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_lowercase);

    let message = InboundMessage {
        channel: channel.clone(),
        account_id: account,
        sender: Sender { id: args.sender.clone(), name: args.sender_name.clone(), ..Sender::default() },
        chat_type,
        group_id: args.group.clone(),
        thread_id: args.thread.clone(),
        mentioned: args.mentioned,
        has_any_mention: args.mentioned,
        can_detect_native_mention: true,
        reply_to_bot: args.reply_to_bot,
        text: args.text.clone().unwrap_or_default(),
        has_attachments: false,
    };
    // The same routing and admission the gateway's inbound pipeline runs, read-only.
    let resolved = snapshot.resolved.as_ref();
    let routed = route_message(config, resolved, &message);
    let pairing = PairingStore::new(&StateDir::new(ctx.state_dir()));
    let Admission { store, decision } = admit(config, resolved, &pairing, &message, &routed);
    let (route, session_key) = (&routed.route, &routed.session_key);
    let decision_text = match decision.decision {
        Decision::Allow => "allow",
        Decision::Block => "block",
        Decision::Pairing => "pairing",
    };
    if args.json {
        let out = json!({
            "decision": decision_text,
            "reason": decision.reason,
            "reasonCode": decision.reason_code,
            "agentId": route.agent_id,
            "sessionKey": session_key,
            "matchedBy": route.matched_by.as_str(),
            "isCommand": decision.is_command,
            "commandAuthorized": decision.command_authorized,
            "owner": decision.owner,
            "mentioned": decision.mentioned,
            "storeReadable": store.store_readable,
        });
        render::json(&out);
        return Ok(());
    }
    let explain = match decision.decision {
        Decision::Allow => "the message would reach the agent",
        Decision::Block => "the message would be dropped",
        Decision::Pairing => "the sender would get a pairing code; approve it with `openclaw pairing approve`",
    };
    let mut lines = vec![
        format!("decision: {decision_text} ({explain})"),
        format!("reason:   {}", decision.reason),
        format!("agent:    {} (matched by {})", route.agent_id, route.matched_by.as_str()),
        format!("session:  {session_key}"),
    ];
    if decision.is_command {
        let who = if decision.owner { ", sender is an owner" } else { "" };
        let authorized = if decision.command_authorized { "authorized" } else { "not authorized" };
        lines.push(format!("command:  {authorized}{who}"));
    }
    if !store.store_readable {
        lines.push("store:    the pairing allowlist could not be read (DMs that need it are refused)".to_owned());
    }
    render::out(&lines.join("\n"));
    Ok(())
}
