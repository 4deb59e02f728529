//! One blocking connection to a gateway: TCP, the WebSocket upgrade, the `connect.challenge` →
//! `connect` → `hello-ok` handshake, then request/response pairs. Every step runs against one
//! deadline, because the CLI's `--timeout` bounds the whole call, not each read.
//!
//! Events the gateway pushes in between (`tick`, `presence`, …) are skipped: a command waits only
//! for the answer to its own request id.

use std::io::ErrorKind;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

use super::connect::{ConnectRequest, connect_params};
use super::error::{ClientError, Close, RequestError};
use super::url;

/// How long to wait for `connect.challenge` before giving up on a peer that never speaks first.
const CHALLENGE_TIMEOUT: Duration = Duration::from_secs(2);
/// After a refused `connect`, how long to wait for the close frame that carries the reason.
const CLOSE_GRACE: Duration = Duration::from_millis(500);

pub struct Session {
    socket: WebSocket<TcpStream>,
    deadline: Instant,
    next_id: u64,
    hello: Value,
}

/// A frame a streaming client reads: an event, or the answer to one of its requests.
#[derive(Debug)]
pub enum Incoming {
    Event { event: String, payload: Value },
    Response { id: String, result: Result<Value, ClientError> },
}

/// What one read produced.
enum Frame {
    Json(Value),
    Closed(Close),
}

impl Session {
    /// Connects to `url` and completes the handshake; `now_ms` stamps the device signature.
    pub fn open(
        url: &str,
        request: &ConnectRequest<'_>,
        deadline: Instant,
        now_ms: &dyn Fn() -> i64,
    ) -> Result<Self, ClientError> {
        let stream = dial(url, deadline)?;
        let socket = match tungstenite::client(url, stream) {
            Ok((socket, _)) => socket,
            Err(err) => {
                return Err(ClientError::Unreachable {
                    code: None,
                    reason: format!("websocket handshake failed: {err}"),
                });
            }
        };
        let mut session = Self { socket, deadline, next_id: 0, hello: Value::Null };
        let nonce = session.challenge()?;
        let params = connect_params(request, &nonce, now_ms());
        let id = session.send_request("connect", Some(&params))?;
        match session.response(&id, false, false) {
            Ok(hello) => {
                session.hello = hello;
                Ok(session)
            }
            Err(ClientError::Request(error)) => {
                // The server closes right after refusing; its close reason is the one-line summary.
                let grace = Instant::now() + CLOSE_GRACE;
                let close = match session.read_until(grace.min(session.deadline)) {
                    Ok(Frame::Closed(close)) => Some(close),
                    _ => None,
                };
                Err(ClientError::Rejected { error, close })
            }
            Err(err) => Err(err),
        }
    }

    /// The `hello-ok` payload.
    pub fn hello(&self) -> &Value {
        &self.hello
    }

    /// Moves the deadline (a probe gives its follow-up reads a fresh budget once connected).
    pub fn set_deadline(&mut self, deadline: Instant) {
        self.deadline = deadline;
    }

    /// Calls `method` and returns its payload. With `expect_final`, an `{status:"accepted"}`
    /// acknowledgement is skipped and the final answer awaited (long-running `agent` calls).
    pub fn request(&mut self, method: &str, params: Option<&Value>, expect_final: bool) -> Result<Value, ClientError> {
        let id = self.send_request(method, params)?;
        self.response(&id, expect_final, true)
    }

    /// Sends every call before reading any answer, so slow methods overlap instead of adding up
    /// (the probe's four reads share one budget). Answers come back in call order; the first
    /// failure ends the batch.
    pub fn request_all(&mut self, calls: &[(&str, Option<Value>)]) -> Result<Vec<Value>, ClientError> {
        let mut ids = Vec::with_capacity(calls.len());
        for (method, params) in calls {
            ids.push(self.send_request(method, params.as_ref())?);
        }
        let mut answers: Vec<Option<Value>> = vec![None; ids.len()];
        while answers.iter().any(Option::is_none) {
            let (index, answer) = self.any_response(&ids)?;
            answers[index] = Some(answer?);
        }
        Ok(answers.into_iter().flatten().collect())
    }

    /// Sends a normal close and waits briefly for the peer's, so the server logs a clean disconnect.
    pub fn close(mut self) {
        let _ = self.socket.close(None);
        let grace = (Instant::now() + CLOSE_GRACE).min(self.deadline);
        while let Ok(Frame::Json(_)) = self.read_until(grace) {}
    }

