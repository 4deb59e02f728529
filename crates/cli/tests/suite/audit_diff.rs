//! `security audit` against the reference: every case under `tests/fixtures/audit-diff/` was
//! audited by OpenClaw 2026.9.6 on a throwaway state dir (`scripts/record-audit-reference.sh`
//! records it, so CI needs no Node). Built the same way here, the state dir must give the same exit
//! code and the same set of (checkId, severity) pairs from our binary. The cases listed in
//! `expected-differences.json` — deliberate differences of docs/compat.md — are held to their own
//! `expected.json` instead. `scripts/audit_diff.py` documents how a case becomes a state dir; the
//! two builders must stay in step.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use openclaw_testkit::TempHome;
use serde::Deserialize;

use super::BIN;

/// The namespace of the checks this gateway adds beyond the reference (issue 3, "Beyond the
/// reference": placeholder tokens, plaintext secrets, sandbox backend availability, …). The
/// reference cannot have recorded them, so they are left out of the comparison; their own tests
/// live with the checks (`openclaw-policy`'s `audit/tests/extra.rs`).
const OWN_CHECK_PREFIXES: &[&str] = &["openclaw_rs."];

type Pair = (String, String);

/// One generated case (`case.json`); `description`, `covers` and `expectedDifference` are for
/// readers and the recorder.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Case {
    config: Option<String>,
    #[serde(default = "default_state_dir")]
    state_dir: String,
    #[serde(default = "yes")]
    create_state_dir: bool,
    #[serde(default = "private_dir")]
    state_dir_mode: String,
    config_path: Option<String>,
    config_write_to: Option<String>,
    #[serde(default = "private_file")]
    config_mode: String,
    #[serde(default)]
    files: Vec<Entry>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    args: Vec<String>,
}

fn default_state_dir() -> String {
    ".openclaw".into()
}
fn yes() -> bool {
    true
}
fn private_dir() -> String {
    "700".into()
}
fn private_file() -> String {
    "600".into()
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Entry {
    Dir {
        path: String,
        mode: Option<String>,
    },
    File {
        path: String,
        #[serde(default)]
        content: String,
        mode: Option<String>,
    },
    Symlink {
        path: String,
        target: String,
    },
}

/// What an audit run amounts to for the comparison (`reference.json` / `expected.json`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Outcome {
    exit: i32,
    pairs: BTreeSet<Pair>,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit-diff")
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("case.json").is_file())
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn expected_differences() -> BTreeMap<String, String> {
    read_json(&fixtures().join("expected-differences.json"))
}

fn chmod(path: &Path, octal: &str) {
    let mode = u32::from_str_radix(octal, 8).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn create_parent(path: &Path) {
    let parent = path.parent().unwrap();
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(parent).unwrap();
}

/// Builds the case's state dir under `home` exactly as `scripts/audit_diff.py` does; returns the
/// environment the audit runs with (on top of `TempHome::command`'s clean one).
fn build_state(case: &Case, home: &Path) -> BTreeMap<String, String> {
    let state_dir = home.join(&case.state_dir);
    if case.create_state_dir {
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&state_dir).unwrap();
    }
    let config_path = match &case.config_path {
        Some(rel) => home.join(rel),
        None => state_dir.join("openclaw.json"),
    };
    let config_file = case.config_write_to.as_ref().map_or_else(|| config_path.clone(), |rel| home.join(rel));
    if let Some(text) = &case.config {
        create_parent(&config_file);
        std::fs::write(&config_file, text).unwrap();
    }
    let mut modes: Vec<(PathBuf, &str)> = Vec::new();
    for entry in &case.files {
        match entry {
            Entry::Dir { path, mode } => {
                let path = home.join(path);
                create_parent(&path);
                std::fs::DirBuilder::new().mode(0o700).create(&path).or_else(exists_ok).unwrap();
                modes.extend(mode.as_deref().map(|m| (path, m)));
            }
            Entry::File { path, content, mode } => {
                let path = home.join(path);
                create_parent(&path);
                std::fs::write(&path, content).unwrap();
                modes.extend(mode.as_deref().map(|m| (path, m)));
            }
            Entry::Symlink { path, target } => {
                let path = home.join(path);
                create_parent(&path);
                std::os::unix::fs::symlink(target, &path).unwrap();
            }
        }
    }
    if case.config.is_some() {
        modes.push((config_file, case.config_mode.as_str()));
    }
    modes.sort_by_key(|(path, _)| std::cmp::Reverse(path.components().count()));
    if case.create_state_dir {
        modes.push((state_dir.clone(), case.state_dir_mode.as_str()));
    }
    for (path, mode) in &modes {
        chmod(path, mode);
    }
    let empty_path = home.join(".empty-path");
    std::fs::create_dir_all(&empty_path).unwrap();

    let mut env = BTreeMap::new();
    let text = |p: &Path| p.to_string_lossy().into_owned();
    env.insert("OPENCLAW_STATE_DIR".to_owned(), text(&state_dir));
    env.insert("PATH".to_owned(), text(&empty_path));
    if case.config_path.is_some() {
        env.insert("OPENCLAW_CONFIG_PATH".to_owned(), text(&config_path));
    }
    for (key, value) in &case.env {
        let value = value.replace("${HOME}", &text(home)).replace("${STATE_DIR}", &text(&state_dir));
        env.insert(key.clone(), value);
    }
    env
}

