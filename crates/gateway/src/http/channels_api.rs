//! `/api/channels/*`: the prefix channel plugins mount their HTTP routes under (a Nostr profile
//! page, a webhook callback), always behind gateway auth because plugin code must not have to get
//! auth right itself.
//!
//! Whether a path falls under the prefix, whatever its spelling or encoding, is decided by
//! [`openclaw_policy::gateway::http_path`]; this module only carries the decision out. As in
//! OpenClaw 2026.9, such requests must authenticate (401/429 otherwise); once authenticated they
//! continue down the chain. No channel plugin is registered in this gateway yet, so nothing here
//! serves a route: an authenticated `/api/channels/…` request ends in the plain 404.

use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use openclaw_policy::gateway::http_path::canonicalize;
// The canvas and Control UI handlers decode their paths and query strings with the same rules.
pub use openclaw_policy::gateway::http_path::{decode_form_component, decode_uri_component};

use super::{Claim, auth};
use crate::peer::Peer;
use crate::state::GatewayState;

pub async fn handle(state: &Arc<GatewayState>, peer: &Peer, req: Request<Body>) -> Claim {
    if !canonicalize(req.uri().path()).requires_gateway_auth() {
        return Err(req);
    }
    match auth::authorize(state, peer, req.headers()).await {
        Ok(_) => Err(req),
        Err(refusal) => Ok(refusal),
    }
}
