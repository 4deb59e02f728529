//! Sender-id lists (`allowFrom`, `groupAllowFrom`, `tools.elevated.allowFrom.<ch>`, …).
//!
//! OpenClaw accepts strings and numbers in these lists (Telegram user ids are often written
//! bare) and compares everything as strings (`normalizeAllowFrom` in
//! `src/config/zod-schema.core.ts`: `String(v).trim()`, blanks dropped). Numbers are turned into
//! their decimal text here; trimming is left to [`IdList::normalized`] so the raw value stays as
//! written.

use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// The wildcard entry: "anyone". `dmPolicy: "open"` requires it to be present explicitly.
pub const WILDCARD: &str = "*";

/// A list of sender ids as written (numbers already turned into strings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct IdList(pub Vec<String>);

impl IdList {
    pub fn new<I, S>(ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self(ids.into_iter().map(Into::into).collect())
    }

    /// Entries trimmed, blanks dropped — the form every OpenClaw check compares against.
    pub fn normalized(&self) -> Vec<String> {
        self.0.iter().map(|id| id.trim()).filter(|id| !id.is_empty()).map(str::to_owned).collect()
    }

    /// Whether the list allows everyone (`"*"`, after trimming).
    pub fn has_wildcard(&self) -> bool {
        self.0.iter().any(|id| id.trim() == WILDCARD)
    }

    /// Whether no usable entry is present (empty, or only blanks).
    pub fn is_effectively_empty(&self) -> bool {
        self.0.iter().all(|id| id.trim().is_empty())
    }
}

impl<'de> Deserialize<'de> for IdList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(IdListVisitor)
    }
}

struct IdListVisitor;

impl<'de> Visitor<'de> for IdListVisitor {
    type Value = IdList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of ids (strings or numbers)")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<IdList, A::Error> {
        let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(IdText(id)) = seq.next_element()? {
            ids.push(id);
        }
        Ok(IdList(ids))
    }
}

/// One list entry: a string as is, a number as its decimal text.
struct IdText(String);

impl<'de> Deserialize<'de> for IdText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IdTextVisitor)
    }
}

struct IdTextVisitor;

impl Visitor<'_> for IdTextVisitor {
    type Value = IdText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id (string or number)")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<IdText, E> {
        Ok(IdText(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<IdText, E> {
        Ok(IdText(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<IdText, E> {
        Ok(IdText(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<IdText, E> {
        Ok(IdText(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<IdText, E> {
        Ok(IdText(value.to_string()))
    }
}

#[cfg(test)]
mod tests;
