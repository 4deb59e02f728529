//! `logging.redact_off`: the security document's check that OpenClaw 2026.9.6 dropped together
//! with the key. This gateway still honours `logging.redactSensitive`, so turning it off still
//! leaks secrets into logs.

use serde_json::Value;

use super::finding::{Finding, Severity};
use super::tree;

pub fn collect(cfg: &Value) -> Vec<Finding> {
    if tree::str_at(cfg, "logging.redactSensitive") != Some("off") {
        return Vec::new();
    }
    vec![
        Finding::new(
            "logging.redact_off",
            Severity::Warn,
            "Log redaction is off",
            "logging.redactSensitive=\"off\" writes tokens, keys and tool arguments into logs and status output unmasked.",
        )
        .fix("Set logging.redactSensitive to \"tools\" (`openclaw security audit --fix` does this)."),
    ]
}
