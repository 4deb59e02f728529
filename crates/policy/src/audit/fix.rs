//! The config repairs `security audit --fix` may make: only changes that narrow access.
//! Open group policies become `allowlist` (a WhatsApp account left with no sender list gets
//! its pairing-store entries as `groupAllowFrom`), and `logging.redactSensitive: "off"` goes
//! back to `"tools"`. Nothing else: no secrets rotated, no bind/auth/tool changes.

use std::collections::BTreeMap;

use serde_json::Value;

use super::tree;

/// One config edit: set the value at `path` (object keys) and describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFix {
    pub path: Vec<String>,
    pub value: Value,
    /// `channels.telegram.groupPolicy=open -> allowlist`.
    pub change: String,
}

fn has_sender_list(section: &serde_json::Map<String, Value>, parent: Option<&serde_json::Map<String, Value>>) -> bool {
    let non_empty =
        |m: &serde_json::Map<String, Value>, k: &str| m.get(k).and_then(Value::as_array).is_some_and(|a| !a.is_empty());
    non_empty(section, "allowFrom")
        || non_empty(section, "groupAllowFrom")
        || parent.is_some_and(|p| non_empty(p, "allowFrom") || non_empty(p, "groupAllowFrom"))
}

/// The edits for this config, in order. `pairing_allow_from` is keyed like
/// [`super::facts::AuditFacts::pairing_allow_from`].
pub fn config_fixes(cfg: &Value, pairing_allow_from: &BTreeMap<String, Vec<String>>) -> Vec<ConfigFix> {
    let mut fixes = Vec::new();
    let allowlist = || Value::String("allowlist".to_owned());
    for (channel, section) in tree::obj_at(cfg, "channels").into_iter().flatten() {
        let Some(section) = section.as_object() else { continue };
        let seed = |fixes: &mut Vec<ConfigFix>, mut path: Vec<String>, store_key: String| {
            if channel != "whatsapp" {
                return;
            }
            let entries = pairing_allow_from.get(&store_key).filter(|e| !e.is_empty());
            if let Some(entries) = entries {
                let change = format!("{}.groupAllowFrom=pairing-store", path.join("."));
                path.push("groupAllowFrom".to_owned());
                fixes.push(ConfigFix { path, value: Value::from(entries.clone()), change });
            }
        };
        if section.get("groupPolicy").and_then(Value::as_str) == Some("open") {
            fixes.push(ConfigFix {
                path: vec!["channels".into(), channel.clone(), "groupPolicy".into()],
                value: allowlist(),
                change: format!("channels.{channel}.groupPolicy=open -> allowlist"),
            });
            if !has_sender_list(section, None) {
                seed(&mut fixes, vec!["channels".into(), channel.clone()], channel.clone());
            }
        }
        for (account, value) in section.get("accounts").and_then(Value::as_object).into_iter().flatten() {
            let Some(account_section) = value.as_object() else { continue };
            if account.is_empty() || account_section.get("groupPolicy").and_then(Value::as_str) != Some("open") {
                continue;
            }
            fixes.push(ConfigFix {
                path: vec![
                    "channels".into(),
                    channel.clone(),
                    "accounts".into(),
                    account.clone(),
                    "groupPolicy".into(),
                ],
                value: allowlist(),
                change: format!("channels.{channel}.accounts.{account}.groupPolicy=open -> allowlist"),
            });
            if !has_sender_list(account_section, Some(section)) {
                let key = if account == "default" { channel.clone() } else { format!("{channel}:{account}") };
                seed(&mut fixes, vec!["channels".into(), channel.clone(), "accounts".into(), account.clone()], key);
            }
        }
    }
    if tree::str_at(cfg, "logging.redactSensitive") == Some("off") {
        fixes.push(ConfigFix {
            path: vec!["logging".into(), "redactSensitive".into()],
            value: Value::String("tools".to_owned()),
            change: "logging.redactSensitive=off -> tools".to_owned(),
        });
    }
    fixes
}
