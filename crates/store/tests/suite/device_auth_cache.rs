use std::fs;

use openclaw_durable::mode_of;
use openclaw_store::{DeviceAuthCache, StateDir};
use serde_json::{Value, json};

const FIXTURE: &str = include_str!("../fixtures/identity/device-auth.json");
/// What OpenClaw's `storeDeviceAuthToken` leaves after caching a node token at `NOW` (Node output).
const AFTER_STORE: &str = include_str!("../fixtures/identity/device-auth.after-store.json");
const DEVICE: &str = "e6c08f8e4211d245dfd605bd18ed9427bdeb3addd101a1199f92e0945030d377";
const NOW: i64 = 1_767_225_600_000;

fn cache_with(content: Option<&str>) -> (tempfile::TempDir, StateDir, DeviceAuthCache) {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));
    if let Some(content) = content {
        fs::create_dir_all(state.identity_dir()).unwrap();
        fs::write(state.device_auth_file(), content).unwrap();
    }
    let cache = DeviceAuthCache::new(&state);
    (home, state, cache)
}

#[test]
fn storing_a_token_writes_what_openclaw_writes() {
    let (_home, state, cache) = cache_with(Some(FIXTURE));
    let entry = cache.store(DEVICE, " node ", "cached-node-token", &[], NOW).unwrap();
    assert_eq!(entry.role, "node");
    assert_eq!(fs::read_to_string(state.device_auth_file()).unwrap(), AFTER_STORE);
    assert_eq!(mode_of(&state.device_auth_file()).unwrap(), Some(0o600));
}

#[test]
fn loading_finds_the_token_of_this_device_and_role_only() {
    let (_home, _state, cache) = cache_with(Some(FIXTURE));
    let operator = cache.load(DEVICE, "operator").unwrap().unwrap();
    assert_eq!(operator.token, "cached-operator-token");
    assert_eq!(operator.scopes, ["operator.admin", "operator.read"]);
    assert_eq!(operator.updated_at_ms, NOW - 1000);
    assert!(cache.load(DEVICE, "node").unwrap().is_none());
    assert!(cache.load(&"f".repeat(64), "operator").unwrap().is_none());
    assert!(!format!("{operator:?}").contains("cached-operator-token"), "Debug redacts the token");
}

#[test]
fn scopes_are_trimmed_deduplicated_and_sorted() {
    let (_home, _state, cache) = cache_with(None);
    let scopes = [" operator.write", "operator.admin", "", "operator.write "].map(String::from);
    let entry = cache.store(DEVICE, "operator", "t", &scopes, NOW).unwrap();
    assert_eq!(entry.scopes, ["operator.admin", "operator.write"]);
    assert_eq!(cache.load(DEVICE, "operator").unwrap().unwrap(), entry);
}

#[test]
fn clearing_removes_only_that_role() {
    let (_home, state, cache) = cache_with(Some(AFTER_STORE));
    assert!(cache.clear(DEVICE, "node").unwrap());
    assert_eq!(fs::read_to_string(state.device_auth_file()).unwrap(), FIXTURE);
    assert!(!cache.clear(DEVICE, "node").unwrap());
    assert!(!cache.clear(&"f".repeat(64), "operator").unwrap(), "another device's file is left alone");
    assert!(cache.load(DEVICE, "operator").unwrap().is_some());
}

#[test]
fn a_token_for_another_device_starts_a_fresh_file() {
    let (_home, state, cache) = cache_with(Some(FIXTURE));
    let other = "f".repeat(64);
    cache.store(&other, "operator", "new", &["operator.read".to_owned()], NOW).unwrap();
    let file: Value = serde_json::from_slice(&fs::read(state.device_auth_file()).unwrap()).unwrap();
    assert_eq!(
        file,
        json!({"version": 1, "deviceId": other, "tokens": {
            "operator": {"token": "new", "role": "operator", "scopes": ["operator.read"], "updatedAtMs": NOW}
        }})
    );
}

#[test]
fn unknown_fields_survive_a_rewrite() {
    let mut file: Value = serde_json::from_str(FIXTURE).unwrap();
    file["gatewayScopes"] = json!({"wss://example": {"x": 1}});
    file["tokens"]["future-role"] = json!({"shape": "unknown to us"});
    let (_home, state, cache) = cache_with(Some(&serde_json::to_string_pretty(&file).unwrap()));
    cache.store(DEVICE, "node", "n", &[], NOW).unwrap();
    let after: Value = serde_json::from_slice(&fs::read(state.device_auth_file()).unwrap()).unwrap();
    assert_eq!(after["gatewayScopes"], file["gatewayScopes"]);
    assert_eq!(after["tokens"]["future-role"], file["tokens"]["future-role"]);
    assert_eq!(after["tokens"]["operator"], file["tokens"]["operator"]);
}

#[test]
fn a_file_that_is_not_a_v1_cache_reads_as_empty_and_is_backed_up_before_overwrite() {
    for content in ["{\"version\": 2, \"deviceId\": \"x\", \"tokens\": {}}", "{ not json"] {
        let (_home, state, cache) = cache_with(Some(content));
        assert!(cache.load(DEVICE, "operator").unwrap().is_none());
        assert!(!cache.clear(DEVICE, "operator").unwrap());
        assert_eq!(fs::read_to_string(state.device_auth_file()).unwrap(), content, "clear leaves it alone");

        cache.store(DEVICE, "operator", "t", &[], NOW).unwrap();
        let backup = state.identity_dir().join("device-auth.json.bak");
        assert_eq!(fs::read_to_string(backup).unwrap(), content);
        assert_eq!(cache.load(DEVICE, "operator").unwrap().unwrap().token, "t");
    }
}