fn exists_ok(e: std::io::Error) -> std::io::Result<()> {
    if e.kind() == std::io::ErrorKind::AlreadyExists { Ok(()) } else { Err(e) }
}

fn is_own_check(check_id: &str) -> bool {
    OWN_CHECK_PREFIXES.iter().any(|prefix| check_id.starts_with(prefix))
}

/// Runs our `security audit --json` on the case's state dir; also returns why it did not audit.
fn audit(case: &Case) -> (Outcome, String) {
    let home = TempHome::new().unwrap();
    let env = build_state(case, home.home());
    let out = home.command(BIN).envs(&env).args(["security", "audit", "--json"]).args(&case.args).output().unwrap();
    let run = openclaw_testkit::Run::from(out);
    let report = run.json();
    let pairs = report["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .map(|f| {
                    (f["checkId"].as_str().unwrap_or("?").to_owned(), f["severity"].as_str().unwrap_or("?").to_owned())
                })
                .filter(|(check_id, _)| !is_own_check(check_id))
                .collect()
        })
        .unwrap_or_default();
    let outcome = Outcome { exit: run.status.unwrap_or(-1), pairs };
    (outcome, why(&run))
}

/// Why a run ended as it did: the JSON error and its first issue, "the audit ran", or stderr's
/// first line (a usage error).
fn why(run: &openclaw_testkit::Run) -> String {
    let report = run.json();
    match report["error"]["message"].as_str() {
        Some(message) => {
            let issue = &report["issues"][0];
            match (issue["path"].as_str(), issue["message"].as_str()) {
                (Some(path), Some(text)) => format!("{message}: {path}: {text}"),
                _ => message.to_owned(),
            }
        }
        None if report["summary"].is_object() => "the audit ran".to_owned(),
        None => run.stderr.lines().find(|line| !line.trim().is_empty()).unwrap_or_default().to_owned(),
    }
}

/// A case where our audit and the recording disagree, in words.
fn describe(name: &str, source: &str, want: &Outcome, got: &Outcome, why: &str) -> String {
    let mut text = format!("{name} (vs {source}):");
    if want.exit != got.exit {
        text += &format!("\n    exit {} expected, ours {} ({why})", want.exit, got.exit);
    }
    for (check_id, severity) in want.pairs.difference(&got.pairs) {
        text += &format!("\n    missing {check_id} {severity}");
    }
    for (check_id, severity) in got.pairs.difference(&want.pairs) {
        text += &format!("\n    extra   {check_id} {severity}");
    }
    text
}

/// Compares one case; `None` when our audit agrees with the recording.
fn compare(name: &str, differences: &BTreeMap<String, String>) -> Option<String> {
    let dir = fixtures().join(name);
    let case: Case = read_json(&dir.join("case.json"));
    let source = if differences.contains_key(name) { "expected.json" } else { "reference.json" };
    if !dir.join(source).is_file() {
        return Some(format!("{name}: no {source}; run scripts/record-audit-reference.sh"));
    }
    let mut want: Outcome = read_json(&dir.join(source));
    want.pairs.retain(|(check_id, _)| !is_own_check(check_id));
    let (got, why) = audit(&case);
    (want != got).then(|| describe(name, source, &want, &got, &why))
}

#[test]
fn every_case_gives_the_same_check_ids_and_severities_as_the_reference() {
    let names = case_names();
    let differences = expected_differences();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8);
    let mut mismatches: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let names = &names;
                let differences = &differences;
                scope.spawn(move || {
                    names
                        .iter()
                        .skip(worker)
                        .step_by(workers)
                        .filter_map(|name| compare(name, differences))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|handle| handle.join().unwrap()).collect()
    });
    mismatches.sort();
    assert!(
        mismatches.is_empty(),
        "our audit differs from OpenClaw 2026.9.6 in {} of {} cases:\n  {}",
        mismatches.len(),
        names.len(),
        mismatches.join("\n  ")
    );
}

#[test]
fn the_recordings_cover_at_least_150_cases_and_every_difference_is_explained() {
    let names = case_names();
    assert!(names.len() >= 150, "only {} cases", names.len());
    let differences = expected_differences();
    for name in &names {
        let dir = fixtures().join(name);
        assert!(dir.join("reference.json").is_file(), "{name}: not recorded; run scripts/record-audit-reference.sh");
        assert_eq!(
            dir.join("expected.json").is_file(),
            differences.contains_key(name),
            "{name}: expected.json exists exactly for the cases of expected-differences.json"
        );
    }
    for (name, reason) in &differences {
        assert!(names.contains(name), "expected-differences.json names an unknown case {name}");
        assert!(reason.contains("compat.md"), "{name}: the reason must point at docs/compat.md");
    }
}

