//! Docker sandbox settings that do nothing (sandbox mode off) or that punch holes into the
//! sandbox: host networking, unconfined seccomp/AppArmor, bind mounts of system or credential
//! directories.

use serde_json::Value;

use super::agents;
use super::facts::AuditFacts;
use super::finding::{Finding, Severity};
use super::tree::{self, bullets, get};

const BLOCKED_HOST_PATHS: &[&str] = &[
    "/etc",
    "/private/etc",
    "/proc",
    "/sys",
    "/dev",
    "/root",
    "/boot",
    "/run",
    "/var/run",
    "/private/var/run",
    "/var/run/docker.sock",
    "/private/var/run/docker.sock",
    "/run/docker.sock",
];

const BLOCKED_HOME_SUBPATHS: &[&str] = &[".aws", ".cargo", ".config", ".docker", ".gnupg", ".netrc", ".npm", ".ssh"];

/// `(source label, docker block)` of the defaults and every agent.
fn docker_configs(cfg: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    if let Some(docker) = tree::at(cfg, "agents.defaults.sandbox.docker").filter(|d| d.is_object()) {
        out.push(("agents.defaults.sandbox.docker".to_owned(), docker));
    }
    for (id, agent) in agents::with_ids(cfg) {
        if let Some(docker) = tree::at(agent.entry, "sandbox.docker").filter(|d| d.is_object()) {
            out.push((format!("agents.entries.{id}.sandbox.docker"), docker));
        }
    }
    out
}

fn has_docker_settings(docker: Option<&Value>) -> bool {
    docker.and_then(Value::as_object).is_some_and(|o| o.values().any(|v| !v.is_null()))
}

pub fn docker_noop(cfg: &Value) -> Vec<Finding> {
    let mut paths = Vec::new();
    let default_mode = tree::str_at(cfg, "agents.defaults.sandbox.mode").unwrap_or("off");
    let any_enabled = agents::with_ids(cfg).iter().any(|(id, _)| agents::sandbox_mode(cfg, Some(id)) != "off");
    if has_docker_settings(tree::at(cfg, "agents.defaults.sandbox.docker")) && default_mode == "off" && !any_enabled {
        paths.push("agents.defaults.sandbox.docker".to_owned());
    }
    for (id, agent) in agents::with_ids(cfg) {
        if has_docker_settings(tree::at(agent.entry, "sandbox.docker")) && agents::sandbox_mode(cfg, Some(&id)) == "off"
        {
            paths.push(format!("agents.entries.{id}.sandbox.docker"));
        }
    }
    if paths.is_empty() {
        return Vec::new();
    }
    vec![
        Finding::new(
            "sandbox.docker_config_mode_off",
            Severity::Warn,
            "Docker sandbox settings have no effect",
            format!("Sandbox mode is off, so these docker settings are ignored:\n{}", bullets(&paths)),
        )
        .fix("Turn sandboxing on where intended (agents.defaults.sandbox.mode \"non-main\" or \"all\"), or remove the unused docker settings."),
    ]
}

/// Host path of a `source:target[:mode]` bind spec (Windows drive letters kept).
pub fn bind_source(bind: &str) -> &str {
    let bytes = bind.as_bytes();
    let drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && (bytes[2] == b'/' || bytes[2] == b'\\');
    let from = if drive { 2 } else { 0 };
    match bind[from..].find(':') {
        Some(pos) => &bind[..from + pos],
        None => bind,
    }
}

pub fn is_absolute_host_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || (bytes.len() >= 3
            && bytes[0].is_ascii_alphabetic()
            && bytes[1] == b':'
            && (bytes[2] == b'/' || bytes[2] == b'\\'))
}

