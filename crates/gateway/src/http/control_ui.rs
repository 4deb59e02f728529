//! The Control UI at `gateway.controlUi.basePath` (the root by default) when
//! `gateway.controlUi.enabled`: the static single-page app, its bootstrap config and agent avatars.
//!
//! Static files come from `gateway.controlUi.root` when configured (OpenClaw's built
//! `dist/control-ui`); otherwise a small page of ours says the assets are not bundled and how to
//! configure them. GET/HEAD only; an unknown path that accepts HTML gets `index.html` (the app
//! routes client-side), an unknown asset (`.js`, `.png`, …) a 404. Every Control UI response
//! carries `X-Frame-Options: DENY` and a strict CSP, because the page holds an operator session
//! and must not be framed or run foreign scripts; inline scripts of a served `index.html` are
//! allowed by hash only. `<base>/__openclaw/control-ui-config.json` and `<base>/avatar/<agentId>`
//! reveal configuration, so they require gateway auth as in OpenClaw 2026.9. Paths reserved for
//! the APIs (`/api`, `/v1`, `/ui`, …) are never treated as app routes.

mod files;

pub(crate) use files::{LinkPolicy, ServedFile, content_type, is_dir_within, read_within};

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use openclaw_config::model::resolved::Config;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Claim, auth, channels_api, reply};
use crate::peer::Peer;
use crate::state::GatewayState;

/// Our page for a gateway without `gateway.controlUi.root`.
const EMBEDDED_INDEX: &str = include_str!("../../assets/control-ui/index.html");

const PERMISSIONS_POLICY: &str = "camera=(self), microphone=*, geolocation=*, clipboard-write=*";

/// Extensions of static assets: a missing one is a 404, never the app's `index.html`.
const STATIC_EXTENSIONS: &[&str] = &[
    "js",
    "css",
    "json",
    "map",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "ico",
    "txt",
    "wasm",
    "webmanifest",
    "woff2",
];

/// The Control UI's Content-Security-Policy; `inline_script_hashes` admit the inline scripts of
/// the `index.html` being served.
pub fn csp(inline_script_hashes: &[String]) -> String {
    let mut script = vec!["'self'".to_owned()];
    script.extend(inline_script_hashes.iter().map(|hash| format!("'{hash}'")));
    [
        "default-src 'self'".to_owned(),
        "base-uri 'none'".to_owned(),
        "object-src 'none'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
        "frame-src 'self' http: https:".to_owned(),
        format!("script-src {}", script.join(" ")),
        "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com".to_owned(),
        "img-src 'self' data: blob: https:".to_owned(),
        "media-src 'self' data: blob:".to_owned(),
        "font-src 'self' https://fonts.gstatic.com".to_owned(),
        "worker-src 'self'".to_owned(),
        "connect-src 'self' ws: wss: data: https://api.openai.com https://tweakcn.com".to_owned(),
    ]
    .join("; ")
}

/// Where a request lands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Route {
    NotControlUi,
    NotFound,
    Redirect(String),
    Serve { spa_fallback: bool },
}

pub async fn handle(state: &Arc<GatewayState>, peer: &Peer, req: Request<Body>) -> Claim {
    let runtime = state.runtime();
    let control_ui = &runtime.config.gateway.control_ui;
    if !control_ui.enabled {
        return Err(req);
    }
    let base = control_ui.base_path.as_str();
    let path = req.uri().path().to_owned();
    let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let route = classify(base, &path, req.uri().query(), req.method(), accept);
    let spa_fallback = match route {
        Route::NotControlUi => return Err(req),
        Route::NotFound => return Ok(secured(reply::not_found(), None)),
        Route::Redirect(location) => {
            let mut resp = StatusCode::FOUND.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                resp.headers_mut().insert(header::LOCATION, value);
            }
            return Ok(secured(resp, None));
        }
        Route::Serve { spa_fallback } => spa_fallback,
    };
    let head = req.method() == Method::HEAD;
    if let Some(agent_id) = path.strip_prefix(&format!("{base}/avatar/")) {
        let meta = query_param(req.uri().query(), "meta").as_deref() == Some("1");
        return Ok(secured(avatar(state, peer, req.headers(), &runtime.config, agent_id, meta).await, None));
    }
    if is_bootstrap_config_path(base, &path) {
        if let Err(refusal) = auth::authorize(state, peer, req.headers()).await {
            return Ok(secured(refusal, None));
        }
        let resp = if head {
            ([(header::CONTENT_TYPE, "application/json; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")])
                .into_response()
        } else {
            no_cache(json_reply(&bootstrap_config(state, &runtime.config)))
        };
        return Ok(secured(resp, None));
    }
    let ui_path = path.strip_prefix(base).filter(|rest| rest.starts_with('/')).unwrap_or(&path);
    let requested = requested_file(ui_path);
    let Some(rel) = channels_api::decode_uri_component(&requested) else {
        return Ok(secured(reply::not_found(), None));
    };
    if !files::is_safe_relative_path(&rel) {
        return Ok(secured(reply::not_found(), None));
    }
    let served = match control_ui.root.as_deref() {
        Some(root) => serve_from_root(root, &rel, head, spa_fallback, base).await,
        None => Some(serve_embedded(&rel, head, spa_fallback)),
    };
    match served {
        Some(resp) => Ok(resp),
        None => Err(req),
    }
}

