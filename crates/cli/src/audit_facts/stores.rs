//! Small state files the audit reads: installed extensions and install records, exec approvals,
//! the mcporter registry, pairing allowlists and channel credential folders.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use openclaw_policy::audit::facts::{ExtensionFacts, InstallRecord, McporterRegistry};
use openclaw_policy::audit::plugins::is_plugin_dir_name;
use serde_json::Value;

const MAX_MCPORTER_BYTES: u64 = 16 * 1024 * 1024;

pub fn read_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

fn sorted_dir_entries(dir: &Path) -> Vec<std::fs::DirEntry> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).map(|rd| rd.filter_map(Result::ok).collect()).unwrap_or_default();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    entries
}

fn install_records(path: &Path, dir: &Path) -> Vec<InstallRecord> {
    let Some(doc) = read_json(path) else { return Vec::new() };
    let map = doc.get("installs").and_then(Value::as_object).or_else(|| doc.as_object()).cloned().unwrap_or_default();
    map.into_iter()
        .filter(|(_, record)| record.is_object())
        .map(|(id, record)| {
            let text = |key: &str| record.get(key).and_then(Value::as_str).map(str::to_owned);
            let install_path = text("installPath").map(std::path::PathBuf::from).unwrap_or_else(|| dir.join(&id));
            let installed_version = read_json(&install_path.join("package.json"))
                .and_then(|p| p.get("version").and_then(Value::as_str).map(str::to_owned));
            InstallRecord {
                source: text("source"),
                spec: text("spec"),
                integrity: text("integrity"),
                recorded_version: text("resolvedVersion").or_else(|| text("version")),
                installed_version,
                id,
            }
        })
        .collect()
}

/// `<state>/extensions/*` plugin directories and the plugin/hook install records
/// (`<state>/plugins/installs.json`, `<state>/hooks/installs.json`).
pub fn extensions(state_dir: &Path) -> ExtensionFacts {
    let dir = state_dir.join("extensions");
    let plugin_dirs = sorted_dir_entries(&dir)
        .into_iter()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| is_plugin_dir_name(name))
        .collect();
    let plugin_installs = install_records(&state_dir.join("plugins").join("installs.json"), &dir);
    let hook_installs = install_records(&state_dir.join("hooks").join("installs.json"), &state_dir.join("hooks"));
    ExtensionFacts {
        extensions_dir: dir.display().to_string(),
        plugin_dirs,
        indexed_plugin_ids: plugin_installs.iter().map(|r| r.id.clone()).collect(),
        internal_hook_installs: hook_installs.iter().map(|r| r.id.clone()).collect(),
        plugin_installs,
        hook_installs,
    }
}

/// `<state>/skills/config/mcporter.json`: server names, or why it could not be read.
pub fn mcporter(state_dir: &Path) -> McporterRegistry {
    let path = state_dir.join("skills").join("config").join("mcporter.json");
    let meta = match std::fs::metadata(&path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return McporterRegistry::Absent,
        Err(_) => return McporterRegistry::Rejected("unreadable".to_owned()),
    };
    if !meta.is_file() {
        return McporterRegistry::Rejected("non-regular".to_owned());
    }
    if meta.len() > MAX_MCPORTER_BYTES {
        return McporterRegistry::Rejected("oversized".to_owned());
    }
    let mut text = String::new();
    let read = std::fs::File::open(&path).and_then(|f| f.take(MAX_MCPORTER_BYTES + 1).read_to_string(&mut text));
    if read.is_err() {
        return McporterRegistry::Rejected("unreadable".to_owned());
    }
    let Ok(doc) = serde_json::from_str::<Value>(&text) else {
        return McporterRegistry::Rejected("malformed".to_owned());
    };
    let mut names: Vec<String> = doc
        .get("mcpServers")
        .and_then(Value::as_object)
        .map(|servers| {
            servers
                .iter()
                .filter(|(_, s)| s.get("enabled").and_then(Value::as_bool) != Some(false))
                .map(|(name, _)| name.clone())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    if names.is_empty() { McporterRegistry::Absent } else { McporterRegistry::Servers(names) }
}

/// `credentials/<channel>[-<account>]-allowFrom.json`, keyed `channel` or `channel:account`.
pub fn pairing_allow_from(credentials_dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for entry in sorted_dir_entries(credentials_dir) {
        let Ok(name) = entry.file_name().into_string() else { continue };
        let Some(stem) = name.strip_suffix("-allowFrom.json") else { continue };
        let key = match stem.split_once('-') {
            Some((channel, account)) if !account.is_empty() => format!("{channel}:{account}"),
            _ => stem.to_owned(),
        };
        let entries: Vec<String> = read_json(&entry.path())
            .and_then(|doc| doc.get("allowFrom").and_then(Value::as_array).cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.trim().to_owned()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect();
        out.insert(key, entries);
    }
    out
}

/// Channel accounts with a credentials folder (`credentials/whatsapp/<account>/creds.json`).
pub fn channel_credential_files(credentials_dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for channel in sorted_dir_entries(credentials_dir).into_iter().filter(|e| e.file_type().is_ok_and(|t| t.is_dir())) {
        let Ok(channel_name) = channel.file_name().into_string() else { continue };
        for account in sorted_dir_entries(&channel.path()) {
            let Ok(account_name) = account.file_name().into_string() else { continue };
            if account.path().join("creds.json").is_file() {
                if account_name == "default" {
                    out.insert(channel_name.clone());
                }
                out.insert(format!("{channel_name}:{account_name}"));
            }
        }
    }
    out
}
