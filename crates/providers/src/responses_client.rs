//! OpenAI Responses (OpenAI, Azure's `/openai/v1`, Codex-style endpoints): POST
//! `<base>/responses` with `stream: true` and a bearer key, decoded by
//! [`ResponsesStreamDecoder`]. Retries, timeouts, cancellation and key redaction are the
//! shared [`crate::http_stream`] machinery.

use crate::cancel::Cancellation;
use crate::error::ProviderError;
use crate::http_stream::{HttpStream, KeyHeader, Timeouts, under_base};
use crate::model::{BoxFuture, EventSink, Model, ModelRequest};
use crate::reply::AssembledReply;
use crate::responses_request::responses_body;
use crate::responses_stream::ResponsesStreamDecoder;
use crate::retry::RetryPolicy;

/// A Responses client for one base URL and key. `Debug` never prints the key.
#[derive(Debug, Clone)]
pub struct OpenAiResponsesClient {
    http: HttpStream,
    /// What [`Model::api`] reports: Codex endpoints speak this format under their own name,
    /// and transcripts record the configured one.
    api: &'static str,
}

impl OpenAiResponsesClient {
    /// `base_url` is the API root that `/responses` is appended to, e.g.
    /// `https://api.openai.com/v1`. An empty key is treated as none.
    pub fn new(
        base_url: impl Into<String>,
        api_key: Option<String>,
        timeouts: Timeouts,
    ) -> Result<Self, ProviderError> {
        let endpoint = under_base(&base_url.into(), "responses");
        Ok(Self { http: HttpStream::new(endpoint, api_key, KeyHeader::Bearer, timeouts)?, api: "openai-responses" })
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.http.retry = retry;
        self
    }

    /// Adds headers sent with every request (configured `headers`); a configured header
    /// replaces a default of the same name, `Authorization` included.
    pub fn with_headers(mut self, headers: &[(String, String)]) -> Result<Self, ProviderError> {
        self.http.extra_headers(headers)?;
        Ok(self)
    }

    /// Reports `api` from [`Model::api`] instead of `openai-responses`.
    pub(crate) fn named(mut self, api: &'static str) -> Self {
        self.api = api;
        self
    }

    /// The full URL requests go to.
    pub fn endpoint(&self) -> &str {
        self.http.endpoint()
    }
}

impl Model for OpenAiResponsesClient {
    fn api(&self) -> &'static str {
        self.api
    }

    fn stream<'a>(
        &'a self,
        request: &'a ModelRequest,
        cancel: &'a Cancellation,
        on_event: EventSink<'a>,
    ) -> BoxFuture<'a, Result<AssembledReply, ProviderError>> {
        Box::pin(async move {
            let body = responses_body(request);
            self.http.stream(&body, ResponsesStreamDecoder::new(), cancel, &mut |event| on_event(event)).await
        })
    }
}
