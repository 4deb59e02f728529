//! The content of `sessions.json` in memory: session key → entry, in file order, with OpenClaw's
//! key rules.
//!
//! Store keys are trimmed and lowercased. Files written by older versions can still hold keys that
//! differ only in case; a lookup finds them (the newest by `updatedAt` wins over the lowercase one
//! only if it is strictly newer, as in OpenClaw), and writing an entry moves it to the lowercase key
//! and drops the variants, so the file converges on one spelling. Entries stay raw JSON objects so
//! fields this version does not know survive every rewrite, in their order.

use serde_json::{Map, Value};

use super::SessionRecord;

/// `sessions.json` as a map from session key to entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionMap {
    entries: Map<String, Value>,
}

/// The store key for `key`: trimmed and lowercased.
pub fn normalize_session_key(key: &str) -> String {
    key.trim().to_lowercase()
}

impl SessionMap {
    pub fn from_map(entries: Map<String, Value>) -> Self {
        Self { entries }
    }

    pub fn into_map(self) -> Map<String, Value> {
        self.entries
    }

    /// The raw file content, for maintenance that walks every entry.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.entries
    }

    /// The raw file content, for maintenance (pruning, capping) that the key rules do not cover.
    pub fn as_map_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry stored under `key` or one of its legacy spellings.
    pub fn get(&self, key: &str) -> Option<&Map<String, Value>> {
        let resolved = self.resolve(key);
        resolved.found.as_ref().and_then(|found| self.entries.get(found)).and_then(Value::as_object)
    }

    /// Like [`SessionMap::get`], with the canonical key.
    pub fn record(&self, key: &str) -> Option<SessionRecord> {
        let entry = self.get(key)?.clone();
        Some(SessionRecord { key: normalize_session_key(key), entry })
    }

    /// Every entry that is an object, in file order.
    pub fn records(&self) -> Vec<SessionRecord> {
        self.entries
            .iter()
            .filter_map(|(key, entry)| {
                entry.as_object().map(|entry| SessionRecord { key: key.clone(), entry: entry.clone() })
            })
            .collect()
    }

    /// Runs `change` on the entry of `key`, created empty if missing. The entry ends up under the
    /// canonical key (legacy spellings are merged into it and removed); an existing canonical key
    /// keeps its position in the file, a new one is appended.
    pub fn upsert<R>(&mut self, key: &str, change: impl FnOnce(&mut Map<String, Value>) -> R) -> R {
        let canonical = self.canonicalize(key);
        let mut entry = match self.entries.get_mut(&canonical).map(Value::take) {
            Some(Value::Object(entry)) => entry,
            _ => Map::new(),
        };
        let result = change(&mut entry);
        // Replacing the value of an existing key keeps its position.
        self.entries.insert(canonical, Value::Object(entry));
        result
    }

    /// Removes `key` and its legacy spellings; returns the entry a lookup would have found.
    pub fn remove(&mut self, key: &str) -> Option<SessionRecord> {
        let record = self.record(key);
        let resolved = self.resolve(key);
        for legacy in resolved.legacy {
            self.entries.shift_remove(&legacy);
        }
        self.entries.shift_remove(&resolved.canonical);
        record
    }

    /// Whether any entry still names `session_id` (its transcript must then not be archived).
    pub fn references_session(&self, session_id: &str) -> bool {
        self.entries.values().any(|entry| entry.get("sessionId").and_then(Value::as_str) == Some(session_id))
    }

    /// Puts the entry a lookup of `key` finds under the canonical key (an empty entry if none) and
    /// drops the legacy spellings. Returns the canonical key.
    fn canonicalize(&mut self, key: &str) -> String {
        let resolved = self.resolve(key);
        let value = match &resolved.found {
            Some(found) => self.entries.get(found).cloned(),
            None => None,
        };
        let value = value.unwrap_or_else(|| Value::Object(Map::new()));
        for legacy in &resolved.legacy {
            self.entries.shift_remove(legacy);
        }
        self.entries.insert(resolved.canonical.clone(), value);
        resolved.canonical
    }

    fn resolve(&self, key: &str) -> Resolved {
        let trimmed = key.trim();
        let canonical = normalize_session_key(key);
        let mut legacy: Vec<String> = Vec::new();
        if trimmed != canonical && self.entries.contains_key(trimmed) {
            legacy.push(trimmed.to_owned());
        }
        let mut found =
            if self.entries.contains_key(&canonical) { Some(canonical.clone()) } else { legacy.first().cloned() };
        let mut found_updated_at = found.as_deref().map_or(0.0, |k| self.updated_at(k));
        for candidate in self.entries.keys() {
            if *candidate == canonical || candidate.to_lowercase() != canonical {
                continue;
            }
            if !legacy.contains(candidate) {
                legacy.push(candidate.clone());
            }
            let updated_at = self.updated_at(candidate);
            if found.is_none() || updated_at > found_updated_at {
                found = Some(candidate.clone());
                found_updated_at = updated_at;
            }
        }
        Resolved { canonical, found, legacy }
    }

    fn updated_at(&self, key: &str) -> f64 {
        self.entries.get(key).and_then(|entry| entry.get("updatedAt")).and_then(Value::as_f64).unwrap_or(0.0)
    }
}

struct Resolved {
    canonical: String,
    /// The key whose entry a lookup returns.
    found: Option<String>,
    /// Other spellings of the canonical key present in the map.
    legacy: Vec<String>,
}
