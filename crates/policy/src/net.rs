//! Server-side request forgery (SSRF) rules: which destinations an outbound fetch (web fetch,
//! media download, browser navigation) may reach.
//!
//! These are OpenClaw's rules (`src/infra/net/ssrf.ts`, `src/shared/net/ip.ts`,
//! `src/infra/net/hostname.ts`) as decisions only: nothing here resolves a name or opens a
//! socket. The `openclaw-net` crate does the DNS lookups, asks [`SsrfPolicy::check_host`] before
//! the lookup and [`SsrfPolicy::check_address`] for every answer, and then pins the connection to
//! the addresses that passed, so a second lookup (DNS rebinding) cannot swap in a private one.
//!
//! Addresses are classified with plain bit arithmetic on `std::net` address values, and IPv6
//! forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo, ISATAP) are judged
//! by that IPv4 address too, because a gateway or tunnel on the path would deliver them there.

mod hostname;
mod ip;
mod ssrf;

pub use hostname::is_blocked_hostname;
pub use ip::is_blocked_ip;
pub use ssrf::{HostKind, SsrfBlock, SsrfPolicy};

#[cfg(test)]
mod tests;
