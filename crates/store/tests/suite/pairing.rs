//! The DM pairing store against files as OpenClaw writes them: which files an account reads, what a
//! malformed file means on read and on write, the approve order, and the bytes on disk. The rules
//! themselves (codes, expiry, entry cleaning) are tested in `openclaw-policy`; here they run through
//! the store's lock and files.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use openclaw_policy::inbound::pairing::{PairingRequest, PairingRequests};
use openclaw_store::{PairingStore, StateDir, StoreError};
use serde_json::{Value, json};

fn store() -> (tempfile::TempDir, PairingStore) {
    let home = tempfile::tempdir().unwrap();
    let store = PairingStore::new(&StateDir::new(home.path().join(".openclaw")));
    (home, store)
}

fn write(store: &PairingStore, name: &str, content: &str) {
    fs::create_dir_all(store.credentials_dir()).unwrap();
    fs::write(store.credentials_dir().join(name), content).unwrap();
}

/// 2026-01-01T00:00:00.000Z.
const NOW: i64 = 1_767_225_600_000;

fn request(id: &str, code: &str, account: &str) -> PairingRequest {
    PairingRequest {
        id: id.into(),
        code: code.into(),
        created_at: "2026-01-01T00:00:00.000Z".into(),
        last_seen_at: "2026-01-01T00:00:00.000Z".into(),
        meta: Some(json!({"accountId": account}).as_object().unwrap().clone()),
        extra: serde_json::Map::new(),
    }
}

/// A deterministic stand-in for the CSPRNG the caller would pass.
fn counter() -> impl FnMut() -> u32 {
    let mut n = 0u32;
    move || {
        n = n.wrapping_add(7);
        n
    }
}

