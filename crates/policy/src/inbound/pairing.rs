//! DM pairing as a state machine over `<channel>-pairing.json`: an unknown sender gets an 8-letter
//! code once, the operator approves it from the CLI, and the sender's id moves to the allowFrom
//! store.
//!
//! Codes come from `ABCDEFGHJKLMNPQRSTUVWXYZ23456789` (no 0/O/1/I), one uniform draw per letter,
//! redrawn on collision with a live code in the same file. A request lives one hour from its
//! creation; repeated messages refresh `lastSeenAt` but never the deadline, and never resend the
//! code. At most three requests are pending per channel file — across all accounts of the channel,
//! so one busy account can starve the others — and a full file silently refuses new senders.
//! Requests are keyed by (sender id, `meta.accountId`). Randomness and the current time are
//! arguments; the store crate reads, locks and writes the file around these calls.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::timestamp::{format_iso_millis, parse_iso_millis};
use crate::session_key::DEFAULT_ACCOUNT_ID;

#[cfg(test)]
mod tests;

pub const PAIRING_CODE_ALPHABET: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
pub const PAIRING_CODE_LENGTH: usize = 8;
/// How long a request stays valid after `createdAt`.
pub const PAIRING_PENDING_TTL_MS: i64 = 60 * 60 * 1000;
/// Pending requests per channel file.
pub const PAIRING_PENDING_MAX: usize = 3;
const MAX_CODE_ATTEMPTS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PairingError {
    #[error("failed to generate unique pairing code")]
    CodeSpaceExhausted,
}

/// One code. `random` must return uniformly distributed `u32`s from a CSPRNG; each letter is
/// `random() % 32`, which is unbiased because 32 divides 2³².
pub fn pairing_code(mut random: impl FnMut() -> u32) -> String {
    let alphabet = PAIRING_CODE_ALPHABET.as_bytes();
    (0..PAIRING_CODE_LENGTH).map(|_| char::from(alphabet[(random() % 32) as usize])).collect()
}

/// A code no live request in the file already has (compared trimmed and uppercased); gives up
/// after 500 draws.
pub fn unique_pairing_code<'a>(
    existing: impl IntoIterator<Item = &'a str>,
    mut random: impl FnMut() -> u32,
) -> Result<String, PairingError> {
    let taken: Vec<String> = existing.into_iter().map(|c| c.trim().to_uppercase()).collect();
    (0..MAX_CODE_ATTEMPTS)
        .map(|_| pairing_code(&mut random))
        .find(|code| !taken.contains(code))
        .ok_or(PairingError::CodeSpaceExhausted)
}

/// One pending request as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairingRequest {
    /// The sender id.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub code: String,
    /// ISO-8601.
    #[serde(rename = "createdAt", default)]
    pub created_at: String,
    /// ISO-8601.
    #[serde(rename = "lastSeenAt", default)]
    pub last_seen_at: String,
    /// Channel-specific details (`username`, `name`, …) and `accountId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    /// Fields written by other versions, kept on untouched requests.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PairingRequest {
    /// `meta.accountId`, trimmed and lowercased; empty when absent.
    pub fn account_id(&self) -> String {
        self.meta.as_ref().and_then(|m| m.get("accountId")).and_then(Value::as_str).unwrap_or("").trim().to_lowercase()
    }

    /// Expired `now - createdAt > 1 h`, or when `createdAt` does not parse. The epoch itself
    /// counts as unparseable, as in OpenClaw (a zero timestamp is falsy there).
    pub fn is_expired(&self, now_ms: i64) -> bool {
        match parse_iso_millis(&self.created_at) {
            Some(created) if created != 0 => now_ms.saturating_sub(created) > PAIRING_PENDING_TTL_MS,
            _ => true,
        }
    }

    fn last_seen_ms(&self) -> i64 {
        parse_iso_millis(&self.last_seen_at).or_else(|| parse_iso_millis(&self.created_at)).unwrap_or(0)
    }

    fn matches_account(&self, account: &str) -> bool {
        account.is_empty() || self.account_id() == account
    }
}

/// The result of [`PairingRequests::upsert`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpsertOutcome {
    /// The sender's code; empty when the file is full.
    pub code: String,
    /// A new request was made: send the pairing reply (only then).
    pub created: bool,
    /// The file must be written back.
    pub changed: bool,
}

