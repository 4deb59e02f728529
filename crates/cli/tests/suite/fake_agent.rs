//! A gateway with a working agent for end-to-end tests: `models.providers` points at the
//! testkit's OpenAI-compatible fake server, with a canary API key that must never leak.

pub use super::gateway_run::{OurGateway, TOKEN};

pub const CANARY_KEY: &str = "sk-canary-7f3a9c1e5b2d4086a1f0e9d8c7b6a5f4";

/// Token auth plus one provider `local` with model `m1`, the default agent's primary model.
pub fn model_config(base_url: &str) -> String {
    format!(
        "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }} }},
           models: {{ providers: {{ local: {{ baseUrl: '{base_url}', api: 'openai-completions', apiKey: '{CANARY_KEY}',
             models: [{{ id: 'm1', name: 'Model One', contextWindow: 32000, maxTokens: 1024 }}] }} }} }},
           agents: {{ defaults: {{ model: {{ primary: 'local/m1' }} }} }} }}"
    )
}
