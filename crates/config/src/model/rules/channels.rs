//! Channel access rules: "open requires `*`" and "allowlist requires an entry"
//! (`requireOpenAllowFrom` / `requireAllowlistAllowFrom` in `src/config/zod-schema.core.ts`, applied
//! per channel in `zod-schema.providers-core.ts` and `zod-schema.providers-whatsapp.ts`), and the
//! webhook secrets that authenticate inbound channel webhooks (same files, Telegram and Slack).

use crate::issue::Issue;
use crate::key_path::KeyPath;
use crate::model::RawConfig;
use crate::model::channels::{AccountDmInheritance, ChannelAccountConfig, ChannelConfig, DmAccess, DmPolicy};
use crate::model::secret::Secret;

use super::keys;

/// Channels whose `dm` block is an alias of `dmPolicy`/`allowFrom`; OpenClaw reports the legacy
/// path for them when the top-level `allowFrom` is absent.
const LEGACY_DM_ALIAS_CHANNELS: &[&str] = &["discord", "slack"];

pub(super) fn check(raw: &RawConfig, issues: &mut Vec<Issue>) {
    let Some(channels) = &raw.channels else { return };
    for (name, channel) in channels.iter() {
        let base = keys(&["channels", name]);
        check_channel_dm(name, channel, &base, issues);
        for (account_id, account) in &channel.accounts {
            // OpenClaw's Slack schema skips disabled accounts; the others check them all.
            if name == "slack" && account.enabled == Some(false) {
                continue;
            }
            check_account_dm(name, channel, account_id, account, &base, issues);
        }
        match name {
            "telegram" => check_telegram_webhook(channel, &base, issues),
            "slack" => check_slack_signing_secret(channel, &base, issues),
            _ => {}
        }
    }
}

fn check_channel_dm(name: &str, channel: &ChannelConfig, base: &KeyPath, issues: &mut Vec<Issue>) {
    let dm_only = AccountDmInheritance::for_channel(name) == AccountDmInheritance::DmBlockOnly;
    let uses_dm_block =
        channel.allow_from.is_none() && (dm_only || channel.dm.is_some() || LEGACY_DM_ALIAS_CHANNELS.contains(&name));
    let path = if uses_dm_block { base.key("dm").key("allowFrom") } else { base.key("allowFrom") };
    let policy_key = if channel.dm_policy.is_some() { "dmPolicy" } else { "dm.policy" };
    let allow_text = if dm_only {
        format!("channels.{name}.dm.allowFrom")
    } else if uses_dm_block || LEGACY_DM_ALIAS_CHANNELS.contains(&name) {
        format!("channels.{name}.allowFrom (or channels.{name}.dm.allowFrom)")
    } else {
        format!("channels.{name}.allowFrom")
    };
    let subject = format!("channels.{name}.{policy_key}");
    check_dm_access(channel.dm_access(), path, &subject, &allow_text, issues);
}

fn check_account_dm(
    name: &str,
    channel: &ChannelConfig,
    account_id: &str,
    account: &ChannelAccountConfig,
    base: &KeyPath,
    issues: &mut Vec<Issue>,
) {
    let account_base = base.key("accounts").key(account_id);
    let prefix = format!("channels.{name}.accounts.{account_id}");
    let access = channel.account_dm_access(name, account);
    match AccountDmInheritance::for_channel(name) {
        AccountDmInheritance::DmBlockOnly => {
            // Only the account's own `dm` block is validated; without one the account uses the
            // channel's block, which was checked above.
            if account.dm.is_some() {
                let path = account_base.key("dm").key("allowFrom");
                let subject = format!("{prefix}.dm.policy");
                check_dm_access(access, path, &subject, &format!("{prefix}.dm.allowFrom"), issues);
            }
        }
        AccountDmInheritance::Inherit | AccountDmInheritance::PolicyDefaultsToPairing => {
            let path = account_base.key("allowFrom");
            let subject = format!("{prefix}.dmPolicy");
            let allow_text = format!("{prefix}.allowFrom (or channels.{name}.allowFrom)");
            check_dm_access(access, path, &subject, &allow_text, issues);
        }
    }
}

/// `open` needs an explicit `*`; `allowlist` needs at least one entry (else every DM is dropped
/// silently). Entries are compared trimmed, blanks ignored.
fn check_dm_access(access: DmAccess<'_>, path: KeyPath, subject: &str, allow_text: &str, issues: &mut Vec<Issue>) {
    match access.policy {
        Some(DmPolicy::Open) if !access.allow_from.is_some_and(|list| list.has_wildcard()) => {
            issues.push(Issue::error(
                path,
                format!("{subject}=\"open\" requires {allow_text} to include \"*\" (or choose dmPolicy \"pairing\" or \"allowlist\")"),
            ));
        }
        Some(DmPolicy::Allowlist) if access.allow_from.is_none_or(|list| list.is_effectively_empty()) => {
            issues.push(Issue::error(
                path,
                format!("{subject}=\"allowlist\" requires {allow_text} to contain at least one sender ID"),
            ));
        }
        _ => {}
    }
}

/// A Telegram webhook without a secret accepts forged updates from anyone who finds the URL.
fn check_telegram_webhook(channel: &ChannelConfig, base: &KeyPath, issues: &mut Vec<Issue>) {
    let base_secret = is_set(channel.webhook_secret.as_ref());
    if has_text(channel.webhook_url.as_deref()) && !base_secret {
        issues.push(Issue::error(
            base.key("webhookSecret"),
            "channels.telegram.webhookUrl requires channels.telegram.webhookSecret",
        ));
    }
    for (account_id, account) in &channel.accounts {
        if account.enabled == Some(false) || !has_text(account.webhook_url.as_deref()) {
            continue;
        }
        if !base_secret && !is_set(account.webhook_secret.as_ref()) {
            issues.push(Issue::error(
                base.key("accounts").key(account_id).key("webhookSecret"),
                format!(
                    "channels.telegram.accounts.{account_id}.webhookUrl requires channels.telegram.webhookSecret or channels.telegram.accounts.{account_id}.webhookSecret"
                ),
            ));
        }
    }
}

/// Slack HTTP mode verifies request signatures with the signing secret; without it any caller
/// could post events.
fn check_slack_signing_secret(channel: &ChannelConfig, base: &KeyPath, issues: &mut Vec<Issue>) {
    let base_mode = channel.mode.as_deref().unwrap_or("socket");
    let base_secret = is_set(channel.signing_secret.as_ref());
    if base_mode == "http" && !base_secret {
        issues.push(Issue::error(
            base.key("signingSecret"),
            "channels.slack.mode=\"http\" requires channels.slack.signingSecret",
        ));
    }
    for (account_id, account) in &channel.accounts {
        if account.enabled == Some(false) {
            continue;
        }
        let mode = account.mode.as_deref().unwrap_or(base_mode);
        if mode == "http" && !base_secret && !is_set(account.signing_secret.as_ref()) {
            issues.push(Issue::error(
                base.key("accounts").key(account_id).key("signingSecret"),
                format!(
                    "channels.slack.accounts.{account_id}.mode=\"http\" requires channels.slack.signingSecret or channels.slack.accounts.{account_id}.signingSecret"
                ),
            ));
        }
    }
}

fn has_text(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.trim().is_empty())
}

fn is_set(secret: Option<&Secret>) -> bool {
    secret.is_some_and(Secret::is_set)
}
