//! What the audit reports: findings with a severity, and the report that counts them.
//!
//! The JSON shape (field names, lowercase severities, `remediation` left out when there is none,
//! `suppressedFindings` and `deep` only when present) is OpenClaw's, because scripts read it.

use serde::Serialize;

use super::facts::GatewayProbe;

/// How bad a finding is, ordered so `max()` picks the worse of two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warn,
    Critical,
}

impl Severity {
    /// `Critical` when `escalate`, else `Warn`: the "W→C when X" rule of many checks.
    pub fn warn_or_critical(escalate: bool) -> Self {
        if escalate { Severity::Critical } else { Severity::Warn }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Critical => "critical",
        }
    }
}

/// One thing the audit found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub check_id: String,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
}

impl Finding {
    pub fn new(
        check_id: impl Into<String>,
        severity: Severity,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Finding { check_id: check_id.into(), severity, title: title.into(), detail: detail.into(), remediation: None }
    }

    #[must_use]
    pub fn fix(mut self, remediation: impl Into<String>) -> Self {
        self.remediation = Some(remediation.into());
        self
    }
}

/// A finding that a `security.audit.suppressions` entry moved out of the active list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressedFinding {
    #[serde(flatten)]
    pub finding: Finding,
    pub suppression: Suppression,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Suppression {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Counts of the active findings by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    pub critical: usize,
    pub warn: usize,
    pub info: usize,
}

impl Summary {
    pub fn count(findings: &[Finding]) -> Self {
        let mut summary = Summary::default();
        for finding in findings {
            match finding.severity {
                Severity::Critical => summary.critical += 1,
                Severity::Warn => summary.warn += 1,
                Severity::Info => summary.info += 1,
            }
        }
        summary
    }
}

/// The result of one audit run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditReport {
    /// Epoch milliseconds, as given in the facts.
    pub ts: u64,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressed_findings: Vec<SuppressedFinding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deep: Option<DeepReport>,
}

impl AuditReport {
    /// Whether any active finding has this check id.
    pub fn has(&self, check_id: &str) -> bool {
        self.findings.iter().any(|f| f.check_id == check_id)
    }
}

/// `deep` in the report: what the live probe saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeepReport {
    pub gateway: GatewayProbe,
}
