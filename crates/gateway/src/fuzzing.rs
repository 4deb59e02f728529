//! Entry points for the fuzz targets (`fuzz/fuzz_targets/gateway_frames.rs`): the exact code
//! paths the connection handler runs on client text, minus the socket. Not a stable API.

use openclaw_policy::gateway::device_auth::{SignatureFields, verify_device_proof};
use openclaw_policy::gateway::methods::{Role, authorize};
use openclaw_protocol::{Frame, parse_frame, salvage_request_id};

/// The first frame of a connection: frame parsing, `connect` validation, protocol
/// negotiation, role parsing and device-proof verification against a fixed challenge.
pub fn first_frame(text: &str) {
    let Ok(Frame::Request(request)) = parse_frame(text) else {
        let _ = salvage_request_id(text);
        return;
    };
    if request.method != "connect" {
        return;
    }
    let Ok(pre) = crate::ws::handshake::preflight(request.params) else { return };
    if let (Some(proof), Some(claim)) = (&pre.params.device, SignatureFields::from_connect(&pre.params)) {
        let _ = verify_device_proof(&claim, &proof.public_key, &proof.signature, Some("fuzz-nonce"), 0);
    }
}

/// A frame after the handshake: parsing, the error path for bad frames, and method
/// authorization for an operator with read scope and for a node.
pub fn later_frame(text: &str) {
    match parse_frame(text) {
        Ok(Frame::Request(request)) => {
            let _ = authorize(Role::Operator, &["operator.read".to_owned()], &request.method);
            let _ = authorize(Role::Node, &[], &request.method);
        }
        Ok(_) => {}
        Err(_) => {
            let _ = salvage_request_id(text);
        }
    }
}
