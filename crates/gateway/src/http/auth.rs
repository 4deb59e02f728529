//! Gateway authentication for the HTTP APIs (`/tools/invoke`, `/v1/*`, `/api/channels/*`, the
//! canvas and the Control UI's authenticated reads): `Authorization: Bearer <token or password>`
//! compared with the resolved credentials, or the user a trusted identity-aware proxy vouches for.
//!
//! The decisions are `openclaw-policy`'s (`authorize_shared`, `authorize_trusted_proxy`, the
//! origin check, the auth rate limiter); this module gathers the request facts, applies the
//! limiter around the comparison and turns refusals into OpenClaw's bodies: 401
//! `{"error":{"message":"Unauthorized","type":"unauthorized"}}`, 429 with `Retry-After` when the
//! client is locked out, 403 when a proxy hides who its client is. Tailscale identity headers
//! never authenticate these APIs: they are meant for the Control UI and the WebSocket only, and an
//! API token must not be replaceable by a header a misconfigured proxy could pass through.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openclaw_policy::gateway::auth::{
    AuthFailure, AuthFailureReason, AuthMethod, AuthMode, PresentedAuth, ResolvedGatewayAuth, TrustedProxyRequest,
    authorize_shared, authorize_trusted_proxy,
};
use openclaw_policy::gateway::origin::check_origin;
use openclaw_policy::gateway::rate_limit::{AuthScope, RateSubject};
use serde_json::json;

use super::reply;
use crate::peer::Peer;
use crate::state::GatewayState;

/// How an HTTP API request authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAuthorized {
    pub method: AuthMethod,
}

/// The operator scope that makes an HTTP caller the owner.
pub const ADMIN_SCOPE: &str = "operator.admin";

impl HttpAuthorized {
    /// Shared-secret callers are the owner; a trusted-proxy user is unless `X-OpenClaw-Scopes`
    /// narrows its scopes to exclude `operator.admin`.
    pub fn is_owner(&self, headers: &HeaderMap) -> bool {
        let declared = headers.get("x-openclaw-scopes").and_then(|v| v.to_str().ok());
        match (&self.method, declared) {
            (AuthMethod::TrustedProxy { .. } | AuthMethod::Tailscale { .. }, Some(scopes)) => {
                scopes.split(',').any(|scope| scope.trim() == ADMIN_SCOPE)
            }
            _ => true,
        }
    }
}

/// The credential of `Authorization: Bearer <credential>` (scheme case-insensitive), trimmed;
/// `None` when absent, blank or another scheme.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let scheme = value.get(..7)?;
    let token = value.get(7..)?.trim();
    (scheme.eq_ignore_ascii_case("bearer ") && !token.is_empty()).then_some(token)
}

/// Authenticates an HTTP API request, or answers the refusal.
pub async fn authorize(
    state: &Arc<GatewayState>,
    peer: &Peer,
    headers: &HeaderMap,
) -> Result<HttpAuthorized, Response> {
    let runtime = state.runtime();
    let auth = &runtime.auth;
    let bearer = bearer_token(headers);
    let presented = PresentedAuth { token: bearer, password: bearer };
    let local_direct = peer.is_local_direct();
    match auth.mode {
        AuthMode::TrustedProxy => {
            let pairs = header_pairs(headers);
            let request = TrustedProxyRequest {
                remote: peer.remote.ip(),
                headers: &pairs,
                trusted_proxies: &runtime.trusted_proxies,
                allow_real_ip_fallback: runtime.config.gateway.allow_real_ip_fallback,
                host_addrs: &state.own_tailnet_ips,
            };
            match authorize_trusted_proxy(auth, &request) {
                Ok(identity) => Ok(HttpAuthorized { method: AuthMethod::TrustedProxy { user: identity.user } }),
                // The operator's own shell may still use the configured password directly.
                Err(_) if local_direct && auth.password.is_some() && bearer.is_some() => {
                    check_shared_secret(state, peer, auth, &presented, local_direct).await
                }
                Err(failure) => Err(failure_response(&failure)),
            }
        }
        AuthMode::None => {
            // No secret to check, but a browser page from a foreign origin must still not be
            // able to drive the API with the user's network position.
            if let Some(origin) = peer.origin.as_deref().filter(|o| !o.trim().is_empty()) {
                let control_ui = &runtime.config.gateway.control_ui;
                check_origin(
                    Some(origin),
                    peer.host.as_deref(),
                    &control_ui.allowed_origins,
                    control_ui.dangerously_allow_host_header_origin_fallback,
                    peer.is_local,
                )
                .map_err(|_| reply::unauthorized())?;
            }
            Ok(HttpAuthorized { method: AuthMethod::None })
        }
        AuthMode::Token | AuthMode::Password => check_shared_secret(state, peer, auth, &presented, local_direct).await,
    }
}

