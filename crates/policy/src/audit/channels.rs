//! Per-channel DM access (`channels.<provider>.*`), for channel accounts that are enabled and
//! have credentials: open or disabled DMs, DMs nobody is admitted to yet, name-based allowlist
//! entries, several DM senders sharing one session, and Telegram's own group checks.
//!
//! OpenClaw runs these through channel plugins; "configured" therefore means the credential the
//! plugin needs is present. The table below names, per channel, the keys (or env variable, or
//! credential file) that count.

use serde_json::{Map, Value};

use super::agents;
use super::facts::AuditFacts;
use super::finding::{Finding, Severity};
use super::gateway_auth::{SecretInput, is_secret_ref};
use super::tree::{self, get};

/// `(channel id, label, credential keys, env variable of the default account)`.
const CHANNELS: &[(&str, &str, &[&str], Option<&str>)] = &[
    ("telegram", "Telegram", &["botToken", "tokenFile"], Some("TELEGRAM_BOT_TOKEN")),
    ("discord", "Discord", &["token"], Some("DISCORD_BOT_TOKEN")),
    ("slack", "Slack", &["botToken"], Some("SLACK_BOT_TOKEN")),
    ("whatsapp", "WhatsApp", &[], None),
    ("signal", "Signal", &["account"], None),
    ("googlechat", "Google Chat", &["serviceAccount", "serviceAccountFile"], None),
    ("msteams", "Microsoft Teams", &["appPassword"], None),
    ("mattermost", "Mattermost", &["botToken"], Some("MATTERMOST_BOT_TOKEN")),
    ("matrix", "Matrix", &["accessToken", "password"], None),
    ("irc", "IRC", &["host"], None),
];

/// Env variables that configure a channel's default account.
pub fn env_names() -> impl Iterator<Item = &'static str> {
    CHANNELS.iter().filter_map(|c| c.3)
}

/// One channel account after merging account settings over channel settings.
struct Account {
    channel: &'static str,
    label: &'static str,
    id: String,
    note: String,
    merged: Map<String, Value>,
    path: String,
}

fn accounts(channel: &'static str, label: &'static str, section: &Map<String, Value>) -> Vec<Account> {
    let listed: Vec<&String> =
        section.get("accounts").and_then(Value::as_object).map(|a| a.keys().collect()).unwrap_or_default();
    let default = tree::trimmed(section.get("defaultAccount")).map(str::to_owned).unwrap_or_else(|| {
        if listed.is_empty() || listed.iter().any(|k| k.as_str() == "default") {
            "default".to_owned()
        } else {
            listed.first().map(|s| (*s).clone()).unwrap_or_else(|| "default".to_owned())
        }
    });
    let ids = tree::unique(std::iter::once(default).chain(listed.iter().map(|s| (*s).clone())));
    let many = ids.len() > 1;
    ids.into_iter()
        .map(|id| {
            let own = section.get("accounts").and_then(|a| get(a, &id)).and_then(Value::as_object);
            let mut merged: Map<String, Value> =
                section.iter().filter(|(k, _)| k.as_str() != "accounts").map(|(k, v)| (k.clone(), v.clone())).collect();
            if let Some(own) = own {
                merged.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            let explicit = own.is_some();
            let path =
                if explicit { format!("channels.{channel}.accounts.{id}.") } else { format!("channels.{channel}.") };
            let note = if many || explicit { format!(" (account: {id})") } else { String::new() };
            Account { channel, label, id, note, merged, path }
        })
        .collect()
}

fn credential(facts: &AuditFacts, account: &Account, keys: &[&str], env: Option<&str>) -> Option<SecretInput> {
    for key in keys {
        match account.merged.get(*key) {
            Some(Value::String(s)) if !s.trim().is_empty() => {
                let path = format!("{}{key}", account.path);
                if facts.unresolved_paths.contains(&path) {
                    return Some(SecretInput::Unresolved);
                }
                return Some(SecretInput::Literal(s.trim().to_owned()));
            }
            Some(v) if is_secret_ref(v) => {
                let id = get(v, "id").and_then(Value::as_str).unwrap_or("");
                let env_value = facts.env.get(id).filter(|s| !s.trim().is_empty());
                return Some(match (get(v, "source").and_then(Value::as_str), env_value) {
                    (Some("env"), Some(value)) => SecretInput::Literal(value.clone()),
                    _ => SecretInput::Opaque,
                });
            }
            Some(Value::Object(o)) if !o.is_empty() => return Some(SecretInput::Literal("object".to_owned())),
            _ => {}
        }
    }
    let keyed = |k: &str| facts.channel_credential_files.contains(k);
    if keyed(&format!("{}:{}", account.channel, account.id)) || (account.id == "default" && keyed(account.channel)) {
        return Some(SecretInput::Literal("file".to_owned()));
    }
    if account.id == "default"
        && let Some(value) = env.and_then(|name| facts.env.get(name)).filter(|v| !v.trim().is_empty())
    {
        return Some(SecretInput::Literal(value.clone()));
    }
    None
}

/// Pairing-store entries of an account.
fn store_entries<'a>(facts: &'a AuditFacts, account: &Account) -> &'a [String] {
    let key = if account.id == "default" {
        account.channel.to_owned()
    } else {
        format!("{}:{}", account.channel, account.id)
    };
    facts.pairing_allow_from.get(&key).map(Vec::as_slice).unwrap_or_default()
}

