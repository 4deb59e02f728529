//! Starts the mDNS beacon for a freshly bound gateway, from `discovery.mdns.mode` and the
//! listener it actually got (`OPENCLAW_DISABLE_BONJOUR` and container detection apply inside). A beacon that cannot start is logged and skipped: discovery is
//! a convenience, never a reason to refuse serving.

use std::net::SocketAddr;
use std::sync::Arc;

use openclaw_config::model::discovery::MdnsMode as ConfigMdnsMode;
use openclaw_policy::gateway::mdns::MdnsMode;

use crate::discovery::{Advertiser, ListenerFacts, start_gateway_beacon};
use crate::state::GatewayState;

pub fn start(state: &Arc<GatewayState>, addrs: &[SocketAddr]) -> Option<Advertiser> {
    let runtime = state.runtime();
    let mode = match runtime.config.discovery.mdns_mode {
        ConfigMdnsMode::Off => MdnsMode::Off,
        ConfigMdnsMode::Minimal => MdnsMode::Minimal,
        ConfigMdnsMode::Full => MdnsMode::Full,
    };
    let listener = ListenerFacts {
        port: addrs.first().map(SocketAddr::port).unwrap_or(runtime.port),
        tls_enabled: false,
        tls_fingerprint_sha256: None,
        direct_reachable: addrs.iter().any(|a| !a.ip().is_loopback()),
    };
    match start_gateway_beacon(mode, &runtime.snapshot.env, &listener) {
        Ok(advertiser) => advertiser,
        Err(err) => {
            tracing::warn!(error = %err, "mDNS discovery not started");
            None
        }
    }
}
