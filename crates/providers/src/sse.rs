//! An incremental Server-Sent-Events parser, following the WHATWG event-stream grammar: lines
//! end in CRLF, LF or a lone CR; `:` starts a comment; `field:value` drops one leading space;
//! a field without a colon has an empty value; consecutive `data:` lines join with `\n`; a
//! blank line dispatches. Bytes are fed as they arrive from the network, split anywhere —
//! even inside a UTF-8 character, which is safe because lines are only decoded once complete
//! and no multi-byte UTF-8 sequence contains a CR or LF byte.

use crate::error::ProviderError;

/// The default cap on one event (or one unterminated line). Generous, because a provider may
/// put a whole tool call's arguments into one chunk, but finite, because a misbehaving server
/// that never sends a newline must not grow the buffer without bound.
pub const DEFAULT_MAX_EVENT_BYTES: usize = 4 * 1024 * 1024;

const BOM: &str = "\u{feff}";

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    /// The `event:` name; `None` when absent or empty (the spec's default type, "message").
    pub event: Option<String>,
    /// The `data:` lines joined with `\n`.
    pub data: String,
    /// The last `id:` seen on the stream so far, which the spec carries across events (it is
    /// what a reconnect would send as `Last-Event-ID`); `None` until one is set non-empty.
    pub id: Option<String>,
}

/// Turns a byte stream into [`SseEvent`]s. After an error the stream is unusable; the
/// parser has dropped its buffers and should be discarded.
#[derive(Debug, Clone)]
pub struct SseParser {
    max_event_bytes: usize,
    /// Bytes of the current, not yet terminated line (already scanned up to `scanned`).
    buf: Vec<u8>,
    /// How far `buf` has been searched for a line end, so byte-at-a-time feeding stays linear.
    scanned: usize,
    /// The previous chunk ended in CR: a LF at the start of the next chunk belongs to it.
    skip_lf: bool,
    /// The first line has not been seen yet, so a byte-order mark may still need stripping.
    at_start: bool,
    event: Option<String>,
    data: String,
    has_data: bool,
    last_id: Option<String>,
    retry_ms: Option<u64>,
}

impl Default for SseParser {
    fn default() -> Self {
        Self::new()
    }
}

impl SseParser {
    pub fn new() -> Self {
        Self::with_max_event_bytes(DEFAULT_MAX_EVENT_BYTES)
    }

    /// A parser that rejects any event (name plus data) or line longer than `max` bytes.
    pub fn with_max_event_bytes(max: usize) -> Self {
        Self {
            max_event_bytes: max,
            buf: Vec::new(),
            scanned: 0,
            skip_lf: false,
            at_start: true,
            event: None,
            data: String::new(),
            has_data: false,
            last_id: None,
            retry_ms: None,
        }
    }

    /// The last `retry:` value, for a client that reconnects; provider clients do not.
    pub fn retry_ms(&self) -> Option<u64> {
        self.retry_ms
    }

    /// Feeds `bytes` and returns every event they complete, in order.
    pub fn push(&mut self, mut bytes: &[u8]) -> Result<Vec<SseEvent>, ProviderError> {
        let mut out = Vec::new();
        if self.skip_lf && !bytes.is_empty() {
            self.skip_lf = false;
            if bytes[0] == b'\n' {
                bytes = &bytes[1..];
            }
        }
        self.buf.extend_from_slice(bytes);
        let mut start = 0;
        let mut i = self.scanned;
        while i < self.buf.len() {
            let byte = self.buf[i];
            if byte != b'\n' && byte != b'\r' {
                i += 1;
                continue;
            }
            let line = String::from_utf8_lossy(&self.buf[start..i]).into_owned();
            let mut next = i + 1;
            if byte == b'\r' {
                match self.buf.get(next) {
                    Some(b'\n') => next += 1,
                    // The LF, if any, is in the next chunk.
                    None => self.skip_lf = true,
                    Some(_) => {}
                }
            }
            start = next;
            i = next;
            if let Err(error) = self.line(&line, &mut out) {
                self.reset();
                return Err(error);
            }
        }
        self.buf.drain(..start);
        self.scanned = self.buf.len();
        if self.buf.len() + self.pending_bytes() > self.max_event_bytes {
            self.reset();
            return Err(ProviderError::EventTooLarge { max: self.max_event_bytes });
        }
        Ok(out)
    }

    /// Ends the stream. The spec discards an event that lacks its closing blank line, but some
    /// servers omit it after the last event; dispatching it is safe because the format
    /// decoders still check for their own terminator (`[DONE]`, `message_stop`) and treat a
    /// cut-off JSON payload as malformed.
    pub fn finish(&mut self) -> Result<Option<SseEvent>, ProviderError> {
        let mut out = Vec::new();
        if !self.buf.is_empty() {
            let line = String::from_utf8_lossy(&self.buf).into_owned();
            self.buf.clear();
            self.scanned = 0;
            if let Err(error) = self.line(&line, &mut out) {
                self.reset();
                return Err(error);
            }
        }
        self.dispatch(&mut out);
        Ok(out.pop())
    }

    fn pending_bytes(&self) -> usize {
        self.data.len() + self.event.as_ref().map_or(0, String::len)
    }

    fn reset(&mut self) {
        self.buf = Vec::new();
        self.scanned = 0;
        self.data = String::new();
        self.event = None;
        self.has_data = false;
    }

    fn line(&mut self, mut line: &str, out: &mut Vec<SseEvent>) -> Result<(), ProviderError> {
        if self.at_start {
            self.at_start = false;
            line = line.strip_prefix(BOM).unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch(out);
            return Ok(());
        }
        if line.starts_with(':') {
            return Ok(());
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = Some(value.to_owned()),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            // The spec ignores ids containing NUL: they cannot be sent back in a header.
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry_ms = value.parse().ok();
            }
            _ => {}
        }
        if self.pending_bytes() > self.max_event_bytes {
            return Err(ProviderError::EventTooLarge { max: self.max_event_bytes });
        }
        Ok(())
    }

    fn dispatch(&mut self, out: &mut Vec<SseEvent>) {
        let event = self.event.take().filter(|name| !name.is_empty());
        if !self.has_data {
            // The spec dispatches nothing for a block without data (e.g. only comments).
            return;
        }
        self.has_data = false;
        out.push(SseEvent {
            event,
            data: std::mem::take(&mut self.data),
            id: self.last_id.clone().filter(|id| !id.is_empty()),
        });
    }
}

#[cfg(test)]
mod tests;