#[test]
fn the_default_account_reads_its_file_then_the_legacy_one() {
    let (_home, store) = store();
    write(&store, "telegram-default-allowFrom.json", r#"{"version":1,"allowFrom":[" 1 ","*","","2",3]}"#);
    write(&store, "telegram-allowFrom.json", r#"{"version":1,"allowFrom":["2","4",null,{"x":1}]}"#);
    let expected = ["1", "2", "3", "4"];
    assert_eq!(store.read_allow_from("telegram", "default").unwrap(), expected);
    assert_eq!(store.read_allow_from("telegram", "").unwrap(), expected, "blank account is the default");
    assert_eq!(store.read_allow_from("Telegram", " DEFAULT ").unwrap(), expected);
}

#[test]
fn other_accounts_read_only_their_own_file() {
    let (_home, store) = store();
    write(&store, "telegram-allowFrom.json", r#"{"version":1,"allowFrom":["legacy"]}"#);
    write(&store, "telegram-work-allowFrom.json", r#"{"version":1,"allowFrom":["w1","w1"]}"#);
    assert_eq!(store.read_allow_from("telegram", "Work").unwrap(), ["w1"]);
    assert!(store.read_allow_from("telegram", "home").unwrap().is_empty());
}

#[test]
fn unreadable_allow_from_files_add_nothing_on_read() {
    let (_home, store) = store();
    write(&store, "telegram-work-allowFrom.json", "{not json");
    write(&store, "telegram-default-allowFrom.json", r#"["1"]"#);
    write(&store, "telegram-allowFrom.json", r#"{"version":1,"allowFrom":"1"}"#);
    assert!(store.read_allow_from("telegram", "work").unwrap().is_empty());
    assert!(store.read_allow_from("telegram", "default").unwrap().is_empty());
}

#[test]
fn adding_to_an_unparsable_allow_from_file_refuses_instead_of_replacing_it() {
    let (_home, store) = store();
    write(&store, "telegram-work-allowFrom.json", "{not json");
    let err = store.add_allow_from("telegram", Some("work"), "42").unwrap_err();
    assert!(matches!(&err, StoreError::Json { path, .. } if path.ends_with("telegram-work-allowFrom.json")), "{err}");
    assert_eq!(fs::read_to_string(store.credentials_dir().join("telegram-work-allowFrom.json")).unwrap(), "{not json");
}

#[test]
fn add_and_remove_rewrite_the_normalized_list_as_openclaw_does() {
    let (_home, store) = store();
    write(&store, "telegram-allowFrom.json", r#"{"version":1,"allowFrom":["*","a","a"]}"#);
    let added = store.add_allow_from("telegram", None, " b ").unwrap();
    assert_eq!((added.changed, added.allow_from), (true, vec!["a".to_owned(), "b".to_owned()]));
    let path = store.allow_from_file("telegram", None).unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "{\n  \"version\": 1,\n  \"allowFrom\": [\n    \"a\",\n    \"b\"\n  ]\n}\n"
    );
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);

    let again = store.add_allow_from("telegram", None, "a").unwrap();
    assert!(!again.changed);
    assert!(!store.add_allow_from("telegram", None, " * ").unwrap().changed, "a wildcard is never stored");
    let removed = store.remove_allow_from("telegram", None, "a").unwrap();
    assert_eq!((removed.changed, removed.allow_from), (true, vec!["b".to_owned()]));
    assert!(!store.remove_allow_from("telegram", None, "zzz").unwrap().changed);
}

#[test]
fn the_channels_prefix_is_dropped_from_stored_and_added_entries() {
    let (_home, store) = store();
    write(&store, "telegram-allowFrom.json", r#"{"version":1,"allowFrom":["tg:1","1"]}"#);
    assert_eq!(store.read_allow_from("telegram", "default").unwrap(), ["1"]);
    assert!(!store.add_allow_from("telegram", None, "tg:1").unwrap().changed);
}

#[test]
fn an_allow_from_update_keeps_fields_it_does_not_know() {
    let (_home, store) = store();
    write(&store, "telegram-allowFrom.json", r#"{"note":"kept","allowFrom":["1"],"version":1}"#);
    store.add_allow_from("telegram", None, "2").unwrap();
    let text = fs::read_to_string(store.allow_from_file("telegram", None).unwrap()).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), json!({"version":1,"allowFrom":["1","2"],"note":"kept"}));
    assert!(text.starts_with("{\n  \"version\": 1,\n  \"allowFrom\""), "{text}");
}

#[test]
fn adding_to_an_allow_from_file_of_the_wrong_shape_refuses() {
    let (_home, store) = store();
    for content in [r#"["1"]"#, r#"{"version":1,"allowFrom":"1"}"#] {
        write(&store, "telegram-allowFrom.json", content);
        let err = store.add_allow_from("telegram", None, "2").unwrap_err();
        assert!(
            matches!(&err, StoreError::InvalidFile { path, .. } if path.ends_with("telegram-allowFrom.json")),
            "{err}"
        );
        assert_eq!(fs::read_to_string(store.allow_from_file("telegram", None).unwrap()).unwrap(), content);
    }
}

#[test]
fn a_missing_pairing_file_is_empty_and_reading_creates_nothing() {
    let (_home, store) = store();
    assert_eq!(store.read("telegram").unwrap(), PairingRequests::default());
    assert!(store.channels().unwrap().is_empty());
    let unchanged = store.update("telegram", |file| file.requests.len()).unwrap();
    assert_eq!(unchanged, 0);
    assert!(!store.pairing_file("telegram").unwrap().exists(), "no change, no write");
}

#[test]
fn a_malformed_pairing_file_is_an_error_naming_it_and_stays_untouched() {
    let (_home, store) = store();
    for content in
        ["{\"version\":1,\"requests\":[", "[]", r#"{"version":1,"requests":"x"}"#, r#"{"requests":[{"id":5}]}"#]
    {
        write(&store, "telegram-pairing.json", content);
        let err = store.update("telegram", |file| file.requests.clear()).unwrap_err();
        assert!(err.to_string().contains("telegram-pairing.json"), "{content}: {err}");
        assert_eq!(fs::read_to_string(store.pairing_file("telegram").unwrap()).unwrap(), content);
    }
}

#[test]
fn an_update_writes_openclaws_bytes_and_keeps_unknown_fields() {
    let (_home, store) = store();
    write(
        &store,
        "telegram-pairing.json",
        r#"{"version":1,"requests":[{"id":"9","code":"OLDCODE2","createdAt":"x","lastSeenAt":"x","future":true}],"note":"kept"}"#,
    );
    store.update("telegram", |file| file.requests.push(request("42", "ABCDEFGH", "default"))).unwrap();
    let path = store.pairing_file("telegram").unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.ends_with("}\n") && text.starts_with("{\n  \"version\": 1,\n  \"requests\": ["), "{text}");
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["note"], "kept");
    assert_eq!(value["requests"][0]["future"], true);
    assert_eq!(
        value["requests"][1],
        json!({"id":"42","code":"ABCDEFGH","createdAt":"2026-01-01T00:00:00.000Z","lastSeenAt":"2026-01-01T00:00:00.000Z","meta":{"accountId":"default"}})
    );
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(store.channels().unwrap(), ["telegram"]);
}

#[test]
fn approve_allows_the_sender_then_consumes_the_request() {
    let (_home, store) = store();
    store
        .update("telegram", |file| {
            file.requests.extend([request("7", "AAAABBBB", "work"), request("8", "CCCCDDDD", "default")])
        })
        .unwrap();
    let approved =
        store.approve("telegram", |file| file.approve("aaaabbbb", None, NOW + 60_000).approved).unwrap().unwrap();
    assert_eq!(approved.approved.sender_id, "7");
    assert_eq!(approved.approved.allow_from_account.as_deref(), Some("work"));
    assert_eq!(approved.allow_from.allow_from, ["7"]);
    assert_eq!(store.read_allow_from("telegram", "work").unwrap(), ["7"]);
    assert!(store.read_allow_from("telegram", "default").unwrap().is_empty(), "other accounts unaffected");
    assert_eq!(store.read("telegram").unwrap().requests.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["8"]);
}

#[test]
fn the_policys_upsert_runs_under_the_lock_and_its_request_is_saved() {
    let (_home, store) = store();
    let first =
        store.update("telegram", |file| file.upsert(" 42 ", Some("Work"), &[("username", "ann")], NOW, counter()));
    let first = first.unwrap().unwrap();
    assert!(first.created);
    let again = store.update("telegram", |file| file.upsert("42", Some("work"), &[], NOW + 1000, counter()));
    let again = again.unwrap().unwrap();
    assert_eq!((again.code.as_str(), again.created), (first.code.as_str(), false), "no second code");
    let stored = store.read("telegram").unwrap();
    assert_eq!(stored.requests.len(), 1);
    assert_eq!(
        serde_json::to_value(&stored.requests[0]).unwrap(),
        json!({"id":"42","code":first.code,"createdAt":"2026-01-01T00:00:00.000Z",
               "lastSeenAt":"2026-01-01T00:00:01.000Z","meta":{"accountId":"work"}})
    );
}

#[test]
fn an_approval_that_finds_nothing_still_saves_what_the_closure_pruned() {
    let (_home, store) = store();
    store.update("telegram", |file| file.requests.push(request("7", "AAAABBBB", "default"))).unwrap();
    // Two hours on, the policy prunes the expired request and finds nothing to approve.
    let none = store.approve("telegram", |file| file.approve("AAAABBBB", None, NOW + 7_200_000).approved).unwrap();
    assert_eq!(none, None);
    assert!(store.read("telegram").unwrap().requests.is_empty());
    assert!(!store.allow_from_file("telegram", Some("default")).unwrap().exists());
}

#[test]
fn an_unsafe_channel_or_account_names_no_file() {
    let (_home, store) = store();
    for channel in ["", "..", "/"] {
        assert!(
            matches!(store.read(channel), Err(StoreError::InvalidPairingKey { what: "channel", .. })),
            "{channel:?}"
        );
    }
    assert!(matches!(
        store.allow_from_file("telegram", Some("_")),
        Err(StoreError::InvalidPairingKey { what: "account id", .. })
    ));
    assert_eq!(
        store.pairing_file("../../etc").unwrap(),
        Path::new(store.credentials_dir()).join("____etc-pairing.json")
    );
}

#[test]
fn file_names_for_pairing_and_each_allow_from_scope() {
    let (_home, store) = store();
    let dir = store.credentials_dir().to_path_buf();
    assert_eq!(store.pairing_file("Telegram").unwrap(), dir.join("telegram-pairing.json"));
    assert_eq!(store.allow_from_file("telegram", None).unwrap(), dir.join("telegram-allowFrom.json"));
    assert_eq!(store.allow_from_file("telegram", Some("  ")).unwrap(), dir.join("telegram-allowFrom.json"));
    assert_eq!(store.allow_from_file("telegram", Some("Work")).unwrap(), dir.join("telegram-work-allowFrom.json"));
}

#[test]
fn channels_lists_only_files_a_channel_key_reads_back() {
    let (_home, store) = store();
    write(&store, "telegram-pairing.json", r#"{"version":1,"requests":[]}"#);
    write(&store, "Discord-pairing.json", r#"{"version":1,"requests":[]}"#);
    write(&store, "telegram-allowFrom.json", r#"{"version":1,"allowFrom":[]}"#);
    assert_eq!(store.channels().unwrap(), ["telegram"]);
}
