//! Decisions of the gateway's front door: who may connect (auth modes, shared secrets, device
//! signatures), from where (client IP behind trusted proxies, browser origins, bind exposure),
//! how often (auth-failure rate limits) and what a connected client may call (roles, scopes,
//! the HTTP tool deny list). Every function takes the world (time, addresses, headers, stored
//! facts) as arguments; the gateway crate carries the decisions out.
pub mod auth;
pub mod bind;
pub mod client_ip;
pub mod device_auth;
pub mod hooks_admission;
pub mod http_path;
pub mod http_tools;
pub mod mdns;
pub mod methods;
pub mod origin;
pub mod rate_limit;
pub mod secret;
