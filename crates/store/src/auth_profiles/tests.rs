use std::fs;
use std::os::unix::fs::PermissionsExt;

use serde_json::{Value, json};

use super::*;
use crate::StoreError;

fn store_in(dir: &tempfile::TempDir) -> AuthProfileStore {
    AuthProfileStore::at(dir.path().join("agents/main/agent/auth-profiles.json"))
}

fn write_raw(store: &AuthProfileStore, value: &Value) {
    fs::create_dir_all(store.file().parent().unwrap()).unwrap();
    fs::write(store.file(), serde_json::to_vec_pretty(value).unwrap()).unwrap();
}

fn read_raw(store: &AuthProfileStore) -> Value {
    serde_json::from_slice(&fs::read(store.file()).unwrap()).unwrap()
}

#[test]
fn path_follows_the_state_dir_layout() {
    let store = AuthProfileStore::new(&StateDir::new("/s"), &AgentId::new("ops").unwrap());
    assert_eq!(store.file(), Path::new("/s/agents/ops/agent/auth-profiles.json"));
}

#[test]
fn missing_file_is_an_empty_store() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = store_in(&dir).load().unwrap();
    assert_eq!(profiles.version(), 1);
    assert!(profiles.credentials().is_empty());
    assert!(profiles.orders().is_empty());
}

#[test]
fn corrupt_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir);
    fs::create_dir_all(store.file().parent().unwrap()).unwrap();
    fs::write(store.file(), "{ not json").unwrap();
    let err = store.load().unwrap_err();
    assert!(matches!(err, StoreError::Json { .. }));
    assert!(err.to_string().contains("auth-profiles.json"), "{err}");

    write_raw(&store, &json!({"version": 1, "profiles": []}));
    let err = store.load().unwrap_err();
    assert!(err.to_string().contains("auth-profiles.json") && err.to_string().contains("profiles"), "{err}");
}

#[test]
fn reads_all_three_credential_types_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir);
    write_raw(
        &store,
        &json!({
            "version": 1,
            "profiles": {
                "openai:default": {"type": "api_key", "provider": "openai", "key": "sk-a"},
                "anthropic:tok": {"type": "token", "provider": "anthropic", "token": "t", "expires": 5},
                "openai-codex:me": {"type": "oauth", "provider": "openai-codex", "access": "a", "refresh": "r", "expires": 9, "accountId": "acct"},
                "broken": {"type": "mystery", "provider": "x"},
                "legacy:mode": {"mode": "api_key", "provider": "legacy", "apiKey": "sk-legacy"}
            }
        }),
    );
    let profiles = store.load().unwrap();
    let ids: Vec<_> = profiles.credentials().into_iter().map(|(id, c)| (id, c.kind())).collect();
    assert_eq!(
        ids,
        [
            ("openai:default".to_owned(), "api_key"),
            ("anthropic:tok".to_owned(), "token"),
            ("openai-codex:me".to_owned(), "oauth"),
            ("legacy:mode".to_owned(), "api_key"),
        ]
    );
    let Some(Credential::ApiKey(legacy)) = profiles.credential("legacy:mode") else { panic!("not an api key") };
    assert_eq!(legacy.key.unwrap().expose(), "sk-legacy");
    let Some(Credential::OAuth(oauth)) = profiles.credential("openai-codex:me") else { panic!("not oauth") };
    assert_eq!(oauth.extra.get("accountId"), Some(&json!("acct")));
    assert_eq!(profiles.profile_ids().len(), 5, "the unusable entry is still listed");
}

#[test]
fn rewrite_preserves_unknown_fields_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir);
    let original = json!({
        "version": 1,
        "profiles": {
            "openai:default": {"type": "api_key", "provider": "openai", "key": "sk-a", "metadata": {"org": "o1"}},
            "future:x": {"type": "aws", "provider": "future", "role": "r"}
        },
        "order": {"openai": ["openai:default"]},
        "usageStats": {"openai:default": {"lastUsed": 1, "futureField": true}},
        "futureTopLevel": {"keep": "me"}
    });
    write_raw(&store, &original);

    store
        .update(|profiles| {
            let mut stats = profiles.usage("openai:default");
            stats.error_count = Some(2);
            profiles.set_usage("openai:default", &stats);
            profiles.set_last_good("openai", "openai:default");
        })
        .unwrap();

    let written = read_raw(&store);
    assert_eq!(written["futureTopLevel"], json!({"keep": "me"}));
    assert_eq!(written["profiles"]["future:x"], original["profiles"]["future:x"]);
    assert_eq!(written["profiles"]["openai:default"]["metadata"], json!({"org": "o1"}));
    assert_eq!(written["usageStats"]["openai:default"], json!({"lastUsed": 1, "errorCount": 2, "futureField": true}));
    assert_eq!(written["lastGood"], json!({"openai": "openai:default"}));
    let keys: Vec<_> = written.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["version", "profiles", "order", "usageStats", "futureTopLevel", "lastGood"]);
}