#[test]
fn the_recordings_cover_the_spec_check_ids_positively_and_negatively() {
    // Every checkId the reference can emit without Docker, a live channel plugin or a plugin
    // index must be seen in some recording, and some other recording must lack it.
    const MUST_APPEAR: &[&str] = &[
        "summary.attack_surface",
        "fs.state_dir.perms_world_writable",
        "fs.state_dir.perms_group_writable",
        "fs.state_dir.perms_readable",
        "fs.state_dir.symlink",
        "fs.config.perms_writable",
        "fs.config.perms_world_readable",
        "fs.config.perms_group_readable",
        "fs.config.symlink",
        "fs.config_include.perms_writable",
        "fs.config_include.perms_world_readable",
        "fs.config_include.perms_group_readable",
        "fs.credentials_dir.perms_writable",
        "fs.credentials_dir.perms_readable",
        "fs.auth_profiles.perms_writable",
        "fs.auth_profiles.perms_readable",
        "fs.sessions_store.perms_readable",
        "fs.log_file.perms_readable",
        "fs.synced_dir",
        "gateway.bind_no_auth",
        "gateway.loopback_no_auth",
        "gateway.trusted_proxies_missing",
        "gateway.http.no_auth",
        "gateway.http.session_key_override_enabled",
        "gateway.tools_invoke_http.dangerous_allow",
        "gateway.nodes.allow_commands_dangerous",
        "gateway.nodes.deny_commands_ineffective",
        "gateway.tailscale_funnel",
        "gateway.tailscale_serve",
        "gateway.control_ui.allowed_origins_required",
        "gateway.control_ui.allowed_origins_wildcard",
        "gateway.control_ui.host_header_origin_fallback",
        "gateway.real_ip_fallback_enabled",
        "gateway.token_too_short",
        "gateway.token_placeholder_value",
        "gateway.password_too_short",
        "gateway.password_placeholder_value",
        "gateway.env_token_overrides_config",
        "gateway.auth_no_rate_limit",
        "gateway.trusted_proxy_auth",
        "gateway.trusted_proxy_no_proxies",
        "gateway.trusted_proxy_no_user_header",
        "gateway.trusted_proxy_no_allowlist",
        "gateway.trusted_proxy_allow_loopback",
        "gateway.trusted_proxy_device_auto_approve",
        "gateway.trusted_proxy_device_auto_approve_admin",
        "gateway.probe_failed",
        "discovery.mdns_full_mode",
        "mcp.apps.enabled",
        "config.insecure_or_dangerous_flags",
        "config.secrets.gateway_password_in_config",
        "config.secrets.hooks_token_in_config",
        "security.audit.suppressions.active",
        "hooks.token_too_short",
        "hooks.token_reuse_gateway_token",
        "hooks.path_root",
        "hooks.default_session_key_unset",
        "hooks.allowed_agent_ids_unrestricted",
        "hooks.request_session_key_enabled",
        "hooks.request_session_key_prefixes_missing",
        "tools.exec.host_sandbox_no_sandbox_defaults",
        "tools.exec.host_sandbox_no_sandbox_agents",
        "tools.exec.security_full_configured",
        "tools.exec.fs_tools_disabled_but_exec_enabled",
        "tools.exec.safe_bins_interpreter_unprofiled",
        "tools.exec.safe_bins_broad_behavior",
        "tools.exec.safe_bin_trusted_dirs_risky",
        "tools.exec.agent_skill_mcp_boundary_drift",
        "tools.exec.mcporter_registry_inspection_incomplete",
        "tools.profile_minimal_overridden",
        "sandbox.docker_config_mode_off",
        "sandbox.dangerous_network_mode",
        "sandbox.dangerous_bind_mount",
        "skills.workspace.symlink_escape",
        "security.exposure.open_groups_with_elevated",
        "security.exposure.open_groups_with_runtime_or_fs",
        "security.exposure.open_groups_with_control_plane_tools",
        "security.exposure.open_channels_with_exec",
        "security.trust_model.multi_user_heuristic",
        "security.trust_model.group_scope_main",
        "security.trust_model.cross_agent_session_access_default",
        "models.legacy",
        "models.weak_tier",
        "models.small_params",
        "plugins.extensions_no_allowlist",
        "plugins.allow_phantom_entries",
        "plugins.tools_reachable_permissive_policy",
        "tools.elevated.allowFrom.telegram.wildcard",
        "tools.elevated.allowFrom.whatsapp.large",
    ];
    let recordings: Vec<Outcome> =
        case_names().iter().map(|name| read_json(&fixtures().join(name).join("reference.json"))).collect();
    let seen_in = |check_id: &str| recordings.iter().filter(|r| r.pairs.iter().any(|(c, _)| c == check_id)).count();
    let missing: Vec<&str> = MUST_APPEAR.iter().copied().filter(|c| seen_in(c) == 0).collect();
    assert!(missing.is_empty(), "no recording shows {missing:?}");
    let always: Vec<&str> = MUST_APPEAR
        .iter()
        .copied()
        .filter(|c| *c != "summary.attack_surface" && seen_in(c) == recordings.iter().filter(|r| r.exit == 0).count())
        .collect();
    assert!(always.is_empty(), "no negative case for {always:?}");
}
