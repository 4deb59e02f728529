//! The HTTP machinery every streaming model client shares, whatever its wire format: one
//! POST to one endpoint with fixed headers, re-sent (see [`RetryPolicy`]) only before any
//! body byte was decoded, the body fed through a [`StreamDecoder`] into a [`ReplyAssembler`],
//! every wait bounded by [`Timeouts`] and raced against a [`Cancellation`]. Clients differ
//! only in their endpoint, their headers, their request body and their decoder, so those are
//! all this module takes.
//!
//! The API key is redacted from every error text and never printed by `Debug`, because errors
//! end up in logs and transcripts; header values are marked sensitive so hyper and reqwest
//! keep them out of their own debug output too.
//!
//! TLS: reqwest's `rustls-no-provider` with rustls' `ring` provider installed here, and
//! certificates checked by the platform verifier (the only verifier that feature brings).

use std::fmt;
use std::time::Duration;

use openclaw_policy::redact::{REDACTED, error_chain, without_secret};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use serde_json::Value;

use crate::cancel::Cancellation;
use crate::decoder::{EventDecoder, StreamDecoder, text_field};
use crate::error::ProviderError;
use crate::reply::{AssembledReply, ReplyAssembler};
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::stream_event::StreamEvent;

/// An error body is only read this far; it is for a message, not for storage.
const MAX_ERROR_BODY_BYTES: usize = 16 * 1024;
/// How much of a non-JSON error body is quoted in the error message.
const MAX_ERROR_MESSAGE_CHARS: usize = 500;

/// How long each network wait may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// TCP (and TLS) connection set-up.
    pub connect: Duration,
    /// From sending the request to the response headers; large prompts on local servers
    /// (llama.cpp prompt processing) make this the longest wait, hence its own setting.
    pub response: Duration,
    /// Silence between two body chunks; a stalled stream fails instead of hanging a turn.
    pub read: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self { connect: Duration::from_secs(10), response: Duration::from_secs(300), read: Duration::from_secs(120) }
    }
}

/// How a client sends its API key; the one thing about authentication the formats disagree on.
#[derive(Debug, Clone, Copy)]
pub(crate) enum KeyHeader {
    /// `Authorization: Bearer <key>` (the OpenAI formats).
    Bearer,
    /// The bare key in the named header (Anthropic's `x-api-key`).
    Named(&'static str),
}

/// `<base_url>/<path>`, tolerating a trailing slash on the configured base.
pub(crate) fn under_base(base_url: &str, path: &str) -> String {
    format!("{}/{path}", base_url.trim_end_matches('/'))
}

/// One streaming endpoint: where to POST, with which headers, and how patiently.
#[derive(Clone)]
pub(crate) struct HttpStream {
    http: reqwest::Client,
    endpoint: String,
    /// Kept only to redact it; the header carrying it is already in `headers`.
    api_key: Option<String>,
    headers: HeaderMap,
    timeouts: Timeouts,
    pub(crate) retry: RetryPolicy,
}

// Hand-written so neither the key nor any header value can be printed.
impl fmt::Debug for HttpStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("HttpStream")
            .field("endpoint", &self.redact(&self.endpoint))
            .field("api_key", &self.api_key.as_ref().map(|_| REDACTED))
            .field("headers", &header_names)
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .finish()
    }
}

impl HttpStream {
    /// Sends `api_key` the way `key_header` says, and remembers it to redact it. An empty key
    /// is treated as none (no key header at all), since local servers are usually configured
    /// that way.
    pub(crate) fn new(
        endpoint: String,
        api_key: Option<String>,
        key_header: KeyHeader,
        timeouts: Timeouts,
    ) -> Result<Self, ProviderError> {
        let api_key = api_key.filter(|key| !key.is_empty());
        let redact = |text: &str| without_secret(api_key.as_deref(), text);
        if reqwest::Url::parse(&endpoint).is_err() {
            return Err(ProviderError::Config {
                message: format!("`{}` (from the configured base URL) is not a URL", redact(&endpoint)),
            });
        }
        // reqwest's `rustls-no-provider` needs a process-wide provider. An error means one is
        // already installed (by us earlier or by another crate), which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .build()
            .map_err(|error| ProviderError::Config { message: redact(&error_chain(&error)) })?;
        let auth = api_key.as_deref().map(|key| match key_header {
            KeyHeader::Bearer => (AUTHORIZATION.as_str(), format!("Bearer {key}")),
            KeyHeader::Named(name) => (name, key.to_owned()),
        });
        let mut stream =
            Self { http, endpoint, api_key, headers: HeaderMap::new(), timeouts, retry: RetryPolicy::default() };
        if let Some((name, value)) = auth {
            stream.header(name, &value)?;
        }
        Ok(stream)
    }