/// An approved request.
#[derive(Debug, Clone, PartialEq)]
pub struct Approved {
    pub sender_id: String,
    pub request: PairingRequest,
    /// The account whose allowFrom file gets the sender: the one given to approve, else the
    /// request's; `None` means the legacy channel-wide file.
    pub allow_from_account: Option<String>,
}

/// The result of [`PairingRequests::approve`].
#[derive(Debug, Clone, PartialEq)]
pub struct ApproveOutcome {
    pub approved: Option<Approved>,
    pub changed: bool,
}

/// `<channel>-pairing.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairingRequests {
    #[serde(default = "version_one")]
    pub version: u32,
    #[serde(default)]
    pub requests: Vec<PairingRequest>,
}

fn version_one() -> u32 {
    1
}

impl Default for PairingRequests {
    fn default() -> Self {
        Self { version: 1, requests: Vec::new() }
    }
}

fn normalize_account(account_id: Option<&str>) -> String {
    account_id.unwrap_or("").trim().to_lowercase()
}

impl PairingRequests {
    /// Drops expired requests; whether any were dropped.
    pub fn prune_expired(&mut self, now_ms: i64) -> bool {
        let before = self.requests.len();
        self.requests.retain(|r| !r.is_expired(now_ms));
        self.requests.len() != before
    }

    /// Keeps the [`PAIRING_PENDING_MAX`] most recently seen requests (in last-seen order, as
    /// OpenClaw rewrites them); whether any were dropped.
    pub fn prune_excess(&mut self) -> bool {
        if self.requests.len() <= PAIRING_PENDING_MAX {
            return false;
        }
        // A stable sort keeps file order among equal timestamps.
        self.requests.sort_by_key(PairingRequest::last_seen_ms);
        let excess = self.requests.len() - PAIRING_PENDING_MAX;
        self.requests.drain(..excess);
        true
    }

    /// Both prunes, as listing does before showing requests; whether the file changed.
    pub fn prune(&mut self, now_ms: i64) -> bool {
        let expired = self.prune_expired(now_ms);
        self.prune_excess() || expired
    }

    /// Pending requests of one account (all when `None`/blank), oldest first. Call
    /// [`Self::prune`] first.
    pub fn pending(&self, account_id: Option<&str>) -> Vec<&PairingRequest> {
        let account = normalize_account(account_id);
        let mut out: Vec<&PairingRequest> = self
            .requests
            .iter()
            .filter(|r| r.matches_account(&account) && !r.id.is_empty() && !r.created_at.is_empty())
            .collect();
        out.sort_by(|a, b| a.created_at.cmp(&b.created_at));
        out
    }

