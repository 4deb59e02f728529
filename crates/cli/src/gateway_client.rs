//! The CLI's client for a gateway's WebSocket control plane (OpenClaw protocol 3/4): one blocking
//! connection per command, the full `connect.challenge` → `connect` → `hello-ok` handshake with
//! this host's device proof and cached device token, then RPC calls. It works against this
//! project's gateway and OpenClaw's alike, and resolves the target URL and secret the way
//! OpenClaw's CLI does so an existing `~/.openclaw` config keeps pointing at the same gateway.
//!
//! Layout: [`target`] decides where and with which secret, [`connect`] builds the handshake,
//! [`session`] owns the socket, [`call`] strings them together for one RPC and shapes failures
//! into OpenClaw's messages and `--json` bodies. Rendering of results stays with the commands.

mod call;
mod connect;
mod connection;
mod device;
mod error;
mod scopes;
mod session;
mod target;
mod url;

#[cfg(test)]
mod tests;

pub use call::{Call, CallError, RpcOptions, call, connect, now_ms, world, world_config};
pub use connect::{ClientInfo, ConnectRequest, Credentials};
pub use connection::Connection;
pub use error::{ClientError, Close, RequestError};
pub use scopes::{
    ADMIN as ADMIN_SCOPE, PAIRING as PAIRING_SCOPE, READ as READ_SCOPE, WRITE as WRITE_SCOPE, for_method as scopes_for,
};
pub use session::{Incoming, Session, random_uuid};
pub use target::{TargetFlags, World, local_port, probe_credentials};
pub use url::is_loopback_url;
