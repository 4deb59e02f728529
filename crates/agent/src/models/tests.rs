//! Specifications of model selection, credential resolution and failover.

mod catalog;
mod chain;
mod cooldown;
mod cost;
mod credentials;
mod failover;
mod model_ref;
mod redaction;

use std::collections::BTreeMap;

use openclaw_store::AuthProfiles;
use serde_json::{Value, json};

/// An environment holding exactly `vars`.
fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let vars: BTreeMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    move |name| vars.get(name).cloned()
}

/// An auth profile store with `value` as its file content.
fn profiles_of(value: Value) -> AuthProfiles {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("auth-profiles.json");
    std::fs::write(&file, serde_json::to_vec(&value).unwrap()).unwrap();
    openclaw_store::AuthProfileStore::at(file).load().unwrap()
}

fn no_profiles() -> AuthProfiles {
    profiles_of(json!({"version": 1, "profiles": {}}))
}
