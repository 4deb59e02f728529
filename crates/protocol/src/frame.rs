//! The three WebSocket frames (`req`, `res`, `event`) and the error shape a response carries.
//!
//! Every text message on the gateway socket is exactly one of these JSON objects, told apart
//! by `type`. Parsing is strict in the way the reference's schemas are: unknown keys are
//! refused, `id`/`method`/`event` must be non-empty, integers must be non-negative, and the
//! error names the key (`frame.id: must be a non-empty string`). Each frame serializes with
//! its own `type` so a frame can be sent without wrapping it in [`Frame`] first.

#[cfg(test)]
mod tests;

use serde::Serialize;
use serde_json::Value;

use crate::decode::{Decode, Fields, WireError, deserialize_via_decode, read};
use crate::error_code::ErrorCode;
use crate::hello::StateVersion;

/// A client's call: `{type:"req", id, method, params?}`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFrame {
    pub id: String,
    pub method: String,
    /// Any JSON, `null` included; absent is `None`.
    pub params: Option<Value>,
}

/// The server's answer to one request: `{type:"res", id, ok, payload?, error?}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseFrame {
    pub id: String,
    pub ok: bool,
    pub payload: Option<Value>,
    pub error: Option<ErrorShape>,
}

/// A server push: `{type:"event", event, payload?, seq?, stateVersion?}`. Broadcasts carry a
/// per-server increasing `seq`; events aimed at one connection carry none.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFrame {
    pub event: String,
    pub payload: Option<Value>,
    pub seq: Option<i64>,
    pub state_version: Option<StateVersion>,
}

/// Any frame, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Frame {
    Request(RequestFrame),
    Response(ResponseFrame),
    Event(EventFrame),
}

/// The body of a failed response. `code` stays a string because newer gateways send codes
/// this crate does not know; [`ErrorShape::error_code`] gives the typed view.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorShape {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Boxed: errors travel in `Result`s everywhere, and an inline `Value` would make every
    /// one of them large.
    pub details: Option<Box<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retryable: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<i64>,
}

impl ErrorShape {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code: code.as_str().to_owned(),
            message: message.into(),
            details: None,
            retryable: None,
            retry_after_ms: None,
        }
    }

    #[must_use]
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(Box::new(details));
        self
    }

    /// Marks the failure as worth retrying after `retry_after_ms`.
    #[must_use]
    pub fn retry_after(mut self, retry_after_ms: i64) -> Self {
        self.retryable = Some(true);
        self.retry_after_ms = Some(retry_after_ms);
        self
    }

    /// The typed code, or `None` for a code this crate does not know.
    pub fn error_code(&self) -> Option<ErrorCode> {
        ErrorCode::parse(&self.code)
    }

    /// `details.code` when the details object carries one (connect failures do).
    pub fn detail_code(&self) -> Option<&str> {
        self.details.as_ref()?.get("code")?.as_str()
    }
}

impl ResponseFrame {
    pub fn ok(id: impl Into<String>, payload: Value) -> Self {
        Self { id: id.into(), ok: true, payload: Some(payload), error: None }
    }

    pub fn err(id: impl Into<String>, error: ErrorShape) -> Self {
        Self { id: id.into(), ok: false, payload: None, error: Some(error) }
    }
}

impl EventFrame {
    /// An event aimed at one connection (no `seq`).
    pub fn targeted(event: impl Into<String>, payload: Value) -> Self {
        Self { event: event.into(), payload: Some(payload), seq: None, state_version: None }
    }
}

/// Parses one text message into a frame of any type.
pub fn parse_frame(text: &str) -> Result<Frame, WireError> {
    Frame::decode(from_text(text)?, "frame")
}

/// Parses one text message from a client, which may only send requests. This is the entry
/// point the fuzz target drives: it must never panic, whatever the input.
pub fn parse_client_frame(text: &str) -> Result<RequestFrame, WireError> {
    match parse_frame(text)? {
        Frame::Request(request) => Ok(request),
        Frame::Response(_) | Frame::Event(_) => {
            Err(WireError::invalid("frame.type", "clients may only send \"req\" frames"))
        }
    }
}

/// The `id` of a message that failed to parse, if it had a string one, so the refusal can be
/// addressed to the request that caused it (the reference falls back to `"invalid"`).
pub fn salvage_request_id(text: &str) -> Option<String> {
    let value: Value = serde_json::from_str(text).ok()?;
    match value.get("id")? {
        Value::String(id) if !id.is_empty() => Some(id.clone()),
        _ => None,
    }
}

