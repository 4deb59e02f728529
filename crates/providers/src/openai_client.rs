//! The HTTP side of OpenAI-compatible Chat Completions (OpenAI, OpenRouter, Ollama, vLLM,
//! llama.cpp server, LM Studio): POST `<base>/chat/completions` with `stream: true`, feed the
//! body through [`StreamDecoder`]`<`[`OpenAiStreamDecoder`]`>` into a [`ReplyAssembler`].
//! Retries (see [`RetryPolicy`]) happen only before any body byte was decoded, every wait is
//! raced against a [`Cancellation`], and the API key is redacted from every error text and
//! never printed by `Debug`, because errors end up in logs and transcripts.
//!
//! TLS: reqwest's `rustls-no-provider` with rustls' `ring` provider installed here, and
//! certificates checked by the platform verifier (the only verifier that feature brings).

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderValue, RETRY_AFTER};
use serde_json::Value;

use crate::cancel::Cancellation;
use crate::decoder::StreamDecoder;
use crate::error::ProviderError;
use crate::model::{BoxFuture, EventSink, Model, ModelRequest};
use crate::openai_request::chat_completions_body;
use crate::openai_stream::OpenAiStreamDecoder;
use crate::reply::{AssembledReply, ReplyAssembler};
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::stream_event::StreamEvent;

/// An error body is only read this far; it is for a message, not for storage.
const MAX_ERROR_BODY_BYTES: usize = 16 * 1024;
/// How much of a non-JSON error body is quoted in the error message.
const MAX_ERROR_MESSAGE_CHARS: usize = 500;
const REDACTED: &str = "[redacted]";

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

/// A Chat Completions client for one base URL and key.
#[derive(Clone)]
pub struct OpenAiClient {
    http: reqwest::Client,
    endpoint: String,
    api_key: Option<String>,
    timeouts: Timeouts,
    retry: RetryPolicy,
}

// Hand-written so the key can never be printed, only whether there is one.
impl fmt::Debug for OpenAiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenAiClient")
            .field("endpoint", &self.redact(&self.endpoint))
            .field("api_key", &self.api_key.as_ref().map(|_| REDACTED))
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .finish()
    }
}

impl OpenAiClient {
    /// `base_url` is the API root that `/chat/completions` is appended to, e.g.
    /// `https://api.openai.com/v1` or `http://localhost:11434/v1`. An empty key is treated
    /// as none, since local servers are usually configured that way.
    pub fn new(
        base_url: impl Into<String>,
        api_key: Option<String>,
        timeouts: Timeouts,
    ) -> Result<Self, ProviderError> {
        let api_key = api_key.filter(|key| !key.is_empty());
        let base_url = base_url.into();
        let endpoint = format!("{}/chat/completions", base_url.trim_end_matches('/'));
        let redact = |text: &str| redact_key(api_key.as_deref(), text);
        if reqwest::Url::parse(&endpoint).is_err() {
            return Err(ProviderError::Config { message: format!("base URL `{}` is not a URL", redact(&base_url)) });
        }
        // reqwest's `rustls-no-provider` needs a process-wide provider. An error means one is
        // already installed (by us earlier or by another crate), which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .build()
            .map_err(|error| ProviderError::Config { message: redact(&error_chain(&error)) })?;
        Ok(Self { http, endpoint, api_key, timeouts, retry: RetryPolicy::default() })
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The full URL requests go to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Streams one completion for `request` (a Chat Completions body; `stream` is forced on)
    /// and returns the assembled reply.
    pub async fn stream_chat(&self, request: &Value, cancel: &Cancellation) -> Result<AssembledReply, ProviderError> {
        self.stream_chat_with(request, cancel, |_| {}).await
    }

    /// As [`stream_chat`](Self::stream_chat), also handing each decoded event to `on_event`
    /// as it arrives, for live rendering.
    pub async fn stream_chat_with(
        &self,
        request: &Value,
        cancel: &Cancellation,
        mut on_event: impl FnMut(&StreamEvent),
    ) -> Result<AssembledReply, ProviderError> {
        let mut body = request.clone();
        if let Some(object) = body.as_object_mut() {
            object.insert("stream".to_owned(), Value::Bool(true));
        }
        let response = self.send_with_retries(&body, cancel).await?;
        self.read_stream(response, cancel, &mut on_event).await
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
        let mut builder = self.http.post(&self.endpoint).json(body).header("accept", "text/event-stream");
        if let Some(key) = &self.api_key {
            let mut value = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| {
                SendError::Fatal(ProviderError::Config {
                    message: "API key contains characters not allowed in an HTTP header".to_owned(),
                })
            })?;
            // Keeps the value out of hyper's and reqwest's own debug output.
            value.set_sensitive(true);
            builder = builder.header(AUTHORIZATION, value);
        }
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

    /// Turns an error status into [`ProviderError::Api`], reading the provider's
    /// `{"error": {"message", "type", "code"}}` body when there is one.
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
        let field = |key: &str| error.as_ref().and_then(|e| e.get(key)).and_then(Value::as_str).map(str::to_owned);
        let kind = field("type").or_else(|| field("code")).unwrap_or_else(|| "http_error".to_owned());
        let message = field("message")
            // Some compatible servers (older Ollama, proxies) send `{"error": "text"}`.
            .or_else(|| error.as_ref().and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| {
                let quoted: String = text.trim().chars().take(MAX_ERROR_MESSAGE_CHARS).collect();
                if quoted.is_empty() { status.canonical_reason().unwrap_or("no error body").to_owned() } else { quoted }
            });
        Ok(ProviderError::Api {
            status: Some(status.as_u16()),
            kind: self.redact(&kind),
            message: self.redact(&message),
        })
    }

    async fn read_stream(
        &self,
        mut response: reqwest::Response,
        cancel: &Cancellation,
        on_event: &mut impl FnMut(&StreamEvent),
    ) -> Result<AssembledReply, ProviderError> {
        let mut decoder = StreamDecoder::new(OpenAiStreamDecoder::new());
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
                    for event in decoder.push(&bytes)? {
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
        for event in decoder.finish()? {
            on_event(&event);
            assembler.push(&event);
        }
        assembler.finish()
    }

    fn redact(&self, text: &str) -> String {
        redact_key(self.api_key.as_deref(), text)
    }
}

/// Why one send failed, split by whether retrying is safe.
enum SendError {
    Connect(ProviderError),
    Fatal(ProviderError),
}

/// Replaces every occurrence of `key` in `text`; servers sometimes echo the key they
/// rejected, and a base URL may carry one as a query parameter.
impl Model for OpenAiClient {
    fn api(&self) -> &'static str {
        "openai-completions"
    }

    fn stream<'a>(
        &'a self,
        request: &'a ModelRequest,
        cancel: &'a Cancellation,
        on_event: EventSink<'a>,
    ) -> BoxFuture<'a, Result<AssembledReply, ProviderError>> {
        Box::pin(async move {
            let body = chat_completions_body(request);
            self.stream_chat_with(&body, cancel, |event| on_event(event)).await
        })
    }
}

fn redact_key(key: Option<&str>, text: &str) -> String {
    match key {
        Some(key) if !key.is_empty() => text.replace(key, REDACTED),
        _ => text.to_owned(),
    }
}

/// The error and its sources, since reqwest's top-level message ("error sending request")
/// hides the useful part (connection refused, certificate unknown).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
