//! Keys our contract (OpenClaw's security document, spec §3.3) names but OpenClaw 2026.9.6's
//! schema renamed, retired or never had. build.rs adds them to the reference schema when building
//! the crate; nothing of the reference is removed or loosened, only new properties appear (and an
//! existing legacy `dm` block gains the legacy fields it lacks). Every addition is "if missing",
//! so where the reference already has a key, its definition wins.
//!
//! Because build.rs includes this file, it depends only on serde_json and `keywords.rs`; the
//! crate compiles it only for its tests, which check the built schema against it.

use serde_json::{Map, Value, json};

use super::keywords::OVERLAY_REQUIRED;

pub(crate) fn apply(root: &mut Value) -> Result<(), String> {
    agents_list(root)?;
    for (path, shape) in KEYS {
        let segments = split(path);
        let Some((leaf, parent)) = segments.split_last() else { continue };
        ensure(at_or_create(root, parent)?, leaf, shape.schema())?;
    }
    name_matching(root)?;
    legacy_dm_blocks(root)
}

/// Value shapes the overlay adds, spelled the way the reference spells them.
#[derive(Debug, Clone, Copy)]
enum Shape {
    Bool,
    Str,
    StrArray,
    /// Sender ids: strings or numbers (phone numbers, Telegram ids).
    IdArray,
    /// channel → sender ids.
    IdArrayMap,
    /// name → strings.
    StrArrayMap,
    IntMin(i64),
    IntPositive,
    Enum(&'static [&'static str]),
    StrOrFalse,
}

impl Shape {
    fn schema(self) -> Value {
        match self {
            Shape::Bool => json!({"type": "boolean"}),
            Shape::Str => json!({"type": "string"}),
            Shape::StrArray => json!({"type": "array", "items": {"type": "string"}}),
            Shape::IdArray => json!({"type": "array", "items": {"type": ["string", "number"]}}),
            Shape::IdArrayMap => {
                json!({"type": "object", "additionalProperties": Shape::IdArray.schema()})
            }
            Shape::StrArrayMap => {
                json!({"type": "object", "additionalProperties": Shape::StrArray.schema()})
            }
            Shape::IntMin(min) => json!({"type": "integer", "minimum": min}),
            Shape::IntPositive => json!({"type": "integer", "exclusiveMinimum": 0}),
            Shape::Enum(values) => json!({"type": "string", "enum": values}),
            Shape::StrOrFalse => json!({"anyOf": [{"type": "string"}, {"type": "boolean", "const": false}]}),
        }
    }
}

const DM_POLICIES: &[&str] = &["pairing", "allowlist", "open", "disabled"];

/// `a.b[].c` paths and what to add there when missing.
const KEYS: &[(&str, Shape)] = &[
    // Renamed or retired by 2026.9.6, still named by the security document.
    ("logging.redactSensitive", Shape::Enum(&["off", "tools"])),
    ("gateway.controlUi.allowInsecureAuth", Shape::Bool),
    // Older spelling of `gateway.nodes.commands.{allow,deny}`.
    ("gateway.nodes.allowCommands", Shape::StrArray),
    ("gateway.nodes.denyCommands", Shape::StrArray),
    ("gateway.channelHealthCheckMinutes", Shape::IntMin(0)),
    ("hooks.maxBodyBytes", Shape::IntPositive),
    // Legacy alias of `dangerouslyAllowPrivateNetwork`.
    ("browser.ssrfPolicy.allowPrivateNetwork", Shape::Bool),
    ("commands.useAccessGroups", Shape::Bool),
    // Older spelling of `timeoutSeconds`.
    ("tools.exec.timeoutSec", Shape::IntPositive),
    // Named in spec §3.3. Most exist in 2026.9.6 (then nothing changes); listing them keeps the
    // contract if a reference update drops one.
    ("gateway.auth.rateLimit.maxAttempts", Shape::IntMin(0)),
    ("gateway.auth.rateLimit.windowMs", Shape::IntMin(0)),
    ("gateway.auth.rateLimit.lockoutMs", Shape::IntMin(0)),
    ("gateway.auth.rateLimit.exemptLoopback", Shape::Bool),
    ("gateway.auth.trustedProxy.userHeader", Shape::Str),
    ("gateway.auth.trustedProxy.requiredHeaders", Shape::StrArray),
    ("gateway.auth.trustedProxy.allowUsers", Shape::StrArray),
    ("gateway.http.securityHeaders.strictTransportSecurity", Shape::StrOrFalse),
    ("gateway.tools.allow", Shape::StrArray),
    ("gateway.tools.deny", Shape::StrArray),
    ("gateway.reload.mode", Shape::Enum(&["hybrid", "hot", "restart", "off"])),
    ("gateway.reload.debounceMs", Shape::IntMin(0)),
    ("session.dmScope", Shape::Enum(&["main", "per-peer", "per-channel-peer", "per-account-channel-peer"])),
    ("session.identityLinks", Shape::StrArrayMap),
    ("tools.fs.workspaceOnly", Shape::Bool),
    ("tools.exec.applyPatch.workspaceOnly", Shape::Bool),
    ("tools.elevated.enabled", Shape::Bool),
    ("tools.elevated.allowFrom", Shape::IdArrayMap),
    ("agents.defaults.sandbox.mode", Shape::Enum(&["off", "non-main", "all"])),
    ("agents.defaults.sandbox.scope", Shape::Enum(&["session", "agent", "shared"])),
    ("agents.defaults.sandbox.workspaceAccess", Shape::Enum(&["none", "ro", "rw"])),
    ("agents.defaults.sandbox.docker.network", Shape::Str),
    ("agents.defaults.sandbox.docker.dangerouslyAllowReservedContainerTargets", Shape::Bool),
    ("agents.defaults.sandbox.docker.dangerouslyAllowExternalBindSources", Shape::Bool),
    ("agents.defaults.sandbox.docker.dangerouslyAllowContainerNamespaceJoin", Shape::Bool),
    ("browser.ssrfPolicy.dangerouslyAllowPrivateNetwork", Shape::Bool),
    ("browser.ssrfPolicy.hostnameAllowlist", Shape::StrArray),
    ("browser.ssrfPolicy.allowedHostnames", Shape::StrArray),
    ("hooks.mappings[].allowUnsafeExternalContent", Shape::Bool),
    ("hooks.gmail.allowUnsafeExternalContent", Shape::Bool),
    ("discovery.mdns.mode", Shape::Enum(&["off", "minimal", "full"])),
    ("plugins.allow", Shape::StrArray),
    ("plugins.deny", Shape::StrArray),
    ("channels.telegram.tokenFile", Shape::Str),
];

