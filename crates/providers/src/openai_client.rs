//! OpenAI-compatible Chat Completions (OpenAI, OpenRouter, Ollama, vLLM, llama.cpp server,
//! LM Studio): POST `<base>/chat/completions` with `stream: true` and a bearer key, decoded by
//! [`OpenAiStreamDecoder`]. Retries, timeouts, cancellation and key redaction are the shared
//! [`crate::http_stream`] machinery.

use serde_json::Value;

use crate::cancel::Cancellation;
use crate::error::ProviderError;
pub use crate::http_stream::Timeouts;
use crate::http_stream::{HttpStream, KeyHeader, under_base};
use crate::model::{BoxFuture, EventSink, Model, ModelRequest};
use crate::openai_request::chat_completions_body;
use crate::openai_stream::OpenAiStreamDecoder;
use crate::reply::AssembledReply;
use crate::retry::RetryPolicy;
use crate::stream_event::StreamEvent;

/// A Chat Completions client for one base URL and key. `Debug` never prints the key.
#[derive(Debug, Clone)]
pub struct OpenAiClient {
    http: HttpStream,
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
        let endpoint = under_base(&base_url.into(), "chat/completions");
        Ok(Self { http: HttpStream::new(endpoint, api_key, KeyHeader::Bearer, timeouts)? })
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

    /// The full URL requests go to.
    pub fn endpoint(&self) -> &str {
        self.http.endpoint()
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
        self.stream_owned(request.clone(), cancel, &mut on_event).await
    }

    /// Forces `stream` on a body the caller already owns, so [`Model::stream`] does not copy
    /// the whole conversation a second time per request.
    async fn stream_owned(
        &self,
        mut body: Value,
        cancel: &Cancellation,
        on_event: &mut impl FnMut(&StreamEvent),
    ) -> Result<AssembledReply, ProviderError> {
        if let Some(object) = body.as_object_mut() {
            object.insert("stream".to_owned(), Value::Bool(true));
        }
        self.http.stream(&body, OpenAiStreamDecoder::new(), cancel, on_event).await
    }
}

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
            self.stream_owned(chat_completions_body(request), cancel, &mut |event| on_event(event)).await
        })
    }
}
