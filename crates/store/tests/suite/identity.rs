use std::fs;
use std::path::Path;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use openclaw_durable::mode_of;
use openclaw_store::{DeviceIdentity, StateDir, StoreError, device_id_for_public_key};
use serde_json::{Value, json};

const FIXTURE: &str = include_str!("../fixtures/identity/device.json");
/// From the same Node run that wrote the fixture: the raw public key and
/// `crypto.sign(null, "v3|hello", privateKey)`, both base64url.
const NODE_PUBLIC_KEY: &str = "_Ujvic6uDhzCmzHIogNDPGpbnHkhtDEfc06pllU0lKo";
const NODE_SIGNATURE: &str = "uIJPuXhEaTev9vc4jjAXm_YkmTasVQFYMpfk7arlnjCI7FWKQmzh2eLs_V03j_1dOAB5HtxVZVZ7JKqomsjeCw";
const NOW: i64 = 1_767_225_600_000;

fn state_with(file: &str) -> (tempfile::TempDir, StateDir) {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));
    fs::create_dir_all(state.identity_dir()).unwrap();
    fs::write(state.device_identity_file(), file).unwrap();
    (home, state)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_new_identity_is_written_in_openclaws_format() {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));
    let identity = DeviceIdentity::load_or_create(&state, NOW).unwrap();

    let path = state.device_identity_file();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.ends_with("}\n"), "JSON.stringify(…, null, 2) plus a newline");
    let file = read_json(&path);
    let keys: Vec<&str> = file.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["version", "deviceId", "publicKeyPem", "privateKeyPem", "createdAtMs"]);
    assert_eq!(file["version"], 1);
    assert_eq!(file["createdAtMs"], NOW);
    assert_eq!(file["deviceId"], identity.device_id());
    assert_eq!(file["publicKeyPem"], identity.public_key_pem());
    let private_pem = file["privateKeyPem"].as_str().unwrap();
    assert!(private_pem.starts_with("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI"), "PKCS#8 v1, as Node writes");
    assert!(identity.public_key_pem().starts_with("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"));
    assert_eq!(identity.device_id(), device_id_for_public_key(&identity.public_key_raw()));
    assert_eq!(identity.device_id().len(), 64);

    assert_eq!(mode_of(&path).unwrap(), Some(0o600));
    assert_eq!(mode_of(&state.identity_dir()).unwrap(), Some(0o700));

    let again = DeviceIdentity::load_or_create(&state, NOW + 1).unwrap();
    assert_eq!(again.device_id(), identity.device_id());
    assert_eq!(again.signing_seed().expose(), identity.signing_seed().expose());
    assert_eq!(fs::read_to_string(&path).unwrap(), text, "loading never rewrites a valid file");
}

#[test]
fn an_identity_node_wrote_loads_and_signs_like_node() {
    let (_home, state) = state_with(FIXTURE);
    let identity = DeviceIdentity::load_or_create(&state, NOW).unwrap();
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();

    assert_eq!(identity.device_id(), fixture["deviceId"]);
    assert_eq!(identity.public_key_base64url(), NODE_PUBLIC_KEY);
    assert_eq!(identity.public_key_pem(), fixture["publicKeyPem"]);
    assert_eq!(identity.created_at_ms(), Some(NOW));
    assert_eq!(identity.sign_base64url("v3|hello"), NODE_SIGNATURE, "Ed25519 is deterministic");
    assert_eq!(fs::read_to_string(state.device_identity_file()).unwrap(), FIXTURE);
}

#[test]
fn a_stale_device_id_is_rewritten_keeping_every_other_field() {
    let mut file: Value = serde_json::from_str(FIXTURE).unwrap();
    let real_id = file["deviceId"].clone();
    file["deviceId"] = json!("0".repeat(64));
    file["addedLater"] = json!({"x": 1});
    let (_home, state) = state_with(&format!("{}\n", serde_json::to_string_pretty(&file).unwrap()));

    let identity = DeviceIdentity::load_or_create(&state, NOW).unwrap();
    assert_eq!(identity.device_id(), real_id);

    file["deviceId"] = real_id;
    let expected = format!("{}\n", serde_json::to_string_pretty(&file).unwrap());
    assert_eq!(fs::read_to_string(state.device_identity_file()).unwrap(), expected);
    assert_eq!(mode_of(&state.device_identity_file()).unwrap(), Some(0o600));
}

#[test]
fn unusable_files_are_refused_and_left_untouched() {
    let mut mismatched: Value = serde_json::from_str(FIXTURE).unwrap();
    let other = DeviceIdentity::from_seed(&[7; 32], None);
    mismatched["publicKeyPem"] = json!(other.public_key_pem());
    let cases = [
        ("not json", "{ broken".to_owned()),
        ("an array", "[]\n".to_owned()),
        ("a future version", FIXTURE.replace("\"version\": 1", "\"version\": 2")),
        ("a key pair that does not match", serde_json::to_string_pretty(&mismatched).unwrap()),
        ("a missing private key", FIXTURE.replace("privateKeyPem", "somethingElse")),
    ];
    for (name, content) in cases {
        let (_home, state) = state_with(&content);
        let err = DeviceIdentity::load_or_create(&state, NOW).unwrap_err();
        assert!(matches!(err, StoreError::InvalidIdentity { .. }), "{name}: {err}");
        assert!(err.to_string().contains("device.json"), "{name}: the message names the file");
        assert_eq!(fs::read_to_string(state.device_identity_file()).unwrap(), content, "{name}");
    }
}

#[test]
fn the_raw_key_form_of_native_apps_loads_without_being_rewritten() {
    let node: Value = serde_json::from_str(FIXTURE).unwrap();
    let identity = DeviceIdentity::load_or_create(&state_with(FIXTURE).1, NOW).unwrap();
    let seed = identity.signing_seed();
    let raw = json!({
        "deviceId": node["deviceId"],
        "publicKey": STANDARD.encode(identity.public_key_raw()),
        "privateKey": URL_SAFE_NO_PAD.encode(seed.expose()),
    })
    .to_string();
    let (_home, state) = state_with(&raw);
    let loaded = DeviceIdentity::load_or_create(&state, NOW).unwrap();
    assert_eq!(loaded.device_id(), identity.device_id());
    assert_eq!(loaded.created_at_ms(), None);
    assert_eq!(fs::read_to_string(state.device_identity_file()).unwrap(), raw);
}

#[test]
fn concurrent_first_runs_agree_on_one_identity() {
    let home = tempfile::tempdir().unwrap();
    let state = Arc::new(StateDir::new(home.path().join(".openclaw")));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let state = Arc::clone(&state);
            std::thread::spawn(move || DeviceIdentity::load_or_create(&state, NOW).unwrap().device_id().to_owned())
        })
        .collect();
    let ids: Vec<String> = handles.into_iter().map(|handle| handle.join().unwrap()).collect();
    assert!(ids.iter().all(|id| id == &ids[0]), "{ids:?}");
    assert_eq!(DeviceIdentity::load(&state).unwrap().unwrap().device_id(), ids[0]);
}

#[test]
fn load_does_not_create_and_debug_hides_the_key() {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));
    assert!(DeviceIdentity::load(&state).unwrap().is_none());
    assert!(!state.device_identity_file().exists());

    let identity = DeviceIdentity::from_seed(&[9; 32], Some(1));
    let printed = format!("{identity:?} {:?}", identity.signing_seed());
    assert!(printed.contains(identity.device_id()));
    assert!(!printed.contains("PRIVATE"));
    assert!(!printed.contains("9, 9"));
}