/// Channels whose name-based allowlist matching the security document flags (spec §3.3).
const NAME_MATCHING_CHANNELS: &[&str] = &["discord", "slack", "googlechat", "msteams", "irc", "mattermost"];

/// `agents.list[]`: the multi-agent list the security document's per-agent examples use; 2026.9.6
/// keys agents by id under `agents.entries` instead. An item is an entry plus its `id`.
fn agents_list(root: &mut Value) -> Result<(), String> {
    let sessions = at(root, &["tools", "sessions"]).ok().cloned();
    let entries = at(root, &["agents", "entries"])?;
    let id_pattern = entries
        .pointer("/propertyNames/pattern")
        .and_then(Value::as_str)
        .ok_or("overlay: agents.entries has no propertyNames pattern")?
        .to_owned();
    let mut item = entries
        .get("additionalProperties")
        .filter(|v| v.is_object())
        .cloned()
        .ok_or("overlay: agents.entries has no entry schema")?;
    ensure(&mut item, "id", json!({"type": "string", "pattern": id_pattern}))?;
    ensure(&mut item, "default", Shape::Bool.schema())?;
    let group_chat = at_or_create(&mut item, &["groupChat"])?;
    ensure(group_chat, "mentionPatterns", Shape::StrArray.schema())?;
    ensure(group_chat, "historyLimit", Shape::IntMin(0).schema())?;
    let tools = at_or_create(&mut item, &["tools"])?;
    let elevated = at_or_create(tools, &["elevated"])?;
    ensure(elevated, "enabled", Shape::Bool.schema())?;
    ensure(elevated, "allowFrom", Shape::IdArrayMap.schema())?;
    let exec = at_or_create(tools, &["exec"])?;
    ensure(exec, "host", Shape::Enum(&["sandbox", "gateway", "node"]).schema())?;
    ensure(exec, "security", Shape::Enum(&["deny", "allowlist", "full"]).schema())?;
    ensure(exec, "ask", Shape::Enum(&["off", "on-miss", "always"]).schema())?;
    // `tools.sessions.visibility` per agent: the "no filesystem access" example sets it.
    let sessions = sessions.unwrap_or_else(|| {
        json!({"type": "object", "properties": {"visibility": Shape::Enum(&["self", "tree", "agent", "all"]).schema()}, "additionalProperties": false})
    });
    ensure(tools, "sessions", sessions)?;
    if let Some(map) = item.as_object_mut() {
        map.insert(OVERLAY_REQUIRED.to_owned(), json!(["id"]));
    }
    ensure(at(root, &["agents"])?, "list", json!({"type": "array", "items": item}))
}

