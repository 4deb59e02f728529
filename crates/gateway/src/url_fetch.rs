//! How the gateway fetches URL inputs (`/v1/responses` `input_image`/`input_file` with a `url`
//! source): through `openclaw-net`'s guarded fetcher, never directly. Production resolves names
//! with the system resolver and lets no host reach private addresses; tests map names to local
//! servers and name the hosts that may.

use std::sync::Arc;

use openclaw_net::{Lookup, SystemLookup};

#[derive(Debug, Clone)]
pub struct UrlFetch {
    pub lookup: Arc<dyn Lookup>,
    /// Hosts allowed to resolve to private addresses (the SSRF policy's `allowed_hostnames`);
    /// empty outside tests, as OpenClaw never allows private networks for URL inputs.
    pub private_hosts: Vec<String>,
}

impl Default for UrlFetch {
    fn default() -> Self {
        Self { lookup: Arc::new(SystemLookup), private_hosts: Vec::new() }
    }
}