/// `.`/`..` resolved, duplicate slashes collapsed, no trailing slash (POSIX `path.resolve`).
pub fn normalize_posix(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// `.`/`..` resolved, slashes collapsed, no trailing slash; `/` stays `/`.
pub fn normalize_host_path(raw: &str) -> String {
    if raw.as_bytes().get(1) == Some(&b':') {
        let replaced = raw.replace('\\', "/");
        let (drive, rest) = replaced.split_at(2);
        let normalized = normalize_posix(rest);
        return format!("{}{}", drive.to_uppercase(), if normalized == "/" { "/".to_owned() } else { normalized });
    }
    normalize_posix(raw)
}

fn inside(root: &str, target: &str) -> bool {
    if root == "/" {
        return true;
    }
    target == root || target.starts_with(&format!("{}/", root.trim_end_matches('/')))
}

enum BindBlock {
    NonAbsolute(String),
    Covers(String),
    Targets(String),
}

fn blocked_paths(facts: &AuditFacts) -> Vec<String> {
    let mut out: Vec<String> = BLOCKED_HOST_PATHS.iter().map(|p| (*p).to_owned()).collect();
    for home in &facts.home_roots {
        let home = normalize_host_path(home);
        if home == "/" {
            continue;
        }
        for sub in BLOCKED_HOME_SUBPATHS {
            out.push(format!("{home}/{sub}"));
        }
    }
    tree::unique(out)
}

fn blocked_reason(source: &str, blocked: &[String]) -> Option<BindBlock> {
    if source == "/" {
        return Some(BindBlock::Covers("/".to_owned()));
    }
    for path in blocked {
        if inside(path, source) {
            return Some(BindBlock::Targets(path.clone()));
        }
        if inside(source, path) {
            return Some(BindBlock::Covers(path.clone()));
        }
    }
    None
}

fn bind_block(facts: &AuditFacts, bind: &str, blocked: &[String]) -> Option<BindBlock> {
    let raw = bind_source(bind);
    if !is_absolute_host_path(raw) {
        return Some(BindBlock::NonAbsolute(raw.to_owned()));
    }
    let normalized = normalize_host_path(raw);
    if let Some(reason) = blocked_reason(&normalized, blocked) {
        return Some(reason);
    }
    let canonical = facts.bind_source_realpaths.get(&normalized)?;
    if *canonical != normalized { blocked_reason(canonical, blocked) } else { None }
}

pub fn dangerous(facts: &AuditFacts) -> Vec<Finding> {
    let cfg = &facts.config;
    let blocked = blocked_paths(facts);
    let mut out = Vec::new();
    for (source, docker) in docker_configs(cfg) {
        for bind in get(docker, "binds").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            match bind_block(facts, bind, &blocked) {
                Some(BindBlock::NonAbsolute(path)) => out.push(
                    Finding::new(
                        "sandbox.bind_mount_non_absolute",
                        Severity::Warn,
                        "Sandbox bind mount has a relative source",
                        format!("{source}.binds has \"{bind}\" whose source \"{path}\" is not an absolute path, so what it mounts cannot be checked."),
                    )
                    .fix(format!("Use an absolute host path in \"{bind}\" (e.g. /home/user/project:/project:ro).")),
                ),
                Some(BindBlock::Covers(path) | BindBlock::Targets(path)) => out.push(
                    Finding::new(
                        "sandbox.dangerous_bind_mount",
                        Severity::Critical,
                        "Sandbox bind mount exposes a protected host path",
                        format!("{source}.binds has \"{bind}\", which reaches the protected path \"{path}\" (system directories, credentials or the Docker socket)."),
                    )
                    .fix(format!("Remove \"{bind}\" from {source}.binds and mount only project directories.")),
                ),
                None => {}
            }
        }
        if let Some(network) = get(docker, "network").and_then(Value::as_str) {
            let lower = network.trim().to_lowercase();
            if lower == "host" || lower.starts_with("container:") {
                let detail = if lower == "host" {
                    format!("{source}.network is \"host\": the sandbox shares the host's network stack.")
                } else {
                    format!(
                        "{source}.network is \"{network}\": the sandbox joins another container's network namespace."
                    )
                };
                out.push(
                    Finding::new(
                        "sandbox.dangerous_network_mode",
                        Severity::Critical,
                        "Sandbox network is not isolated",
                        detail,
                    )
                    .fix(format!("Set {source}.network to \"none\", \"bridge\" or a dedicated network.")),
                );
            }
        }
        for (key, check_id, what) in [
            ("seccompProfile", "sandbox.dangerous_seccomp_profile", "seccomp syscall filtering"),
            ("apparmorProfile", "sandbox.dangerous_apparmor_profile", "AppArmor confinement"),
        ] {
            if get(docker, key).and_then(Value::as_str).map(|s| s.trim().to_lowercase()).as_deref()
                == Some("unconfined")
            {
                out.push(
                    Finding::new(
                        check_id,
                        Severity::Critical,
                        format!("Sandbox runs without {what}"),
                        format!("{source}.{key} is \"unconfined\", which turns {what} off."),
                    )
                    .fix(format!("Remove {source}.{key} or name a real profile.")),
                );
            }
        }
    }
    out
}