fn name_matching(root: &mut Value) -> Result<(), String> {
    for channel in NAME_MATCHING_CHANNELS {
        let Ok(schema) = at(root, &["channels", channel]) else { continue };
        for_each_object(schema, &mut |obj| {
            ensure(obj, "dangerouslyAllowNameMatching", Shape::Bool.schema())?;
            if let Some(account) = obj.pointer_mut("/properties/accounts/additionalProperties") {
                for_each_object(account, &mut |acc| ensure(acc, "dangerouslyAllowNameMatching", Shape::Bool.schema()))?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// The legacy per-channel DM block (`channels.<ch>.dm.{enabled,policy,allowFrom,…}`), which
/// 2026.9.6 replaced with `dmPolicy`/`allowFrom` but the security document still names as the
/// legacy spelling. Added on every channel and account schema; where a channel already has a
/// `dm` block, only the legacy fields it lacks are added.
fn legacy_dm_blocks(root: &mut Value) -> Result<(), String> {
    let channels = properties(at(root, &["channels"])?)?;
    for (name, schema) in channels.iter_mut() {
        // Shared settings, not channels.
        if matches!(name.as_str(), "defaults" | "modelByChannel") {
            continue;
        }
        for_each_object(schema, &mut |obj| {
            add_dm(obj)?;
            if let Some(account) = obj.pointer_mut("/properties/accounts/additionalProperties") {
                for_each_object(account, &mut add_dm)?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

fn add_dm(channel: &mut Value) -> Result<(), String> {
    let fields = [
        ("enabled", Shape::Bool),
        ("policy", Shape::Enum(DM_POLICIES)),
        ("allowFrom", Shape::IdArray),
        ("groupEnabled", Shape::Bool),
        ("groupChannels", Shape::IdArray),
    ];
    let dm = properties(channel)?
        .entry("dm")
        .or_insert_with(|| json!({"type": "object", "properties": {}, "additionalProperties": false}));
    if object_schema(dm).is_none() {
        // Some other shape of `dm` that the reference defines: leave it as it is.
        return Ok(());
    }
    for (key, shape) in fields {
        ensure(dm, key, shape.schema())?;
    }
    Ok(())
}

/// Splits `a.b[].c` into `a`, `b`, `[]`, `c`.
fn split(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in path.split('.') {
        match part.strip_suffix("[]") {
            Some(name) => {
                out.push(name);
                out.push("[]");
            }
            None => out.push(part),
        }
    }
    out
}

fn is_object_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("object") || v.get("properties").is_some()
}

/// The object schema `v` is, or the first object branch of its `anyOf`/`oneOf`.
fn object_schema(v: &mut Value) -> Option<&mut Map<String, Value>> {
    if is_object_schema(v) {
        return v.as_object_mut();
    }
    for key in ["anyOf", "oneOf"] {
        let branch = v.get(key).and_then(Value::as_array).and_then(|b| b.iter().position(is_object_schema));
        if let Some(i) = branch {
            return v.get_mut(key)?.get_mut(i)?.as_object_mut();
        }
    }
    None
}

/// Calls `f` on `v` if it is an object schema, else on each object branch of its unions.
fn for_each_object(v: &mut Value, f: &mut dyn FnMut(&mut Value) -> Result<(), String>) -> Result<(), String> {
    if is_object_schema(v) {
        return f(v);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = v.get_mut(key).and_then(Value::as_array_mut) {
            for b in branches {
                for_each_object(b, f)?;
            }
        }
    }
    Ok(())
}

fn properties(v: &mut Value) -> Result<&mut Map<String, Value>, String> {
    object_schema(v)
        .ok_or("overlay: expected an object schema")?
        .entry("properties")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .ok_or_else(|| "overlay: `properties` is not an object".to_owned())
}

/// Adds property `name` to object schema `v` unless the reference already defines it.
fn ensure(v: &mut Value, name: &str, schema: Value) -> Result<(), String> {
    properties(v)?.entry(name).or_insert(schema);
    Ok(())
}

/// The schema at `path` (`*` = additionalProperties, `[]` = items), which must exist.
fn at<'a>(root: &'a mut Value, path: &[&str]) -> Result<&'a mut Value, String> {
    let mut cur = root;
    for seg in path {
        cur = match *seg {
            "[]" => cur.get_mut("items"),
            "*" => object_schema(cur).and_then(|m| m.get_mut("additionalProperties")),
            name => object_schema(cur).and_then(|m| m.get_mut("properties")).and_then(|p| p.get_mut(name)),
        }
        .ok_or_else(|| format!("overlay: reference schema has no {}", path.join(".")))?;
    }
    Ok(cur)
}

/// Like [`at`], creating missing properties along the way as strict empty objects.
fn at_or_create<'a>(root: &'a mut Value, path: &[&str]) -> Result<&'a mut Value, String> {
    let mut cur = root;
    for seg in path {
        cur = match *seg {
            "*" | "[]" => at(cur, &[seg])?,
            name => properties(cur)?
                .entry(name)
                .or_insert_with(|| json!({"type": "object", "properties": {}, "additionalProperties": false})),
        };
    }
    Ok(cur)
}
