//! Sender identity per channel: the canonical form in which sender ids and allowlist entries are
//! compared, and the allowlist matcher itself.
//!
//! An allowlist entry and a sender id match when their canonical forms are equal. WhatsApp ids are
//! E.164 numbers (user and LID JIDs lose their `@…` suffix and `:device`); Telegram ids are
//! numeric user ids (`telegram:`/`tg:` stripped), so `@username` entries never match anyone;
//! Signal and iMessage phone numbers are E.164; Discord, Slack, IRC and Google Chat drop their
//! address prefixes; every other channel compares lowercase ids with the `<channel>:` prefix
//! removed. Display names and usernames can be changed by their owner, so they only match with
//! `dangerouslyAllowNameMatching` (and never on Telegram).

use std::borrow::Cow;
use std::collections::HashSet;

use super::Sender;

#[cfg(test)]
mod tests;

/// OpenClaw's `normalizeE164`: a leading `whatsapp:` dropped, everything but digits and `+`
/// removed, a `+` in front. Not validated: `"abc"` becomes `"+"`.
pub fn normalize_e164(raw: &str) -> String {
    let without_prefix = raw.strip_prefix("whatsapp:").unwrap_or(raw).trim();
    let kept: String = without_prefix.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    match kept.strip_prefix('+') {
        Some(rest) => format!("+{rest}"),
        None => format!("+{kept}"),
    }
}

fn strip_prefix_ci<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &value[prefix.len()..])
}

/// Strips the first of `prefixes` that `value` starts with (ASCII case-insensitive).
fn strip_any_prefix<'a>(value: &'a str, prefixes: &[&str]) -> &'a str {
    prefixes.iter().find_map(|p| strip_prefix_ci(value, p)).unwrap_or(value)
}

fn is_digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

fn strip_whatsapp_prefixes(raw: &str) -> &str {
    let mut candidate = raw.trim();
    while let Some(rest) = strip_prefix_ci(candidate, "whatsapp:") {
        candidate = rest.trim();
    }
    candidate
}

fn whatsapp_group_local_part(candidate: &str) -> Option<&str> {
    let split = candidate.len().checked_sub("@g.us".len())?;
    let (local, suffix) = (candidate.get(..split)?, candidate.get(split..)?);
    let valid = suffix.eq_ignore_ascii_case("@g.us") && !local.is_empty() && local.split('-').all(is_digits);
    valid.then_some(local)
}

/// The phone part of a user JID (`<digits>[:<device>]@s.whatsapp.net`) or LID (`<digits>@lid`).
fn whatsapp_user_phone(candidate: &str) -> Option<&str> {
    let (local, domain) = candidate.split_once('@')?;
    if domain.eq_ignore_ascii_case("lid") {
        return is_digits(local).then_some(local);
    }
    if !domain.eq_ignore_ascii_case("s.whatsapp.net") {
        return None;
    }
    let (phone, device) = local.split_once(':').map_or((local, None), |(p, d)| (p, Some(d)));
    (is_digits(phone) && device.is_none_or(is_digits)).then_some(phone)
}

/// OpenClaw's `normalizeWhatsAppTarget`: repeated `whatsapp:` prefixes dropped; group JIDs kept
/// as `<id>@g.us`; user and LID JIDs become `+<digits>` (without `:device`); any other `@` form
/// is refused; anything else is an E.164 number (`None` when no digit is left).
pub fn normalize_whatsapp_target(raw: &str) -> Option<String> {
    let candidate = strip_whatsapp_prefixes(raw);
    if candidate.is_empty() {
        return None;
    }
    if let Some(local) = whatsapp_group_local_part(candidate) {
        return Some(format!("{local}@g.us"));
    }
    if let Some(phone) = whatsapp_user_phone(candidate) {
        return Some(normalize_e164(phone)).filter(|n| n.len() > 1);
    }
    if candidate.contains('@') {
        return None;
    }
    Some(normalize_e164(candidate)).filter(|n| n.len() > 1)
}

fn strip_telegram_prefix(raw: &str) -> &str {
    strip_any_prefix(raw.trim(), &["telegram:", "tg:"]).trim()
}

fn looks_like_phone(value: &str) -> bool {
    value.chars().any(|c| c.is_ascii_digit())
        && value.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'))
}

fn phone_or_lower(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        None
    } else if looks_like_phone(value) {
        Some(normalize_e164(value)).filter(|n| n.len() > 1)
    } else {
        Some(value.to_lowercase())
    }
}

