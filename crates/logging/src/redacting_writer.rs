//! Redaction in front of every sink: a [`MakeWriter`] wrapper that buffers one formatted event
//! and writes it, redacted, when the event is complete.
//!
//! Redacting the formatted text (rather than each field) catches secrets wherever they ended up:
//! message, fields, span fields, error chains. Buffering the whole event matters for multi-line
//! output: a PEM key spread over several lines is one match only if the rule sees all of them.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::Arc;

use openclaw_policy::redact::{RedactMode, Redactor};
use tracing::Metadata;
use tracing_subscriber::fmt::MakeWriter;

use crate::json_redact::redact_json_lines;

/// How the wrapped sink's events are shaped, which decides how they are redacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventShape {
    /// Human-readable text, possibly with ANSI colour codes.
    Text,
    /// One JSON object per line; stays valid JSON after redaction.
    JsonLines,
}

/// Wraps a sink so everything written through it is redacted first.
#[derive(Debug, Clone)]
pub struct RedactingMakeWriter<M> {
    inner: M,
    redactor: Arc<Redactor>,
    shape: EventShape,
}

impl<M> RedactingMakeWriter<M> {
    pub fn new(inner: M, redactor: Arc<Redactor>, shape: EventShape) -> Self {
        RedactingMakeWriter { inner, redactor, shape }
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for RedactingMakeWriter<M> {
    type Writer = RedactingWriter<'a, M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        self.wrap(self.inner.make_writer())
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Self::Writer {
        self.wrap(self.inner.make_writer_for(meta))
    }
}

impl<M> RedactingMakeWriter<M> {
    fn wrap<W: Write>(&self, inner: W) -> RedactingWriter<'_, W> {
        RedactingWriter { buffer: Vec::new(), inner, redactor: &self.redactor, shape: self.shape }
    }
}

/// Collects one event; writes it redacted on `flush` or when dropped at the end of the event.
pub struct RedactingWriter<'a, W: Write> {
    buffer: Vec<u8>,
    inner: W,
    redactor: &'a Redactor,
    shape: EventShape,
}

impl<W: Write> RedactingWriter<'_, W> {
    fn emit(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let buffer = std::mem::take(&mut self.buffer);
        let text = String::from_utf8_lossy(&buffer);
        let redacted = redact_event(self.redactor, &text, self.shape);
        self.inner.write_all(redacted.as_bytes())?;
        self.inner.flush()
    }
}

impl<W: Write> Write for RedactingWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.emit()
    }
}

impl<W: Write> Drop for RedactingWriter<'_, W> {
    fn drop(&mut self) {
        // Nowhere to report a failed log write; OpenClaw drops it too.
        let _ = self.emit();
    }
}

/// Redacts one formatted event.
pub fn redact_event<'t>(redactor: &Redactor, text: &'t str, shape: EventShape) -> Cow<'t, str> {
    if redactor.mode() == RedactMode::Off {
        return Cow::Borrowed(text);
    }
    match shape {
        EventShape::JsonLines => redact_json_lines(redactor, text),
        EventShape::Text if text.contains('\u{1b}') => redact_coloured(redactor, text),
        EventShape::Text => redactor.redact(text),
    }
}

/// Colour codes sit between a field's name and its value (`\e[3mtoken\e[0m\e[2m=\e[0m…`), where
/// they would hide the pair from the rules. The rules therefore see the plain text; if they
/// find anything, that event is printed plain and redacted, otherwise in colour as it was.
fn redact_coloured<'t>(redactor: &Redactor, text: &'t str) -> Cow<'t, str> {
    let plain = strip_ansi(text);
    match redactor.redact(&plain) {
        Cow::Borrowed(_) => Cow::Borrowed(text),
        Cow::Owned(redacted) => Cow::Owned(redacted),
    }
}

/// Removes CSI sequences (`ESC [ params final`), the only kind the console formatter emits.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
            continue;
        }
        out.push(ch);
    }
    out
}
