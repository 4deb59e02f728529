//! The WebSocket control plane: any upgrade request (except the canvas live-reload path)
//! becomes a gateway connection. The server speaks first (`connect.challenge`), the client's
//! first frame must be a valid `connect`, and only then do requests reach the methods.

pub mod connection;
pub mod handshake;
pub mod outbound;
pub mod registry;
pub mod session;

use std::sync::Arc;

use axum::extract::ws::WebSocketUpgrade;
use axum::http::HeaderMap;
use axum::response::Response;
use openclaw_protocol::MAX_PAYLOAD_BYTES;

use crate::peer::Peer;
use crate::state::GatewayState;

/// Initial read buffer per connection.
const READ_CHUNK_BYTES: usize = 4 * 1024;

/// Accepts the upgrade with the protocol's frame limits; the connection runs on its own task.
pub async fn upgrade(state: Arc<GatewayState>, peer: Peer, headers: &HeaderMap, upgrade: WebSocketUpgrade) -> Response {
    let forwarded = handshake::ForwardedHeaders::from_headers(headers);
    let max = MAX_PAYLOAD_BYTES;
    upgrade
        .max_message_size(max)
        .max_frame_size(max)
        // tungstenite allocates its read chunk up front (128 KiB by default): with thousands of
        // idle operator connections that chunk was most of the gateway's memory. Frames larger
        // than the chunk are still read whole; the buffer grows for them.
        .read_buffer_size(READ_CHUNK_BYTES)
        .on_upgrade(move |socket| connection::run(state, peer, forwarded, socket))
}
