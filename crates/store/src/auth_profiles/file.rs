//! The whole `auth-profiles.json`, held as the JSON object it was read from with typed views on the
//! parts this port uses. Keeping the object (rather than a struct that drops what it does not name)
//! is what lets a rewrite preserve every field and key order a newer OpenClaw wrote.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::credential::Credential;
use super::usage::ProfileUsageStats;
use crate::{Result, StoreError};

/// The format version OpenClaw writes (`AUTH_STORE_VERSION`).
pub const AUTH_STORE_VERSION: u64 = 1;

const PROFILES: &str = "profiles";
const ORDER: &str = "order";
const LAST_GOOD: &str = "lastGood";
const USAGE_STATS: &str = "usageStats";

/// The contents of one agent's `auth-profiles.json`. `Debug` lists profile ids and types only: the
/// file is mostly secrets, including ones in fields this port does not know.
#[derive(Clone, PartialEq)]
pub struct AuthProfiles {
    root: Map<String, Value>,
}

impl fmt::Debug for AuthProfiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let profiles: Vec<(String, &str)> = self
            .section(PROFILES)
            .into_iter()
            .flatten()
            .map(|(id, raw)| {
                let kind = raw.get("type").or_else(|| raw.get("mode")).and_then(Value::as_str).unwrap_or("?");
                (id.clone(), kind)
            })
            .collect();
        f.debug_struct("AuthProfiles")
            .field("version", &self.version())
            .field("profiles", &profiles)
            .field("order", &self.orders())
            .field("last_good", &self.last_good())
            .field("usage_stats", &self.section(USAGE_STATS).map(|stats| stats.keys().collect::<Vec<_>>()))
            .finish()
    }
}

impl Default for AuthProfiles {
    fn default() -> Self {
        let mut root = Map::new();
        root.insert("version".to_owned(), Value::from(AUTH_STORE_VERSION));
        root.insert(PROFILES.to_owned(), Value::Object(Map::new()));
        Self { root }
    }
}

impl AuthProfiles {
    /// Checks the shape of a parsed file. The sections must be objects and every usage entry must
    /// read as [`ProfileUsageStats`], because a store we cannot read would be rewritten without
    /// them; a single profile that is not a credential is only skipped (see [`Self::credentials`]).
    pub(crate) fn from_value(path: &Path, value: Value) -> Result<Self> {
        let Value::Object(root) = value else {
            return Err(StoreError::invalid_file(path, "expected an auth profile store object"));
        };
        for section in [PROFILES, ORDER, LAST_GOOD, USAGE_STATS] {
            match root.get(section) {
                None | Some(Value::Object(_)) => {}
                Some(_) => return Err(StoreError::invalid_file(path, format!("`{section}` is not an object"))),
            }
        }
        if let Some(Value::Object(stats)) = root.get(USAGE_STATS) {
            for (id, entry) in stats {
                ProfileUsageStats::deserialize(entry).map_err(|err| {
                    StoreError::invalid_file(path, format!("`usageStats.{id}` is not a usage entry: {err}"))
                })?;
            }
        }
        Ok(Self { root })
    }

    pub(crate) fn as_map(&self) -> &Map<String, Value> {
        &self.root
    }

    /// `version`, defaulting to [`AUTH_STORE_VERSION`] like OpenClaw's loader.
    pub fn version(&self) -> u64 {
        self.root.get("version").and_then(Value::as_u64).unwrap_or(AUTH_STORE_VERSION)
    }

    fn section(&self, name: &str) -> Option<&Map<String, Value>> {
        self.root.get(name).and_then(Value::as_object)
    }