    fn challenge(&mut self) -> Result<String, ClientError> {
        let limit = (Instant::now() + CHALLENGE_TIMEOUT).min(self.deadline);
        loop {
            match self.read_until(limit) {
                Ok(Frame::Json(frame)) => {
                    if frame.get("type").and_then(Value::as_str) != Some("event")
                        || frame.get("event").and_then(Value::as_str) != Some("connect.challenge")
                    {
                        continue;
                    }
                    let nonce = frame.pointer("/payload/nonce").and_then(Value::as_str).map(str::trim).unwrap_or("");
                    if nonce.is_empty() {
                        return Err(ClientError::Protocol("gateway connect challenge missing nonce".to_owned()));
                    }
                    return Ok(nonce.to_owned());
                }
                Ok(Frame::Closed(close)) => return Err(ClientError::Closed { close, dispatched: false }),
                Err(ClientError::Timeout { .. }) if Instant::now() < self.deadline => {
                    return Err(ClientError::Protocol("gateway connect challenge timeout".to_owned()));
                }
                Err(err) => return Err(err),
            }
        }
    }

    /// Sends a request without waiting; its answer comes back through [`Session::poll`].
    pub fn send(&mut self, method: &str, params: Option<&Value>) -> Result<String, ClientError> {
        self.send_request(method, params)
    }

    /// The next event or response, or `None` when nothing arrived within `wait`. Streaming
    /// clients (`openclaw chat`) poll in short slices so they can react to stdin and signals
    /// in between; the session deadline still bounds the conversation as a whole.
    pub fn poll(&mut self, wait: Duration) -> Result<Option<Incoming>, ClientError> {
        let limit = (Instant::now() + wait).min(self.deadline);
        match self.read_until(limit) {
            Ok(Frame::Json(frame)) => Ok(incoming(frame)),
            Ok(Frame::Closed(close)) => Err(ClientError::Closed { close, dispatched: true }),
            Err(ClientError::Timeout { .. }) if Instant::now() < self.deadline => Ok(None),
            Err(ClientError::Timeout { .. }) => Err(ClientError::Timeout { dispatched: true }),
            Err(err) => Err(err),
        }
    }

    fn send_request(&mut self, method: &str, params: Option<&Value>) -> Result<String, ClientError> {
        self.next_id += 1;
        let id = format!("{}:{}", self.next_id, random_uuid());
        let mut frame = json!({"type": "req", "id": id, "method": method});
        if let Some(params) = params {
            frame["params"] = params.clone();
        }
        self.socket.send(Message::text(frame.to_string())).map_err(|err| ClientError::Closed {
            close: Close { code: 1006, reason: err.to_string() },
            dispatched: false,
        })?;
        Ok(id)
    }

    fn response(&mut self, id: &str, expect_final: bool, dispatched: bool) -> Result<Value, ClientError> {
        loop {
            let frame = self.next_response(dispatched)?;
            if frame.get("id").and_then(Value::as_str) != Some(id) {
                continue;
            }
            let payload = frame.get("payload").cloned().unwrap_or(Value::Null);
            if expect_final && payload.get("status").and_then(Value::as_str) == Some("accepted") {
                continue;
            }
            return answer(frame);
        }
    }

    /// The answer to whichever of `ids` arrives next, with its index.
    fn any_response(&mut self, ids: &[String]) -> Result<(usize, Result<Value, ClientError>), ClientError> {
        loop {
            let frame = self.next_response(true)?;
            let id = frame.get("id").and_then(Value::as_str).unwrap_or("");
            if let Some(index) = ids.iter().position(|candidate| candidate == id) {
                return Ok((index, answer(frame)));
            }
        }
    }

    /// The next `res` frame, skipping events.
    fn next_response(&mut self, dispatched: bool) -> Result<Value, ClientError> {
        loop {
            match self.read_until(self.deadline) {
                Ok(Frame::Json(frame)) if frame.get("type").and_then(Value::as_str) == Some("res") => return Ok(frame),
                Ok(Frame::Json(_)) => continue,
                Ok(Frame::Closed(close)) => return Err(ClientError::Closed { close, dispatched }),
                Err(ClientError::Timeout { .. }) => return Err(ClientError::Timeout { dispatched }),
                Err(err) => return Err(err),
            }
        }
    }

