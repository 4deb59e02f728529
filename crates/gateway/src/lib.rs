//! `openclaw-gateway` is the gateway process: one port serving the WebSocket control plane
//! (protocol 3) and the HTTP APIs, wired to the config, the state stores and the policy
//! decisions. Handlers stay thin: who may connect, call or fetch is decided in
//! `openclaw-policy`; files are read and written through `openclaw-store` and
//! `openclaw-config`. It must not depend on the CLI.
//!
//! [`run`] is the whole process (lock, config, bind, serve, reload, shutdown); [`http::router`]
//! is the server as a function, for tests without a socket.

pub mod agent_port;
mod budget;
mod clock;
pub mod discovery;
mod discovery_glue;
mod error;
pub mod events;
mod front_door;
#[doc(hidden)]
pub mod fuzzing;
mod hook_runs;
pub mod http;
pub mod inbound;
mod lock;
mod marker;
mod methods;
mod peer;
mod reload;
mod run_driver;
mod runs;
mod runtime;
mod scope_rules;
mod secrets;
mod server;
mod sessions_view;
mod state;
pub mod tailscale;
pub mod url_fetch;
mod ws;

pub use clock::Clock;
pub use error::{GatewayError, Result};
pub use lock::lock_path;
pub use runtime::Overrides;
pub use server::{Listening, RunOptions, run};
pub use state::GatewayState;
