//! Choosing a [`Model`] implementation by the `api` name a configured provider declares, so
//! callers hold an `Arc<dyn Model>` without naming a client type. An unknown name is a
//! configuration error listing the names that work, since it is usually a typo in config.

use std::sync::Arc;

use crate::anthropic_client::{ANTHROPIC_DEFAULT_BASE_URL, AnthropicClient};
use crate::error::ProviderError;
use crate::http_stream::Timeouts;
use crate::model::Model;
use crate::openai_client::OpenAiClient;
use crate::responses_client::OpenAiResponsesClient;

/// Every `api` name [`build_model`] accepts.
pub const SUPPORTED_APIS: &[&str] =
    &["openai-completions", "ollama", "openai-responses", "openai-codex-responses", "anthropic-messages"];

/// The OpenAI API root, used by the OpenAI formats when no base URL is configured.
pub const OPENAI_DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

/// Builds the client for `api` against `base_url` (empty: the provider's public API), sending
/// `api_key` the way that format expects and `headers` on every request.
pub fn build_model(
    api: &str,
    base_url: &str,
    api_key: Option<String>,
    headers: &[(String, String)],
    timeouts: Timeouts,
) -> Result<Arc<dyn Model>, ProviderError> {
    let or_default = |default: &'static str| if base_url.trim().is_empty() { default } else { base_url };
    let responses = |name: &'static str| -> Result<Arc<dyn Model>, ProviderError> {
        let client = OpenAiResponsesClient::new(or_default(OPENAI_DEFAULT_BASE_URL), api_key.clone(), timeouts)?;
        Ok(Arc::new(client.with_headers(headers)?.named(name)))
    };
    Ok(match api {
        // Ollama serves Chat Completions under `/v1`; its base is used as configured.
        "openai-completions" | "ollama" => {
            Arc::new(OpenAiClient::new(or_default(OPENAI_DEFAULT_BASE_URL), api_key, timeouts)?.with_headers(headers)?)
        }
        // Codex endpoints speak Responses; the client reports the configured name.
        "openai-responses" => responses("openai-responses")?,
        "openai-codex-responses" => responses("openai-codex-responses")?,
        "anthropic-messages" => Arc::new(
            AnthropicClient::new(or_default(ANTHROPIC_DEFAULT_BASE_URL), api_key, timeouts)?.with_headers(headers)?,
        ),
        other => {
            return Err(ProviderError::Config {
                message: format!("unsupported model api `{other}`; supported: {}", SUPPORTED_APIS.join(", ")),
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_supported_api_builds_a_model_reporting_its_format() {
        let cases = [
            ("openai-completions", "openai-completions"),
            ("ollama", "openai-completions"),
            ("openai-responses", "openai-responses"),
            ("openai-codex-responses", "openai-codex-responses"),
            ("anthropic-messages", "anthropic-messages"),
        ];
        for (api, reported) in cases {
            let model = build_model(api, "http://127.0.0.1:1/v1", None, &[], Timeouts::default()).unwrap();
            assert_eq!(model.api(), reported, "{api}");
        }
        assert_eq!(cases.map(|(api, _)| api), SUPPORTED_APIS);
    }

    #[test]
    fn an_unknown_api_names_itself_and_the_supported_ones() {
        let error = build_model("google-generative-ai", "", None, &[], Timeouts::default()).unwrap_err();
        let ProviderError::Config { message } = &error else { panic!("{error:?}") };
        assert!(message.contains("`google-generative-ai`"), "{message}");
        for api in SUPPORTED_APIS {
            assert!(message.contains(api), "{message}");
        }
    }

    #[test]
    fn an_invalid_configured_header_is_a_config_error_naming_it() {
        let headers = [("bad header".to_owned(), "v".to_owned())];
        let error = build_model("anthropic-messages", "", None, &headers, Timeouts::default()).unwrap_err();
        assert!(matches!(&error, ProviderError::Config { message } if message.contains("bad header")), "{error:?}");
    }
}