fn lower(value: &str) -> Option<String> {
    Some(value.trim().to_lowercase()).filter(|v| !v.is_empty())
}

/// The canonical id form shared by entries and senders on channels other than WhatsApp and
/// Telegram.
fn canonical_id(channel: &str, trimmed: &str) -> Option<String> {
    match channel {
        "discord" => {
            let unwrapped = trimmed.strip_prefix("<@!").or_else(|| trimmed.strip_prefix("<@")).unwrap_or(trimmed);
            let unwrapped = unwrapped.strip_suffix('>').unwrap_or(unwrapped);
            let stripped = strip_any_prefix(unwrapped, &["discord:"]);
            lower(strip_any_prefix(strip_any_prefix(stripped, &["user:"]), &["pk:"]))
        }
        "slack" => lower(strip_any_prefix(trimmed, &["slack:", "user:"])),
        "irc" => lower(strip_any_prefix(strip_any_prefix(trimmed, &["irc:"]), &["user:"])),
        "googlechat" => {
            let stripped = strip_any_prefix(trimmed, &["googlechat:", "google-chat:", "gchat:"]);
            lower(strip_any_prefix(strip_any_prefix(stripped, &["user:"]), &["users/"]))
        }
        "signal" => {
            let stripped = strip_any_prefix(trimmed, &["signal:"]).trim();
            if strip_prefix_ci(stripped, "uuid:").is_some() { lower(stripped) } else { phone_or_lower(stripped) }
        }
        "imessage" => phone_or_lower(strip_any_prefix(trimmed, &["imessage:", "imsg:"])),
        other => {
            let stripped = trimmed
                .split_once(':')
                .filter(|(head, _)| !other.is_empty() && head.eq_ignore_ascii_case(other))
                .map_or(trimmed, |(_, rest)| rest);
            lower(stripped)
        }
    }
}

/// `channel` trimmed and lowercased, borrowed when it already is (as every channel id from the
/// config resolver is): this runs once per allowlist entry, and the copy was a measurable share
/// of normalising a long list.
fn channel_key(channel: &str) -> Cow<'_, str> {
    let trimmed = channel.trim();
    // Only plain ASCII is known to be its own lowercase; anything else takes the full mapping.
    if trimmed.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(trimmed)
    } else {
        Cow::Owned(trimmed.to_lowercase())
    }
}

/// An allowlist entry in its channel's canonical form: `"*"` stays the wildcard, `None` for
/// blank entries and for entries that can never match a sender (a Telegram `@username`, a
/// WhatsApp string that is no number).
pub fn normalize_allow_entry(channel: &str, raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return None;
    }
    if trimmed == "*" {
        return Some("*".to_owned());
    }
    let channel = channel_key(channel);
    match channel.as_ref() {
        "whatsapp" => normalize_whatsapp_target(trimmed),
        "telegram" => Some(strip_telegram_prefix(trimmed)).filter(|id| is_digits(id)).map(str::to_owned),
        other => canonical_id(other, trimmed),
    }
}

/// A sender id in its channel's canonical form; `None` when it cannot identify anyone (blank,
/// `"*"`, a WhatsApp group JID, a non-numeric Telegram id).
pub fn normalize_sender(channel: &str, raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() || trimmed == "*" {
        return None;
    }
    let channel = channel_key(channel);
    match channel.as_ref() {
        "whatsapp" => normalize_whatsapp_target(trimmed).filter(|id| !id.ends_with("@g.us")),
        "telegram" => {
            let id = strip_telegram_prefix(trimmed);
            let digits = id.strip_prefix('-').unwrap_or(id);
            is_digits(digits).then(|| id.to_owned())
        }
        other => canonical_id(other, trimmed),
    }
}

