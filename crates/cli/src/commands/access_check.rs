//! `openclaw access check`: what the inbound gate would do with a message like this one, under
//! the current config and stores, without side effects (no pairing code is created, nothing is
//! written). The decision, the reason and the session key come from the same policy functions
//! the gateway runs, so "why did the bot ignore them?" has the runtime's own answer.

use anyhow::{Context as _, bail};
use openclaw_config::access::{channel_access, routing_config};
use openclaw_policy::inbound::{
    ChatType, CommandDetection, Decision, InboundMessage, Sender, StoreFacts, gate, normalize_sender,
};
use openclaw_policy::session_key::{PeerKind, RouteInput, RoutePeer, resolve_route, thread_session_key};
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
    let account_key = account.clone().unwrap_or_else(|| "default".to_owned());

    let resolved = snapshot.resolved.as_ref();
    let sender_id = normalize_sender(&channel, &args.sender).unwrap_or_else(|| args.sender.trim().to_owned());
    let peer = match chat_type {
        ChatType::Direct | ChatType::Thread => RoutePeer { kind: PeerKind::Direct, id: sender_id.clone() },
        ChatType::Group => RoutePeer { kind: PeerKind::Group, id: args.group.clone().unwrap_or_default() },
        ChatType::Channel => RoutePeer { kind: PeerKind::Channel, id: args.group.clone().unwrap_or_default() },
    };
    let route = resolve_route(
        &RouteInput {
            channel: channel.clone(),
            account_id: account.clone(),
            peer: Some(peer),
            ..RouteInput::default()
        },
        &routing_config(config, resolved),
    );
    let session_key = thread_session_key(&route.session_key, args.thread.as_deref());

    let access = channel_access(config, resolved, &channel, &account_key, &route.agent_id);
    let store = store_facts(ctx, &channel, &account_key);
    let message = InboundMessage {
        channel: channel.clone(),
        account_id: account.clone(),
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
    let detection = CommandDetection {
        bot_username: None,
        config_enabled: config.commands.config,
        debug_enabled: config.commands.debug,
        bash_enabled: config.commands.bash,
        extra_commands: Vec::new(),
    };
    let decision = gate(&message, &access, &store, &detection);
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

/// The pairing-approved senders for this channel account; an unreadable store is reported
/// as such (the gate then fails closed) rather than treated as empty.
fn store_facts(ctx: &RunContext, channel: &str, account: &str) -> StoreFacts {
    let store = PairingStore::new(&StateDir::new(ctx.state_dir()));
    match store.read_allow_from(channel, account).context("reading the pairing allowlist") {
        Ok(pairing_allow_from) => StoreFacts { pairing_allow_from, store_readable: true },
        Err(err) => {
            tracing::warn!(error = %err, "pairing allowlist unreadable");
            StoreFacts { pairing_allow_from: Vec::new(), store_readable: false }
        }
    }
}
