use crate::models::{ModelCost, TokenUsage, UsageCost, cost};

#[test]
fn prices_are_per_million_tokens() {
    let table = ModelCost { input: 3.0, output: 15.0, cache_read: 0.3, cache_write: 3.75 };
    let usage = TokenUsage { input: 1_000_000, output: 200_000, cache_read: 500_000, cache_write: 0 };
    let priced = cost(&usage, &table);
    let expected = UsageCost { input: 3.0, output: 3.0, cache_read: 0.15, cache_write: 0.0, total: 6.15 };
    for (got, want) in [
        (priced.input, expected.input),
        (priced.output, expected.output),
        (priced.cache_read, expected.cache_read),
        (priced.cache_write, expected.cache_write),
        (priced.total, expected.total),
    ] {
        assert!((got - want).abs() < 1e-9, "{priced:?}");
    }
    let json = serde_json::to_value(priced).unwrap();
    assert!(json.get("cacheRead").is_some() && json.get("total").is_some());
}

#[test]
fn provider_usage_converts_without_cache_counts() {
    let usage = openclaw_providers::Usage { input_tokens: 10, output_tokens: 5 };
    assert_eq!(TokenUsage::from(usage), TokenUsage { input: 10, output: 5, cache_read: 0, cache_write: 0 });
}