/// The canonical ids a sender is known by, in the order OpenClaw tries them: the id then the
/// phone number (phone first on WhatsApp, where the id may be a LID); Telegram has user ids only.
pub(crate) fn sender_candidates(channel: &str, sender: &Sender) -> Vec<String> {
    let channel = channel_key(channel);
    let raw: Vec<&str> = match channel.as_ref() {
        "telegram" => vec![sender.id.as_str()],
        "whatsapp" => sender.e164.iter().map(String::as_str).chain([sender.id.as_str()]).collect(),
        _ => [sender.id.as_str()].into_iter().chain(sender.e164.iter().map(String::as_str)).collect(),
    };
    let mut out: Vec<String> = Vec::new();
    for id in raw.into_iter().filter_map(|r| normalize_sender(&channel, r)) {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

fn name_key(value: &str) -> Option<String> {
    let trimmed = value.trim();
    lower(trimmed.strip_prefix('@').unwrap_or(trimmed))
}

/// How a sender matched an allowlist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowMatch {
    Wildcard,
    Id(String),
    /// A display name or username (only with `dangerouslyAllowNameMatching`).
    Name(String),
}

/// An allowlist compiled for one channel. Ids and names are sets: a compiled list is kept per
/// config snapshot and probed once per message, and teams allowlist hundreds of ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowList {
    channel: String,
    has_entries: bool,
    wildcard: bool,
    ids: HashSet<String>,
    names: HashSet<String>,
}

impl AllowList {
    pub fn new(channel: &str, entries: &[String]) -> Self {
        let channel = channel.trim().to_lowercase();
        let trimmed: Vec<&str> = entries.iter().map(|e| e.trim()).filter(|e| !e.is_empty()).collect();
        let ids = trimmed.iter().filter_map(|e| normalize_allow_entry(&channel, e)).filter(|e| e != "*").collect();
        let names = trimmed.iter().filter(|e| **e != "*").filter_map(|e| name_key(e)).collect();
        Self { has_entries: !trimmed.is_empty(), wildcard: trimmed.contains(&"*"), ids, names, channel }
    }

    /// Whether any (non-blank) entry is configured, even one that can never match.
    pub fn is_configured(&self) -> bool {
        self.has_entries
    }

    pub fn has_wildcard(&self) -> bool {
        self.wildcard
    }

    /// How the sender matches, if at all. An empty list matches nobody.
    pub fn matches(&self, sender: &Sender, allow_name_matching: bool) -> Option<AllowMatch> {
        if !self.has_entries {
            return None;
        }
        if self.wildcard {
            return Some(AllowMatch::Wildcard);
        }
        if let Some(id) = sender_candidates(&self.channel, sender).into_iter().find(|id| self.ids.contains(id)) {
            return Some(AllowMatch::Id(id));
        }
        if !allow_name_matching || self.channel == "telegram" {
            return None;
        }
        [sender.name.as_deref(), sender.username.as_deref()]
            .into_iter()
            .flatten()
            .filter_map(name_key)
            .find(|name| self.names.contains(name))
            .map(AllowMatch::Name)
    }

    pub fn allows(&self, sender: &Sender, allow_name_matching: bool) -> bool {
        self.matches(sender, allow_name_matching).is_some()
    }

    /// OpenClaw's low-level `isSenderIdAllowed(..., allowWhenEmpty=true)` used by Telegram: an
    /// empty list counts as allowed. The gate never relies on this; the DM and group policies
    /// decide what an empty list means before any matching happens.
    pub fn allows_when_empty(&self, sender: &Sender, allow_name_matching: bool) -> bool {
        !self.has_entries || self.allows(sender, allow_name_matching)
    }
}

/// `(configured, allows)` of `AllowList::new(channel, entries)` for one sender, without building
/// the list. The pairing store's list changes between messages, so it is scanned once per
/// message instead of being normalised into sets that are probed once and dropped.
pub(crate) fn scan_allow_entries(
    channel: &str,
    entries: &[String],
    sender: &Sender,
    allow_name_matching: bool,
) -> (bool, bool) {
    let mut entries = entries.iter().map(|e| e.trim()).filter(|e| !e.is_empty()).peekable();
    if entries.peek().is_none() {
        return (false, false);
    }
    let channel = channel_key(channel);
    let candidates = sender_candidates(&channel, sender);
    let names: Vec<String> = if allow_name_matching && channel != "telegram" {
        [sender.name.as_deref(), sender.username.as_deref()].into_iter().flatten().filter_map(name_key).collect()
    } else {
        Vec::new()
    };
    let admits = |entry: &str| {
        // As in `AllowList::new`: an entry that normalises to `"*"` is no id, only `"*"` itself
        // is the wildcard.
        entry == "*"
            || normalize_allow_entry(&channel, entry).is_some_and(|id| id != "*" && candidates.contains(&id))
            || (!names.is_empty() && name_key(entry).is_some_and(|name| names.contains(&name)))
    };
    (true, entries.any(admits))
}
