//! The glue between the config, the pairing store and the inbound gate: which agent and session a
//! message routes to, what the pairing allowlist says, and the gate's decision. The gateway's
//! pipeline and `openclaw access check` both call this, so a dry run explains exactly what the
//! runtime does with the same message.

use openclaw_config::access::{channel_access, routing_config};
use openclaw_config::model::Config;
use openclaw_policy::inbound::{
    ChatType, CommandDetection, CompiledAccess, GateDecision, InboundMessage, StoreFacts, gate_compiled,
    normalize_sender,
};
use openclaw_policy::session_key::{PeerKind, Route, RouteInput, RoutePeer, resolve_route, thread_session_key};
use openclaw_store::PairingStore;
use serde_json::Value;

/// Where a message goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    pub route: Route,
    /// The route's session key, with the thread appended for threaded messages.
    pub session_key: String,
    /// The lowercased account id the message came in on (`default` when none).
    pub account: String,
}

/// What the gate made of a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Admission {
    pub store: StoreFacts,
    pub decision: GateDecision,
}

/// Routes `message` (bindings, `dmScope`, identity links) to its agent and session. Pure: no
/// store is read.
pub fn route_message(config: &Config, resolved: Option<&Value>, message: &InboundMessage) -> Routed {
    let channel = message.channel.trim().to_lowercase();
    let account = message.account_id.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_lowercase);
    let group = message.group_id.clone().unwrap_or_default();
    let peer = match message.chat_type {
        ChatType::Direct => {
            let id =
                normalize_sender(&channel, &message.sender.id).unwrap_or_else(|| message.sender.id.trim().to_owned());
            RoutePeer { kind: PeerKind::Direct, id }
        }
        ChatType::Group | ChatType::Thread => RoutePeer { kind: PeerKind::Group, id: group },
        ChatType::Channel => RoutePeer { kind: PeerKind::Channel, id: group },
    };
    let input = RouteInput { channel, account_id: account.clone(), peer: Some(peer), ..RouteInput::default() };
    let route = resolve_route(&input, &routing_config(config, resolved));
    let session_key = thread_session_key(&route.session_key, message.thread_id.as_deref());
    Routed { route, session_key, account: account.unwrap_or_else(|| "default".to_owned()) }
}

/// Runs the inbound gate for `message` as routed, reading the pairing allowlist of its channel
/// account. Blocking (reads files).
pub fn admit(
    config: &Config,
    resolved: Option<&Value>,
    pairing: &PairingStore,
    message: &InboundMessage,
    routed: &Routed,
) -> Admission {
    admit_compiled(config, pairing, message, routed, &compile_access(config, resolved, routed))
}

/// The gate's settings for the channel account and agent `routed` names, compiled. Depends on the
/// config snapshot and those three keys only, so the pipeline caches it per snapshot.
pub fn compile_access(config: &Config, resolved: Option<&Value>, routed: &Routed) -> CompiledAccess<'static> {
    let channel = routed.route.channel.as_str();
    CompiledAccess::owned(channel, channel_access(config, resolved, channel, &routed.account, &routed.route.agent_id))
}

/// [`admit`] with the settings already compiled by [`compile_access`] for the same config and
/// route. Blocking (reads files).
pub fn admit_compiled(
    config: &Config,
    pairing: &PairingStore,
    message: &InboundMessage,
    routed: &Routed,
    access: &CompiledAccess<'_>,
) -> Admission {
    let store = store_facts(pairing, routed.route.channel.as_str(), &routed.account);
    let detection = CommandDetection {
        bot_username: None,
        config_enabled: config.commands.config,
        debug_enabled: config.commands.debug,
        bash_enabled: config.commands.bash,
        extra_commands: Vec::new(),
    };
    let decision = gate_compiled(message, access, &store, &detection);
    Admission { store, decision }
}

/// The pairing-approved senders of a channel account. An unreadable store is reported as such,
/// never as empty, so the gate fails closed instead of treating everyone as unknown-but-pairable.
pub fn store_facts(pairing: &PairingStore, channel: &str, account: &str) -> StoreFacts {
    match pairing.read_allow_from(channel, account) {
        Ok(pairing_allow_from) => StoreFacts { pairing_allow_from, store_readable: true },
        Err(err) => {
            tracing::warn!(error = %err, channel, account, "pairing allowlist unreadable");
            StoreFacts { pairing_allow_from: Vec::new(), store_readable: false }
        }
    }
}