    pub(crate) fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Sets a header sent with every request, replacing an earlier one of the same name so
    /// configured headers can override a client's defaults (`anthropic-version`, say). Values
    /// are marked sensitive because configured headers often carry credentials; errors name
    /// the header, never its value.
    pub(crate) fn header(&mut self, name: &str, value: &str) -> Result<(), ProviderError> {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| ProviderError::Config { message: format!("`{name}` is not a valid HTTP header name") })?;
        let mut header_value = HeaderValue::from_str(value).map_err(|_| ProviderError::Config {
            message: format!("the value of header `{name}` contains characters not allowed in an HTTP header"),
        })?;
        header_value.set_sensitive(true);
        self.headers.insert(header_name, header_value);
        Ok(())
    }

    /// Sets each configured `(name, value)` header; see [`header`](Self::header).
    pub(crate) fn extra_headers(&mut self, headers: &[(String, String)]) -> Result<(), ProviderError> {
        headers.iter().try_for_each(|(name, value)| self.header(name, value))
    }

    /// POSTs `body` and decodes the streamed reply with `decoder`, handing each event to
    /// `on_event` as it arrives.
    pub(crate) async fn stream<D: EventDecoder>(
        &self,
        body: &Value,
        decoder: D,
        cancel: &Cancellation,
        on_event: &mut impl FnMut(&StreamEvent),
    ) -> Result<AssembledReply, ProviderError> {
        let response = self.send_with_retries(body, cancel).await?;
        self.read_stream(response, decoder, cancel, on_event).await
    }

    /// Sends until a 2xx arrives, a non-retryable failure happens, or attempts run out.
    async fn send_with_retries(&self, body: &Value, cancel: &Cancellation) -> Result<reqwest::Response, ProviderError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            if cancel.is_cancelled() {
                return Err(ProviderError::Cancelled);
            }
            let (error, retry_after) = match self.send_once(body, cancel).await {
                Ok(response) if response.status().is_success() => return Ok(response),
                Ok(response) => {
                    let status = response.status().as_u16();
                    let retry_after = response
                        .headers()
                        .get(RETRY_AFTER)
                        .and_then(|value| value.to_str().ok())
                        .and_then(parse_retry_after);
                    let error = self.status_error(response, cancel).await?;
                    if !RetryPolicy::is_retryable_status(status) {
                        return Err(error);
                    }
                    (error, retry_after)
                }
                // Only a refused or failed connection is known not to have reached the
                // server; other transport failures may have started a (billed) generation.
                Err(SendError::Connect(error)) => (error, None),
                Err(SendError::Fatal(error)) => return Err(error),
            };
            let Some(wait) = self.retry.delay(attempt, retry_after) else { return Err(error) };
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = cancel.cancelled() => return Err(ProviderError::Cancelled),
            }
        }
    }

    async fn send_once(&self, body: &Value, cancel: &Cancellation) -> Result<reqwest::Response, SendError> {
        let builder = self
            .http
            .post(&self.endpoint)
            .header("accept", "text/event-stream")
            .headers(self.headers.clone())
            .json(body);
        let timeout = self.timeouts.response;
        tokio::select! {
            result = tokio::time::timeout(timeout, builder.send()) => match result {
                Ok(Ok(response)) => Ok(response),
                Ok(Err(error)) => {
                    let failure = ProviderError::Transport { message: self.redact(&error_chain(&error)) };
                    Err(if error.is_connect() { SendError::Connect(failure) } else { SendError::Fatal(failure) })
                }
                Err(_) => Err(SendError::Fatal(ProviderError::Timeout {
                    phase: "waiting for the response headers",
                    millis: millis(timeout),
                })),
            },
            () = cancel.cancelled() => Err(SendError::Fatal(ProviderError::Cancelled)),
        }
    }

    /// Turns an error status into [`ProviderError::Api`], reading the `{"error": {"message",
    /// "type", "code"}}` body that OpenAI and Anthropic (inside its `{"type": "error"}`
    /// envelope) both send.
    async fn status_error(
        &self,
        mut response: reqwest::Response,
        cancel: &Cancellation,
    ) -> Result<ProviderError, ProviderError> {
        let status = response.status();
        let mut bytes = Vec::new();
        // A broken or slow error body still leaves the status worth reporting, so read
        // failures end the read instead of replacing the error.
        while bytes.len() < MAX_ERROR_BODY_BYTES {
            tokio::select! {
                chunk = tokio::time::timeout(self.timeouts.read, response.chunk()) => match chunk {
                    Ok(Ok(Some(chunk))) => bytes.extend_from_slice(&chunk),
                    _ => break,
                },
                () = cancel.cancelled() => return Err(ProviderError::Cancelled),
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        let error = serde_json::from_str::<Value>(&text).ok().and_then(|body| body.get("error").cloned());
        let field = |key: &str| error.as_ref().and_then(|e| text_field(e, key));
        let kind = field("type").or_else(|| field("code")).unwrap_or_else(|| "http_error".to_owned());
        let message = field("message")
            // Some compatible servers (older Ollama, proxies) send `{"error": "text"}`.
            .or_else(|| error.as_ref().and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| {
                let quoted: String = text.trim().chars().take(MAX_ERROR_MESSAGE_CHARS).collect();
                if quoted.is_empty() { status.canonical_reason().unwrap_or("no error body").to_owned() } else { quoted }
            });
        Ok(self.redact_error(ProviderError::Api { status: Some(status.as_u16()), kind, message }))
    }

    async fn read_stream<D: EventDecoder>(
        &self,
        mut response: reqwest::Response,
        decoder: D,
        cancel: &Cancellation,
        on_event: &mut impl FnMut(&StreamEvent),
    ) -> Result<AssembledReply, ProviderError> {
        let mut decoder = StreamDecoder::new(decoder);
        let mut assembler = ReplyAssembler::new();
        loop {
            if cancel.is_cancelled() {
                return Err(ProviderError::Cancelled);
            }
            let chunk = tokio::select! {
                chunk = tokio::time::timeout(self.timeouts.read, response.chunk()) => chunk,
                () = cancel.cancelled() => return Err(ProviderError::Cancelled),
            };
            match chunk {
                Ok(Ok(Some(bytes))) => {
                    // Decoded text may quote the request (an echoed error), hence redaction.
                    for event in decoder.push(&bytes).map_err(|error| self.redact_error(error))? {
                        // A cancel from the previous event's handler wins over the rest of
                        // the chunk, so no event is delivered after cancelling.
                        if cancel.is_cancelled() {
                            return Err(ProviderError::Cancelled);
                        }
                        on_event(&event);
                        assembler.push(&event);
                    }
                }
                // A clean end, or a dropped connection: either way the decoder decides
                // whether the terminator arrived, and a missing one is `Truncated`. No retry
                // here, since part of the reply was already handed out.
                Ok(Ok(None) | Err(_)) => break,
                Err(_) => {
                    return Err(ProviderError::Timeout {
                        phase: "reading the response body",
                        millis: millis(self.timeouts.read),
                    });
                }
            }
        }
        for event in decoder.finish().map_err(|error| self.redact_error(error))? {
            on_event(&event);
            assembler.push(&event);
        }
        assembler.finish()
    }

    pub(crate) fn redact(&self, text: &str) -> String {
        without_secret(self.api_key.as_deref(), text)
    }

    /// Redacts the network-sourced text an error carries, from a status body or the stream.
    fn redact_error(&self, error: ProviderError) -> ProviderError {
        match error {
            ProviderError::Api { status, kind, message } => {
                ProviderError::Api { status, kind: self.redact(&kind), message: self.redact(&message) }
            }
            other => other,
        }
    }
}

/// Why one send failed, split by whether retrying is safe.
enum SendError {
    Connect(ProviderError),
    Fatal(ProviderError),
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
