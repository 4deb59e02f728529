//! `logging.redactSensitive`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// `logging.redactSensitive`: `"off"` disables redaction; every other value means `"tools"`,
/// the default, so a typo fails closed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum RedactMode {
    Off,
    #[default]
    Tools,
}

impl RedactMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RedactMode::Off => "off",
            RedactMode::Tools => "tools",
        }
    }
}

impl From<&str> for RedactMode {
    fn from(value: &str) -> Self {
        if value == "off" { RedactMode::Off } else { RedactMode::Tools }
    }
}

impl fmt::Display for RedactMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RedactMode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RedactMode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ModeVisitor)
    }
}

/// Accepts any value, like OpenClaw's `value === "off" ? "off" : "tools"`.
struct ModeVisitor;

impl<'de> Visitor<'de> for ModeVisitor {
    type Value = RedactMode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#""off" or "tools""#)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<RedactMode, E> {
        Ok(RedactMode::from(value))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<RedactMode, E> {
        Ok(RedactMode::Tools)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<RedactMode, E> {
        Ok(RedactMode::Tools)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<RedactMode, E> {
        Ok(RedactMode::Tools)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<RedactMode, E> {
        Ok(RedactMode::Tools)
    }

    fn visit_unit<E: de::Error>(self) -> Result<RedactMode, E> {
        Ok(RedactMode::Tools)
    }

    fn visit_none<E: de::Error>(self) -> Result<RedactMode, E> {
        Ok(RedactMode::Tools)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RedactMode, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(RedactMode::Tools)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RedactMode, A::Error> {
        while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
        Ok(RedactMode::Tools)
    }
}
