//! The DM pairing store in `credentials/`: pending requests per channel
//! (`<channel>-pairing.json`) and the senders approved through pairing (`<channel>-allowFrom.json`
//! for the default account's legacy list, `<channel>-<account>-allowFrom.json` per account), in
//! OpenClaw's format and under OpenClaw's file names.
//!
//! The store loads, locks and saves; it decides nothing. The file model, the file names, how ids
//! are made path-safe and how allowFrom entries are cleaned, merged, added and removed are
//! `openclaw_policy::inbound`'s (`pairing`, `store_file`). Generating codes, expiry, the cap of
//! pending requests per channel and "no resend" are its [`PairingRequests`] methods, which the
//! caller runs in a closure on the loaded file while `<file>.lock` is held. The file is written
//! back (atomically, 0600) only if the closure changed it, so two processes answering senders on the
//! same channel can never both see room under the cap, or both mint a code for one sender.

mod allow_from;
mod file;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use openclaw_durable::lock_exclusive;
use openclaw_policy::inbound::pairing::{Approved, PairingRequests};
use openclaw_policy::inbound::store_file::{
    account_allow_from, add_allow_from_entry, allow_from_file_name, pairing_file_name, reads_legacy_file,
    remove_allow_from_entry, safe_store_key,
};
use openclaw_policy::session_key::DEFAULT_ACCOUNT_ID;

use crate::{Result, StateDir, StoreError};

/// The suffix [`pairing_file_name`] gives every channel's pairing file; a listed name must also
/// round-trip through it, so a channel is listed only under the key that reads its file back.
const PAIRING_FILE_SUFFIX: &str = "-pairing.json";

/// The pairing and allowFrom files of every channel.
#[derive(Debug, Clone)]
pub struct PairingStore {
    credentials: PathBuf,
}

/// A recorded approval.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovedPairing {
    /// What the policy approved: the sender, its request and which allowFrom file it goes to.
    pub approved: Approved,
    /// The allowFrom file after the sender was added.
    pub allow_from: AllowFromChange,
}

/// The result of changing one allowFrom file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowFromChange {
    /// Whether the file was rewritten.
    pub changed: bool,
    /// The file's entries afterwards (normalized).
    pub allow_from: Vec<String>,
}

impl PairingStore {
    pub fn new(state: &StateDir) -> Self {
        Self::in_dir(state.credentials_dir())
    }

    /// A store in another credentials directory (OpenClaw's `OPENCLAW_OAUTH_DIR` moves it).
    pub fn in_dir(credentials: impl Into<PathBuf>) -> Self {
        Self { credentials: credentials.into() }
    }

    pub fn credentials_dir(&self) -> &Path {
        &self.credentials
    }

    /// `credentials/<channel>-pairing.json`.
    pub fn pairing_file(&self, channel: &str) -> Result<PathBuf> {
        let name = pairing_file_name(channel).map_err(|_| invalid_key("channel", channel))?;
        Ok(self.credentials.join(name))
    }

    /// The allowFrom file of `account`; `None` or blank is the legacy `<channel>-allowFrom.json`.
    pub fn allow_from_file(&self, channel: &str, account: Option<&str>) -> Result<PathBuf> {
        // Checked apart so the error says which of the two ids names no file.
        safe_store_key(channel).map_err(|_| invalid_key("channel", channel))?;
        let name = allow_from_file_name(channel, account)
            .map_err(|_| invalid_key("account id", account.unwrap_or_default()))?;
        Ok(self.credentials.join(name))
    }

    /// The channel's pending requests as stored (expired ones included: expiry is the caller's
    /// call). Takes no lock: files are replaced atomically.
    pub fn read(&self, channel: &str) -> Result<PairingRequests> {
        Ok(file::load(&self.pairing_file(channel)?)?.model)
    }

