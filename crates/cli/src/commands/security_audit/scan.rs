//! The `--deep` static scans: every installed plugin (`<state>/extensions/<id>`, its declared
//! `openclaw.extensions` entries included) and every skill outside the bundled set (workspace
//! skills and `<state>/skills`). The rules live in `openclaw_policy::audit::code_scan`; this
//! module only walks directories (no hidden or `node_modules` dirs, at most 500 files of 1 MiB).

use std::path::{Component, Path, PathBuf};

use openclaw_policy::audit::code_scan::{self, CodeFinding};
use openclaw_policy::audit::facts::{AuditFacts, CodeScan, CodeScanKind};
use serde_json::Value;

use crate::audit_facts;
use crate::context::RunContext;

const MAX_FILES: usize = 500;
const MAX_FILE_BYTES: u64 = 1024 * 1024;
const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;
const MAX_SKILL_BYTES: u64 = 256_000;

pub fn scans(ctx: &RunContext, facts: &AuditFacts) -> Vec<CodeScan> {
    let extensions = PathBuf::from(&facts.extensions.extensions_dir);
    let mut out: Vec<CodeScan> =
        facts.extensions.plugin_dirs.iter().map(|name| plugin_scan(&extensions, name)).collect();
    out.extend(skill_scans(ctx, facts, &extensions));
    out
}

fn relative(root: &Path, file: &Path) -> String {
    file.strip_prefix(root).map(|p| p.display().to_string()).unwrap_or_else(|_| file.display().to_string())
}

/// Entries `openclaw.extensions` of `package.json`; `Err` when the manifest is unreadable.
fn manifest_entries(dir: &Path) -> Result<Vec<String>, String> {
    let path = dir.join("package.json");
    let Ok(meta) = std::fs::metadata(&path) else { return Ok(Vec::new()) };
    if meta.len() > MAX_MANIFEST_BYTES {
        return Err(format!("manifest {} is too large ({} bytes)", path.display(), meta.len()));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
    Ok(doc
        .pointer("/openclaw/extensions")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
        .unwrap_or_default())
}

/// `dir/entry` without `.`/`..`, or `None` when it leaves `dir`.
fn inside(dir: &Path, entry: &str) -> Option<PathBuf> {
    let mut out = dir.to_path_buf();
    let depth0 = out.components().count();
    for part in Path::new(entry).components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if out.components().count() <= depth0 {
                    return None;
                }
                out.pop();
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

fn hidden_or_modules(entry: &str) -> bool {
    Path::new(entry).components().any(|c| match c {
        Component::Normal(p) => {
            let s = p.to_string_lossy();
            (s.starts_with('.') && s != "." && s != "..") || s == "node_modules"
        }
        _ => false,
    })
}

/// Scannable files under `dir` (depth first, sorted), forced files first.
fn collect_files(dir: &Path, forced: &[PathBuf]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        forced.iter().filter(|f| f.is_file() && code_scan::is_scannable(&f.to_string_lossy())).cloned().collect();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let mut entries: Vec<_> =
            std::fs::read_dir(&current).map(|rd| rd.filter_map(Result::ok).collect()).unwrap_or_default();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            if files.len() >= MAX_FILES {
                return files;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "node_modules" {
                continue;
            }
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() && code_scan::is_scannable(&name) && !files.contains(&entry.path()) {
                files.push(entry.path());
            }
        }
    }
    files
}

fn scan_files(root: &Path, files: &[PathBuf]) -> (usize, Vec<CodeFinding>) {
    let mut scanned = 0;
    let mut findings = Vec::new();
    for file in files {
        if std::fs::metadata(file).map_or(true, |m| m.len() > MAX_FILE_BYTES) {
            continue;
        }
        let Ok(bytes) = std::fs::read(file) else { continue };
        scanned += 1;
        findings.extend(code_scan::scan_source(&String::from_utf8_lossy(&bytes), &relative(root, file)));
    }
    (scanned, findings)
}

fn plugin_scan(extensions: &Path, name: &str) -> CodeScan {
    let dir = extensions.join(name);
    let mut scan = CodeScan {
        kind: CodeScanKind::Plugin,
        name: name.to_owned(),
        dir: dir.display().to_string(),
        manifest_error: None,
        hidden_entries: Vec::new(),
        escaping_entries: Vec::new(),
        scan_error: None,
        scanned_files: 0,
        findings: Vec::new(),
    };
    let entries = manifest_entries(&dir).unwrap_or_else(|error| {
        scan.manifest_error = Some(error);
        Vec::new()
    });
    let mut forced = Vec::new();
    for entry in entries {
        match inside(&dir, &entry) {
            None => scan.escaping_entries.push(entry),
            Some(path) => {
                if hidden_or_modules(&entry) {
                    scan.hidden_entries.push(entry);
                }
                forced.push(path);
            }
        }
    }
    if std::fs::read_dir(&dir).is_err() {
        scan.scan_error = Some(format!("cannot list {}", dir.display()));
        return scan;
    }
    let files = collect_files(&dir, &forced);
    (scan.scanned_files, scan.findings) = scan_files(&dir, &files);
    scan
}

/// The `name:` of a SKILL.md front matter, else the directory name.
fn skill_name(skill_file: &Path, text: &str) -> String {
    let front = text.strip_prefix("---").and_then(|rest| rest.split("\n---").next()).unwrap_or("");
    front
        .lines()
        .find_map(|line| line.trim().strip_prefix("name:").map(|v| v.trim().trim_matches(['"', '\'']).to_owned()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| {
            skill_file.parent().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        })
}

fn skill_scans(ctx: &RunContext, facts: &AuditFacts, extensions: &Path) -> Vec<CodeScan> {
    let mut skill_files: Vec<PathBuf> = Vec::new();
    for workspace in audit_facts::workspace_dirs(ctx, &facts.config) {
        skill_files.extend(crate::audit_facts::skill_files(&workspace).0);
    }
    skill_files.extend(crate::audit_facts::skill_files(ctx.state_dir()).0);
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut out = Vec::new();
    for file in skill_files {
        let Some(dir) = file.parent().map(Path::to_path_buf) else { continue };
        if dir.starts_with(extensions) || seen.contains(&dir) {
            continue;
        }
        seen.push(dir.clone());
        let text = match std::fs::metadata(&file) {
            Ok(meta) if meta.len() <= MAX_SKILL_BYTES => std::fs::read_to_string(&file).ok(),
            _ => None,
        };
        let mut scan = CodeScan {
            kind: CodeScanKind::Skill,
            name: skill_name(&file, text.as_deref().unwrap_or("")),
            dir: dir.display().to_string(),
            manifest_error: None,
            hidden_entries: Vec::new(),
            escaping_entries: Vec::new(),
            scan_error: None,
            scanned_files: 0,
            findings: Vec::new(),
        };
        let Some(text) = text else {
            scan.scan_error = Some(format!("cannot read {}", file.display()));
            out.push(scan);
            continue;
        };
        let files = collect_files(&dir, &[]);
        (scan.scanned_files, scan.findings) = scan_files(&dir, &files);
        let rel = relative(&dir, &file);
        scan.findings.extend(code_scan::scan_skill_content(&text, &rel));
        scan.findings.extend(code_scan::scan_source(&text, &rel));
        scan.scanned_files += 1;
        out.push(scan);
    }
    out
}
