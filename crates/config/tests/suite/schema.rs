//! The built-in schema (OpenClaw 2026.9.6 + overlay): the messages people will read, key lookup
//! for the CLI, and speed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use openclaw_config::KeyPath;
use openclaw_config::schema::{Schema, unknown_key_path};
use serde_json::{Value, json};

fn problems(v: Value) -> Vec<(String, String)> {
    Schema::builtin().validate(&v).into_iter().map(|i| (i.path.to_string(), i.message)).collect()
}

fn path(text: &str) -> KeyPath {
    KeyPath::parse(text).unwrap()
}

/// `(key path, message)` pairs a document should produce, in order.
type Expected = Vec<(&'static str, &'static str)>;

#[test]
fn each_kind_of_problem_reads_as_a_fix() {
    let cases: Vec<(&str, Value, Expected)> = vec![
        (
            "unknown key with a suggestion",
            json!({"gateway": {"bnd": "loopback"}}),
            vec![("gateway.bnd", "unknown key \"bnd\" (did you mean \"bind\"?)")],
        ),
        (
            "unknown key inside the one anyOf branch that takes objects",
            json!({"agents": {"defaults": {"sandbox": {"docker": {"ulimits": {"nofile": {"soft": 1, "hardd": 2}}}}}}}),
            vec![(
                "agents.defaults.sandbox.docker.ulimits.nofile.hardd",
                "unknown key \"hardd\" (did you mean \"hard\"?)",
            )],
        ),
        (
            "unknown key inside the secret-ref branch its `source` selects",
            json!({"gateway": {"auth": {"password": {"source": "env", "provider": "default", "idd": "X"}}}}),
            vec![("gateway.auth.password.idd", "unknown key \"idd\" (did you mean \"id\"?)")],
        ),
        (
            "wrong type",
            json!({"gateway": {"controlUi": {"enabled": "yes"}}}),
            vec![("gateway.controlUi.enabled", "expected boolean, found string \"yes\"")],
        ),
        ("integer", json!({"gateway": {"port": 1.5}}), vec![("gateway.port", "expected integer, found 1.5")]),
        (
            "enum spelled as anyOf of consts",
            json!({"gateway": {"bind": "public"}}),
            vec![(
                "gateway.bind",
                "expected one of \"auto\", \"lan\", \"loopback\", \"custom\", \"tailnet\", found \"public\"",
            )],
        ),
        (
            "union of a type and a literal",
            json!({"commands": {"native": 5}}),
            vec![("commands.native", "expected boolean or \"auto\", found number 5")],
        ),
        ("lower bound", json!({"gateway": {"port": 0}}), vec![("gateway.port", "must be >= 1, found 0")]),
        (
            "exclusive bound",
            json!({"tools": {"exec": {"timeoutSec": 0}}}),
            vec![("tools.exec.timeoutSec", "must be > 0, found 0")],
        ),
        (
            "pattern",
            json!({"agents": {"list": [{"id": "Bad Id"}]}}),
            vec![("agents.list[0].id", "must match pattern ^[a-z0-9_][a-z0-9_-]{0,63}$, found \"Bad Id\"")],
        ),
        (
            "map key pattern",
            json!({"agents": {"entries": {"Bad Id": {}}}}),
            vec![(
                "agents.entries[\"Bad Id\"]",
                "invalid key \"Bad Id\": must match pattern ^[a-z0-9_][a-z0-9_-]{0,63}$, found \"Bad Id\"",
            )],
        ),
        (
            "array bound",
            json!({"broadcast": {"team": {"agents": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q"]}}}),
            vec![("broadcast.team.agents", "expected at most 16 items, found 17")],
        ),
        (
            "overlay-required key",
            json!({"agents": {"list": [{"name": "nameless"}]}}),
            vec![("agents.list[0]", "missing required key \"id\"")],
        ),
        (
            "several problems at once, in document order",
            json!({"gateway": {"bnd": "lan", "port": "18789", "auth": {"mode": "tokn"}}, "logging": {"levle": "info"}}),
            vec![
                ("gateway.bnd", "unknown key \"bnd\" (did you mean \"bind\"?)"),
                ("gateway.port", "expected integer, found string \"18789\""),
                (
                    "gateway.auth.mode",
                    "expected one of \"none\", \"token\", \"password\", \"trusted-proxy\", found \"tokn\"",
                ),
                ("logging.levle", "unknown key \"levle\" (did you mean \"level\"?)"),
            ],
        ),
        (
            "unknown top-level key",
            json!({"gatway": {}}),
            vec![("gatway", "unknown key \"gatway\" (did you mean \"gateway\"?)")],
        ),
        (
            "plugin channel ids are the loader's business",
            json!({"channels": {"mychat": {"token": "x", "nested": {"a": 1}}}}),
            vec![],
        ),
        (
            "reference `required` lists are defaults, not requirements",
            json!({"channels": {"whatsapp": {}}, "bindings": [{"agentId": "main", "match": {"channel": "whatsapp"}}]}),
            vec![],
        ),
        ("1.0 is an integer", json!({"gateway": {"port": 18789.0}}), vec![]),
    ];
    for (rule, doc, expected) in cases {
        let expected: Vec<(String, String)> = expected.into_iter().map(|(p, m)| (p.to_owned(), m.to_owned())).collect();
        assert_eq!(problems(doc), expected, "{rule}");
    }
}

#[test]
fn messages_are_one_line() {
    let issues = Schema::builtin().validate(&json!({
        "gateway": {"bind": "x\ny", "bnd": 1, "port": [1, 2]},
        "agents": {"list": [{"id": "line\nbreak"}]}
    }));
    assert!(!issues.is_empty());
    for issue in issues {
        assert!(!issue.message.contains('\n'), "{issue}");
    }
}

#[test]
fn doctor_can_find_unknown_keys() {
    let issues = Schema::builtin().validate(&json!({"gateway": {"bnd": 1, "port": "x"}}));
    let unknown: Vec<KeyPath> = issues.iter().filter_map(unknown_key_path).collect();
    assert_eq!(unknown, vec![path("gateway.bnd")]);
}

#[test]
fn cli_key_lookup() {
    let s = Schema::builtin();
    let gateway = s.known_keys(&path("gateway")).unwrap();
    for key in ["bind", "port", "auth", "controlUi", "channelHealthCheckMinutes"] {
        assert!(gateway.contains(&key.to_owned()), "gateway.{key}");
    }
    assert!(s.known_keys(&path("agents.list[0]")).unwrap().contains(&"id".to_owned()));
    assert_eq!(s.known_keys(&path("nope")), None);
    assert!(s.path_exists(&path("channels.someplugin.anything.below")));
    assert!(s.path_exists(&path("gateway.auth.password")));
    assert!(!s.path_exists(&path("nope.x")));
    assert!(!s.path_exists(&path("gateway.port.x")));
    assert!(!s.path_exists(&path("agents.entries[\"Bad Id\"]")));
}

#[test]
fn the_overlay_only_adds() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema/reference-config.schema.json")).unwrap();
    let reference: Value = serde_json::from_str(&text).unwrap();
    let overlaid = Schema::builtin_json();
    assert!(overlaid.is_object(), "built-in schema document should build");
    let mut missing = Vec::new();
    superset(&reference, overlaid, String::new(), &mut missing);
    assert_eq!(missing, Vec::<String>::new());
}

/// Records where `wider` lacks or changes something `narrow` has.
fn superset(narrow: &Value, wider: &Value, at: String, out: &mut Vec<String>) {
    match (narrow, wider) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => superset(v, w, format!("{at}/{k}"), out),
                    None => out.push(format!("{at}/{k}")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                superset(v, w, format!("{at}/{i}"), out);
            }
        }
        _ if narrow == wider => {}
        _ => out.push(at),
    }
}

/// A realistic config of a little over 2,000 pretty-printed lines.
fn large_config() -> Value {
    let agents: Vec<Value> = (0..12)
        .map(|i| {
            json!({
                "id": format!("agent-{i}"),
                "name": format!("Agent {i}"),
                "workspace": format!("~/.openclaw/workspace-{i}"),
                "default": i == 0,
                "groupChat": {"mentionPatterns": ["@openclaw", format!("@agent{i}")], "historyLimit": 50},
                "sandbox": {"mode": "all", "scope": "agent", "workspaceAccess": "ro", "docker": {"network": "none", "binds": ["/srv/data:/data:ro"]}},
                "tools": {
                    "profile": "messaging",
                    "allow": ["read", "sessions_list"],
                    "deny": ["write", "edit", "exec", "browser"],
                    "elevated": {"enabled": false, "allowFrom": {"whatsapp": ["+15555550123", 1234]}},
                    "sessions": {"visibility": "tree"}
                }
            })
        })
        .collect();
    let groups: serde_json::Map<String, Value> = (0..100)
        .map(|i| (format!("1203630{i:05}@g.us"), json!({"requireMention": i % 2 == 0, "tools": {"deny": ["exec"]}})))
        .collect();
    let bindings: Vec<Value> = (0..50)
        .map(|i| json!({"agentId": format!("agent-{}", i % 12), "match": {"channel": "whatsapp", "peer": {"kind": "group", "id": format!("g{i}")}}}))
        .collect();
    let mappings: Vec<Value> = (0..30)
        .map(|i| json!({"id": format!("m{i}"), "match": {"path": format!("/hook{i}")}, "action": "agent", "agentId": "agent-1", "allowUnsafeExternalContent": false}))
        .collect();
    json!({
        "gateway": {
            "mode": "local", "bind": "loopback", "port": 18789,
            "auth": {"mode": "token", "token": "x".repeat(48), "rateLimit": {"maxAttempts": 10, "windowMs": 60000, "lockoutMs": 300000, "exemptLoopback": true}},
            "controlUi": {"enabled": true, "allowInsecureAuth": false},
            "trustedProxies": ["127.0.0.1"],
            "nodes": {"allowCommands": ["system.run"], "denyCommands": []},
            "channelHealthCheckMinutes": 5
        },
        "session": {"dmScope": "per-channel-peer", "identityLinks": {"alice": ["whatsapp:+15555550123", "telegram:42"]}},
        "logging": {"level": "info", "redactSensitive": "tools", "redactPatterns": ["sk-[A-Za-z0-9]+"]},
        "tools": {"profile": "coding", "deny": ["gateway", "cron"], "fs": {"workspaceOnly": true}, "exec": {"security": "allowlist", "ask": "on-miss", "timeoutSec": 1800}},
        "agents": {"defaults": {"workspace": "~/.openclaw/workspace", "sandbox": {"mode": "non-main"}}, "list": agents},
        "channels": {
            "whatsapp": {"dmPolicy": "pairing", "allowFrom": ["+15555550123"], "groups": groups},
            "telegram": {"botToken": "123:abc", "dm": {"policy": "pairing", "allowFrom": [42]}}
        },
        "bindings": bindings,
        "hooks": {"enabled": true, "token": "t", "maxBodyBytes": 262144, "mappings": mappings},
        "discovery": {"mdns": {"mode": "minimal"}}
    })
}

#[test]
fn a_large_valid_config_has_no_problems() {
    let config = large_config();
    let lines = serde_json::to_string_pretty(&config).unwrap().lines().count();
    assert!(lines >= 2000, "{lines} lines");
    assert_eq!(Schema::builtin().validate(&config), vec![]);
}

/// Timing, meaningful in release builds:
/// `cargo test --release -p openclaw-config schema_speed -- --ignored --nocapture`.
#[test]
#[ignore = "timing; run in release"]
fn schema_speed() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema/reference-config.schema.json")).unwrap();
    let t = Instant::now();
    let parsed: Value = serde_json::from_str(&text).unwrap();
    let parse = t.elapsed();
    drop(parsed);
    let document = Schema::builtin_json();
    let t = Instant::now();
    let compiled = Schema::compile(document).unwrap();
    let compile = t.elapsed();
    drop(compiled);
    let schema = Schema::builtin();
    let config = large_config();
    let lines = serde_json::to_string_pretty(&config).unwrap().lines().count();
    let mut best = Duration::MAX;
    for _ in 0..50 {
        let t = Instant::now();
        let issues = schema.validate(&config);
        best = best.min(t.elapsed());
        assert!(issues.is_empty());
    }
    eprintln!("reference schema: parse {parse:?}, compile {compile:?}; validating {lines} lines: best {best:?}");
    assert!(best < Duration::from_millis(10));
}
