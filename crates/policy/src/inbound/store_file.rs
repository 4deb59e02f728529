//! The pure half of the allowFrom store (`<stateDir>/credentials/`): file names, the
//! `{"version":1,"allowFrom":[…]}` document, how entries are cleaned on read, and which files an
//! account reads.
//!
//! Channel and account ids become part of file names, so they are made path-safe first: a
//! channel called `../../x` must not write outside the credentials directory. Approvals are scoped
//! per account: the default account also reads the legacy channel-wide file (so upgrades do not
//! re-prompt pairing), other accounts read only their own file, so an approval on one bot account
//! never admits the sender on another.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::session_key::DEFAULT_ACCOUNT_ID;

#[cfg(test)]
mod tests;

/// A channel or account id that cannot name a file (blank, or nothing but unsafe characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("invalid pairing store key")]
pub struct InvalidStoreKey;

/// A channel or account id made safe for a file name: trimmed, lowercased, each of
/// `\ / : * ? " < > |` replaced by `_`, every `..` replaced by `_`. Blank or a lone `_` is an
/// error.
pub fn safe_store_key(raw: &str) -> Result<String, InvalidStoreKey> {
    let lowered = raw.trim().to_lowercase();
    if lowered.is_empty() {
        return Err(InvalidStoreKey);
    }
    let replaced: String = lowered
        .chars()
        .map(|c| if matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    let safe = replaced.replace("..", "_");
    if safe.is_empty() || safe == "_" { Err(InvalidStoreKey) } else { Ok(safe) }
}

/// `<channel>-pairing.json`.
pub fn pairing_file_name(channel: &str) -> Result<String, InvalidStoreKey> {
    Ok(format!("{}-pairing.json", safe_store_key(channel)?))
}

/// `<channel>-allowFrom.json` (the legacy channel-wide file) when `account_id` is `None` or
/// blank, else `<channel>-<account>-allowFrom.json`.
pub fn allow_from_file_name(channel: &str, account_id: Option<&str>) -> Result<String, InvalidStoreKey> {
    let channel = safe_store_key(channel)?;
    match account_id.map(str::trim).filter(|a| !a.is_empty()) {
        None => Ok(format!("{channel}-allowFrom.json")),
        Some(account) => Ok(format!("{channel}-{}-allowFrom.json", safe_store_key(account)?)),
    }
}

/// `{"version":1,"allowFrom":[…]}`. Entries are kept as JSON values because hand-edited files
/// hold numbers too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllowFromFile {
    #[serde(default = "version_one")]
    pub version: u32,
    #[serde(rename = "allowFrom", default)]
    pub allow_from: Vec<Value>,
}

fn version_one() -> u32 {
    1
}

impl AllowFromFile {
    /// A version-1 document holding `entries`.
    pub fn new(entries: &[String]) -> Self {
        Self { version: 1, allow_from: entries.iter().cloned().map(Value::String).collect() }
    }

    /// The entries as the gate sees them: see [`normalize_store_entries`].
    pub fn entries(&self, channel: &str) -> Vec<String> {
        let raw: Vec<String> = self
            .allow_from
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            })
            .collect();
        normalize_store_entries(channel, &raw)
    }
}

/// A stored entry with the channel's address prefix removed (the pairing adapter's
/// `normalizeAllowEntry`); `None` for blanks and for `"*"`, which the store never grants.
pub fn normalize_store_entry(channel: &str, raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() || trimmed == "*" {
        return None;
    }
    let prefixes: &[&str] = match channel.trim().to_lowercase().as_str() {
        "telegram" => &["telegram:", "tg:"],
        "discord" => &["discord:", "user:"],
        "slack" => &["slack:", "user:"],
        "signal" => &["signal:"],
        "matrix" => &["matrix:"],
        "msteams" => &["msteams:", "user:"],
        "feishu" => &["feishu:", "user:", "open_id:"],
        "zalo" => &["zalo:", "zl:"],
        "zalouser" => &["zalouser:", "zlu:"],
        "line" => &["line:user:", "line:"],
        "bluebubbles" => &["bluebubbles:"],
        _ => &[],
    };
    let stripped = prefixes
        .iter()
        .find_map(|p| trimmed.get(..p.len()).filter(|head| head.eq_ignore_ascii_case(p)).map(|_| &trimmed[p.len()..]))
        .unwrap_or(trimmed)
        .trim();
    (!stripped.is_empty()).then(|| stripped.to_owned())
}

/// Entries trimmed and prefix-stripped, blanks and `"*"` dropped, duplicates removed keeping the
/// first occurrence.
pub fn normalize_store_entries(channel: &str, raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for entry in raw.iter().filter_map(|e| normalize_store_entry(channel, e)) {
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
    out
}

/// Whether an account also reads the legacy channel-wide file (only the default account does).
pub fn reads_legacy_file(account_id: Option<&str>) -> bool {
    let account = account_id.unwrap_or("").trim().to_lowercase();
    account.is_empty() || account == DEFAULT_ACCOUNT_ID
}

/// What an account's approvals are: its own file's entries, followed (for the default account)
/// by the legacy file's, deduplicated. Callers pass already-normalised lists; a missing or
/// malformed file is an empty list.
pub fn account_allow_from(account_id: Option<&str>, scoped: &[String], legacy: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let legacy = if reads_legacy_file(account_id) { legacy } else { &[] };
    for entry in scoped.iter().chain(legacy) {
        let entry = entry.trim();
        if !entry.is_empty() && !out.iter().any(|e| e == entry) {
            out.push(entry.to_owned());
        }
    }
    out
}

/// The list after adding `entry`; `None` when nothing changes (blank, `"*"`, already present).
pub fn add_allow_from_entry(channel: &str, current: &[String], entry: &str) -> Option<Vec<String>> {
    let entry = normalize_store_entry(channel, entry)?;
    if current.contains(&entry) {
        return None;
    }
    Some(current.iter().cloned().chain([entry]).collect())
}

/// The list after removing `entry`; `None` when nothing changes.
pub fn remove_allow_from_entry(channel: &str, current: &[String], entry: &str) -> Option<Vec<String>> {
    let entry = normalize_store_entry(channel, entry)?;
    let next: Vec<String> = current.iter().filter(|e| **e != entry).cloned().collect();
    (next.len() != current.len()).then_some(next)
}