/// Normalized absolute bind sources the caller should resolve through the filesystem.
pub fn bind_sources(cfg: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (_, docker) in docker_configs(cfg) {
        for bind in get(docker, "binds").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            let raw = bind_source(bind);
            if is_absolute_host_path(raw) {
                out.push(normalize_host_path(raw));
            }
        }
    }
    tree::unique(out)
}

/// The browser-config epoch current sandbox-browser containers must carry.
pub const BROWSER_HASH_EPOCH: &str = "2026-05-12-cdp-relay-auth";

fn is_loopback_publish(host: &str) -> bool {
    matches!(host.trim().to_lowercase().as_str(), "127.0.0.1" | "::1" | "localhost")
}

/// `sandbox.browser_container.*`: stale or exposed sandbox-browser containers.
pub fn browser_containers(facts: &AuditFacts) -> Vec<Finding> {
    let found = &facts.browser_containers;
    let mut out = Vec::new();
    let recreate = "Run `openclaw sandbox recreate --browser --all` (add --force to skip the prompt).";
    let missing: Vec<&str> =
        found.containers.iter().filter(|c| c.config_hash.is_none()).map(|c| c.name.as_str()).collect();
    let stale: Vec<&str> = found
        .containers
        .iter()
        .filter(|c| c.epoch.as_deref() != Some(BROWSER_HASH_EPOCH))
        .map(|c| c.name.as_str())
        .collect();
    let exposed: Vec<String> = found
        .containers
        .iter()
        .filter_map(|c| {
            let ports: Vec<&str> =
                c.published.iter().filter(|p| !is_loopback_publish(&p.host_ip)).map(|p| p.mapping.as_str()).collect();
            (!ports.is_empty()).then(|| format!("{} ({})", c.name, ports.join("; ")))
        })
        .collect();
    if !missing.is_empty() {
        out.push(
            Finding::new(
                "sandbox.browser_container.hash_label_missing",
                Severity::Warn,
                "Sandbox browser containers lack a config hash",
                format!(
                    "Containers: {}. They predate config drift checks and may miss security fixes until recreated.",
                    missing.join(", ")
                ),
            )
            .fix(recreate),
        );
    }
    if !stale.is_empty() {
        out.push(
            Finding::new(
                "sandbox.browser_container.hash_epoch_stale",
                Severity::Warn,
                "Sandbox browser containers are from an older config epoch",
                format!("Containers: {}. Expected openclaw.browserConfigEpoch={BROWSER_HASH_EPOCH}.", stale.join(", ")),
            )
            .fix(recreate),
        );
    }
    if !exposed.is_empty() {
        out.push(
            Finding::new(
                "sandbox.browser_container.non_loopback_publish",
                Severity::Critical,
                "Sandbox browser ports are published beyond loopback",
                format!(
                    "Containers: {}. Browser observer/control ports should listen on 127.0.0.1 only.",
                    exposed.join(", ")
                ),
            )
            .fix(format!("{recreate} Then check that the ports are bound to 127.0.0.1.")),
        );
    }
    if let Some(ms) = found.timed_out {
        out.push(
            Finding::new(
                "sandbox.browser_container.docker_probe_timeout",
                Severity::Warn,
                "Docker did not answer the sandbox browser check",
                format!("The Docker daemon did not answer within {ms} ms; sandbox browser containers were not (fully) checked."),
            )
            .fix("Retry when Docker responds, or recreate the sandbox browser containers if you suspect drift."),
        );
    }
    out
}
