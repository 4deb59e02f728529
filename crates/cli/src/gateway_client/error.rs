//! How a conversation with the gateway can fail, kept apart by cause because the CLI reports each
//! differently: a transport failure names the target and suggests starting the gateway, a
//! refusal repeats the gateway's own reason, a timeout says how long it waited.

use serde_json::{Value, json};

/// An error frame from the gateway (`{code, message, details?, retryable?, retryAfterMs?}`).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestError {
    pub code: String,
    pub message: String,
    pub details: Option<Value>,
    pub retryable: bool,
    pub retry_after_ms: Option<u64>,
}

impl RequestError {
    pub fn from_frame(error: Option<&Value>) -> Self {
        let error = error.cloned().unwrap_or(Value::Null);
        let text = |key: &str| error.get(key).and_then(Value::as_str).map(str::to_owned);
        Self {
            code: text("code").unwrap_or_else(|| "UNAVAILABLE".to_owned()),
            message: text("message").unwrap_or_else(|| "unknown error".to_owned()),
            details: error.get("details").filter(|d| !d.is_null()).cloned(),
            retryable: error.get("retryable").and_then(Value::as_bool).unwrap_or(false),
            retry_after_ms: error.get("retryAfterMs").and_then(Value::as_u64),
        }
    }

    /// `details.code` (connect failures put the machine reason there, e.g. `AUTH_TOKEN_MISMATCH`).
    pub fn detail_code(&self) -> Option<&str> {
        self.details.as_ref()?.get("code")?.as_str()
    }

    /// The `--json` failure body OpenClaw prints for a refused request.
    pub fn to_json(&self) -> Value {
        let mut error = json!({"type": "gateway_request_error", "code": self.code, "message": self.message});
        if let Some(details) = &self.details {
            error["details"] = details.clone();
        }
        error["retryable"] = json!(self.retryable);
        if let Some(ms) = self.retry_after_ms {
            error["retryAfterMs"] = json!(ms);
        }
        json!({"ok": false, "error": error})
    }
}

/// A WebSocket close as the peer sent it (1006 when the socket dropped without a close frame).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Close {
    pub code: u16,
    pub reason: String,
}

impl Close {
    pub fn abnormal() -> Self {
        Self { code: 1006, reason: String::new() }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// No TCP or WebSocket connection: `code` is the errno name OpenClaw shows (`ECONNREFUSED`).
    Unreachable { code: Option<&'static str>, reason: String },
    /// The gateway answered `connect` with an error; it closes the socket right after.
    Rejected { error: Box<RequestError>, close: Option<Close> },
    /// The gateway answered a request after `hello-ok` with an error.
    Request(Box<RequestError>),
    /// The socket closed before the answer arrived.
    Closed { close: Close, dispatched: bool },
    /// The deadline passed.
    Timeout { dispatched: bool },
    /// The peer does not speak the protocol (no challenge, bad frames), or the URL is unusable.
    Protocol(String),
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::Unreachable { reason, .. } => f.write_str(reason),
            ClientError::Rejected { error, .. } | ClientError::Request(error) => f.write_str(&error.message),
            ClientError::Closed { close, .. } => write!(f, "gateway closed ({}): {}", close.code, close.reason),
            ClientError::Timeout { .. } => f.write_str("timeout"),
            ClientError::Protocol(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ClientError {}
