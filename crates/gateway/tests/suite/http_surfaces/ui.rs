//! What browsers load: the canvas host and the Control UI (pages, security headers, bootstrap
//! config, base path, configured asset root).

use serde_json::json;

use super::{CONTROL_UI_CSP, Reply, UNAUTHORIZED, bearer, get, post, send};
use crate::suite::harness::{TOKEN, TestGateway};

#[test]
fn the_canvas_serves_local_requests_from_the_state_dir() {
    let gw = TestGateway::with_token("");
    let root = gw.state_dir().join("canvas");
    std::fs::create_dir_all(root.join("app")).unwrap();
    std::fs::write(root.join("index.html"), "<h1>canvas</h1>").unwrap();
    std::fs::write(root.join("app/data.json"), "{}").unwrap();
    std::fs::write(gw.state_dir().join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(gw.state_dir().join("secret.txt"), root.join("link.txt")).unwrap();
    let page = get(&gw, "/__openclaw__/canvas/", &[]);
    assert_eq!((page.status, page.text().as_str()), (200, "<h1>canvas</h1>"));
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("content-security-policy"), None, "canvas pages carry no CSP");
    assert_eq!(page.header("x-frame-options"), None, "canvas pages may be framed");
    let json_file = get(&gw, "/__openclaw__/canvas/app/data.json", &[]);
    assert_eq!((json_file.status, json_file.header("content-type")), (200, Some("application/json; charset=utf-8")));
    for path in [
        "/__openclaw__/canvas/%2e%2e/secret.txt",
        "/__openclaw__/canvas/link.txt",
        "/__openclaw__/canvas/..%2fsecret.txt",
        "/__openclaw__/canvas/missing.js",
    ] {
        let reply = get(&gw, path, &[]);
        assert_eq!((reply.status, reply.text().as_str()), (404, "not found"), "{path}");
    }
    let post = post(&gw, "/__openclaw__/canvas/", &[], "");
    assert_eq!(post.status, 405);
    let a2ui = get(&gw, "/__openclaw__/a2ui/index.html", &[]);
    assert_eq!((a2ui.status, a2ui.text().as_str()), (503, "A2UI assets not found"));
}

#[test]
fn the_canvas_needs_the_gateway_token_from_elsewhere() {
    let gw = TestGateway::with_token("");
    let root = gw.state_dir().join("canvas");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("index.html"), "<h1>canvas</h1>").unwrap();
    // Forwarding headers mean the request did not come straight from this host.
    let proxied = [("X-Forwarded-For", "203.0.113.5")];
    let refused = get(&gw, "/__openclaw__/canvas/", &proxied);
    assert_eq!((refused.status, refused.text().as_str()), (401, UNAUTHORIZED));
    let auth = bearer(TOKEN);
    let allowed = get(&gw, "/__openclaw__/canvas/", &[("X-Forwarded-For", "203.0.113.5"), ("Authorization", &auth)]);
    assert_eq!(allowed.status, 200);
    let missing_index = TestGateway::with_token("");
    let reply = get(&missing_index, "/__openclaw__/canvas/", &[]);
    assert_eq!(reply.status, 404);
    assert!(reply.text().contains("Missing file."), "{}", reply.text());
}

fn assert_control_ui_headers(reply: &Reply) {
    assert_eq!(reply.header("x-frame-options"), Some("DENY"));
    assert_eq!(reply.header("content-security-policy"), Some(CONTROL_UI_CSP));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
}

#[test]
fn the_control_ui_page_is_served_at_the_root_with_its_security_headers() {
    let gw = TestGateway::with_token("");
    let page = get(&gw, "/", &[]);
    assert_eq!(page.status, 200);
    assert_control_ui_headers(&page);
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(page.text().contains("gateway.controlUi.root"), "the embedded page explains the missing assets");
    let deep = get(&gw, "/chat/session", &[("Accept", "text/html,application/xhtml+xml")]);
    assert_eq!((deep.status, deep.text()), (200, page.text()), "SPA fallback");
    let head = send(&gw, "HEAD", "/chat", &[], None);
    assert_eq!(head.status, 200);
    for (path, accept) in
        [("/assets/app.js", "*/*"), ("/missing.png", "*/*"), ("/chat", "application/json"), ("/ui/x", "*/*")]
    {
        let reply = get(&gw, path, &[("Accept", accept)]);
        assert_eq!((reply.status, reply.text().as_str()), (404, "Not Found"), "{path}");
    }
    let not_ui = send(&gw, "POST", "/", &[], Some(b""));
    assert_eq!((not_ui.status, not_ui.header("x-frame-options")), (404, None));
}

