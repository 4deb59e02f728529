//! `safeBins` and `safeBinTrustedDirs`: allowlisted binaries that are really interpreters or
//! broad tools, directories trusted for them that others can write to, and which allowlist
//! patterns name an interpreter (for `strictInlineEval`).

use serde_json::Value;

use super::agents;
use super::finding::{Finding, Severity};
use super::tree::{self, bullets, get};

/// Executables that evaluate code given on the command line.
const INLINE_EVAL_INTERPRETERS: &[&str] = &[
    "python",
    "python2",
    "python3",
    "pypy",
    "pypy3",
    "node",
    "nodejs",
    "bun",
    "deno",
    "awk",
    "gawk",
    "mawk",
    "nawk",
    "ruby",
    "perl",
    "php",
    "r",
    "rscript",
    "julia",
    "elixir",
    "iex",
    "guile",
    "groovy",
    "scala",
    "scala-cli",
    "clojure",
    "clj",
    "raku",
    "perl6",
    "ghc",
    "ghci",
    "erl",
    "werl",
    "gdb",
    "expect",
    "lua",
    "osascript",
    "find",
    "make",
    "gmake",
    "sed",
    "gsed",
    "xargs",
];

/// `python3.11` → `python`: drops a trailing `-?\d+(\.\d+)*` unless less than two characters remain.
fn strip_version_suffix(name: &str) -> &str {
    let bytes = name.as_bytes();
    let mut start = bytes.len();
    while start > 0 && (bytes[start - 1].is_ascii_digit() || bytes[start - 1] == b'.') {
        start -= 1;
    }
    let is_version = |s: &str| s.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    let Some(mut cut) = (start..bytes.len()).find(|&i| is_version(&name[i..])) else { return name };
    if cut > 0 && bytes[cut - 1] == b'-' {
        cut -= 1;
    }
    let stripped = &name[..cut];
    if stripped.len() < 2 { name } else { stripped }
}

fn is_interpreter_name(name: &str) -> bool {
    INLINE_EVAL_INTERPRETERS.contains(&name) || INLINE_EVAL_INTERPRETERS.contains(&strip_version_suffix(name))
}

/// OpenClaw's `isInterpreterLikeAllowlistPattern`: the pattern's executable is an interpreter.
pub fn is_interpreter_pattern(pattern: &str) -> bool {
    let lower = pattern.trim().to_lowercase();
    if lower.is_empty() {
        return false;
    }
    let basename = lower.replace('\\', "/").rsplit('/').next().unwrap_or("").to_owned();
    let token = basename
        .strip_suffix(".exe")
        .or_else(|| basename.strip_suffix(".cmd"))
        .or_else(|| basename.strip_suffix(".bat"))
        .or_else(|| basename.strip_suffix(".com"))
        .unwrap_or(&basename);
    if is_interpreter_name(token) {
        return true;
    }
    let cleaned: String = token.chars().filter(|c| !"*?[]{}()".contains(*c)).collect();
    let cleaned = cleaned.trim_end_matches(['.', '-']);
    is_interpreter_name(cleaned)
}

const INTERPRETER_SAFE_BINS: &[&str] = &[
    "ash",
    "awk",
    "bash",
    "busybox",
    "bun",
    "cmd",
    "cmd.exe",
    "cscript",
    "dash",
    "deno",
    "fish",
    "gawk",
    "gsed",
    "ksh",
    "lua",
    "mawk",
    "nawk",
    "node",
    "nodejs",
    "perl",
    "php",
    "powershell",
    "powershell.exe",
    "pypy",
    "pwsh",
    "pwsh.exe",
    "python",
    "python2",
    "python3",
    "ruby",
    "sed",
    "sh",
    "toybox",
    "wscript",
    "zsh",
];

/// Basename, lowercased, without a Windows executable suffix.
fn safe_bin_name(raw: &str) -> String {
    let lower = raw.trim().to_lowercase();
    let base = lower.rsplit(['/', '\\']).next().unwrap_or("").to_owned();
    for suffix in [".exe", ".cmd", ".bat", ".com"] {
        if let Some(stripped) = base.strip_suffix(suffix) {
            return stripped.to_owned();
        }
    }
    base
}

fn is_interpreter_safe_bin(name: &str) -> bool {
    if INTERPRETER_SAFE_BINS.contains(&name) {
        return true;
    }
    ["python", "ruby", "perl", "php", "node"].iter().any(|prefix| {
        name.strip_prefix(prefix).is_some_and(|rest| {
            !rest.is_empty() && {
                let mut parts = rest.splitn(2, '.');
                let major = parts.next().unwrap_or("");
                let minor = parts.next();
                !major.is_empty()
                    && major.chars().all(|c| c.is_ascii_digit())
                    && minor.is_none_or(|m| !m.is_empty() && m.chars().all(|c| c.is_ascii_digit()))
            }
        })
    })
}

/// `safeBins` with broad semantics and why.
fn risky_safe_bin(name: &str) -> Option<&'static str> {
    match name {
        "awk" | "gawk" | "mawk" | "nawk" => Some("awk can run commands, read the environment and write files"),
        "sed" | "gsed" => Some("sed scripts can run commands and write files"),
        "jq" => Some("jq can read the environment and load code from modules"),
        _ => None,
    }
}

fn configured_safe_bins(v: Option<&Value>) -> Vec<String> {
    let mut bins: Vec<String> = tree::string_entries(v).iter().map(|s| s.to_lowercase()).collect();
    bins.sort();
    bins.dedup();
    bins
}