fn from_text(text: &str) -> Result<Value, WireError> {
    serde_json::from_str(text).map_err(|error| WireError::NotJson { reason: error.to_string() })
}

impl Decode for Frame {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let type_path = crate::decode::child_path(path, "type");
        let kind = match &value {
            Value::Object(map) => match map.get("type") {
                Some(Value::String(kind)) => kind.clone(),
                Some(_) => return Err(WireError::invalid(&type_path, "must be a string")),
                None => return Err(WireError::invalid(&type_path, "is required")),
            },
            _ => return Err(WireError::invalid(path, "must be an object")),
        };
        match kind.as_str() {
            "req" => RequestFrame::decode(value, path).map(Frame::Request),
            "res" => ResponseFrame::decode(value, path).map(Frame::Response),
            "event" => EventFrame::decode(value, path).map(Frame::Event),
            other => Err(WireError::invalid(
                &type_path,
                format!("unknown frame type \"{other}\" (expected req, res or event)"),
            )),
        }
    }
}

/// Checks the `type` key of a frame already routed by [`Frame::decode`], or of a frame
/// decoded directly as one struct.
fn expect_type(fields: &mut Fields, expected: &'static str) -> Result<(), WireError> {
    fields.req("type", |value, path| match value {
        Value::String(kind) if kind == expected => Ok(()),
        _ => Err(WireError::invalid(path, format!("must be \"{expected}\""))),
    })
}

impl Decode for RequestFrame {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["type", "id", "method", "params"])?;
        expect_type(&mut fields, "req")?;
        Ok(Self {
            id: fields.req("id", read::non_empty)?,
            method: fields.req("method", read::non_empty)?,
            params: fields.opt("params", read::any)?,
        })
    }
}

impl Decode for ResponseFrame {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["type", "id", "ok", "payload", "error"])?;
        expect_type(&mut fields, "res")?;
        Ok(Self {
            id: fields.req("id", read::non_empty)?,
            ok: fields.req("ok", read::boolean)?,
            payload: fields.opt("payload", read::any)?,
            error: fields.opt("error", read::nested)?,
        })
    }
}

impl Decode for EventFrame {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["type", "event", "payload", "seq", "stateVersion"])?;
        expect_type(&mut fields, "event")?;
        Ok(Self {
            event: fields.req("event", read::non_empty)?,
            payload: fields.opt("payload", read::any)?,
            seq: fields.opt("seq", read::int(0, None))?,
            state_version: fields.opt("stateVersion", read::nested)?,
        })
    }
}

impl Decode for ErrorShape {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["code", "message", "details", "retryable", "retryAfterMs"])?;
        Ok(Self {
            code: fields.req("code", read::non_empty)?,
            message: fields.req("message", read::non_empty)?,
            details: fields.opt("details", read::any)?.map(Box::new),
            retryable: fields.opt("retryable", read::boolean)?,
            retry_after_ms: fields.opt("retryAfterMs", read::int(0, None))?,
        })
    }
}

deserialize_via_decode!(Frame, "frame");
deserialize_via_decode!(RequestFrame, "frame");
deserialize_via_decode!(ResponseFrame, "frame");
deserialize_via_decode!(EventFrame, "frame");
deserialize_via_decode!(ErrorShape, "error");

// Each frame writes its own `type` first, so serializing a bare `ResponseFrame` is already a
// valid frame; the borrowed mirrors keep the field order of the reference's schema.
impl Serialize for RequestFrame {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a> {
            r#type: &'static str,
            id: &'a str,
            method: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            params: Option<&'a Value>,
        }
        Wire { r#type: "req", id: &self.id, method: &self.method, params: self.params.as_ref() }.serialize(serializer)
    }
}

impl Serialize for ResponseFrame {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a> {
            r#type: &'static str,
            id: &'a str,
            ok: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            payload: Option<&'a Value>,
            #[serde(skip_serializing_if = "Option::is_none")]
            error: Option<&'a ErrorShape>,
        }
        Wire { r#type: "res", id: &self.id, ok: self.ok, payload: self.payload.as_ref(), error: self.error.as_ref() }
            .serialize(serializer)
    }
}

impl Serialize for EventFrame {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire<'a> {
            r#type: &'static str,
            event: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            payload: Option<&'a Value>,
            #[serde(skip_serializing_if = "Option::is_none")]
            seq: Option<i64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            state_version: Option<&'a StateVersion>,
        }
        Wire {
            r#type: "event",
            event: &self.event,
            payload: self.payload.as_ref(),
            seq: self.seq,
            state_version: self.state_version.as_ref(),
        }
        .serialize(serializer)
    }
}
