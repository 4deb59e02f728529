//! Anthropic Messages: POST `<base>/v1/messages` with `stream: true`, the key in `x-api-key`
//! and the pinned `anthropic-version`, decoded by [`AnthropicStreamDecoder`]. Retries,
//! timeouts, cancellation and key redaction are the shared [`crate::http_stream`] machinery.

use crate::anthropic_request::messages_body;
use crate::anthropic_stream::AnthropicStreamDecoder;
use crate::cancel::Cancellation;
use crate::error::ProviderError;
use crate::http_stream::{HttpStream, KeyHeader, Timeouts};
use crate::model::{BoxFuture, EventSink, Model, ModelRequest};
use crate::reply::AssembledReply;
use crate::retry::RetryPolicy;

/// Where Anthropic's API lives when no base URL is configured.
pub const ANTHROPIC_DEFAULT_BASE_URL: &str = "https://api.anthropic.com";

/// The API version the request and stream shapes here were written against; Anthropic keeps
/// each version's shapes stable, so pinning it keeps the decoder's assumptions true.
pub const ANTHROPIC_VERSION: &str = "2023-06-01";

/// A Messages client for one base URL and key. `Debug` never prints the key.
#[derive(Debug, Clone)]
pub struct AnthropicClient {
    http: HttpStream,
}

impl AnthropicClient {
    /// `base_url` is the API root, with or without the trailing `/v1` (configs carry both
    /// spellings: `https://api.anthropic.com` and proxies' `…/v1`); empty means
    /// [`ANTHROPIC_DEFAULT_BASE_URL`].
    pub fn new(
        base_url: impl Into<String>,
        api_key: Option<String>,
        timeouts: Timeouts,
    ) -> Result<Self, ProviderError> {
        let base_url = base_url.into();
        let base = match base_url.trim_end_matches('/') {
            "" => ANTHROPIC_DEFAULT_BASE_URL,
            base => base,
        };
        let endpoint = if base.ends_with("/v1") { format!("{base}/messages") } else { format!("{base}/v1/messages") };
        let mut http = HttpStream::new(endpoint, api_key, KeyHeader::Named("x-api-key"), timeouts)?;
        http.header("anthropic-version", ANTHROPIC_VERSION)?;
        Ok(Self { http })
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.http.retry = retry;
        self
    }

    /// Adds headers sent with every request (configured `headers`, e.g. `anthropic-beta`); a
    /// configured header replaces a default of the same name.
    pub fn with_headers(mut self, headers: &[(String, String)]) -> Result<Self, ProviderError> {
        self.http.extra_headers(headers)?;
        Ok(self)
    }

    /// The full URL requests go to.
    pub fn endpoint(&self) -> &str {
        self.http.endpoint()
    }
}

impl Model for AnthropicClient {
    fn api(&self) -> &'static str {
        "anthropic-messages"
    }

    fn stream<'a>(
        &'a self,
        request: &'a ModelRequest,
        cancel: &'a Cancellation,
        on_event: EventSink<'a>,
    ) -> BoxFuture<'a, Result<AssembledReply, ProviderError>> {
        Box::pin(async move {
            let body = messages_body(request);
            self.http.stream(&body, AnthropicStreamDecoder::new(), cancel, &mut |event| on_event(event)).await
        })
    }
}
