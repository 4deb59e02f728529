//! `discovery.*`: how the gateway advertises itself on the network.
//!
//! mDNS `full` mode puts `cliPath` (revealing the user name and install location) and `sshPort`
//! into TXT records anyone on the LAN can read; `minimal` (default) omits them.
//! Source: `src/config/types.gateway.ts` (`DiscoveryConfig`).

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

/// `discovery.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveryConfig {
    pub mdns: Option<MdnsConfig>,
    pub wide_area: Option<WideAreaConfig>,
}

/// `discovery.mdns.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MdnsConfig {
    pub mode: Option<MdnsMode>,
}

/// `discovery.mdns.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MdnsMode {
    /// No broadcast.
    Off,
    /// Role, port and transport only (default).
    Minimal,
    /// Also `cliPath` and `sshPort`.
    Full,
}

/// `discovery.wideArea.*`: unicast DNS-SD.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WideAreaConfig {
    pub enabled: Option<bool>,
    /// DNS-SD domain (e.g. `openclaw.internal`).
    pub domain: Option<String>,
}
