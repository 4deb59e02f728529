//! Resolved `browser.*` (`src/infra/net/ssrf.ts` policy inputs).

use crate::model::browser::BrowserConfig;

use super::trimmed_list;

/// `browser.*` with defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Browser {
    pub enabled: bool,
    pub evaluate_enabled: bool,
    pub ssrf: BrowserSsrf,
}

/// The browser's SSRF policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserSsrf {
    /// True unless either spelling is explicitly false (a `false` in either wins).
    pub dangerously_allow_private_network: bool,
    pub allowed_hostnames: Vec<String>,
    pub hostname_allowlist: Vec<String>,
}

impl Browser {
    pub(super) fn resolve(raw: Option<&BrowserConfig>) -> Self {
        let ssrf = raw.and_then(|b| b.ssrf_policy.as_ref());
        let spellings = ssrf.map(|s| [s.dangerously_allow_private_network, s.allow_private_network]);
        let private_denied = spellings.is_some_and(|values| values.contains(&Some(false)));
        Self {
            enabled: raw.and_then(|b| b.enabled).unwrap_or(true),
            evaluate_enabled: raw.and_then(|b| b.evaluate_enabled).unwrap_or(true),
            ssrf: BrowserSsrf {
                dangerously_allow_private_network: !private_denied,
                allowed_hostnames: trimmed_list(ssrf.and_then(|s| s.allowed_hostnames.as_deref())),
                hostname_allowlist: trimmed_list(ssrf.and_then(|s| s.hostname_allowlist.as_deref())),
            },
        }
    }
}
