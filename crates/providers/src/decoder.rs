//! The seam between SSE framing and a provider's event format: an [`EventDecoder`] turns
//! parsed SSE events into [`StreamEvent`]s, and [`StreamDecoder`] pairs one with an
//! [`SseParser`] so a client feeds raw body bytes and gets events, whatever the format.

use serde_json::Value;

use crate::error::ProviderError;
use crate::sse::{SseEvent, SseParser};
use crate::stream_event::StreamEvent;

/// One provider's streaming format, after SSE framing.
pub trait EventDecoder {
    /// Decodes one SSE event. Errors are fatal to the reply; skippable garbage is reported
    /// as [`StreamEvent::Malformed`] instead.
    fn decode(&mut self, event: &SseEvent) -> Result<Vec<StreamEvent>, ProviderError>;

    /// The body ended: fails with [`ProviderError::Truncated`] unless the format's
    /// terminator was seen, since a reply without one may be missing its end.
    fn finish(&mut self) -> Result<(), ProviderError>;
}

/// Raw body bytes in, [`StreamEvent`]s out.
#[derive(Debug, Clone)]
pub struct StreamDecoder<D> {
    sse: SseParser,
    decoder: D,
}

impl<D: EventDecoder> StreamDecoder<D> {
    pub fn new(decoder: D) -> Self {
        Self { sse: SseParser::new(), decoder }
    }

    /// With a custom cap on one SSE event; see [`SseParser::with_max_event_bytes`].
    pub fn with_max_event_bytes(decoder: D, max: usize) -> Self {
        Self { sse: SseParser::with_max_event_bytes(max), decoder }
    }

    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, ProviderError> {
        let mut out = Vec::new();
        for event in self.sse.push(bytes)? {
            out.extend(self.decoder.decode(&event)?);
        }
        Ok(out)
    }

    /// Ends the body: decodes a trailing event that lacked its blank line, then checks the
    /// format's terminator arrived.
    pub fn finish(mut self) -> Result<Vec<StreamEvent>, ProviderError> {
        let mut out = Vec::new();
        if let Some(event) = self.sse.finish()? {
            out.extend(self.decoder.decode(&event)?);
        }
        self.decoder.finish()?;
        Ok(out)
    }

    /// Decodes a whole body at once; for tests and non-incremental callers.
    pub fn decode_all(decoder: D, body: &[u8]) -> Result<Vec<StreamEvent>, ProviderError> {
        let mut this = Self::new(decoder);
        let mut out = this.push(body)?;
        out.extend(this.finish()?);
        Ok(out)
    }
}

/// `value[key]` as an owned string, when it is one; how every decoder reads optional fields.
pub(crate) fn text_field(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// A typed event's type: the JSON `type` field, falling back to the SSE `event:` name (the
/// Responses and Messages formats send both, proxies sometimes only one).
pub(crate) fn event_type<'a>(data: &'a Value, event: &'a SseEvent) -> &'a str {
    data.get("type").and_then(Value::as_str).or(event.event.as_deref()).unwrap_or_default()
}
