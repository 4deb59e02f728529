//! A minimal blocking HTTP/1.1 client and SSE splitter for tests (the fake servers' own, and
//! end-to-end tests against the gateway). It never retries, buffers or reconnects, so what it
//! reports is what went over the wire.

// Only tests call this client; failing the calling test loudly is its error handling.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::Value;

/// A response read to EOF.
#[derive(Debug, Clone)]
pub struct WireResponse {
    pub status: u16,
    /// Lower-cased names, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The decoded body (chunked framing removed).
    pub body: String,
    /// Whether the body ended properly: the zero-length chunk arrived, or `Content-Length`
    /// bytes did. False means the server dropped the connection early.
    pub complete: bool,
}

impl WireResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }

    pub fn events(&self) -> Vec<SseEvent> {
        sse_events(&self.body)
    }
}

/// One SSE event: its `event:` name (if any) and its `data:` text.
#[derive(Debug, Clone, PartialEq)]
pub struct SseEvent {
    pub event: Option<String>,
    pub data: String,
}

impl SseEvent {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.data).unwrap_or_else(|e| panic!("event data is not JSON ({e}): {}", self.data))
    }
}

/// POSTs `body` to `url` (`http://host:port/path`) with `headers`, and reads until EOF.
pub fn post(url: &str, headers: &[(&str, &str)], body: &Value) -> WireResponse {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(authority).unwrap();
    // Long enough for an agent run behind a gateway; a hung server still fails the test.
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = body.to_string();
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(&body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    // A server that aborts may reset the connection; whatever arrived before counts.
    let _ = stream.read_to_end(&mut raw);
    parse(&raw)
}

fn parse(raw: &[u8]) -> WireResponse {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("response has a header block");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let payload = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let find = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let (body, complete) = if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        dechunk(payload)
    } else if let Some(length) = find("content-length") {
        let length: usize = length.parse().unwrap();
        (payload[..payload.len().min(length)].to_vec(), payload.len() >= length)
    } else {
        (payload.to_vec(), true)
    };
    WireResponse { status, headers, body: String::from_utf8(body).unwrap(), complete }
}

/// Removes chunked framing; reports whether the terminating zero-length chunk arrived.
fn dechunk(mut payload: &[u8]) -> (Vec<u8>, bool) {
    let mut body = Vec::new();
    loop {
        let Some(end) = payload.windows(2).position(|w| w == b"\r\n") else { return (body, false) };
        let size_text = String::from_utf8_lossy(&payload[..end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        payload = &payload[end + 2..];
        if size == 0 {
            return (body, true);
        }
        if payload.len() < size {
            body.extend_from_slice(payload);
            return (body, false);
        }
        body.extend_from_slice(&payload[..size]);
        payload = payload.get(size + 2..).unwrap_or_default();
    }
}

/// Splits an SSE body into events on blank lines; a trailing partial event is kept, since a
/// dropped stream is exactly what some tests look at.
pub fn sse_events(body: &str) -> Vec<SseEvent> {
    body.split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            let mut event = None;
            let mut data = Vec::new();
            for line in block.lines() {
                if let Some(name) = line.strip_prefix("event:") {
                    event = Some(name.trim().to_owned());
                } else if let Some(text) = line.strip_prefix("data:") {
                    data.push(text.strip_prefix(' ').unwrap_or(text));
                }
            }
            SseEvent { event, data: data.join("\n") }
        })
        .collect()
}
