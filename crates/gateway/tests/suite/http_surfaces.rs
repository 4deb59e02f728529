//! The HTTP surfaces on the gateway port, over real sockets: security headers, the hooks
//! ingress, `/tools/invoke`, the OpenAI-compatible endpoints, `/api/channels/*`, the canvas host
//! and the Control UI. Statuses, headers and bodies are OpenClaw 2026.9's. This file holds the
//! raw HTTP/1.1 client the tests use (so every header on the wire is visible) and the checks that
//! apply to every surface.

mod apis;
mod hooks;
mod openai;
mod ui;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use std::sync::Arc;

use serde_json::Value;

use super::fakes::{RecordingAgent, gateway_with_agent};
use super::harness::{TOKEN, TestGateway};

pub const HOOK_TOKEN: &str = "hook-token-0123456789abcdef0123456789";
pub const UNAUTHORIZED: &str = r#"{"error":{"message":"Unauthorized","type":"unauthorized"}}"#;
pub const CONTROL_UI_CSP: &str = "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; frame-src 'self' http: https:; script-src 'self'; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; img-src 'self' data: blob: https:; media-src 'self' data: blob:; font-src 'self' https://fonts.gstatic.com; worker-src 'self'; connect-src 'self' ws: wss: data: https://api.openai.com https://tweakcn.com";

/// One HTTP response, read off the socket.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.text()))
    }
}

/// Sends one request on a fresh connection (`Connection: close`) and reads the whole answer.
pub fn send(gw: &TestGateway, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Reply {
    let mut stream = TcpStream::connect(gw.http_url().trim_start_matches("http://")).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", gw.addr);
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let declares_length = headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-length") || n.eq_ignore_ascii_case("transfer-encoding"));
    if let Some(body) = body.filter(|_| !declares_length) {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    if let Some(body) = body {
        // The server may answer (and close) before reading an oversized body.
        let _ = stream.write_all(body);
    }
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse(&raw, method == "HEAD")
}

fn parse(raw: &[u8], head_only: bool) -> Reply {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("no response head: {raw:?}"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':').map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned())))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if head_only {
        Vec::new()
    } else if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Reply { status, headers, body }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..line_end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&rest[line_end + 2..line_end + 2 + size]);
        rest = &rest[line_end + 2 + size + 2..];
    }
    out
}

pub fn get(gw: &TestGateway, path: &str, headers: &[(&str, &str)]) -> Reply {
    send(gw, "GET", path, headers, None)
}

pub fn post(gw: &TestGateway, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    send(gw, "POST", path, headers, Some(body.as_bytes()))
}

pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// A gateway with hooks on and an agent runtime (so `/hooks/agent` accepts runs).
pub fn hooks_gateway(hooks_extra: &str) -> TestGateway {
    hooks_gateway_with(hooks_extra).0
}

/// [`hooks_gateway`], also handing back the agent the runs reach.
pub fn hooks_gateway_with(hooks_extra: &str) -> (TestGateway, Arc<RecordingAgent>) {
    let agent = Arc::new(RecordingAgent::default());
    let gw =
        gateway_with_agent(&format!("hooks: {{ enabled: true, token: '{HOOK_TOKEN}', {hooks_extra} }}"), agent.clone());
    (gw, agent)
}

#[test]
fn every_response_carries_the_baseline_security_headers() {
    let gw = TestGateway::with_token("");
    let auth = bearer(TOKEN);
    for reply in [
        send(&gw, "POST", "/nope", &[], Some(b"")),
        get(&gw, "/tools/invoke", &[]),
        post(&gw, "/tools/invoke", &[("Authorization", &auth)], "{\"tool\":\"exec\"}"),
        get(&gw, "/", &[]),
        get(&gw, "/api/channels/x", &[]),
    ] {
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"), "status {}", reply.status);
        assert_eq!(reply.header("referrer-policy"), Some("no-referrer"), "status {}", reply.status);
        assert_eq!(reply.header("strict-transport-security"), None, "HSTS is off unless configured");
    }
}

#[test]
fn hsts_is_sent_only_when_configured() {
    let gw = TestGateway::start(&format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }}, http: {{ securityHeaders: {{ strictTransportSecurity: 'max-age=31536000; includeSubDomains' }} }} }} }}"
    ));
    for reply in [send(&gw, "POST", "/nope", &[], Some(b"")), get(&gw, "/", &[])] {
        assert_eq!(reply.header("strict-transport-security"), Some("max-age=31536000; includeSubDomains"));
    }
}

#[test]
fn unclaimed_requests_get_a_plain_404() {
    let gw = TestGateway::with_token("");
    let reply = send(&gw, "POST", "/nope", &[], Some(b"{}"));
    assert_eq!((reply.status, reply.text().as_str()), (404, "Not Found"));
    assert_eq!(reply.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(reply.header("x-frame-options"), None, "not a Control UI response");
}
