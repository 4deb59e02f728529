//! Fetching untrusted URLs (URL inputs of `/v1/responses` today; `web_fetch` later) without
//! letting a URL reach what the gateway host can reach: loopback services, the LAN, cloud
//! metadata endpoints.
//!
//! The decisions are `openclaw_policy::net`'s; this crate carries them out at the only places
//! they can be enforced: before connecting (the URL's host), at DNS resolution (every answer is
//! checked, and the connection may only go to the addresses that passed, so a name cannot
//! resolve to a public address for the check and a private one for the connection), and at
//! every redirect (followed by hand, each hop checked again). Proxies from the environment are
//! ignored: a proxy resolves names itself, out of our sight. Bodies are read up to a byte limit
//! and the whole fetch, redirects included, runs under one deadline.

mod error;
mod fetch;
mod resolve;

pub use error::{NetError, Result};
pub use fetch::{FetchLimits, Fetched, GuardedFetcher};
pub use resolve::{Lookup, LookupFuture, SystemLookup};