#[test]
fn the_bootstrap_config_needs_gateway_auth() {
    let gw = TestGateway::with_token("agents: { list: [{ id: 'main', identity: { name: 'Molty', emoji: '🦞' } }] }");
    let refused = get(&gw, "/__openclaw/control-ui-config.json", &[]);
    assert_eq!((refused.status, refused.text().as_str()), (401, UNAUTHORIZED));
    assert_eq!(refused.header("x-frame-options"), Some("DENY"));
    let auth = bearer(TOKEN);
    for path in
        ["/__openclaw/control-ui-config.json", "/control-ui-config.json", "/__openclaw__/control-ui-config.json"]
    {
        let reply = get(&gw, path, &[("Authorization", &auth)]);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("cache-control"), Some("no-cache"));
        let body = reply.json();
        assert_eq!(
            (&body["basePath"], &body["assistantName"], &body["assistantAvatar"], &body["assistantAgentId"]),
            (&json!(""), &json!("Molty"), &json!("🦞"), &json!("main")),
            "{body}"
        );
    }
    let meta = get(&gw, "/avatar/main?meta=1", &[("Authorization", &auth)]);
    assert_eq!(
        meta.json(),
        json!({"avatarUrl": null, "avatarSource": null, "avatarStatus": null, "avatarReason": null})
    );
    assert_eq!(get(&gw, "/avatar/main?meta=1", &[]).status, 401);
    assert_eq!(get(&gw, "/avatar/bad%20id", &[("Authorization", &auth)]).status, 404);
}

#[test]
fn a_base_path_moves_the_control_ui() {
    let gw = TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }}, controlUi: {{ basePath: '/openclaw/' }} }} }}"
    ));
    let redirect = get(&gw, "/openclaw?x=1", &[]);
    assert_eq!((redirect.status, redirect.header("location")), (302, Some("/openclaw/?x=1")));
    assert_eq!(get(&gw, "/openclaw/", &[]).status, 200);
    assert_eq!(get(&gw, "/", &[]).header("x-frame-options"), None, "the root is no longer the Control UI");
    let config = get(&gw, "/openclaw/__openclaw/control-ui-config.json", &[("Authorization", &bearer(TOKEN))]);
    assert_eq!(config.json()["basePath"], "/openclaw");
}

#[test]
fn a_configured_root_is_served_without_escaping_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("control-ui");
    std::fs::create_dir_all(root.join("assets")).unwrap();
    std::fs::write(
        root.join("index.html"),
        "<html><head><script>window.boot=1</script><script src=\"./assets/app.js\"></script></head></html>",
    )
    .unwrap();
    std::fs::write(root.join("assets/app.js"), "console.log(1)").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    let gw = TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }}, controlUi: {{ root: '{}' }} }} }}",
        root.display()
    ));
    let asset = get(&gw, "/deep/assets/app.js", &[]);
    assert_eq!((asset.status, asset.text().as_str()), (200, "console.log(1)"));
    assert_eq!(asset.header("content-type"), Some("application/javascript; charset=utf-8"));
    assert_control_ui_headers(&asset);
    let index = get(&gw, "/some/route", &[]);
    assert_eq!(index.status, 200);
    assert!(index.text().starts_with("<html data-openclaw-control-ui-base-path=\"\">"), "{}", index.text());
    let csp = index.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self' 'sha256-"), "{csp}");
    for path in
        ["/%2e%2e/secret.txt", "/..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"]
    {
        assert_eq!(get(&gw, path, &[]).status, 404, "{path}");
    }
    let missing = TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }}, controlUi: {{ root: '{}' }} }} }}",
        dir.path().join("nowhere").display()
    ));
    let unavailable = get(&missing, "/", &[]);
    assert_eq!(unavailable.status, 503);
    assert!(unavailable.text().starts_with("Control UI assets not found at "), "{}", unavailable.text());
}

#[test]
fn a_disabled_control_ui_is_a_plain_404() {
    let gw = TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }}, controlUi: {{ enabled: false }} }} }}"
    ));
    let reply = get(&gw, "/", &[]);
    assert_eq!((reply.status, reply.text().as_str(), reply.header("x-frame-options")), (404, "Not Found", None));
}
