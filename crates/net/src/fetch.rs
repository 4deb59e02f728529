//! One guarded GET: the URL's host is checked, names resolve through the guarded resolver,
//! redirects are followed by hand and checked hop by hop, the body is read up to a limit and
//! everything runs under one deadline.

use std::sync::Arc;
use std::time::Duration;

use openclaw_policy::net::SsrfPolicy;
use openclaw_policy::redact::error_chain;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION};
use reqwest::{StatusCode, Url};

use crate::error::{NetError, Result};
use crate::resolve::{BlockedAnswer, GuardedResolver, Lookup, SystemLookup};

/// OpenClaw's gateway sends this on URL-input fetches; servers that allowlist it keep working.
const USER_AGENT: &str = "OpenClaw-Gateway/1.0";

/// What one fetch may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchLimits {
    /// Body bytes; a longer body (or a larger `Content-Length`) fails the fetch.
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// The whole fetch, redirects and body included.
    pub timeout: Duration,
}

/// A fetched response (any status: the caller decides what a 404 means).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub status: u16,
    /// The status's reason phrase (`Not Found`), empty when unknown.
    pub reason: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// The host that answered, after redirects.
    pub host: String,
}

impl Fetched {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Fetches untrusted URLs under one SSRF policy.
#[derive(Debug, Clone)]
pub struct GuardedFetcher {
    client: reqwest::Client,
    policy: SsrfPolicy,
}

impl GuardedFetcher {
    /// A fetcher resolving names with the system resolver.
    pub fn new(policy: SsrfPolicy) -> Result<Self> {
        Self::with_lookup(policy, Arc::new(SystemLookup))
    }

    /// A fetcher resolving names with `lookup` (tests map names to local servers).
    pub fn with_lookup(policy: SsrfPolicy, lookup: Arc<dyn Lookup>) -> Result<Self> {
        // reqwest's `rustls-no-provider` needs a process-wide provider. An error means one is
        // already installed (by us earlier or by another crate), which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let resolver = GuardedResolver { policy: policy.clone(), lookup };
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(resolver))
            // Redirects are followed by hand so every hop is checked.
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve names itself, past the policy.
            .no_proxy()
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| NetError::Transport { host: String::new(), message: error_chain(&e) })?;
        Ok(Self { client, policy })
    }

    pub fn policy(&self) -> &SsrfPolicy {
        &self.policy
    }

    /// GETs `url` within `limits`.
    pub async fn get(&self, url: &str, limits: FetchLimits) -> Result<Fetched> {
        let url = Url::parse(url.trim()).map_err(|e| NetError::InvalidUrl(e.to_string()))?;
        let ms = u64::try_from(limits.timeout.as_millis()).unwrap_or(u64::MAX);
        match tokio::time::timeout(limits.timeout, self.follow(url, limits)).await {
            Ok(result) => result,
            Err(_) => Err(NetError::Timeout { ms }),
        }
    }

    async fn follow(&self, mut url: Url, limits: FetchLimits) -> Result<Fetched> {
        let mut redirects = 0;
        loop {
            let host = self.check(&url)?;
            let response = self.client.get(url.clone()).send().await.map_err(|e| classify(e, &host))?;
            let status = response.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                if redirects == limits.max_redirects {
                    return Err(NetError::TooManyRedirects { limit: limits.max_redirects });
                }
                redirects += 1;
                let location = response.headers().get(LOCATION).and_then(|v| v.to_str().ok());
                url = location.and_then(|l| url.join(l).ok()).ok_or(NetError::BadRedirect { host })?;
                continue;
            }
            return read(response, host, limits.max_bytes).await;
        }
    }

    /// The URL's scheme and host, before any connection; returns the host for messages.
    fn check(&self, url: &Url) -> Result<String> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(NetError::UnsupportedScheme(url.scheme().to_owned()));
        }
        let host = url.host_str().filter(|h| !h.is_empty()).ok_or(NetError::InvalidUrl("no host".to_owned()))?;
        self.policy.check_host(host).map_err(NetError::Blocked)?;
        Ok(host.to_owned())
    }
}

/// Reads the body, refusing more than `limit` bytes (by `Content-Length` first, then as it
/// arrives, so a lying or absent length costs at most `limit` bytes of memory).
async fn read(mut response: reqwest::Response, host: String, limit: u64) -> Result<Fetched> {
    let declared = response.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    if let Some(bytes) = declared.filter(|b| *b > limit) {
        return Err(NetError::TooLarge { bytes, limit });
    }
    let status = response.status();
    let content_type = response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| classify(e, &host))? {
        let bytes = body.len() as u64 + chunk.len() as u64;
        if bytes > limit {
            return Err(NetError::TooLarge { bytes, limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Fetched {
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or_default().to_owned(),
        content_type,
        body,
        host,
    })
}

/// A policy refusal at resolution becomes [`NetError::Blocked`]; anything else names the
/// host and the error's causes (never the URL, whose query may carry a token).
fn classify(error: reqwest::Error, host: &str) -> NetError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
    while let Some(cause) = source {
        if let Some(blocked) = cause.downcast_ref::<BlockedAnswer>() {
            return NetError::Blocked(blocked.0.clone());
        }
        source = cause.source();
    }
    let error = error.without_url();
    NetError::Transport { host: host.to_owned(), message: error_chain(&error) }
}
