//! Table tests per check id: for each check, a case that triggers it, one that does not, and
//! the case that escalates it. Each row names the rule it pins down.

mod config_checks;
mod exposure;
mod extra;
mod filesystem;
mod gateway;
mod scan;
mod supply_chain;

use serde_json::{Value, json};

use super::facts::{AuditFacts, AuthOverride};
use super::{AuditReport, Severity, run_audit};

/// Facts for a config with nothing else on the host.
pub fn facts(config: Value) -> AuditFacts {
    AuditFacts {
        ts_ms: 1,
        config,
        state_dir: "/home/u/.openclaw".to_owned(),
        config_path: "/home/u/.openclaw/openclaw.json".to_owned(),
        ..AuditFacts::default()
    }
}

pub fn with_env(mut f: AuditFacts, pairs: &[(&str, &str)]) -> AuditFacts {
    for (k, v) in pairs {
        f.env.insert((*k).to_owned(), (*v).to_owned());
    }
    f
}

pub fn with_override(mut f: AuditFacts, mode: &str, token: Option<&str>, password: Option<&str>) -> AuditFacts {
    f.auth_override = Some(AuthOverride {
        mode: Some(mode.to_owned()),
        token: token.map(str::to_owned),
        password: password.map(str::to_owned),
    });
    f
}

/// Severity of `check_id` in a report (first occurrence), `None` when absent.
pub fn severity(report: &AuditReport, check_id: &str) -> Option<Severity> {
    report.findings.iter().find(|f| f.check_id == check_id).map(|f| f.severity)
}

/// One row: a name saying what rule it checks, the facts, the check and the expected severity.
pub struct Row {
    pub rule: &'static str,
    pub facts: AuditFacts,
    pub check: &'static str,
    pub want: Option<Severity>,
}

pub fn row(rule: &'static str, config: Value, check: &'static str, want: Option<Severity>) -> Row {
    Row { rule, facts: facts(config), check, want }
}

pub fn row_with(rule: &'static str, facts: AuditFacts, check: &'static str, want: Option<Severity>) -> Row {
    Row { rule, facts, check, want }
}

pub fn check_rows(rows: Vec<Row>) {
    let mut failures = Vec::new();
    for row in rows {
        let report = run_audit(&row.facts);
        let got = severity(&report, row.check);
        if got != row.want {
            let ids: Vec<String> =
                report.findings.iter().map(|f| format!("{}:{}", f.check_id, f.severity.as_str())).collect();
            failures.push(format!(
                "{} — {}: want {:?}, got {:?}\n    findings: {}",
                row.rule,
                row.check,
                row.want,
                got,
                ids.join(", ")
            ));
        }
    }
    assert!(failures.is_empty(), "{} failing rows:\n{}", failures.len(), failures.join("\n"));
}

pub const C: Option<Severity> = Some(Severity::Critical);
pub const W: Option<Severity> = Some(Severity::Warn);
pub const I: Option<Severity> = Some(Severity::Info);
pub const NO: Option<Severity> = None;

/// A long random-looking token that passes every strength check.
pub const GOOD_TOKEN: &str = "b3f1c9d27e4a85f06c1d9e2ab47f3c8d51e6a0b9";

#[test]
fn empty_config_reports_the_reference_baseline_in_collector_order() {
    let report = run_audit(&facts(json!({})));
    let ids: Vec<(&str, Severity)> = report.findings.iter().map(|f| (f.check_id.as_str(), f.severity)).collect();
    assert_eq!(
        ids,
        vec![
            ("summary.attack_surface", Severity::Info),
            ("gateway.trusted_proxies_missing", Severity::Warn),
            ("gateway.loopback_no_auth", Severity::Critical),
            ("gateway.http.no_auth", Severity::Warn),
        ]
    );
    assert_eq!(report.summary, super::Summary { critical: 1, warn: 2, info: 1 });
    assert_eq!(report.ts, 1);
    assert!(report.deep.is_none());
}

#[test]
fn report_json_has_the_reference_shape() {
    let report = run_audit(&facts(json!({"gateway": {"auth": {"mode": "token", "token": GOOD_TOKEN}}})));
    let v = serde_json::to_value(&report).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["ts", "summary", "findings"]);
    let first = &v["findings"][1];
    assert_eq!(first["checkId"], "gateway.trusted_proxies_missing");
    assert_eq!(first["severity"], "warn");
    assert!(first["remediation"].is_string());
    let summary_finding = &v["findings"][0];
    assert!(summary_finding.get("remediation").is_none(), "no remediation key when there is none");
}

#[test]
fn severities_are_ordered() {
    assert!(Severity::Info < Severity::Warn && Severity::Warn < Severity::Critical);
    assert_eq!([Severity::Warn, Severity::Critical, Severity::Info].into_iter().max(), Some(Severity::Critical));
}

#[test]
fn suppressions_move_findings_and_report_themselves() {
    let cfg = json!({
        "gateway": {"auth": {"mode": "token", "token": GOOD_TOKEN}},
        "security": {"audit": {"suppressions": [
            {"checkId": "gateway.trusted_proxies_missing", "reason": "local only"},
            {"checkId": "summary.attack_surface", "detailIncludes": "no such text"}
        ]}}
    });
    let report = run_audit(&facts(cfg));
    assert_eq!(severity(&report, "gateway.trusted_proxies_missing"), None);
    assert_eq!(report.suppressed_findings.len(), 1);
    assert_eq!(report.suppressed_findings[0].suppression.reason.as_deref(), Some("local only"));
    assert_eq!(severity(&report, "summary.attack_surface"), I, "detailIncludes must match");
    assert_eq!(severity(&report, "security.audit.suppressions.active"), I);
    assert_eq!(report.findings.last().map(|f| f.check_id.as_str()), Some("security.audit.suppressions.active"));
    assert_eq!(severity(&report, "config.insecure_or_dangerous_flags"), W, "suppressions count as a dangerous flag");
    let v = serde_json::to_value(&report).unwrap();
    assert_eq!(v["suppressedFindings"][0]["suppression"]["reason"], "local only");
    assert_eq!(report.summary.warn, report.findings.iter().filter(|f| f.severity == Severity::Warn).count());
}