fn classify(base: &str, path: &str, query: Option<&str>, method: &Method, accept: Option<&str>) -> Route {
    let read = *method == Method::GET || *method == Method::HEAD;
    let spa_fallback = accepts_html(accept);
    let under = |prefix: &str| path == prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'));
    if base.is_empty() {
        if under("/ui") {
            return Route::NotFound;
        }
        // API and probe namespaces, and the node-worker transfer paths, are never app routes.
        let reserved = [
            "/api",
            "/v1",
            "/j",
            "/health",
            "/healthz",
            "/ready",
            "/readyz",
            "/startup",
            "/startupz",
            "/__openclaw__/mcp-app",
            "/__openclaw__/worker",
            "/__openclaw__/worker-transfer",
        ];
        if reserved.iter().any(|prefix| under(prefix)) || path.starts_with("/plugins/") || !read {
            return Route::NotControlUi;
        }
        return Route::Serve { spa_fallback };
    }
    if !under(base) || !read {
        return Route::NotControlUi;
    }
    if path == base {
        let search = query.map(|q| format!("?{q}")).unwrap_or_default();
        return Route::Redirect(format!("{base}/{search}"));
    }
    Route::Serve { spa_fallback }
}

/// Whether an `Accept` header admits an HTML document (absent means anything).
fn accepts_html(accept: Option<&str>) -> bool {
    let Some(accept) = accept.map(str::trim).filter(|a| !a.is_empty()) else { return true };
    accept.split(',').any(|range| {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let refused = parts
            .any(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f64>().ok()).is_some_and(|q| q <= 0.0));
        !refused && matches!(media.as_str(), "text/html" | "text/*" | "*/*" | "application/xhtml+xml")
    })
}

fn is_bootstrap_config_path(base: &str, path: &str) -> bool {
    path == format!("{base}/control-ui-config.json")
        || path == format!("{base}/__openclaw/control-ui-config.json")
        || (base.is_empty() && path == "/__openclaw__/control-ui-config.json")
}

/// The file a UI path asks for, still percent-encoded: the root is `index.html`, anything under
/// an `assets/` segment is an asset, a trailing `/` means that directory's `index.html`.
fn requested_file(ui_path: &str) -> String {
    let rel = if ui_path == "/" {
        ""
    } else if let Some(at) = ui_path.find("/assets/") {
        ui_path.get(at + 1..).unwrap_or_default()
    } else {
        ui_path.get(1..).unwrap_or_default()
    };
    if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_owned() }
}