    /// The next JSON text frame or the close, whichever comes first before `limit`.
    fn read_until(&mut self, limit: Instant) -> Result<Frame, ClientError> {
        loop {
            let remaining = limit.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(ClientError::Timeout { dispatched: false });
            }
            let _ = self.socket.get_ref().set_read_timeout(Some(remaining));
            match self.socket.read() {
                Ok(Message::Text(text)) => match serde_json::from_str::<Value>(text.as_str()) {
                    Ok(value) => return Ok(Frame::Json(value)),
                    Err(_) => continue,
                },
                Ok(Message::Close(frame)) => {
                    let close = frame.map_or(Close { code: 1005, reason: String::new() }, |f| Close {
                        code: u16::from(f.code),
                        reason: f.reason.to_string(),
                    });
                    return Ok(Frame::Closed(close));
                }
                Ok(_) => continue,
                Err(tungstenite::Error::Io(err))
                    if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    return Err(ClientError::Timeout { dispatched: false });
                }
                // A signal (Ctrl-C in `openclaw chat`) interrupts a read with a timeout instead
                // of restarting it; the bytes read so far stay buffered, so just read on.
                Err(tungstenite::Error::Io(err)) if err.kind() == ErrorKind::Interrupted => continue,
                Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => {
                    return Ok(Frame::Closed(Close::abnormal()));
                }
                Err(tungstenite::Error::Io(_) | tungstenite::Error::Protocol(_)) => {
                    return Ok(Frame::Closed(Close::abnormal()));
                }
                Err(err) => return Err(ClientError::Protocol(err.to_string())),
            }
        }
    }
}

/// Sorts a frame into an event or a response; anything else (malformed) is skipped.
fn incoming(frame: Value) -> Option<Incoming> {
    let text = |key: &str| frame.get(key).and_then(Value::as_str).map(str::to_owned);
    match frame.get("type").and_then(Value::as_str) {
        Some("event") => Some(Incoming::Event {
            event: text("event")?,
            payload: frame.get("payload").cloned().unwrap_or(Value::Null),
        }),
        Some("res") => Some(Incoming::Response { id: text("id")?, result: answer(frame) }),
        _ => None,
    }
}

/// A response frame's payload, or its error.
fn answer(frame: Value) -> Result<Value, ClientError> {
    if frame.get("ok").and_then(Value::as_bool) == Some(true) {
        return Ok(frame.get("payload").cloned().unwrap_or(Value::Null));
    }
    Err(ClientError::Request(Box::new(RequestError::from_frame(frame.get("error")))))
}

/// Opens the TCP connection, reporting failures the way Node names them.
fn dial(raw_url: &str, deadline: Instant) -> Result<TcpStream, ClientError> {
    let Some(parsed) = url::parse(raw_url) else {
        return Err(ClientError::Protocol(format!("invalid gateway URL: {raw_url}")));
    };
    if parsed.tls {
        return Err(ClientError::Protocol(
            "wss:// gateways are not supported by this client yet (no TLS built in); use an SSH tunnel to ws://127.0.0.1"
                .to_owned(),
        ));
    }
    let addrs: Vec<_> = match (parsed.host.as_str(), parsed.port).to_socket_addrs() {
        Ok(addrs) => addrs.collect(),
        Err(_) => {
            return Err(ClientError::Unreachable {
                code: Some("ENOTFOUND"),
                reason: format!("getaddrinfo ENOTFOUND {}", parsed.host),
            });
        }
    };
    let mut failure = ClientError::Unreachable { code: None, reason: format!("connect failed: {}", parsed.host) };
    for addr in addrs {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(ClientError::Timeout { dispatched: false });
        }
        match TcpStream::connect_timeout(&addr, remaining) {
            Ok(stream) => {
                let _ = stream.set_nodelay(true);
                let _ = stream.set_write_timeout(Some(remaining));
                return Ok(stream);
            }
            Err(err) => {
                let code = match err.kind() {
                    ErrorKind::ConnectionRefused => "ECONNREFUSED",
                    ErrorKind::ConnectionReset => "ECONNRESET",
                    ErrorKind::HostUnreachable => "EHOSTUNREACH",
                    ErrorKind::NetworkUnreachable => "ENETUNREACH",
                    ErrorKind::TimedOut | ErrorKind::WouldBlock => {
                        return Err(ClientError::Timeout { dispatched: false });
                    }
                    _ => {
                        failure = ClientError::Unreachable { code: None, reason: format!("connect failed: {err}") };
                        continue;
                    }
                };
                failure = ClientError::Unreachable { code: Some(code), reason: format!("connect {code} {addr}") };
            }
        }
    }
    Err(failure)
}

/// A random RFC 4122 v4 UUID, for request and instance ids.
pub fn random_uuid() -> String {
    let mut bytes = [0u8; 16];
    // Ids only need to be unique per connection, and request ids also carry a counter, so an OS
    // without entropy degrades ids rather than failing the command.
    let _ = getrandom::fill(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}
