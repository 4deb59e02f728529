//! Tailscale Serve identity: when `gateway.auth.allowTailscale` is on, a request that reached
//! loopback through Serve (with its `x-forwarded-*` headers and `tailscale-user-login`) is
//! accepted only if `tailscale whois --json <client ip>` names the same login. The lookup is a
//! trait so tests inject answers; the real one runs the `tailscale` binary through
//! `openclaw-sandbox` (the only place that spawns processes), with a 5 s deadline and a
//! 60 s answer cache (5 s for failures), as OpenClaw does.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

/// `tailscale whois` as a lookup: the login of the tailnet user behind `ip`, if any.
pub trait Whois: Send + Sync + std::fmt::Debug {
    fn whois<'a>(&'a self, ip: IpAddr) -> futures_util::future::BoxFuture<'a, Option<WhoisIdentity>>;
}

/// Who `tailscale whois` says is behind an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhoisIdentity {
    pub login: String,
    pub name: Option<String>,
}

const TIMEOUT: Duration = Duration::from_secs(5);
const CACHE_TTL: Duration = Duration::from_secs(60);
const ERROR_TTL: Duration = Duration::from_secs(5);

/// The real lookup, through the `tailscale` CLI.
#[derive(Debug)]
pub struct TailscaleCli {
    program: String,
    cache: Mutex<HashMap<IpAddr, (Instant, Option<WhoisIdentity>)>>,
}

impl TailscaleCli {
    pub fn new(program: impl Into<String>) -> TailscaleCli {
        TailscaleCli { program: program.into(), cache: Mutex::new(HashMap::new()) }
    }

    fn cached(&self, ip: IpAddr) -> Option<Option<WhoisIdentity>> {
        let cache = self.cache.lock().ok()?;
        let (expires, value) = cache.get(&ip)?;
        (Instant::now() < *expires).then(|| value.clone())
    }

    fn remember(&self, ip: IpAddr, value: Option<WhoisIdentity>) {
        let ttl = if value.is_some() { CACHE_TTL } else { ERROR_TTL };
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() > 4096 {
                let now = Instant::now();
                cache.retain(|_, (expires, _)| *expires > now);
            }
            cache.insert(ip, (Instant::now() + ttl, value));
        }
    }
}

impl Whois for TailscaleCli {
    fn whois<'a>(&'a self, ip: IpAddr) -> futures_util::future::BoxFuture<'a, Option<WhoisIdentity>> {
        Box::pin(async move {
            if let Some(hit) = self.cached(ip) {
                return hit;
            }
            let ip_text = ip.to_string();
            let found =
                match openclaw_sandbox::run_host_helper(&self.program, &["whois", "--json", &ip_text], TIMEOUT).await {
                    Ok(out) if out.success => parse_whois(&out.stdout),
                    Ok(out) => {
                        tracing::warn!(code = ?out.code, "tailscale whois failed");
                        None
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "tailscale whois could not run");
                        None
                    }
                };
            self.remember(ip, found.clone());
            found
        })
    }
}

/// Reads the login (and display name) from `tailscale whois --json` output, tolerating noise
/// around the JSON object.
pub fn parse_whois(stdout: &str) -> Option<WhoisIdentity> {
    let start = stdout.find('{')?;
    let end = stdout.rfind('}')?;
    let payload: Value = serde_json::from_str(stdout.get(start..=end)?).ok()?;
    let profile = ["UserProfile", "userProfile", "User"].iter().find_map(|k| payload.get(*k).filter(|v| v.is_object()));
    let text =
        |v: Option<&Value>| v.and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let login = text(profile.and_then(|p| p.get("LoginName")))
        .or_else(|| text(profile.and_then(|p| p.get("Login"))))
        .or_else(|| text(profile.and_then(|p| p.get("login"))))
        .or_else(|| text(payload.get("LoginName")))
        .or_else(|| text(payload.get("login")))?;
    let name = text(profile.and_then(|p| p.get("DisplayName")))
        .or_else(|| text(profile.and_then(|p| p.get("Name"))))
        .or_else(|| text(payload.get("DisplayName")));
    Some(WhoisIdentity { login, name })
}

/// A lookup with fixed answers, for tests and for hosts without Tailscale.
#[derive(Debug, Default)]
pub struct StaticWhois(pub HashMap<IpAddr, WhoisIdentity>);

impl Whois for StaticWhois {
    fn whois<'a>(&'a self, ip: IpAddr) -> futures_util::future::BoxFuture<'a, Option<WhoisIdentity>> {
        Box::pin(async move { self.0.get(&ip).cloned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_user_profile_login() {
        let out = "warning: something\n{\"Node\":{},\"UserProfile\":{\"LoginName\":\"ada@example.com\",\"DisplayName\":\"Ada\"}}\n";
        assert_eq!(parse_whois(out), Some(WhoisIdentity { login: "ada@example.com".into(), name: Some("Ada".into()) }));
        assert_eq!(parse_whois("{\"UserProfile\":{}}"), None);
        assert_eq!(parse_whois("not json"), None);
    }

    #[tokio::test]
    async fn fake_tailscale_binary_is_consulted_and_cached() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("tailscale");
        let counter = dir.path().join("calls");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\necho x >> {}\necho '{{\"UserProfile\":{{\"LoginName\":\"bob@example.com\"}}}}'\n",
                counter.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let cli = TailscaleCli::new(script.to_string_lossy().into_owned());
        let ip: IpAddr = "100.64.0.7".parse().unwrap();
        assert_eq!(cli.whois(ip).await.map(|w| w.login), Some("bob@example.com".into()));
        assert_eq!(cli.whois(ip).await.map(|w| w.login), Some("bob@example.com".into()));
        assert_eq!(std::fs::read_to_string(&counter).unwrap().lines().count(), 1, "second lookup served from cache");
    }
}
