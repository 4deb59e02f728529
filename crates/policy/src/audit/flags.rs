//! `config.insecure_or_dangerous_flags`: switches that knowingly weaken a safeguard. One finding
//! per flag (OpenClaw 2026.9.6); the list is the union of the security document's (which still
//! names `allowInsecureAuth` and `dangerouslyDisableDeviceAuth`) and 2026.9.6's, plus the dangerous
//! config contracts bundled plugins declare.

use serde_json::Value;

use super::agents;
use super::tree::{self, get};

const DOCKER_FLAGS: &[&str] = &[
    "dangerouslyAllowReservedContainerTargets",
    "dangerouslyAllowExternalBindSources",
    "dangerouslyAllowContainerNamespaceJoin",
];

/// `(plugin id, config path pattern with * segments, dangerous value)` of bundled plugins.
const PLUGIN_FLAGS: &[(&str, &str, PluginFlagValue)] = &[
    ("imap", "accounts.*.senderAuth.acceptTrustedAuthservId", PluginFlagValue::Bool(true)),
    ("imap", "accounts.*.senderAuth.min", PluginFlagValue::Str("unverified")),
    ("imap", "accounts.*.senderAuth.min", PluginFlagValue::Str("mutable")),
];

#[derive(Debug, Clone, Copy)]
enum PluginFlagValue {
    Bool(bool),
    Str(&'static str),
}

impl PluginFlagValue {
    fn matches(self, v: &Value) -> bool {
        match self {
            PluginFlagValue::Bool(b) => v.as_bool() == Some(b),
            PluginFlagValue::Str(s) => v.as_str() == Some(s),
        }
    }
    fn render(self) -> String {
        match self {
            PluginFlagValue::Bool(b) => b.to_string(),
            PluginFlagValue::Str(s) => s.to_owned(),
        }
    }
}

/// Every enabled dangerous flag, rendered `path=value`, in a stable order.
pub fn enabled(cfg: &Value) -> Vec<String> {
    let mut flags = Vec::new();
    let on = |path: &str| tree::is_true(cfg, path);
    for path in [
        "gateway.controlUi.allowInsecureAuth",
        "gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback",
        "gateway.controlUi.dangerouslyDisableDeviceAuth",
        "hooks.gmail.allowUnsafeExternalContent",
    ] {
        if on(path) {
            flags.push(format!("{path}=true"));
        }
    }
    if let Some(mappings) = tree::arr_at(cfg, "hooks.mappings") {
        for (index, mapping) in mappings.iter().enumerate() {
            if get(mapping, "allowUnsafeExternalContent").and_then(Value::as_bool) == Some(true) {
                flags.push(format!("hooks.mappings[{index}].allowUnsafeExternalContent=true"));
            }
        }
    }
    if tree::is_false(cfg, "tools.exec.applyPatch.workspaceOnly") {
        flags.push("tools.exec.applyPatch.workspaceOnly=false".to_owned());
    }
    let suppressions = tree::arr_at(cfg, "security.audit.suppressions").map_or(0, Vec::len);
    if suppressions > 0 {
        flags.push(format!("security.audit.suppressions configured ({suppressions})"));
    }
    if on("hooks.allowRequestSessionKey") {
        flags.push("hooks.allowRequestSessionKey=true".to_owned());
    }
    for path in ["browser.ssrfPolicy.dangerouslyAllowPrivateNetwork", "browser.ssrfPolicy.allowPrivateNetwork"] {
        if on(path) {
            flags.push(format!("{path}=true"));
        }
    }
    if tree::is_false(cfg, "tools.fs.workspaceOnly") {
        flags.push("tools.fs.workspaceOnly=false".to_owned());
    }
    docker_flags(tree::at(cfg, "agents.defaults.sandbox.docker"), "agents.defaults.sandbox.docker", &mut flags);
    for (index, agent) in agents::entries(cfg).iter().enumerate() {
        let label = match agent.id {
            Some(id) if !id.is_empty() => format!("agents.entries.{id}"),
            _ => format!("agents.list.{index}"),
        };
        docker_flags(tree::at(agent.entry, "sandbox.docker"), &format!("{label}.sandbox.docker"), &mut flags);
    }
    plugin_flags(cfg, &mut flags);
    flags
}

fn docker_flags(docker: Option<&Value>, prefix: &str, flags: &mut Vec<String>) {
    let Some(docker) = docker.filter(|d| d.is_object()) else { return };
    for key in DOCKER_FLAGS {
        if get(docker, key).and_then(Value::as_bool) == Some(true) {
            flags.push(format!("{prefix}.{key}=true"));
        }
    }
}

fn plugin_flags(cfg: &Value, flags: &mut Vec<String>) {
    let Some(entries) = tree::obj_at(cfg, "plugins.entries") else { return };
    for (plugin, pattern, value) in PLUGIN_FLAGS {
        let Some(config) = entries.get(*plugin).and_then(|e| get(e, "config")).filter(|c| c.is_object()) else {
            continue;
        };
        let segments: Vec<&str> = pattern.split('.').collect();
        for (path, found) in matches(config, &segments, String::new()) {
            if value.matches(found) {
                let rendered = format!("plugins.entries.{plugin}.config.{path}={}", value.render());
                if !flags.contains(&rendered) {
                    flags.push(rendered);
                }
            }
        }
    }
}

/// Concrete paths (and values) matching a dotted pattern with `*` segments.
fn matches<'a>(value: &'a Value, segments: &[&str], prefix: String) -> Vec<(String, &'a Value)> {
    let Some((first, rest)) = segments.split_first() else { return vec![(prefix, value)] };
    let join = |key: &str| if prefix.is_empty() { key.to_owned() } else { format!("{prefix}.{key}") };
    match (value, *first) {
        (Value::Object(map), "*") => map.iter().flat_map(|(k, v)| matches(v, rest, join(k))).collect(),
        (Value::Array(items), "*") => {
            items.iter().enumerate().flat_map(|(i, v)| matches(v, rest, join(&i.to_string()))).collect()
        }
        (Value::Object(map), key) => map.get(key).map(|v| matches(v, rest, join(key))).unwrap_or_default(),
        _ => Vec::new(),
    }
}
