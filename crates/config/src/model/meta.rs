//! `meta.*`: bookkeeping OpenClaw writes on every config edit.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::skip_serializing_none;

/// `meta.*`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetaConfig {
    pub last_touched_version: Option<String>,
    pub last_touched_at: Option<Timestamp>,
}

/// `meta.lastTouchedAt`: an ISO string, or epoch milliseconds some tools write instead.
#[derive(Debug, Clone, PartialEq)]
pub enum Timestamp {
    Text(String),
    EpochMillis(f64),
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => serializer.serialize_str(text),
            Self::EpochMillis(millis) => serializer.serialize_f64(*millis),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO timestamp or epoch milliseconds")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Timestamp, E> {
                Ok(Timestamp::Text(value.to_owned()))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Timestamp, E> {
                Ok(Timestamp::EpochMillis(value as f64))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Timestamp, E> {
                Ok(Timestamp::EpochMillis(value as f64))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Timestamp, E> {
                Ok(Timestamp::EpochMillis(value))
            }
        }

        deserializer.deserialize_any(TimestampVisitor)
    }
}