#[test]
fn writes_are_private_newline_terminated_and_skipped_when_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(&dir);
    store.update(|_| ()).unwrap();
    assert!(!store.file().exists(), "an unchanged empty store is not written");

    let credential = Credential::ApiKey(ApiKeyCredential {
        provider: "openai".to_owned(),
        key: Some(SecretString::new("sk-new")),
        key_ref: None,
        email: None,
        extra: Default::default(),
    });
    store.update(|profiles| profiles.set_credential("openai:default", &credential)).unwrap();
    let text = fs::read_to_string(store.file()).unwrap();
    assert!(text.ends_with("}\n"));
    assert_eq!(fs::metadata(store.file()).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(
        read_raw(&store),
        json!({"version": 1, "profiles": {"openai:default": {"type": "api_key", "provider": "openai", "key": "sk-new"}}})
    );
    assert_eq!(store.load().unwrap().credential("openai:default"), Some(credential));
}

#[test]
fn order_is_set_and_cleared() {
    let mut profiles = AuthProfiles::default();
    profiles.set_order("openai", &["b".to_owned(), "a".to_owned()]);
    assert_eq!(profiles.orders(), [("openai".to_owned(), vec!["b".to_owned(), "a".to_owned()])]);
    profiles.set_order("openai", &[]);
    assert!(profiles.orders().is_empty());
    assert!(!profiles.as_map().contains_key("order"), "an empty order is dropped like OpenClaw's undefined");
}

#[test]
fn usage_stats_unusable_window_is_the_later_of_cooldown_and_disable() {
    let stats = ProfileUsageStats { cooldown_until: Some(100), disabled_until: Some(50), ..Default::default() };
    assert_eq!(stats.unusable_until(), Some(100));
    assert!(stats.is_unusable_at(99));
    assert!(!stats.is_unusable_at(100));
    assert!(!ProfileUsageStats::default().is_unusable_at(0));
}

#[test]
fn secret_refs_resolve_from_env_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("key.txt");
    fs::write(&file, "sk-from-file\n").unwrap();
    let env = |name: &str| (name == "MY_KEY").then(|| "sk-from-env".to_owned());

    let by_env = SecretRef { source: SecretSource::Env, provider: None, id: "MY_KEY".to_owned() };
    assert_eq!(by_env.resolve(&env).unwrap().unwrap().expose(), "sk-from-env");
    let unset = SecretRef { source: SecretSource::Env, provider: None, id: "OTHER".to_owned() };
    assert_eq!(unset.resolve(&env).unwrap(), None);
    let by_file = SecretRef { source: SecretSource::File, provider: None, id: file.display().to_string() };
    assert_eq!(by_file.resolve(&env).unwrap().unwrap().expose(), "sk-from-file");
    let missing = SecretRef { source: SecretSource::File, provider: None, id: "/nonexistent/key".to_owned() };
    assert!(missing.resolve(&env).unwrap_err().to_string().contains("/nonexistent/key"));
}

#[test]
fn secrets_never_show_in_debug_output() {
    let canary = "sk-CANARY-7f3a";
    let raw = json!({"type": "oauth", "provider": "p", "access": canary, "refresh": canary, "idToken": canary});
    let credential = Credential::from_value(&raw).unwrap();
    assert!(!format!("{credential:?}").contains(canary));
    let mut profiles = AuthProfiles::default();
    profiles.set_credential("p:x", &credential);
    assert!(!format!("{profiles:?}").contains(canary), "{profiles:?}");
    assert!(format!("{profiles:?}").contains("p:x"));
    let token = Credential::Token(TokenCredential {
        provider: "p".to_owned(),
        token: Some(SecretString::new(canary)),
        token_ref: None,
        expires: None,
        email: None,
        extra: Default::default(),
    });
    assert!(!format!("{token:?}").contains(canary));
    assert!(!format!("{:?}", SecretString::new(canary)).contains(canary));
}