    /// Records that `sender_id` asked for access on `account_id` (default account when `None`).
    /// An existing live request keeps its code and deadline; a new one is refused (empty code)
    /// when the channel already has three pending.
    pub fn upsert(
        &mut self,
        sender_id: &str,
        account_id: Option<&str>,
        meta: &[(&str, &str)],
        now_ms: i64,
        random: impl FnMut() -> u32,
    ) -> Result<UpsertOutcome, PairingError> {
        let id = sender_id.trim().to_owned();
        let account = Some(normalize_account(account_id))
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| DEFAULT_ACCOUNT_ID.to_owned());
        let now = format_iso_millis(now_ms);
        let mut meta_map: Map<String, Value> = meta
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.trim()))
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k, Value::String(v.to_owned())))
            .collect();
        meta_map.insert("accountId".to_owned(), Value::String(account.clone()));

        let expired_removed = self.prune_expired(now_ms);
        let existing_codes: Vec<String> = self.requests.iter().map(|r| r.code.clone()).collect();
        let existing_codes = existing_codes.iter().map(String::as_str);
        if let Some(existing) = self.requests.iter_mut().find(|r| r.id == id && r.matches_account(&account)) {
            let code = match existing.code.trim() {
                "" => unique_pairing_code(existing_codes, random)?,
                kept => kept.to_owned(),
            };
            *existing = PairingRequest {
                id,
                code: code.clone(),
                created_at: existing.created_at.clone(),
                last_seen_at: now,
                meta: Some(meta_map),
                extra: Map::new(),
            };
            self.prune_excess();
            return Ok(UpsertOutcome { code, created: false, changed: true });
        }
        let capped_removed = self.prune_excess();
        if self.requests.len() >= PAIRING_PENDING_MAX {
            return Ok(UpsertOutcome {
                code: String::new(),
                created: false,
                changed: expired_removed || capped_removed,
            });
        }
        let code = unique_pairing_code(existing_codes, random)?;
        self.requests.push(PairingRequest {
            id,
            code: code.clone(),
            created_at: now.clone(),
            last_seen_at: now,
            meta: Some(meta_map),
            extra: Map::new(),
        });
        Ok(UpsertOutcome { code, created: true, changed: true })
    }

    /// Approves a live request by code (case-insensitive), restricted to `account_id` when given.
    /// The request is removed; the caller adds [`Approved::sender_id`] to the allowFrom file of
    /// [`Approved::allow_from_account`].
    pub fn approve(&mut self, code: &str, account_id: Option<&str>, now_ms: i64) -> ApproveOutcome {
        let code = code.trim().to_uppercase();
        if code.is_empty() {
            return ApproveOutcome { approved: None, changed: false };
        }
        let expired_removed = self.prune_expired(now_ms);
        let account = normalize_account(account_id);
        let Some(index) =
            self.requests.iter().position(|r| r.code.to_uppercase() == code && r.matches_account(&account))
        else {
            return ApproveOutcome { approved: None, changed: expired_removed };
        };
        let request = self.requests.remove(index);
        let given = account_id.map(str::trim).filter(|a| !a.is_empty());
        let from_request = request.meta.as_ref().and_then(|m| m.get("accountId")).and_then(Value::as_str);
        let allow_from_account = given.or(from_request.map(str::trim).filter(|a| !a.is_empty())).map(str::to_owned);
        let approved = Approved { sender_id: request.id.clone(), request, allow_from_account };
        ApproveOutcome { approved: Some(approved), changed: true }
    }
}

/// A profile name as `--profile` takes it: `None` for blank, `default` and names outside
/// `^[a-z0-9][a-z0-9_-]{0,63}$` (case-insensitive).
pub fn normalize_profile_name(raw: Option<&str>) -> Option<String> {
    let profile = raw?.trim();
    let valid = profile.len() <= 64
        && profile.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && profile.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (valid && !profile.eq_ignore_ascii_case("default")).then(|| profile.to_owned())
}

/// `openclaw [--profile <p>] pairing approve <channel> <CODE>`.
pub fn pairing_approve_command(channel: &str, code: &str, profile: Option<&str>) -> String {
    match normalize_profile_name(profile) {
        Some(profile) => format!("openclaw --profile {profile} pairing approve {channel} {code}"),
        None => format!("openclaw pairing approve {channel} {code}"),
    }
}

/// The line that tells an unknown sender their id, as each channel words it.
pub fn pairing_id_line(channel: &str, sender_id: &str) -> String {
    let label = match channel.trim().to_lowercase().as_str() {
        "telegram" => "Your Telegram user id",
        "whatsapp" => "Your WhatsApp phone number",
        "discord" => "Your Discord user id",
        "slack" => "Your Slack user id",
        "signal" if sender_id.trim_start().starts_with('+') => "Your Signal number",
        "signal" => "Your Signal sender id",
        "imessage" => "Your iMessage sender id",
        "irc" => "Your IRC id",
        "googlechat" => "Your Google Chat user id",
        "bluebubbles" => "Your BlueBubbles sender id",
        "feishu" => "Your Feishu user id",
        "mattermost" => "Your Mattermost user id",
        "nextcloud-talk" => "Your Nextcloud user id",
        "zalo" | "zalouser" => "Your Zalo user id",
        "matrix" => "Matrix user id",
        "line" => "Your lineUserId",
        other => return format!("Your {other} user id: {sender_id}"),
    };
    format!("{label}: {sender_id}")
}

/// The reply an unknown sender gets once per request.
pub fn pairing_reply(channel: &str, id_line: &str, code: &str, profile: Option<&str>) -> String {
    [
        "OpenClaw: access not configured.",
        "",
        id_line,
        "",
        &format!("Pairing code: {code}"),
        "",
        "Ask the bot owner to approve with:",
        &pairing_approve_command(channel, code, profile),
    ]
    .join("\n")
}
