//! The SSRF policy object and its two checks: the URL's host before any DNS lookup, then each
//! address the lookup returned. Splitting them is what lets the `net` crate pin the connection:
//! it resolves once, checks every answer here and connects only to those answers.

use std::net::IpAddr;

use super::hostname::{allowlist_pattern, is_blocked_normalized, matches_allowlist_pattern, normalize_hostname};
use super::ip::{is_blocked_ip, is_malformed_ip_literal, parse_ip_literal};

/// Where outbound fetches may go (`browser.ssrfPolicy` and the fetch tools' equivalents).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SsrfPolicy {
    /// `dangerouslyAllowPrivateNetwork` (legacy alias `allowPrivateNetwork`): skip the private
    /// name and address checks for every host. The allowlist still applies.
    pub allow_private_network: bool,
    /// `allowRfc2544BenchmarkRange`: treat 198.18.0.0/15 as public, for fake-IP proxies.
    pub allow_rfc2544_benchmark_range: bool,
    /// Exact hostnames allowed to be private (skip private checks).
    pub allowed_hostnames: Vec<String>,
    /// When non-empty, the only hosts that may be fetched (`*.x` = subdomains of x).
    pub hostname_allowlist: Vec<String>,
}

/// What a URL host is once checked: an IP literal (no DNS needed) or a name to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostKind {
    /// A canonical IP literal, as written (an IPv4-mapped IPv6 literal stays IPv6).
    Ip(IpAddr),
    /// A name to resolve, normalised: lowercase, no trailing dot, no brackets. Every answer must
    /// then pass [`SsrfPolicy::check_address`].
    Name(String),
}

/// Why a destination is refused. `Display` is one line naming the host or address, never the
/// whole URL (its query may carry a token).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SsrfBlock {
    /// The host is, or resolved to, a private or special-use address. `host` is normalised; for
    /// an IP literal it is that address.
    #[error("blocked: {}", private_reason(.host, *.ip))]
    PrivateAddress { host: String, ip: IpAddr },
    /// An internal name (`localhost`, `*.local`, `metadata.google.internal`, ...), normalised.
    #[error("blocked: host {0} is internal")]
    InternalHostname(String),
    /// `hostnameAllowlist` is set and the host (normalised) matches none of its entries.
    #[error("blocked: host {0} is not in the URL allowlist")]
    NotAllowlisted(String),
    /// A host that is an IP address in a non-canonical form (`0x7f.1`, `127.1`, `2130706433`,
    /// empty parts, an unparseable IPv6 literal) or empty. Refused rather than resolved because
    /// resolvers disagree on what these mean.
    #[error("blocked: {} is not a canonical IP address", shown_host(.0))]
    MalformedAddress(String),
    /// Not a host name at all (whitespace, control characters, brackets, empty labels).
    #[error("blocked: {0:?} is not a valid host name")]
    InvalidHostname(String),
}

fn private_reason(host: &str, ip: IpAddr) -> String {
    if host.parse::<IpAddr>() == Ok(ip) {
        format!("{ip} is a private or special-use address")
    } else {
        format!("host {host} resolves to {ip}, a private or special-use address")
    }
}

/// Letters, digits, `-` and `_` in non-empty labels separated by single dots.
fn is_plain_host_name(name: &str) -> bool {
    name.split('.').all(|label| !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_'))
}

fn shown_host(host: &str) -> &str {
    if host.is_empty() { "(empty host)" } else { host }
}

impl SsrfPolicy {
    /// Checks a URL's host before any DNS lookup (allowlist, internal names, IP literals incl.
    /// bracketed IPv6 `[::1]`).
    ///
    /// Order as in OpenClaw: an empty host is refused; then the allowlist, which applies even
    /// when private networks are allowed; then, unless the host skips private checks
    /// (`allow_private_network` or listed in `allowed_hostnames`), internal names, private IP
    /// literals and non-canonical IP forms are refused.
    pub fn check_host(&self, host: &str) -> Result<HostKind, SsrfBlock> {
        let name = normalize_hostname(host);
        if name.is_empty() {
            return Err(SsrfBlock::MalformedAddress(name));
        }
        // Names with spaces, controls, brackets or empty labels are no host DNS would answer
        // for; refusing them keeps every accepted name in its normal form (so a second
        // normalisation cannot turn it into an internal name). IP-like strings go to the IP checks.
        if !name.contains(':') && !is_malformed_ip_literal(&name) && !is_plain_host_name(&name) {
            return Err(SsrfBlock::InvalidHostname(name));
        }
        if !self.allowlist_admits(&name) {
            return Err(SsrfBlock::NotAllowlisted(name));
        }
        let literal = parse_ip_literal(&name);
        if self.skips_private_checks(&name) {
            return Ok(literal.map_or(HostKind::Name(name), HostKind::Ip));
        }
        if is_blocked_normalized(&name) {
            return Err(SsrfBlock::InternalHostname(name));
        }
        match literal {
            Some(ip) if is_blocked_ip(ip, self.allow_rfc2544_benchmark_range) => {
                Err(SsrfBlock::PrivateAddress { host: name, ip })
            }
            Some(ip) => Ok(HostKind::Ip(ip)),
            None if is_malformed_ip_literal(&name) => Err(SsrfBlock::MalformedAddress(name)),
            None => Ok(HostKind::Name(name)),
        }
    }

    /// Checks one DNS answer for `host` (already passed `check_host`). Any refused answer should
    /// refuse the whole host: connecting to the remaining answers would let a rebinding name
    /// choose which one the client reaches.
    pub fn check_address(&self, host: &str, ip: IpAddr) -> Result<(), SsrfBlock> {
        let name = normalize_hostname(host);
        if self.skips_private_checks(&name) || !is_blocked_ip(ip, self.allow_rfc2544_benchmark_range) {
            return Ok(());
        }
        Err(SsrfBlock::PrivateAddress { host: name, ip })
    }

    /// An allowlist whose entries are all ignored (blank or `*`) restricts nothing, as in
    /// OpenClaw; private checks still apply.
    fn allowlist_admits(&self, name: &str) -> bool {
        let mut patterns = self.hostname_allowlist.iter().filter_map(|entry| allowlist_pattern(entry)).peekable();
        patterns.peek().is_none() || patterns.any(|pattern| matches_allowlist_pattern(name, &pattern))
    }

    fn skips_private_checks(&self, name: &str) -> bool {
        self.allow_private_network
            || (!name.is_empty() && self.allowed_hostnames.iter().any(|allowed| normalize_hostname(allowed) == name))
    }
}
