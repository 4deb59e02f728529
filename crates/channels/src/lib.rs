//! `openclaw-channels`: outbound calls to messaging channel APIs. Today that is the pairing
//! approval notice (`openclaw pairing approve --notify`): one small client per API
//! ([`telegram`], [`discord`], [`slack`]) over a shared HTTP core with 10 s timeouts, one wait
//! for a rate limit of at most 5 s, and bot tokens kept out of every `Debug` and error text.
//!
//! Boundary: this crate only talks to the channel APIs it is given a token for. It makes no
//! access decisions (who may be notified, who is allowed) — those are `openclaw-policy`'s, run
//! by the caller before anything is sent — and it reads neither the config nor the environment:
//! the caller resolves the token and the API root and passes them in [`Credentials`].
//!
//! API roots can be replaced for tests, never through the config. Callers read these variables:
//! `OPENCLAW_TELEGRAM_API_BASE` (default `https://api.telegram.org`),
//! `OPENCLAW_DISCORD_API_BASE` (default `https://discord.com/api/v10`),
//! `OPENCLAW_SLACK_API_BASE` (default `https://slack.com/api`); see
//! [`NoticeChannel::api_base_env`].

pub mod discord;
mod error;
mod http;
pub mod slack;
pub mod telegram;

pub use error::{ChannelError, Result};
pub use http::BotToken;

/// What the requester reads once approved; OpenClaw's `PAIRING_APPROVED_MESSAGE`.
pub const PAIRING_APPROVED_MESSAGE: &str = "✅ OpenClaw access approved. Send a message to start chatting.";

/// A channel this build can send approval notices on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeChannel {
    Telegram,
    Discord,
    Slack,
}

impl NoticeChannel {
    /// The channel with this (lowercase) id, if this build has a notice sender for it.
    pub fn from_id(channel: &str) -> Option<Self> {
        match channel {
            "telegram" => Some(Self::Telegram),
            "discord" => Some(Self::Discord),
            "slack" => Some(Self::Slack),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Self::Telegram => "telegram",
            Self::Discord => "discord",
            Self::Slack => "slack",
        }
    }

    /// The variable that replaces the API root (tests point it at a local fake).
    pub fn api_base_env(self) -> &'static str {
        match self {
            Self::Telegram => "OPENCLAW_TELEGRAM_API_BASE",
            Self::Discord => "OPENCLAW_DISCORD_API_BASE",
            Self::Slack => "OPENCLAW_SLACK_API_BASE",
        }
    }

    /// The variable OpenClaw falls back to for the default account's bot token.
    pub fn token_env(self) -> &'static str {
        match self {
            Self::Telegram => "TELEGRAM_BOT_TOKEN",
            Self::Discord => "DISCORD_BOT_TOKEN",
            Self::Slack => "SLACK_BOT_TOKEN",
        }
    }
}

/// What the caller resolved for one channel account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    /// `None` when nothing is configured for the account.
    pub token: Option<BotToken>,
    /// Replaces the public API root (from [`NoticeChannel::api_base_env`]).
    pub api_base: Option<String>,
}

/// Sends [`PAIRING_APPROVED_MESSAGE`] to sender `id` on `channel`, as `account`'s bot.
pub async fn notify_pairing_approved(channel: &str, account: &str, id: &str, credentials: &Credentials) -> Result<()> {
    let Some(notice) = NoticeChannel::from_id(channel) else {
        return Err(ChannelError::Unsupported { channel: channel.to_owned() });
    };
    let Some(token) = credentials.token.clone() else {
        return Err(ChannelError::NotConfigured { channel: notice.id(), account: account.to_owned() });
    };
    let base = credentials.api_base.as_deref().map(str::trim).filter(|b| !b.is_empty());
    let text = PAIRING_APPROVED_MESSAGE;
    match notice {
        NoticeChannel::Telegram => telegram::TelegramClient::new(token, base)?.send_approval_notice(id, text).await,
        NoticeChannel::Discord => discord::DiscordClient::new(token, base)?.send_approval_notice(id, text).await,
        NoticeChannel::Slack => slack::SlackClient::new(token, base)?.send_approval_notice(id, text).await,
    }
}

#[cfg(test)]
mod tests;