fn is_static_asset(rel: &str) -> bool {
    std::path::Path::new(rel)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|ext| STATIC_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

fn is_index(rel: &str) -> bool {
    rel == "index.html" || rel.ends_with("/index.html")
}

/// `None` when the request is not the Control UI's after all (an unknown path not accepting HTML).
async fn serve_from_root(root: &str, rel: &str, head: bool, spa_fallback: bool, base: &str) -> Option<Response> {
    let root_path = std::path::PathBuf::from(root);
    if !is_dir_within(root_path.clone(), String::new()).await {
        let message = format!(
            "Control UI assets not found at {root}. Build them with `pnpm ui:build` (auto-installs UI deps), or update gateway.controlUi.root."
        );
        return Some(secured(plain(StatusCode::SERVICE_UNAVAILABLE, message), None));
    }
    let links = LinkPolicy { reject_symlinked_file: false };
    let found = match read_within(root_path.clone(), rel.to_owned(), links).await {
        Ok(found) => found,
        Err(err) => {
            tracing::warn!(error = %err, "control ui file read failed");
            return Some(secured(plain(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error".to_owned()), None));
        }
    };
    if let Some(file) = found.as_ref().filter(|_| !is_index(rel)) {
        return Some(secured(static_file(file, rel, head), None));
    }
    let index = match found {
        Some(file) => Some(file),
        None if is_static_asset(rel) => return Some(secured(reply::not_found(), None)),
        None if !spa_fallback => return None,
        None => read_within(root_path, "index.html".to_owned(), links).await.ok().flatten(),
    };
    Some(match index {
        Some(file) => index_html(&String::from_utf8_lossy(&file.bytes), head, base),
        None => secured(reply::not_found(), None),
    })
}

fn serve_embedded(rel: &str, head: bool, spa_fallback: bool) -> Response {
    if !is_index(rel) && (is_static_asset(rel) || !spa_fallback) {
        return secured(reply::not_found(), None);
    }
    index_html(EMBEDDED_INDEX, head, "")
}

fn static_file(file: &ServedFile, rel: &str, head: bool) -> Response {
    let mut resp = if head { StatusCode::OK.into_response() } else { Body::from(file.bytes.clone()).into_response() };
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(rel)));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if head && let Ok(len) = HeaderValue::from_str(&file.bytes.len().to_string()) {
        headers.insert(header::CONTENT_LENGTH, len);
    }
    resp
}

/// Serves an `index.html`: the base path is announced to the app, relative asset links are
/// anchored at it, and the CSP admits exactly the page's inline scripts.
fn index_html(html: &str, head: bool, base: &str) -> Response {
    let prepared = prepare_index(html, base);
    let hashes = inline_script_hashes(&prepared);
    let mut resp = if head { StatusCode::OK.into_response() } else { Body::from(prepared).into_response() };
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    secured(resp, Some(&hashes))
}

fn prepare_index(html: &str, base: &str) -> String {
    let anchored = html
        .replace("src=\"./assets/", &format!("src=\"{base}/assets/"))
        .replace("href=\"./assets/", &format!("href=\"{base}/assets/"));
    let attribute = format!("<html data-openclaw-control-ui-base-path=\"{}\"", escape_attribute(base));
    match anchored.find("<html") {
        Some(at) => format!(
            "{}{}{}",
            anchored.get(..at).unwrap_or_default(),
            attribute,
            anchored.get(at + 5..).unwrap_or_default()
        ),
        None => anchored,
    }
}

fn escape_attribute(value: &str) -> String {
    value.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// `sha256-<base64>` of each inline `<script>` (one without a `src` attribute).
fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut from = 0;
    while let Some(open) = lower.get(from..).and_then(|rest| rest.find("<script")).map(|i| i + from) {
        let Some(tag_end) = lower.get(open..).and_then(|rest| rest.find('>')).map(|i| i + open) else { break };
        let Some(close) = lower.get(tag_end..).and_then(|rest| rest.find("</script>")).map(|i| i + tag_end) else {
            break;
        };
        let tag = lower.get(open..tag_end).unwrap_or_default();
        let has_src =
            tag.split(|c: char| c.is_whitespace()).skip(1).any(|attr| attr == "src" || attr.starts_with("src="));
        let content = html.get(tag_end + 1..close).unwrap_or_default();
        if !has_src && !content.is_empty() {
            let digest = Sha256::digest(content.as_bytes());
            hashes.push(format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        from = close + "</script>".len();
    }
    hashes
}

/// Adds the Control UI's security headers.
fn secured(mut resp: Response, inline_script_hashes: Option<&[String]>) -> Response {
    let headers = resp.headers_mut();
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if let Ok(value) = HeaderValue::from_str(&csp(inline_script_hashes.unwrap_or_default())) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("permissions-policy", HeaderValue::from_static(PERMISSIONS_POLICY));
    resp
}

/// 200 JSON with OpenClaw's `application/json; charset=utf-8`.
fn json_reply(body: &Value) -> Response {
    ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], body.to_string()).into_response()
}

fn no_cache(mut resp: Response) -> Response {
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

fn plain(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (channels_api::decode_form_component(key) == name).then(|| channels_api::decode_form_component(value))
    })
}

/// The assistant's display identity: the agent's configured name and avatar (an emoji or short
/// text, or an http(s)/data URL), else OpenClaw's defaults `Assistant` and `A`.
struct AssistantIdentity {
    agent_id: String,
    name: String,
    avatar: String,
}

fn assistant_identity(config: &Config, agent_id: Option<&str>) -> AssistantIdentity {
    let agent_id = agent_id.map_or_else(|| config.agents.default_agent_id.clone(), str::to_owned);
    let identity = config.agents.get(&agent_id).and_then(|agent| agent.identity.as_ref());
    let usable_avatar = |value: Option<&String>| {
        let value = value.map(|v| v.trim()).filter(|v| !v.is_empty())?;
        let url = value.starts_with("https://") || value.starts_with("http://") || value.starts_with("data:image/");
        let short = !value.contains(char::is_whitespace) && value.chars().count() <= 4;
        (url || short).then(|| value.to_owned())
    };
    let name = identity.and_then(|i| i.name.as_deref()).map(str::trim).filter(|n| !n.is_empty());
    let avatar = identity.and_then(|i| usable_avatar(i.avatar.as_ref()).or_else(|| usable_avatar(i.emoji.as_ref())));
    AssistantIdentity {
        agent_id,
        name: name.unwrap_or("Assistant").to_owned(),
        avatar: avatar.unwrap_or_else(|| "A".to_owned()),
    }
}

fn is_remote_avatar(avatar: &str) -> bool {
    avatar.starts_with("https://") || avatar.starts_with("http://")
}

/// `<base>/__openclaw/control-ui-config.json`: what the app needs before it connects. Features
/// this gateway does not have (terminal, CLI agents, plugin frames) are reported off.
fn bootstrap_config(state: &GatewayState, config: &Config) -> Value {
    let identity = assistant_identity(config, None);
    let remote = is_remote_avatar(&identity.avatar);
    json!({
        "basePath": config.gateway.control_ui.base_path,
        "assistantName": identity.name,
        "assistantAvatar": identity.avatar,
        "assistantAvatarSource": if remote { Value::String(identity.avatar.clone()) } else { Value::Null },
        "assistantAvatarStatus": if remote { Value::String("remote".to_owned()) } else { Value::Null },
        "assistantAvatarReason": Value::Null,
        "assistantAgentId": identity.agent_id,
        "serverVersion": state.boot.version,
        "embedSandbox": "scripts",
        "allowExternalEmbedUrls": false,
        "automaticallyFetchFavicons": true,
        "communityInvite": true,
        "terminalEnabled": false,
        "cliAgentsEnabled": false,
        "pluginAssetsRequireAuth": state.runtime().auth.mode != openclaw_policy::gateway::auth::AuthMode::None,
        "pluginFrameGrants": [],
    })
}

/// `<base>/avatar/<agentId>`: `?meta=1` describes the avatar; the image itself is served only for
/// local avatar files, which this gateway does not resolve yet (404).
async fn avatar(
    state: &Arc<GatewayState>,
    peer: &Peer,
    headers: &HeaderMap,
    config: &Config,
    agent_id: &str,
    meta: bool,
) -> Response {
    let valid = agent_id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && agent_id.len() <= 64
        && agent_id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        return reply::not_found();
    }
    if let Err(refusal) = auth::authorize(state, peer, headers).await {
        return refusal;
    }
    if !meta {
        return reply::not_found();
    }
    let identity = assistant_identity(config, Some(&agent_id.to_ascii_lowercase()));
    let remote = is_remote_avatar(&identity.avatar).then(|| identity.avatar.clone());
    no_cache(json_reply(&json!({
        "avatarUrl": remote,
        "avatarSource": remote,
        "avatarStatus": remote.as_ref().map(|_| "remote"),
        "avatarReason": Value::Null,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        let get = Method::GET;
        assert_eq!(classify("", "/", None, &get, None), Route::Serve { spa_fallback: true });
        assert_eq!(
            classify("", "/deep/link", None, &get, Some("application/json")),
            Route::Serve { spa_fallback: false }
        );
        assert_eq!(classify("", "/ui/x", None, &get, None), Route::NotFound);
        assert_eq!(classify("", "/api/x", None, &get, None), Route::NotControlUi);
        assert_eq!(classify("", "/v1/models", None, &get, None), Route::NotControlUi);
        assert_eq!(classify("", "/", None, &Method::POST, None), Route::NotControlUi);
        assert_eq!(classify("/oc", "/oc", Some("a=1"), &get, None), Route::Redirect("/oc/?a=1".into()));
        assert_eq!(classify("/oc", "/other", None, &get, None), Route::NotControlUi);
        assert_eq!(classify("/oc", "/oc/x", None, &get, Some("text/html")), Route::Serve { spa_fallback: true });
    }

    #[test]
    fn requested_files() {
        assert_eq!(requested_file("/"), "index.html");
        assert_eq!(requested_file("/chat"), "chat");
        assert_eq!(requested_file("/deep/assets/app.js"), "assets/app.js");
        assert_eq!(requested_file("/docs/"), "docs/index.html");
    }

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html =
            "<html><script src=\"/a.js\"></script><script>alert(1)</script><SCRIPT type=\"module\">x()</SCRIPT></html>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        assert!(hashes.iter().all(|h| h.starts_with("sha256-")));
    }

    #[test]
    fn the_csp_matches_openclaw() {
        assert_eq!(
            csp(&[]),
            "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; frame-src 'self' http: https:; script-src 'self'; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; img-src 'self' data: blob: https:; media-src 'self' data: blob:; font-src 'self' https://fonts.gstatic.com; worker-src 'self'; connect-src 'self' ws: wss: data: https://api.openai.com https://tweakcn.com"
        );
    }
}