fn profile_names(exec: Option<&Value>) -> Vec<String> {
    exec.and_then(|e| get(e, "safeBinProfiles"))
        .and_then(Value::as_object)
        .map(|m| m.keys().map(|k| safe_bin_name(k)).filter(|k| !k.is_empty()).collect())
        .unwrap_or_default()
}

fn risky_trusted_dir(entry: &str) -> Option<&'static str> {
    let raw = entry.trim();
    if raw.is_empty() {
        return None;
    }
    if !raw.starts_with('/') && !is_windows_absolute(raw) {
        return Some("relative path: what it trusts depends on the working directory");
    }
    let normalized = super::sandbox::normalize_posix(&raw.replace('\\', "/")).to_lowercase();
    let under = |root: &str| normalized == root || normalized.starts_with(&format!("{root}/"));
    if under("/tmp") || under("/var/tmp") || under("/private/tmp") {
        return Some("temporary directory anyone can plant binaries in");
    }
    if ["/usr/local/bin", "/opt/homebrew/bin", "/opt/local/bin", "/home/linuxbrew/.linuxbrew/bin"]
        .contains(&normalized.as_str())
    {
        return Some("package-manager bin directory, often user-writable");
    }
    if normalized.starts_with("/users/")
        || normalized.starts_with("/home/")
        || normalized.contains("/.local/bin")
        || (normalized.len() > 9
            && normalized.as_bytes().get(1) == Some(&b':')
            && normalized[2..].starts_with("/users/"))
    {
        return Some("bin directory inside a home directory, usually user-writable");
    }
    None
}

fn is_windows_absolute(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && (bytes[2] == b'/' || bytes[2] == b'\\')
}

pub fn collect(cfg: &Value, global_exec: Option<&Value>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut interpreter_hits = Vec::new();
    let mut broad_hits = Vec::new();
    let mut dir_hits = Vec::new();
    let mut collect_dirs = |scope: &str, v: Option<&Value>| {
        let dirs = tree::unique(tree::string_entries(v));
        for dir in dirs {
            if let Some(reason) = risky_trusted_dir(&dir) {
                dir_hits.push(format!("{scope}.safeBinTrustedDirs: {dir} ({reason})"));
            }
        }
    };
    collect_dirs("tools.exec", global_exec.and_then(|e| get(e, "safeBinTrustedDirs")));
    for (id, agent) in agents::with_ids(cfg) {
        collect_dirs(
            &format!("agents.entries.{id}.tools.exec"),
            agent.tools().and_then(|t| tree::at(t, "exec.safeBinTrustedDirs")),
        );
    }
    let mut scan = |scope: &str, bins: Vec<String>, profiles: Vec<String>| {
        if bins.is_empty() {
            return;
        }
        let mut interpreters: Vec<String> = bins
            .iter()
            .map(|b| safe_bin_name(b))
            .filter(|b| !b.is_empty() && is_interpreter_safe_bin(b) && !profiles.contains(b))
            .collect();
        interpreters.sort();
        if !interpreters.is_empty() {
            interpreter_hits.push(format!("{scope}.safeBins: {}", interpreters.join(", ")));
        }
        let mut risky: Vec<(String, &str)> = Vec::new();
        for bin in bins.iter().map(|b| safe_bin_name(b)) {
            if let Some(reason) = risky_safe_bin(&bin)
                && !risky.iter().any(|(b, _)| *b == bin)
            {
                risky.push((bin, reason));
            }
        }
        risky.sort();
        broad_hits.extend(risky.into_iter().map(|(bin, reason)| format!("{scope}.safeBins: {bin} ({reason})")));
    };
    scan("tools.exec", configured_safe_bins(global_exec.and_then(|e| get(e, "safeBins"))), profile_names(global_exec));
    for (id, agent) in agents::with_ids(cfg) {
        let exec = agent.tools().and_then(|t| get(t, "exec"));
        let mut profiles = profile_names(global_exec);
        profiles.extend(profile_names(exec));
        scan(
            &format!("agents.entries.{id}.tools.exec"),
            configured_safe_bins(exec.and_then(|e| get(e, "safeBins"))),
            profiles,
        );
    }
    if !interpreter_hits.is_empty() {
        out.push(
            Finding::new(
                "tools.exec.safe_bins_interpreter_unprofiled",
                Severity::Warn,
                "safeBins lists interpreters without a profile",
                format!("These safeBins entries can run arbitrary programs and have no safeBinProfiles entry:\n{}", bullets(&interpreter_hits)),
            )
            .fix("Remove interpreters from safeBins (use allowlist entries), or define strict tools.exec.safeBinProfiles.<bin>."),
        );
    }
    if !broad_hits.is_empty() {
        out.push(
            Finding::new(
                "tools.exec.safe_bins_broad_behavior",
                Severity::Warn,
                "safeBins lists tools that do more than filter text",
                format!("These safeBins entries are not low-risk stream filters:\n{}", bullets(&broad_hits)),
            )
            .fix("Remove them from safeBins and use explicit allowlist entries or approvals."),
        );
    }
    if !dir_hits.is_empty() {
        let mut detail = format!(
            "These safeBinTrustedDirs are writable by more than root:\n{}",
            bullets(&dir_hits[..dir_hits.len().min(10)])
        );
        if dir_hits.len() > 10 {
            detail.push_str(&format!("\n- +{} more entries.", dir_hits.len() - 10));
        }
        out.push(
            Finding::new("tools.exec.safe_bin_trusted_dirs_risky", Severity::Warn, "safeBinTrustedDirs trusts mutable directories", detail)
                .fix("Trust only root-owned system directories (/bin, /usr/bin); avoid temporary, home and package-manager paths."),
        );
    }
    out
}
