//! Resolved `discovery.*`.

use crate::model::discovery::{DiscoveryConfig, MdnsMode};

use super::non_blank;

/// `discovery.*` with defaults applied (`OPENCLAW_DISABLE_BONJOUR` is the caller's to apply).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    pub mdns_mode: MdnsMode,
    pub wide_area_enabled: bool,
    pub wide_area_domain: Option<String>,
}

impl Discovery {
    pub(super) fn resolve(raw: Option<&DiscoveryConfig>) -> Self {
        let wide_area = raw.and_then(|d| d.wide_area.as_ref());
        Self {
            mdns_mode: raw.and_then(|d| d.mdns.as_ref()).and_then(|m| m.mode).unwrap_or(MdnsMode::Minimal),
            wide_area_enabled: wide_area.and_then(|w| w.enabled).unwrap_or(false),
            wide_area_domain: non_blank(wide_area.and_then(|w| w.domain.as_deref())),
        }
    }
}