    /// The file-name keys of every channel that has a pairing file, sorted.
    pub fn channels(&self) -> Result<Vec<String>> {
        let entries = match fs::read_dir(&self.credentials) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(StoreError::io("list", &self.credentials, err)),
        };
        let mut channels = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|err| StoreError::io("list", &self.credentials, err))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(channel) = name.strip_suffix(PAIRING_FILE_SUFFIX) else { continue };
            if pairing_file_name(channel).is_ok_and(|expected| expected == name) {
                channels.push(channel.to_owned());
            }
        }
        channels.sort();
        Ok(channels)
    }

    /// Runs `change` on the channel's pairing file under its lock and saves the result if it
    /// differs. Upserting a request (`|file| file.upsert(…)`), pruning expired ones and
    /// listing-with-pruning are all this, with the policy's method.
    pub fn update<R>(&self, channel: &str, change: impl FnOnce(&mut PairingRequests) -> R) -> Result<R> {
        let path = self.pairing_file(channel)?;
        let _lock = lock_exclusive(&path)?;
        let mut file = file::load(&path)?;
        let before = file.model.clone();
        let result = change(&mut file.model);
        if file.model != before {
            file::save(&path, &file)?;
        }
        Ok(result)
    }

    /// Approves a request: `choose` is the policy's `|file| file.approve(code, account, now).approved`
    /// (or any closure that removes the request and says which allowFrom file gets the sender).
    /// `None` changes nothing except what the closure otherwise changed (pruning expired requests,
    /// say), which is saved.
    ///
    /// The sender is added to the allowFrom file before the request is removed from the pairing
    /// file, both under the pairing file's lock: a crash in between leaves the sender allowed and the
    /// request still pending (it expires), never a request consumed without the sender allowed.
    pub fn approve(
        &self,
        channel: &str,
        choose: impl FnOnce(&mut PairingRequests) -> Option<Approved>,
    ) -> Result<Option<ApprovedPairing>> {
        let path = self.pairing_file(channel)?;
        let _lock = lock_exclusive(&path)?;
        let mut file = file::load(&path)?;
        let before = file.model.clone();
        let approved = match choose(&mut file.model) {
            Some(approved) => {
                let account = approved.allow_from_account.as_deref();
                let allow_from = self.add_allow_from(channel, account, &approved.sender_id)?;
                Some(ApprovedPairing { approved, allow_from })
            }
            None => None,
        };
        if file.model != before {
            file::save(&path, &file)?;
        }
        Ok(approved)
    }

    /// The senders approved through pairing for `account` (blank: the default account) on
    /// `channel`: the account's own file, then — for the default account only — the legacy channel
    /// file. Missing or unparsable files add nothing; other read errors are returned.
    pub fn read_allow_from(&self, channel: &str, account: &str) -> Result<Vec<String>> {
        // A blank account is the default one, whose own file is `<channel>-default-allowFrom.json`;
        // handed to the file-name rule as blank it would name the legacy file instead.
        let account = Some(account.trim()).filter(|account| !account.is_empty()).unwrap_or(DEFAULT_ACCOUNT_ID);
        let scoped = allow_from::read_entries(&self.allow_from_file(channel, Some(account))?, channel)?;
        let legacy = if reads_legacy_file(Some(account)) {
            allow_from::read_entries(&self.allow_from_file(channel, None)?, channel)?
        } else {
            Vec::new()
        };
        Ok(account_allow_from(Some(account), &scoped, &legacy))
    }

    /// Adds `id` to the allowFrom file of `account` (`None`: the legacy file) unless present.
    pub fn add_allow_from(&self, channel: &str, account: Option<&str>, id: &str) -> Result<AllowFromChange> {
        self.change_allow_from(channel, account, |entries| add_allow_from_entry(channel, entries, id))
    }

    /// Removes `id` from the allowFrom file of `account` (`None`: the legacy file) if present.
    pub fn remove_allow_from(&self, channel: &str, account: Option<&str>, id: &str) -> Result<AllowFromChange> {
        self.change_allow_from(channel, account, |entries| remove_allow_from_entry(channel, entries, id))
    }

    /// The locked read-modify-write shared by add and remove; `apply` is the policy's rule, `None`
    /// when nothing changes. As in OpenClaw, a rewrite stores the cleaned list, so a stray `*` or
    /// duplicate in the file disappears with the next change.
    fn change_allow_from(
        &self,
        channel: &str,
        account: Option<&str>,
        apply: impl FnOnce(&[String]) -> Option<Vec<String>>,
    ) -> Result<AllowFromChange> {
        let path = self.allow_from_file(channel, account)?;
        let _lock = lock_exclusive(&path)?;
        let current = allow_from::read_for_update(&path)?;
        let entries = current.model.entries(channel);
        match apply(&entries) {
            Some(next) => {
                allow_from::write(&path, current, &next)?;
                Ok(AllowFromChange { changed: true, allow_from: next })
            }
            None => Ok(AllowFromChange { changed: false, allow_from: entries }),
        }
    }
}

fn invalid_key(what: &'static str, raw: &str) -> StoreError {
    StoreError::InvalidPairingKey { what, raw: raw.to_owned() }
}