    /// Runs `change` on a section, creating it (in place, keeping its position) if needed.
    fn with_section<R>(&mut self, name: &str, change: impl FnOnce(&mut Map<String, Value>) -> R) -> R {
        let slot = self.root.entry(name.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        let mut section = match std::mem::take(slot) {
            Value::Object(section) => section,
            _ => Map::new(),
        };
        let result = change(&mut section);
        *slot = Value::Object(section);
        result
    }

    /// Drops an optional section that became empty, as OpenClaw writes `undefined` for it.
    fn prune(&mut self, name: &str) {
        if self.section(name).is_some_and(Map::is_empty) {
            self.root.shift_remove(name);
        }
    }

    /// Every profile id, in file order, usable or not.
    pub fn profile_ids(&self) -> Vec<String> {
        self.section(PROFILES).map(|profiles| profiles.keys().cloned().collect()).unwrap_or_default()
    }

    pub fn credential(&self, id: &str) -> Option<Credential> {
        self.section(PROFILES)?.get(id).and_then(Credential::from_value)
    }

    /// The usable credentials in file order; entries that are not credentials are skipped.
    pub fn credentials(&self) -> Vec<(String, Credential)> {
        let Some(profiles) = self.section(PROFILES) else { return Vec::new() };
        profiles
            .iter()
            .filter_map(|(id, raw)| Credential::from_value(raw).map(|credential| (id.clone(), credential)))
            .collect()
    }

    /// Adds or replaces a profile (OpenClaw's `upsertAuthProfile` replaces the whole entry too).
    pub fn set_credential(&mut self, id: &str, credential: &Credential) {
        self.with_section(PROFILES, |profiles| profiles.insert(id.to_owned(), credential.to_value()));
    }

    pub fn remove_credential(&mut self, id: &str) -> bool {
        self.root.get_mut(PROFILES).and_then(Value::as_object_mut).is_some_and(|p| p.shift_remove(id).is_some())
    }

    /// `order`: each provider key as written and its profile ids (non-strings and blanks dropped,
    /// as OpenClaw's loader does). Matching a provider id to a key is the caller's rule.
    pub fn orders(&self) -> Vec<(String, Vec<String>)> {
        let Some(order) = self.section(ORDER) else { return Vec::new() };
        order
            .iter()
            .filter_map(|(provider, ids)| {
                let ids: Vec<String> = ids
                    .as_array()?
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::trim)
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned)
                    .collect();
                (!ids.is_empty()).then(|| (provider.clone(), ids))
            })
            .collect()
    }

    /// Sets (or with an empty list, clears) the order of `provider`.
    pub fn set_order(&mut self, provider: &str, ids: &[String]) {
        if ids.is_empty() {
            if let Some(order) = self.root.get_mut(ORDER).and_then(Value::as_object_mut) {
                order.shift_remove(provider);
            }
        } else {
            let ids = ids.iter().map(|id| Value::String(id.clone())).collect();
            self.with_section(ORDER, |order| order.insert(provider.to_owned(), Value::Array(ids)));
        }
        self.prune(ORDER);
    }

    /// `lastGood`: provider key → profile id.
    pub fn last_good(&self) -> Vec<(String, String)> {
        let Some(last_good) = self.section(LAST_GOOD) else { return Vec::new() };
        last_good.iter().filter_map(|(provider, id)| Some((provider.clone(), id.as_str()?.to_owned()))).collect()
    }

    pub fn set_last_good(&mut self, provider: &str, id: &str) {
        self.with_section(LAST_GOOD, |last_good| last_good.insert(provider.to_owned(), Value::String(id.to_owned())));
    }

    /// The usage entry of `id`, empty if there is none.
    pub fn usage(&self, id: &str) -> ProfileUsageStats {
        self.section(USAGE_STATS)
            .and_then(|stats| stats.get(id))
            .and_then(|entry| ProfileUsageStats::deserialize(entry).ok())
            .unwrap_or_default()
    }

    pub fn set_usage(&mut self, id: &str, stats: &ProfileUsageStats) {
        // A struct of options, numbers and a JSON map always serializes; on the impossible failure
        // the old entry stays rather than a corrupt one being written.
        if let Ok(entry) = serde_json::to_value(stats) {
            self.with_section(USAGE_STATS, |stats| stats.insert(id.to_owned(), entry));
        }
    }
}
