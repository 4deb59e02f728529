//! `pairing approve --notify`: tells the approved sender, on the channel they asked on, that
//! they may now chat. Sending is `openclaw_channels`'; this module finds the bot token the way
//! OpenClaw's channel resolvers do and picks the API root (a test override from the process
//! environment, never from the config).
//!
//! Token order, for account `a` (`default` when the request had none):
//! - Telegram: `accounts.a.tokenFile`, `accounts.a.botToken`; then, for the default account
//!   only, `tokenFile`, `botToken`, `TELEGRAM_BOT_TOKEN` (`resolveTelegramToken`).
//! - Discord: `accounts.a.token`; default account only: `token`, `DISCORD_BOT_TOKEN`.
//! - Slack: `accounts.a.botToken`, else the channel's `botToken` (accounts are merged over the
//!   channel); default account only: `SLACK_BOT_TOKEN`.

use std::path::Path;

use anyhow::Context as _;
use openclaw_channels::{BotToken, Credentials, NoticeChannel, notify_pairing_approved};
use openclaw_config::EnvMap;
use openclaw_config::model::{ChannelAccountConfig, ChannelConfig, Secret};

use crate::context::RunContext;
use crate::secrets::resolve_config_secret;

const DEFAULT_ACCOUNT: &str = "default";

/// Sends the approval notice to `sender_id`; the error is the reason to print.
pub fn send(ctx: &RunContext, channel: &str, account: Option<&str>, sender_id: &str) -> anyhow::Result<()> {
    let account = normalize_account(account);
    let credentials = match NoticeChannel::from_id(channel) {
        Some(notice) => credentials(ctx, notice, &account)?,
        // The sender reports the channel as unsupported; there is nothing to look up.
        None => Credentials::default(),
    };
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().context("cannot start the async runtime")?;
    runtime.block_on(notify_pairing_approved(channel, &account, sender_id, &credentials))?;
    Ok(())
}

/// OpenClaw's `normalizeAccountId`: trimmed, lowercase, `default` when blank.
fn normalize_account(account: Option<&str>) -> String {
    let account = account.map(|a| a.trim().to_lowercase()).unwrap_or_default();
    if account.is_empty() { DEFAULT_ACCOUNT.to_owned() } else { account }
}

fn credentials(ctx: &RunContext, notice: NoticeChannel, account: &str) -> anyhow::Result<Credentials> {
    let snapshot = ctx.snapshot()?;
    let config = snapshot.config.as_ref().and_then(|c| c.raw().channels.as_ref()).and_then(|c| c.get(notice.id()));
    let lookup = Lookup { notice, account, config, env: &snapshot.env };
    let token = lookup.token()?.and_then(BotToken::new);
    // The process environment, not the config's `env` block or `.env` files: those are config.
    let api_base = ctx.load.process_env.non_empty(notice.api_base_env()).map(str::to_owned);
    Ok(Credentials { token, api_base })
}

struct Lookup<'a> {
    notice: NoticeChannel,
    account: &'a str,
    config: Option<&'a ChannelConfig>,
    env: &'a EnvMap,
}

impl Lookup<'_> {
    fn token(&self) -> anyhow::Result<Option<String>> {
        let channel = self.notice.id();
        let is_default = self.account == DEFAULT_ACCOUNT;
        let (account_key, account) = self.account_config();
        let account_key = format!("channels.{channel}.accounts.{account_key}");
        let top = self.config;
        match self.notice {
            NoticeChannel::Telegram => {
                if let Some(file) = account.and_then(|a| non_blank(a.token_file.as_deref())) {
                    return read_token_file(file, &format!("{account_key}.tokenFile"));
                }
                if let Some(token) =
                    self.secret(account.and_then(|a| a.bot_token.as_ref()), &account_key, "botToken")?
                {
                    return Ok(Some(token));
                }
                if !is_default {
                    return Ok(None);
                }
                if let Some(file) = top.and_then(|c| non_blank(c.token_file.as_deref())) {
                    return read_token_file(file, &format!("channels.{channel}.tokenFile"));
                }
                let configured =
                    self.secret(top.and_then(|c| c.bot_token.as_ref()), &format!("channels.{channel}"), "botToken")?;
                Ok(configured.or_else(|| self.env_token()))
            }
            NoticeChannel::Discord => {
                if let Some(token) = self.secret(account.and_then(|a| a.token.as_ref()), &account_key, "token")? {
                    return Ok(Some(token));
                }
                if !is_default {
                    return Ok(None);
                }
                let configured =
                    self.secret(top.and_then(|c| c.token.as_ref()), &format!("channels.{channel}"), "token")?;
                Ok(configured.or_else(|| self.env_token()))
            }
            NoticeChannel::Slack => {
                if let Some(token) =
                    self.secret(account.and_then(|a| a.bot_token.as_ref()), &account_key, "botToken")?
                {
                    return Ok(Some(token));
                }
                let configured =
                    self.secret(top.and_then(|c| c.bot_token.as_ref()), &format!("channels.{channel}"), "botToken")?;
                Ok(configured.or_else(|| if is_default { self.env_token() } else { None }))
            }
        }
    }

    /// The account's entry: its exact key, else a key that normalizes to it (config keys are
    /// written freely, account ids are lowercase).
    fn account_config(&self) -> (String, Option<&ChannelAccountConfig>) {
        let accounts = self.config.map(|c| &c.accounts);
        let found = accounts.and_then(|all| {
            all.get_key_value(self.account)
                .or_else(|| all.iter().find(|(key, _)| key.trim().to_lowercase() == self.account))
        });
        match found {
            Some((key, config)) => (key.clone(), Some(config)),
            None => (self.account.to_owned(), None),
        }
    }

    fn secret(&self, secret: Option<&Secret>, parent: &str, field: &str) -> anyhow::Result<Option<String>> {
        match secret {
            Some(secret) => resolve_config_secret(secret, &format!("{parent}.{field}"), self.env),
            None => Ok(None),
        }
    }

    fn env_token(&self) -> Option<String> {
        self.env.non_empty(self.notice.token_env()).map(|t| t.trim().to_owned())
    }
}

/// A token file: missing or unreadable is an error naming the key, since the operator pointed
/// at it on purpose and "token not configured" would send them looking in the wrong place.
fn read_token_file(path: &str, key: &str) -> anyhow::Result<Option<String>> {
    let text = std::fs::read_to_string(Path::new(path)).with_context(|| format!("{key} cannot be read: {path}"))?;
    Ok(non_blank(Some(&text)).map(str::to_owned))
}

fn non_blank(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|s| !s.is_empty())
}