/// Channels with credentials that native skill commands could be exposed on.
pub fn configured_channels(facts: &AuditFacts) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (channel, label, keys, env) in CHANNELS {
        let Some(section) =
            tree::obj_at(&facts.config, "channels").and_then(|c| c.get(*channel)).and_then(Value::as_object)
        else {
            continue;
        };
        let configured =
            accounts(channel, label, section).iter().any(|a| enabled(a) && credential(facts, a, keys, *env).is_some());
        if configured {
            out.push(*channel);
        }
    }
    out
}

fn enabled(account: &Account) -> bool {
    account.merged.get("enabled").and_then(Value::as_bool) != Some(false)
}

/// An allowlist entry that only a display name, tag or alias could match.
fn is_mutable_entry(channel: &str, raw: &str) -> bool {
    let entry = raw.trim();
    if entry.is_empty() || entry == "*" || entry.starts_with("group:") || entry.starts_with("accessGroup:") {
        return false;
    }
    match channel {
        "discord" => {
            let id = entry
                .trim_start_matches("discord:")
                .trim_start_matches("user:")
                .trim_start_matches("<@")
                .trim_end_matches('>');
            !id.trim_start_matches('!').chars().all(|c| c.is_ascii_digit())
        }
        "slack" => {
            let id = entry.trim_start_matches("slack:").trim_start_matches("user:");
            !(id.len() > 1
                && id.starts_with(['U', 'W'])
                && id.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
        }
        _ => false,
    }
}

pub fn collect(facts: &AuditFacts) -> Vec<Finding> {
    let cfg = &facts.config;
    let mut out = Vec::new();
    let mut principals: Vec<(String, String)> = Vec::new();
    for (channel, label, keys, env) in CHANNELS {
        let Some(section) = tree::obj_at(cfg, "channels").and_then(|c| c.get(*channel)).and_then(Value::as_object)
        else {
            continue;
        };
        for account in accounts(channel, label, section) {
            let cred = credential(facts, &account, keys, *env);
            if matches!(cred, Some(SecretInput::Opaque | SecretInput::Unresolved)) {
                out.push(
                    Finding::new(
                        format!("channels.{channel}.account.read_only_resolution"),
                        Severity::Warn,
                        format!("[secrets] {label} account could not be fully resolved"),
                        format!(
                            "{channel}:{}: the account's credential is a reference this audit cannot read.",
                            account.id
                        ),
                    )
                    .fix("Make the referenced secret available in this shell so the audit can inspect the account."),
                );
            }
            if !enabled(&account) || cred.is_none() {
                continue;
            }
            account_findings(facts, &account, &mut out, &mut principals);
            if *channel == "telegram" {
                out.extend(telegram(facts, &account));
            }
        }
    }
    out.extend(session_collisions(cfg, &principals));
    out
}

fn account_findings(
    facts: &AuditFacts,
    account: &Account,
    out: &mut Vec<Finding>,
    principals: &mut Vec<(String, String)>,
) {
    let cfg = &facts.config;
    let (channel, label, note) = (account.channel, account.label, account.note.as_str());
    let legacy_dm = account.merged.get("dm");
    let policy_from_legacy =
        account.merged.get("dmPolicy").is_none() && legacy_dm.and_then(|d| get(d, "policy")).is_some();
    let policy = account
        .merged
        .get("dmPolicy")
        .or_else(|| legacy_dm.and_then(|d| get(d, "policy")))
        .and_then(Value::as_str)
        .unwrap_or("pairing");
    let allow_from = account.merged.get("allowFrom").or_else(|| legacy_dm.and_then(|d| get(d, "allowFrom")));
    let policy_path =
        if policy_from_legacy { format!("{}dm.policy", account.path) } else { format!("{}dmPolicy", account.path) };
    let allow_path = format!("{}allowFrom", account.path);
    let entries: Vec<String> = tree::string_entries(allow_from).into_iter().filter(|e| e != "*").collect();
    let name_matching = account.merged.get("dangerouslyAllowNameMatching").and_then(Value::as_bool) == Some(true);
    let mutable = entries.iter().filter(|e| is_mutable_entry(channel, e)).count();
    if name_matching {
        out.push(
            Finding::new(
                format!("channels.{channel}.allowFrom.dangerous_name_matching_enabled"),
                Severity::Info,
                format!("{label} matches senders by name{note}"),
                format!(
                    "dangerouslyAllowNameMatching=true lets display names, tags and aliases authorize senders; anyone can take a name. {mutable} of {} allowFrom entries rely on it.",
                    entries.len()
                ),
            )
            .fix("Use stable sender ids in allowFrom, then turn dangerouslyAllowNameMatching off."),
        );
    } else if mutable > 0 {
        out.push(
            Finding::new(
                format!("channels.{channel}.allowFrom.mutable_entries_inert"),
                Severity::Warn,
                format!("{label} allowFrom has entries that never match{note}"),
                format!("{mutable} of {} entries in {allow_path} are names or tags, which never authorize a sender while name matching is off.", entries.len()),
            )
            .fix("Replace them with stable sender ids."),
        );
    }
    let has_wildcard = tree::has_wildcard(allow_from);
    match policy {
        "open" => {
            out.push(
                Finding::new(
                    format!("channels.{channel}.dm.open"),
                    Severity::Critical,
                    format!("{label}{note} DMs are open to anyone"),
                    format!("{policy_path}=\"open\" lets anyone start a conversation with the bot."),
                )
                .fix(format!(
                    "Use pairing or an allowlist; if open DMs are really intended, put \"*\" in {allow_path}."
                )),
            );
            if !has_wildcard {
                out.push(Finding::new(
                    format!("channels.{channel}.dm.open_invalid"),
                    Severity::Warn,
                    format!("{label}{note} DM settings contradict each other"),
                    format!("dmPolicy \"open\" needs \"*\" in {allow_path}."),
                ));
            }
        }
        "disabled" => {
            out.push(Finding::new(
                format!("channels.{channel}.dm.disabled"),
                Severity::Info,
                format!("{label}{note} DMs are off"),
                format!("{policy_path}=\"disabled\" ignores every direct message."),
            ));
            return;
        }
        _ => {}
    }
    let mut admitted = entries.clone();
    admitted.extend(store_entries(facts, account).iter().filter(|e| e.as_str() != "*").cloned());
    let admitted = tree::unique(admitted);
    if policy != "open" && admitted.is_empty() {
        out.push(
            Finding::new(
                format!("channels.{channel}.dm.locked"),
                Severity::Info,
                format!("{label}{note} DMs admit nobody yet"),
                format!("{policy_path}=\"{policy}\" and no sender is allowed yet; unknown senders are refused or get a pairing code."),
            )
            .fix(format!("Approve yourself with `openclaw pairing approve {channel} <code>` after messaging the bot.")),
        );
    }
    let agent_count = agents::ids(cfg).len();
    if agent_count > 1 && !agents::has_resolvable_default(cfg) && !has_binding(cfg, channel, &account.id) {
        out.push(
            Finding::new(
                format!("channels.{channel}.routing.owner_missing.{}", account.id),
                Severity::Warn,
                format!("{label}{note} DMs have no owning agent"),
                "Several agents are configured but none is the default and no binding routes this account's DMs.",
            )
            .fix("Add a binding for this channel account, or mark one agent as the default."),
        );
        return;
    }
    let agent = binding_agent(cfg, channel, &account.id)
        .or_else(|| agents::default_id(cfg))
        .unwrap_or_else(|| agents::MAIN_AGENT_ID.to_owned());
    let dm_scope = tree::str_at(cfg, "session.dmScope").unwrap_or("main");
    if dm_scope == "main" {
        let key = format!("{channel}-{}", account.id);
        for principal in &admitted {
            principals.push((agent.clone(), format!("{key}\u{0}{principal}")));
        }
        if has_wildcard {
            principals.push((agent.clone(), format!("{key}\u{0}*1")));
            principals.push((agent.clone(), format!("{key}\u{0}*2")));
        }
    }
}

fn has_binding(cfg: &Value, channel: &str, account: &str) -> bool {
    binding_agent(cfg, channel, account).is_some()
}

/// The agent a binding routes this channel account's DMs to.
fn binding_agent(cfg: &Value, channel: &str, account: &str) -> Option<String> {
    tree::arr_at(cfg, "bindings")?.iter().find_map(|binding| {
        let matcher = get(binding, "match")?;
        let same_channel = tree::str_at(matcher, "channel").is_some_and(|c| c.eq_ignore_ascii_case(channel));
        let account_ok = match tree::str_at(matcher, "accountId").map(str::trim) {
            None | Some("" | "*") => true,
            Some(id) => id == account,
        };
        let peer_ok = tree::str_at(matcher, "peer.kind").is_none_or(|k| matches!(k, "direct" | "dm"));
        (same_channel && account_ok && peer_ok)
            .then(|| agents::normalize_id(tree::str_at(binding, "agentId").unwrap_or("main")))
    })
}

/// Distinct DM senders that land in one agent's main session.
fn session_collisions(cfg: &Value, principals: &[(String, String)]) -> Vec<Finding> {
    let mut agents_seen: Vec<&String> = principals.iter().map(|(agent, _)| agent).collect();
    agents_seen.sort();
    agents_seen.dedup();
    let mut out = Vec::new();
    for (index, agent) in agents_seen.into_iter().enumerate() {
        let members: Vec<&String> = principals.iter().filter(|(a, _)| a == agent).map(|(_, p)| p).collect();
        let mut distinct = members.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() < 2 {
            continue;
        }
        let mut account_keys: Vec<&str> = distinct.iter().filter_map(|p| p.split('\u{0}').next()).collect();
        account_keys.sort();
        account_keys.dedup();
        let global = tree::str_at(cfg, "session.scope") == Some("global");
        out.push(
            Finding::new(
                format!("channels.dm.session_collision.{}.{}", account_keys.join("_"), index + 1),
                Severity::Warn,
                "DM senders share a session",
                format!(
                    "{} distinct DM senders from {} land in the same session of agent \"{agent}\"{}; one sender's context leaks to the others.",
                    distinct.len(),
                    account_keys.join(", "),
                    if global { " (session.scope=\"global\")" } else { "" }
                ),
            )
            .fix("Set session.dmScope to \"per-channel-peer\" (or \"per-account-channel-peer\")."),
        );
    }
    out
}

fn telegram(facts: &AuditFacts, account: &Account) -> Vec<Finding> {
    let cfg = &facts.config;
    let merged = &account.merged;
    let normalize = |v: &Value| -> Option<String> {
        let raw = match v {
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        let lower = raw.to_lowercase();
        let stripped = if lower.starts_with("telegram:") {
            raw[9..].trim().to_owned()
        } else if lower.starts_with("tg:") {
            raw[3..].trim().to_owned()
        } else {
            raw
        };
        (!stripped.is_empty()).then_some(stripped)
    };
    let mut invalid: Vec<String> = Vec::new();
    let mut collect_invalid = |entries: &[Value]| {
        for entry in entries.iter().filter_map(normalize) {
            if entry != "*" && !entry.chars().all(|c| c.is_ascii_digit()) && !invalid.contains(&entry) {
                invalid.push(entry);
            }
        }
    };
    let arr = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
    collect_invalid(&arr(merged.get("allowFrom")));
    let mut out = Vec::new();
    let invalid_finding = |invalid: &[String]| -> Option<Finding> {
        if invalid.is_empty() {
            return None;
        }
        let shown = invalid.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
        let more = if invalid.len() > 5 { format!(" (+{} more)", invalid.len() - 5) } else { String::new() };
        Some(
            Finding::new(
                "channels.telegram.allowFrom.invalid_entries",
                Severity::Warn,
                "Telegram allowlist has non-numeric entries",
                format!("Telegram authorizes senders by numeric user id; these entries never match: {shown}{more}."),
            )
            .fix("Replace @usernames with numeric Telegram user ids."),
        )
    };
    let group_policy = merged
        .get("groupPolicy")
        .and_then(Value::as_str)
        .or_else(|| tree::str_at(cfg, "channels.defaults.groupPolicy"))
        .unwrap_or("allowlist");
    let groups = merged.get("groups").and_then(Value::as_object);
    let groups_configured = groups.is_some_and(|g| !g.is_empty());
    if tree::is_false(cfg, "commands.text")
        || !(group_policy == "open" || (group_policy == "allowlist" && groups_configured))
    {
        out.extend(invalid_finding(&invalid));
        return out;
    }
    let store: Vec<Value> = store_entries(facts, account).iter().map(|s| Value::String(s.clone())).collect();
    let store_wildcard = store.iter().any(|v| v.as_str().map(str::trim) == Some("*"));
    collect_invalid(&store);
    let group_allow = arr(merged.get("groupAllowFrom"));
    let group_wildcard = tree::has_wildcard(merged.get("groupAllowFrom"));
    collect_invalid(&group_allow);
    let mut any_override = false;
    for group in groups.into_iter().flat_map(|g| g.values()) {
        let allow = arr(get(group, "allowFrom"));
        if !allow.is_empty() {
            any_override = true;
            collect_invalid(&allow);
        }
        for topic in get(group, "topics").and_then(Value::as_object).into_iter().flat_map(|t| t.values()) {
            let allow = arr(get(topic, "allowFrom"));
            any_override |= !allow.is_empty();
            collect_invalid(&allow);
        }
    }
    out.extend(invalid_finding(&invalid));
    if store_wildcard || group_wildcard {
        out.push(
            Finding::new(
                "channels.telegram.groups.allowFrom.wildcard",
                Severity::Critical,
                "Telegram group allowlist admits everyone",
                "The Telegram group sender allowlist contains \"*\", so any group member can run commands and directives.",
            )
            .fix("Remove \"*\" from channels.telegram.groupAllowFrom and the pairing store; list numeric user ids."),
        );
        return out;
    }
    if store.is_empty() && group_allow.is_empty() && !any_override {
        out.push(
            Finding::new(
                "channels.telegram.groups.allowFrom.missing",
                Severity::Critical,
                "Telegram group commands have no sender allowlist",
                "Telegram groups are enabled but no sender allowlist exists, so any group member can run /commands.",
            )
            .fix("Pair yourself, or set channels.telegram.groupAllowFrom (or groups.<id>.allowFrom)."),
        );
    }
    out
}
