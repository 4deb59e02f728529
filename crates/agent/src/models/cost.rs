//! What a reply cost, from its token usage and the model's `cost` table (USD per million tokens),
//! in the shape OpenClaw records in transcripts (`usage.cost`).

use serde::Serialize;

use super::catalog::ModelCost;

/// Tokens of one reply. Cache counts are zero for providers that do not report them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenUsage {
    pub input: u64,
    pub output: u64,
    pub cache_read: u64,
    pub cache_write: u64,
}

impl From<openclaw_providers::Usage> for TokenUsage {
    fn from(usage: openclaw_providers::Usage) -> Self {
        Self { input: usage.input_tokens, output: usage.output_tokens, ..Self::default() }
    }
}

/// USD per kind of token and in total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageCost {
    pub input: f64,
    pub output: f64,
    pub cache_read: f64,
    pub cache_write: f64,
    pub total: f64,
}

const PER_MILLION: f64 = 1_000_000.0;

/// `usage` priced by `table`.
pub fn cost(usage: &TokenUsage, table: &ModelCost) -> UsageCost {
    let price = |tokens: u64, per_million: f64| tokens as f64 * per_million / PER_MILLION;
    let input = price(usage.input, table.input);
    let output = price(usage.output, table.output);
    let cache_read = price(usage.cache_read, table.cache_read);
    let cache_write = price(usage.cache_write, table.cache_write);
    UsageCost { input, output, cache_read, cache_write, total: input + output + cache_read + cache_write }
}
