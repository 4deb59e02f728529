//! The HTTP core the three API clients share: JSON POSTs to one API root, a 10 s limit on every
//! request, one wait for a short rate limit, and redaction of the bot token from every error.
//! The clients differ only in paths, auth header and how they read an answer, so a client hands
//! each answer to its own `judge` and gets back a [`Verdict`].
//!
//! TLS: reqwest's `rustls-no-provider` with rustls' `ring` provider installed here, as
//! `openclaw-providers` does, and certificates checked by the platform verifier.

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderValue, RETRY_AFTER, USER_AGENT};
use serde_json::Value;

use openclaw_policy::redact::{error_chain, without_secret};

use crate::error::{ChannelError, Result};

/// Every request (connect included) must finish within this; an approval must not hang.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// A longer rate limit is reported rather than waited out: the operator is at a terminal.
pub(crate) const MAX_RETRY_WAIT: Duration = Duration::from_secs(5);
/// An error body is only read for its message; longer non-JSON bodies are cut.
const MAX_QUOTED_CHARS: usize = 300;

/// A bot token. `Debug` never shows it, so clients and credentials can be printed safely.
#[derive(Clone, PartialEq, Eq)]
pub struct BotToken(String);

impl BotToken {
    /// `None` for a blank token: OpenClaw treats a blank value as unset.
    pub fn new(token: impl Into<String>) -> Option<Self> {
        let token = token.into().trim().to_owned();
        (!token.is_empty()).then_some(Self(token))
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BotToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BotToken(<redacted>)")
    }
}

/// One answer of the API, as a client's `judge` sees it.
pub(crate) struct Answer {
    pub status: u16,
    /// `Retry-After` in seconds, when sent.
    pub retry_after: Option<Duration>,
    /// The body parsed as JSON, if it was JSON.
    pub json: Option<Value>,
    /// The body as text, for APIs (or proxies) that answer errors in plain text.
    pub text: String,
}

impl Answer {
    /// A short quote of a non-JSON body, or the status's reason phrase when it is empty.
    pub fn quoted_text(&self) -> String {
        let quoted: String = self.text.trim().chars().take(MAX_QUOTED_CHARS).collect();
        if !quoted.is_empty() {
            return quoted;
        }
        reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("no error body")
            .to_owned()
    }
}

/// What a client made of an answer.
pub(crate) enum Verdict {
    Done(Value),
    /// Wait this long (when the API said) before trying again.
    RateLimited(Option<Duration>),
    Failed {
        description: String,
        status: Option<u16>,
    },
    /// A success that does not look like the documented one.
    Unexpected(String),
}

/// A JSON-over-HTTPS API root with its token.
#[derive(Clone)]
pub(crate) struct Api {
    channel: &'static str,
    http: reqwest::Client,
    base: String,
    token: BotToken,
}

// Hand-written so the token cannot be printed (and the base URL is redacted, should it carry it).
impl fmt::Debug for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Api")
            .field("channel", &self.channel)
            .field("base", &self.redact(&self.base))
            .field("token", &self.token)
            .finish()
    }
}

impl Api {
    pub(crate) fn new(channel: &'static str, base: &str, token: BotToken) -> Result<Self> {
        let base = base.trim().trim_end_matches('/').to_owned();
        let redact = |text: &str| without_secret(Some(token.expose()), text);
        if reqwest::Url::parse(&base).is_err() {
            return Err(ChannelError::Config {
                channel,
                message: format!("API base `{}` is not a URL", redact(&base)),
            });
        }
        // reqwest's `rustls-no-provider` needs a process-wide provider. An error means one is
        // already installed (by us earlier or by another crate), which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .connect_timeout(REQUEST_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            // A redirect would carry the Authorization header to wherever it points.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| ChannelError::Config { channel, message: redact(&error_chain(&error)) })?;
        Ok(Self { channel, http, base, token })
    }

    pub(crate) fn channel(&self) -> &'static str {
        self.channel
    }

    pub(crate) fn token(&self) -> &BotToken {
        &self.token
    }

    /// Telegram puts the token in the URL path, which reqwest quotes in its errors.
    pub(crate) fn redact(&self, text: &str) -> String {
        without_secret(Some(self.token.expose()), text)
    }

    /// POSTs `body` to `base + path`, waiting out one short rate limit.
    /// `authorization` is the full header value (`Bot …`, `Bearer …`), if the API uses one.
    pub(crate) async fn post(
        &self,
        path: &str,
        authorization: Option<&str>,
        body: &Value,
        judge: impl Fn(&Answer) -> Verdict,
    ) -> Result<Value> {
        let mut waited = false;
        loop {
            let answer = self.send_once(path, authorization, body).await?;
            match judge(&answer) {
                Verdict::Done(value) => return Ok(value),
                Verdict::RateLimited(Some(wait)) if !waited && wait <= MAX_RETRY_WAIT => {
                    waited = true;
                    tokio::time::sleep(wait).await;
                }
                Verdict::RateLimited(wait) => {
                    let retry_after_secs = wait.map(|w| w.as_secs() + u64::from(w.subsec_nanos() > 0));
                    return Err(ChannelError::RateLimited { channel: self.channel, retry_after_secs });
                }
                Verdict::Failed { description, status } => {
                    return Err(ChannelError::Api {
                        channel: self.channel,
                        description: self.redact(&description),
                        status,
                    });
                }
                Verdict::Unexpected(message) => {
                    return Err(ChannelError::InvalidResponse {
                        channel: self.channel,
                        message: self.redact(&message),
                    });
                }
            }
        }
    }

    async fn send_once(&self, path: &str, authorization: Option<&str>, body: &Value) -> Result<Answer> {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header(USER_AGENT, concat!("openclaw/", env!("CARGO_PKG_VERSION")))
            .json(body);
        if let Some(value) = authorization {
            let mut header = HeaderValue::from_str(value).map_err(|_| ChannelError::Config {
                channel: self.channel,
                message: "the token contains characters not allowed in an HTTP header".to_owned(),
            })?;
            header.set_sensitive(true);
            request = request.header(AUTHORIZATION, header);
        }
        let response = request.send().await.map_err(|error| self.transport_error(&error))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .and_then(seconds);
        let bytes = response.bytes().await.map_err(|error| self.transport_error(&error))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_str(&text).ok();
        Ok(Answer { status, retry_after, json, text })
    }

    fn transport_error(&self, error: &reqwest::Error) -> ChannelError {
        if error.is_timeout() {
            return ChannelError::Timeout { channel: self.channel, secs: REQUEST_TIMEOUT.as_secs() };
        }
        ChannelError::Transport { channel: self.channel, message: self.redact(&error_chain(error)) }
    }
}

/// A retry hint in (possibly fractional) seconds; negative or absurd values count as none.
pub(crate) fn seconds(secs: f64) -> Option<Duration> {
    (secs.is_finite() && secs >= 0.0).then(|| Duration::try_from_secs_f64(secs).ok()).flatten()
}
