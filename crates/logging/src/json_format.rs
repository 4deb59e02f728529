//! One JSON object per event: `time`, `level`, `subsystem`, `message`, then the event's fields
//! at the top level, then `spans` (outermost first) when the event happened inside spans.

use std::fmt;

use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::registry::LookupSpan;

use crate::clock::LogClock;

/// Keys the envelope owns; an event field with one of these names is written as `field.<name>`.
const RESERVED: [&str; 5] = ["time", "level", "subsystem", "message", "spans"];

#[derive(Debug, Clone)]
pub(crate) struct JsonLines {
    clock: LogClock,
}

impl JsonLines {
    pub(crate) fn new(clock: LogClock) -> JsonLines {
        JsonLines { clock }
    }
}

/// OpenClaw's level names (tracing has no `fatal`; those arrive as errors).
pub(crate) fn level_name(level: Level) -> &'static str {
    match level {
        Level::ERROR => "error",
        Level::WARN => "warn",
        Level::INFO => "info",
        Level::DEBUG => "debug",
        Level::TRACE => "trace",
    }
}

impl<S, N> FormatEvent<S, N> for JsonLines
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, ctx: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        let meta = event.metadata();
        let mut fields = FieldCollector::default();
        event.record(&mut fields);

        let mut record = Map::new();
        record.insert("time".into(), self.clock.rfc3339_now().into());
        record.insert("level".into(), level_name(*meta.level()).into());
        record.insert("subsystem".into(), meta.target().into());
        record.insert("message".into(), fields.message.take().unwrap_or_default().into());
        for (name, value) in fields.values {
            let key = if RESERVED.contains(&name.as_str()) { format!("field.{name}") } else { name };
            record.insert(key, value);
        }
        if let Some(scope) = ctx.event_scope() {
            let spans: Vec<Value> = scope
                .from_root()
                .map(|span| {
                    let mut entry = Map::new();
                    entry.insert("name".into(), span.name().into());
                    if let Some(formatted) = span.extensions().get::<FormattedFields<N>>() {
                        merge_span_fields(&mut entry, formatted.fields.as_str());
                    }
                    Value::Object(entry)
                })
                .collect();
            if !spans.is_empty() {
                record.insert("spans".into(), Value::Array(spans));
            }
        }
        let line = serde_json::to_string(&record).map_err(|_| fmt::Error)?;
        writeln!(writer, "{line}")
    }
}

/// The file layer formats span fields with `JsonFields`, so they arrive as a JSON object;
/// anything else is kept as one string rather than dropped.
fn merge_span_fields(entry: &mut Map<String, Value>, formatted: &str) {
    if formatted.is_empty() {
        return;
    }
    match serde_json::from_str::<Value>(formatted) {
        Ok(Value::Object(fields)) => {
            for (name, value) in fields {
                if name != "name" {
                    entry.insert(name, value);
                }
            }
        }
        _ => {
            entry.insert("fields".into(), formatted.into());
        }
    }
}

#[derive(Default)]
struct FieldCollector {
    message: Option<String>,
    values: Vec<(String, Value)>,
}

impl FieldCollector {
    fn put(&mut self, field: &Field, value: Value) {
        if field.name() == "message" {
            self.message = Some(match value {
                Value::String(text) => text,
                other => other.to_string(),
            });
        } else {
            self.values.push((field.name().to_owned(), value));
        }
    }
}

impl Visit for FieldCollector {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, value.into());
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, value.into());
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, value.into());
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, value.into());
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        self.put(field, value.into());
    }

    fn record_i128(&mut self, field: &Field, value: i128) {
        self.put(field, value.to_string().into());
    }

    fn record_u128(&mut self, field: &Field, value: u128) {
        self.put(field, value.to_string().into());
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.put(field, value.to_string().into());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.put(field, format!("{value:?}").into());
    }
}
