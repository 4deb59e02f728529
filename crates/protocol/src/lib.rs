//! `openclaw-protocol` holds the wire types of the OpenClaw gateway protocol (version 3): the
//! WebSocket frames, `connect` parameters and `hello-ok`, error shapes and codes, the method
//! and event catalogues, and the parameter/result bodies of the methods. Serde types only: no
//! I/O and no decisions (who may call what is `openclaw-policy`'s call).
//!
//! Inbound types (frames, `connect`, method params) decode strictly, as the reference's
//! closed schemas do, and say which key was wrong; outbound types are plain `Serialize`.
//! Nothing here may depend on another workspace crate.

pub mod connect;
mod decode;
pub mod error_code;
pub mod event;
pub mod frame;
pub mod hello;
pub mod methods;

pub use connect::{ClientId, ClientInfo, ClientMode, ConnectAuth, ConnectParams, DeviceProof};
pub use decode::{Decode, FrameError, WireError, parse_params};
pub use error_code::{ConnectErrorDetail, ErrorCode};
pub use frame::{
    ErrorShape, EventFrame, Frame, RequestFrame, ResponseFrame, parse_client_frame, parse_frame, salvage_request_id,
};
pub use hello::{
    HANDSHAKE_TIMEOUT_MS, HelloOk, MAX_BUFFERED_BYTES, MAX_PAYLOAD_BYTES, PROTOCOL_VERSION, PresenceEntry,
    StateVersion, TICK_INTERVAL_MS,
};
