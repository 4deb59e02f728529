//! A tiny blocking HTTP/1.1 client: POST with `Connection: close`, read to EOF, strip chunked
//! framing. It reports exactly the body bytes that crossed the wire, so a dropped stream
//! reaches the decoders as a dropped stream.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Status and de-chunked body bytes.
pub struct RawResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

pub fn post(url: &str, body: &str) -> RawResponse {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(authority).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    // An aborted stream may end in a reset; what arrived before it is the point.
    let _ = stream.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("header block");
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let payload = &raw[split + 4..];
    let body = if head.contains("transfer-encoding: chunked") { dechunk(payload) } else { payload.to_vec() };
    RawResponse { status, body }
}

fn dechunk(mut payload: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(end) = payload.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&payload[..end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        payload = &payload[end + 2..];
        if size == 0 {
            break;
        }
        let take = size.min(payload.len());
        body.extend_from_slice(&payload[..take]);
        payload = payload.get(size + 2..).unwrap_or_default();
    }
    body
}
