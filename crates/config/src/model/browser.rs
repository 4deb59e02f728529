//! `browser.*`: the browser tool and the network it may reach.
//!
//! The browser follows the trusted-operator model: private/internal destinations are allowed
//! unless `ssrfPolicy.dangerouslyAllowPrivateNetwork` (or its legacy alias `allowPrivateNetwork`)
//! is `false`. Source: `src/config/zod-schema.ts` (browser block), `src/infra/net/ssrf.ts`.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

/// `browser.*` (the parts this gateway acts on).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrowserConfig {
    /// Browser tool available (default true).
    pub enabled: Option<bool>,
    /// Allow running JavaScript in pages (default true).
    pub evaluate_enabled: Option<bool>,
    pub ssrf_policy: Option<SsrfPolicyConfig>,
}

/// `browser.ssrfPolicy.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SsrfPolicyConfig {
    /// Legacy alias of `dangerouslyAllowPrivateNetwork`.
    pub allow_private_network: Option<bool>,
    /// Allow private/internal/special-use destinations (default true for the browser).
    pub dangerously_allow_private_network: Option<bool>,
    /// Exact host names exempt from the private-network check (may include `localhost`).
    pub allowed_hostnames: Option<Vec<String>>,
    /// When non-empty, the only hosts allowed (`*.example.com` matches subdomains only).
    pub hostname_allowlist: Option<Vec<String>>,
}