/// The rate-limited shared-secret comparison.
async fn check_shared_secret(
    state: &Arc<GatewayState>,
    peer: &Peer,
    auth: &ResolvedGatewayAuth,
    presented: &PresentedAuth<'_>,
    local_direct: bool,
) -> Result<HttpAuthorized, Response> {
    let subject = RateSubject::from_ip(peer.limiter_ip());
    let now_ms = u64::try_from(state.now_ms()).unwrap_or(0);
    {
        let mut limiter = lock(&state.auth_limiter);
        let decision = limiter.check(AuthScope::SharedSecret, &subject, now_ms);
        if !decision.allowed {
            return Err(reply::rate_limited(decision.retry_after_ms));
        }
    }
    match authorize_shared(auth, presented, local_direct) {
        Ok(method) => {
            lock(&state.auth_limiter).reset(AuthScope::SharedSecret, &subject);
            Ok(HttpAuthorized { method })
        }
        Err(failure) => {
            if failure.reason.counts_as_failure() {
                let recorded = lock(&state.auth_limiter).record_failure(AuthScope::SharedSecret, &subject, now_ms);
                // Exempt (loopback) clients are slowed down instead of locked out.
                if recorded.delay_ms > 0 {
                    tokio::time::sleep(Duration::from_millis(recorded.delay_ms)).await;
                }
            }
            Err(failure_response(&failure))
        }
    }
}

/// OpenClaw's HTTP answer to a failed authentication.
pub fn failure_response(failure: &AuthFailure) -> Response {
    match failure.reason {
        AuthFailureReason::RateLimited => reply::rate_limited(failure.retry_after_ms.unwrap_or(0)),
        AuthFailureReason::ProxyAttributionRequired => (
            StatusCode::FORBIDDEN,
            Json(json!({"error": {
                "message": "Proxy client attribution is required. Configure gateway.trustedProxies narrowly and make the proxy overwrite or safely rebuild forwarded client headers.",
                "type": "proxy_attribution_required",
            }})),
        )
            .into_response(),
        _ => reply::unauthorized(),
    }
}

/// Request headers as `(name, value)` pairs (values that are not text are skipped).
pub fn header_pairs(headers: &HeaderMap) -> Vec<(&str, &str)> {
    headers.iter().filter_map(|(name, value)| value.to_str().ok().map(|v| (name.as_str(), v))).collect()
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The limiter is plain counters; a panic elsewhere must not disable authentication.
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(authorization: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(authorization) {
            map.insert(header::AUTHORIZATION, value);
        }
        map
    }

    #[test]
    fn bearer_credentials_are_read_case_insensitively_and_trimmed() {
        assert_eq!(bearer_token(&headers("Bearer abc")), Some("abc"));
        assert_eq!(bearer_token(&headers("bearer   abc  ")), Some("abc"));
        assert_eq!(bearer_token(&headers("BEARER abc")), Some("abc"));
        assert_eq!(bearer_token(&headers("Basic abc")), None);
        assert_eq!(bearer_token(&headers("Bearer ")), None);
        assert_eq!(bearer_token(&headers("Bearerabc")), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }
}
