//! The `hello-ok` payload: negotiated protocol, server identity, the methods and events this
//! gateway really serves, a state snapshot (presence, health, session defaults; paths only for
//! admins), the auth outcome (with the device token when one was issued) and the limits the
//! client must respect.

use std::sync::Arc;

use openclaw_policy::gateway::methods::BASE_EVENTS;
use openclaw_policy::session_key::main_session_key;
use openclaw_protocol::{MAX_BUFFERED_BYTES, MAX_PAYLOAD_BYTES, TICK_INTERVAL_MS};
use openclaw_store::devices::DeviceToken;
use serde_json::{Value, json};

use super::LEGACY_PROTOCOL;
use crate::methods;
use crate::state::GatewayState;
use crate::ws::session::Session;

pub fn hello_ok(state: &Arc<GatewayState>, session: &Session, issued: Option<&DeviceToken>) -> Value {
    let runtime = state.runtime();
    let config = &runtime.config;
    let admin = session.has_scope("operator.admin");
    let default_agent = &config.agents.default_agent_id;
    let main_key = &config.session.main_key;
    let mut snapshot = json!({
        "presence": methods::presence_entries(state),
        "health": state.cached_health(),
        "stateVersion": {"presence": state.registry.current_seq(), "health": state.registry.current_seq()},
        "uptimeMs": state.uptime_ms(),
        "sessionDefaults": {
            "defaultAgentId": default_agent,
            "mainKey": main_key,
            "mainSessionKey": main_session_key(default_agent),
            "scope": serde_json::to_value(config.session.dm_scope).unwrap_or(Value::Null),
        },
        "authMode": runtime.auth.mode.as_str(),
    });
    if admin {
        snapshot["configPath"] = json!(state.load.config_path.display().to_string());
        snapshot["stateDir"] = json!(state.load.state_dir.display().to_string());
    }
    let mut server = json!({"version": state.boot.version, "connId": session.conn_id});
    let auth = if session.protocol == LEGACY_PROTOCOL {
        issued.map(|token| {
            json!({
                "deviceToken": token.token,
                "role": token.role,
                "scopes": token.scopes,
                "issuedAtMs": token.rotated_at_ms.unwrap_or(token.created_at_ms),
            })
        })
    } else {
        server["bootId"] = json!(state.boot.boot_id);
        let mut auth = json!({"method": session.auth_method.as_str(), "role": session.role, "scopes": session.scopes});
        if let Some(token) = issued {
            auth["deviceToken"] = json!(token.token);
            auth["issuedAtMs"] = json!(token.rotated_at_ms.unwrap_or(token.created_at_ms));
        }
        Some(auth)
    };
    let mut hello = json!({
        "type": "hello-ok",
        "protocol": session.protocol,
        "server": server,
        "features": {"methods": methods::IMPLEMENTED, "events": BASE_EVENTS},
        "snapshot": snapshot,
        "policy": {
            "maxPayload": MAX_PAYLOAD_BYTES,
            "maxBufferedBytes": MAX_BUFFERED_BYTES,
            "tickIntervalMs": TICK_INTERVAL_MS,
        },
    });
    if let Some(auth) = auth {
        hello["auth"] = auth;
    }
    hello
}
