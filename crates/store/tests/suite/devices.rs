use std::collections::HashSet;
use std::fs;

use openclaw_durable::mode_of;
use openclaw_store::devices::{
    AccessMetadata, Approval, ApprovedVia, DeviceToken, PENDING_TTL_MS, PairedDevice, PairingOutcome, PairingRequest,
    PendingRequest, TokenCheck, TokenRejection,
};
use openclaw_store::{DeviceStore, ExactScopes, StateDir, StoreError};
use serde_json::{Value, json};

const PENDING: &str = include_str!("../fixtures/devices/pending.json");
const PAIRED: &str = include_str!("../fixtures/devices/paired.json");
/// Node's `JSON.stringify(pending, null, 2)` after deleting the second request.
const PENDING_AFTER_REJECT: &str = include_str!("../fixtures/devices/pending.after-reject.json");
const NOW: i64 = 1_767_225_600_000;
const FIRST: &str = "11111111-1111-4111-8111-111111111111";
const SECOND: &str = "22222222-2222-4222-8222-222222222222";

fn id(c: char) -> String {
    c.to_string().repeat(64)
}

fn empty_store() -> (tempfile::TempDir, StateDir, DeviceStore) {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));
    let store = DeviceStore::new(&state);
    (home, state, store)
}

fn fixture_store() -> (tempfile::TempDir, StateDir, DeviceStore) {
    let (home, state, store) = empty_store();
    fs::create_dir_all(state.devices_dir()).unwrap();
    fs::write(state.devices_pending_file(), PENDING).unwrap();
    fs::write(state.devices_paired_file(), PAIRED).unwrap();
    (home, state, store)
}

fn request(device: &str, role: &str, scopes: &[&str]) -> PairingRequest {
    PairingRequest {
        device_id: device.to_owned(),
        public_key: format!("key-of-{}", device.get(..4).unwrap_or(device)),
        display_name: Some("Laptop".into()),
        platform: Some("linux".into()),
        client_id: Some("cli".into()),
        client_mode: Some("cli".into()),
        role: Some(role.into()),
        scopes: Some(scopes.iter().map(|s| s.to_string()).collect()),
        remote_ip: Some("10.0.0.5".into()),
        ..Default::default()
    }
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

fn owner() -> Approval<'static> {
    Approval::new(ApprovedVia::Owner)
}

/// A stand-in for the policy's rule: `operator.admin` covers every `operator.*` scope.
fn admin_covers_operator(role: &str, requested: &[String], granted: &[String]) -> Option<String> {
    let admin = role == "operator" && granted.iter().any(|s| s == "operator.admin");
    requested.iter().find(|scope| !(granted.contains(scope) || admin && scope.starts_with("operator."))).cloned()
}

fn pair(store: &DeviceStore, device: &str, role: &str, scopes: &[&str], now: i64) -> PairedDevice {
    let outcome = store.request_pairing(&request(device, role, scopes), &ExactScopes, now).unwrap();
    store.approve(&outcome.request.request_id, &owner(), now).unwrap().device
}

fn token(device: &PairedDevice, role: &str) -> DeviceToken {
    device.token(role).unwrap().clone()
}

fn file_json(path: &std::path::Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

#[test]
fn records_in_openclaws_files_round_trip_unchanged() {
    for (file, text) in [("pending", PENDING), ("paired", PAIRED)] {
        let records: serde_json::Map<String, Value> = serde_json::from_str(text).unwrap();
        for (key, record) in records {
            let again = if file == "pending" {
                serde_json::to_value(serde_json::from_value::<PendingRequest>(record.clone()).unwrap())
            } else {
                serde_json::to_value(serde_json::from_value::<PairedDevice>(record.clone()).unwrap())
            };
            assert_eq!(again.unwrap(), record, "{file} {key}");
        }
    }
}

#[test]
fn rejecting_rewrites_pending_byte_for_byte_as_openclaw_would() {
    let (_home, state, store) = fixture_store();
    let rejected = store.reject(SECOND, NOW).unwrap();
    assert_eq!(rejected.device_id, id('b'));
    assert_eq!(fs::read_to_string(state.devices_pending_file()).unwrap(), PENDING_AFTER_REJECT);
    assert_eq!(fs::read_to_string(state.devices_paired_file()).unwrap(), PAIRED, "untouched file not rewritten");
    assert_eq!(mode_of(&state.devices_pending_file()).unwrap(), Some(0o600));
    let kept = store.get_pending(FIRST, NOW).unwrap().unwrap();
    assert_eq!(kept.extra["futureField"], json!({"keep": [1, 2, 3]}));
}

#[test]
fn a_successful_token_check_changes_only_the_usage_fields() {
    let (_home, state, store) = fixture_store();
    let check = store
        .verify_token(
            &id('c'),
            "operator",
            "operator-token-of-c",
            &strings(&["operator.read"]),
            &admin_covers_operator,
            NOW,
        )
        .unwrap();
    let TokenCheck::Valid(entry) = check else { panic!("{check:?}") };
    assert_eq!(entry.last_used_at_ms, Some(NOW));

    let mut expected: Value = serde_json::from_str(PAIRED).unwrap();
    let device = &mut expected[id('c')];
    device["tokens"]["operator"]["lastUsedAtMs"] = json!(NOW);
    device["lastSeenAtMs"] = json!(NOW);
    device["lastSeenReason"] = json!("device-token-auth");
    // Same key order, unknown fields (`tokenFuture`, `deviceFuture`, `nodeSurface`) kept.
    assert_eq!(
        fs::read_to_string(state.devices_paired_file()).unwrap(),
        serde_json::to_string_pretty(&expected).unwrap()
    );
    assert_eq!(fs::read_to_string(state.devices_pending_file()).unwrap(), PENDING, "pending not rewritten");
}

#[test]
fn a_new_request_is_written_as_openclaw_writes_it() {
    let (_home, state, store) = empty_store();
    let outcome = store.request_pairing(&request(&id('d'), "operator", &["operator.read"]), &ExactScopes, NOW).unwrap();
    assert!(outcome.created);
    assert_eq!(outcome.expires_at_ms, NOW + PENDING_TTL_MS);
    let request_id = outcome.request.request_id.clone();

    let text = fs::read_to_string(state.devices_pending_file()).unwrap();
    assert!(text.ends_with('}'), "writeJsonAtomic adds no newline");
    let file: Value = serde_json::from_str(&text).unwrap();
    let record = &file[&request_id];
    assert_eq!(
        *record,
        json!({
            "requestId": request_id, "deviceId": id('d'), "publicKey": "key-of-dddd", "displayName": "Laptop",
            "platform": "linux", "clientId": "cli", "clientMode": "cli", "role": "operator", "roles": ["operator"],
            "scopes": ["operator.read"], "remoteIp": "10.0.0.5", "silent": false, "isRepair": false, "ts": NOW,
        })
    );
    let keys: Vec<&str> = record.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "requestId",
            "deviceId",
            "publicKey",
            "displayName",
            "platform",
            "clientId",
            "clientMode",
            "role",
            "roles",
            "scopes",
            "remoteIp",
            "silent",
            "isRepair",
            "ts"
        ]
    );
    assert_eq!(mode_of(&state.devices_dir()).unwrap(), Some(0o700));
    assert!(!state.devices_paired_file().exists(), "nothing to write there yet");
}

#[test]
fn pending_requests_expire_after_exactly_five_minutes() {
    let (_home, _state, store) = empty_store();
    let first = store.request_pairing(&request(&id('d'), "operator", &[]), &ExactScopes, NOW).unwrap().request;
    assert_eq!(
        store.list(NOW + PENDING_TTL_MS).unwrap().pending,
        std::slice::from_ref(&first),
        "alive at exactly 5 min"
    );
    assert!(store.list(NOW + PENDING_TTL_MS + 1).unwrap().pending.is_empty());
    let err = store.approve(&first.request_id, &owner(), NOW + PENDING_TTL_MS + 1).unwrap_err();
    assert!(matches!(err, StoreError::UnknownPairingRequest { .. }), "{err}");

    // Asking again refreshes the expiry without changing the creation time.
    let later = NOW + 4 * 60 * 1000;
    let again = store.request_pairing(&request(&id('d'), "operator", &[]), &ExactScopes, later).unwrap();
    assert!(!again.created);
    assert_eq!((again.request.ts, again.request.refreshed_at_ms), (NOW, Some(later)));
    assert_eq!(again.expires_at_ms, later + PENDING_TTL_MS);
    assert_eq!(store.list(later + PENDING_TTL_MS).unwrap().pending.len(), 1);
    assert!(store.list(later + PENDING_TTL_MS + 1).unwrap().pending.is_empty());
}

#[test]
fn a_request_covered_by_the_waiting_one_reuses_its_id() {
    let (_home, _state, store) = empty_store();
    let wide = store
        .request_pairing(&request(&id('d'), "operator", &["operator.read", "operator.write"]), &ExactScopes, NOW)
        .unwrap();
    let same = store
        .request_pairing(&request(&id('d'), "operator", &["operator.write", "operator.read"]), &ExactScopes, NOW + 1)
        .unwrap();
    let narrower =
        store.request_pairing(&request(&id('d'), "operator", &["operator.read"]), &ExactScopes, NOW + 2).unwrap();
    for outcome in [&same, &narrower] {
        assert!(!outcome.created);
        assert_eq!(outcome.request.request_id, wide.request.request_id);
        assert_eq!(outcome.request.scopes, Some(strings(&["operator.read", "operator.write"])), "never narrowed");
    }
    assert_eq!(store.list(NOW + 2).unwrap().pending.len(), 1);
}

#[test]
fn a_wider_request_supersedes_the_waiting_one_with_the_union() {
    let (_home, _state, store) = empty_store();
    let read =
        store.request_pairing(&request(&id('d'), "operator", &["operator.read"]), &ExactScopes, NOW).unwrap().request;
    let mut node = request(&id('d'), "node", &[]);
    node.roles = Some(strings(&["node"]));
    let wider = store.request_pairing(&node, &ExactScopes, NOW + 5).unwrap();
    assert!(wider.created);
    assert_ne!(wider.request.request_id, read.request_id);
    assert_eq!(wider.superseded.len(), 1);
    assert_eq!(wider.superseded[0].request_id, read.request_id);
    assert_eq!(wider.request.role.as_deref(), Some("node"));
    assert_eq!(wider.request.roles, Some(strings(&["operator", "node"])));
    assert_eq!(wider.request.scopes, Some(strings(&["operator.read"])));
    assert_eq!(store.list(NOW + 5).unwrap().pending, [wider.request]);
}

#[test]
fn an_interactive_request_is_not_turned_silent() {
    let (_home, _state, store) = empty_store();
    store.request_pairing(&request(&id('d'), "operator", &[]), &ExactScopes, NOW).unwrap();
    let local = PairingRequest { silent: true, ..request(&id('d'), "operator", &[]) };
    let outcome = store.auto_approve(&local, &Approval::new(ApprovedVia::Silent), &ExactScopes, NOW + 1).unwrap();
    let PairingOutcome::Pending(outcome) = outcome else { panic!("{outcome:?}") };
    assert_eq!(outcome.request.silent, Some(false));
    assert!(store.get(&id('d')).unwrap().is_none());
}

#[test]
fn reading_an_empty_store_creates_nothing() {
    let (_home, state, store) = empty_store();
    assert_eq!(store.list(NOW).unwrap().paired.len(), 0);
    assert!(store.get(&id('d')).unwrap().is_none());
    assert!(!state.devices_dir().exists());
}

#[test]
fn a_blank_device_id_is_refused() {
    let (_home, _state, store) = empty_store();
    let err = store.request_pairing(&request("   ", "operator", &[]), &ExactScopes, NOW).unwrap_err();
    assert!(matches!(err, StoreError::DeviceIdRequired), "{err}");
}

#[test]
fn approval_mints_one_token_per_requested_role_within_the_request() {
    let (_home, state, store) = empty_store();
    let mut both = request(&id('d'), "operator", &["operator.read", "operator.admin"]);
    both.roles = Some(strings(&["operator", "node"]));
    let pending = store.request_pairing(&both, &ExactScopes, NOW).unwrap().request;
    let approved = store.approve(&pending.request_id, &owner(), NOW + 10).unwrap();
    assert!(!approved.public_key_changed);

    let device = &approved.device;
    assert_eq!(device.approved_via.as_deref(), Some("owner"));
    assert_eq!(device.approved_scopes, Some(strings(&["operator.read", "operator.admin"])));
    assert_eq!(device.roles, Some(strings(&["operator", "node"])));
    assert_eq!((device.created_at_ms, device.approved_at_ms), (NOW + 10, NOW + 10));
    let operator = token(device, "operator");
    assert_eq!(operator.scopes, strings(&["operator.admin", "operator.read"]), "sorted, only what was asked");
    assert_eq!((operator.created_at_ms, operator.rotated_at_ms), (NOW + 10, None));
    assert_eq!(token(device, "node").scopes, Vec::<String>::new(), "operator scopes never go to a node token");
    assert_eq!(operator.token.len(), 43);
    assert_ne!(operator.token, token(device, "node").token);

    assert!(store.list(NOW + 10).unwrap().pending.is_empty());
    assert_eq!(store.get(&id('d')).unwrap().as_ref(), Some(device));
    assert_eq!(file_json(&state.devices_paired_file())[id('d')], serde_json::to_value(device).unwrap());
    assert_eq!(mode_of(&state.devices_paired_file()).unwrap(), Some(0o600));
}

#[test]
fn approving_an_unknown_request_names_it() {
    let (_home, state, store) = fixture_store();
    let err = store.approve("no-such-request", &owner(), NOW).unwrap_err();
    assert!(matches!(&err, StoreError::UnknownPairingRequest { request_id } if request_id == "no-such-request"));
    assert!(err.to_string().contains("\"no-such-request\""), "{err}");
    assert_eq!(fs::read_to_string(state.devices_pending_file()).unwrap(), PENDING, "nothing written");
}

#[test]
fn a_scope_outside_the_requested_roles_is_never_approved() {
    let (_home, state, store) = empty_store();
    let pending = store.request_pairing(&request(&id('d'), "node", &["operator.admin"]), &ExactScopes, NOW).unwrap();
    let before = fs::read(state.devices_pending_file()).unwrap();
    let err = store.approve(&pending.request.request_id, &owner(), NOW).unwrap_err();
    assert!(matches!(&err, StoreError::ScopeOutsideRequestedRoles { scope, .. } if scope == "operator.admin"), "{err}");
    assert_eq!(fs::read(state.devices_pending_file()).unwrap(), before);
    assert!(!state.devices_paired_file().exists());
}

#[test]
fn the_admission_check_runs_against_the_stored_request() {
    let (_home, _state, store) = empty_store();
    let pending =
        store.request_pairing(&request(&id('d'), "operator", &["operator.admin"]), &ExactScopes, NOW).unwrap();
    let caller_lacks_admin = |request: &PendingRequest, _: Option<&PairedDevice>| {
        !request.scopes.iter().flatten().any(|scope| scope == "operator.admin")
    };
    let approval = owner().admitted_if(&caller_lacks_admin);
    let err = store.approve(&pending.request.request_id, &approval, NOW).unwrap_err();
    assert!(matches!(err, StoreError::ApprovalRefused { .. }), "{err}");
    assert_eq!(store.list(NOW).unwrap().pending.len(), 1, "still waiting for someone allowed to approve it");
}

#[test]
fn re_pairing_rotates_the_role_token_and_keeps_history() {
    let (_home, _state, store) = empty_store();
    let first = pair(&store, &id('d'), "operator", &["operator.read"], NOW);
    let old = token(&first, "operator");

    let mut reinstall = request(&id('d'), "operator", &["operator.read", "operator.write"]);
    reinstall.public_key = "a-new-key".into();
    let pending = store.request_pairing(&reinstall, &ExactScopes, NOW + 100).unwrap().request;
    assert_eq!(pending.is_repair, Some(true));
    let access = AccessMetadata { display_name: Some("Renamed".into()), ..Default::default() };
    let approved = store.approve(&pending.request_id, &owner().with_access(&access), NOW + 200).unwrap();
    assert!(approved.public_key_changed);

    let device = approved.device;
    let new = token(&device, "operator");
    assert_ne!(new.token, old.token);
    assert_eq!((new.created_at_ms, new.rotated_at_ms), (NOW, Some(NOW + 200)));
    assert_eq!(new.scopes, strings(&["operator.read", "operator.write"]));
    assert_eq!((device.created_at_ms, device.approved_at_ms), (NOW, NOW + 200));
    assert_eq!(device.display_name.as_deref(), Some("Renamed"));
    assert_eq!(device.approved_scopes, Some(strings(&["operator.read", "operator.write"])));
}

#[test]
fn a_new_node_generation_forgets_what_the_old_node_reported() {
    let (_home, state, store) = fixture_store();
    let before = file_json(&state.devices_paired_file())[id('c')]["nodeSurface"].clone();
    assert!(before.get("bins").is_some());
    store.rotate_token(&id('c'), "node", None, &ExactScopes, NOW).unwrap();
    let surface = file_json(&state.devices_paired_file())[id('c')]["nodeSurface"].clone();
    assert_eq!(
        surface,
        json!({"displayName": "Desk", "caps": ["canvas"], "createdAtMs": before["createdAtMs"], "approvedAtMs": before["approvedAtMs"]})
    );

    // An operator token change leaves the node's generation alone.
    let (_home, state, store) = fixture_store();
    store.rotate_token(&id('c'), "operator", None, &admin_covers_operator, NOW).unwrap();
    assert_eq!(file_json(&state.devices_paired_file())[id('c')]["nodeSurface"], before);
}

#[test]
fn rotation_stays_within_the_approved_baseline() {
    let (_home, _state, store) = empty_store();
    let device = pair(&store, &id('d'), "operator", &["operator.admin"], NOW);
    let old = token(&device, "operator");

    let narrower = store
        .rotate_token(&id('d'), "operator", Some(&strings(&["operator.read"])), &admin_covers_operator, NOW + 1)
        .unwrap();
    assert_ne!(narrower.token, old.token);
    assert_eq!(narrower.scopes, strings(&["operator.read"]));
    assert_eq!((narrower.created_at_ms, narrower.rotated_at_ms), (NOW, Some(NOW + 1)));

    let err = store
        .rotate_token(&id('d'), "operator", Some(&strings(&["operator.read"])), &ExactScopes, NOW + 2)
        .unwrap_err();
    assert!(matches!(&err, StoreError::ScopeNotApproved { scope, .. } if scope == "operator.read"), "{err}");
    let err = store.rotate_token(&id('d'), "node", None, &ExactScopes, NOW + 2).unwrap_err();
    assert!(matches!(err, StoreError::UnknownDeviceRole { .. }), "{err}");
    let err = store.rotate_token(&id('e'), "operator", None, &ExactScopes, NOW + 2).unwrap_err();
    assert!(matches!(&err, StoreError::UnknownDevice { device_id } if *device_id == id('e')), "{err}");
    assert_eq!(token(&store.get(&id('d')).unwrap().unwrap(), "operator"), narrower, "failed rotations wrote nothing");
}

#[test]
fn token_checks_report_openclaws_reasons() {
    let (_home, state, store) = empty_store();
    let device = pair(&store, &id('d'), "operator", &["operator.read"], NOW);
    let live = token(&device, "operator").token;
    let check = |role: &str, presented: &str, scopes: &[&str]| {
        store.verify_token(&id('d'), role, presented, &strings(scopes), &ExactScopes, NOW + 1).unwrap()
    };
    let before = fs::read(state.devices_paired_file()).unwrap();
    let rejected = [
        (check("operator", "wrong", &[]), TokenRejection::TokenMismatch),
        (check("operator", "", &[]), TokenRejection::TokenMismatch),
        (check("operator", &live, &["operator.admin"]), TokenRejection::ScopeMismatch),
        (check("node", &live, &[]), TokenRejection::TokenMissing),
        (check(" ", &live, &[]), TokenRejection::RoleMissing),
        (
            store.verify_token(&id('e'), "operator", &live, &[], &ExactScopes, NOW).unwrap(),
            TokenRejection::DeviceNotPaired,
        ),
    ];
    for (outcome, reason) in rejected {
        assert_eq!(outcome, TokenCheck::Rejected(reason), "{}", reason.reason());
    }
    assert_eq!(fs::read(state.devices_paired_file()).unwrap(), before, "rejections write nothing");

    let TokenCheck::Valid(entry) = check("operator", &live, &["operator.read"]) else { panic!() };
    assert_eq!(entry.last_used_at_ms, Some(NOW + 1));
    let device = store.get(&id('d')).unwrap().unwrap();
    assert_eq!(
        (device.last_seen_at_ms, device.last_seen_reason.as_deref()),
        (Some(NOW + 1), Some("device-token-auth"))
    );

    let revoked = store.revoke_token(&id('d'), "operator", NOW + 2).unwrap();
    assert_eq!(revoked.revoked_at_ms, Some(NOW + 2));
    assert_eq!(check("operator", &live, &[]), TokenCheck::Rejected(TokenRejection::TokenRevoked));
    assert_eq!(TokenRejection::TokenRevoked.reason(), "token-revoked");
}

#[test]
fn ensure_token_reuses_a_covering_token_and_replaces_a_revoked_one() {
    let (_home, _state, store) = empty_store();
    let device = pair(&store, &id('d'), "operator", &["operator.read", "operator.write"], NOW);
    let live = token(&device, "operator");
    let same = store.ensure_token(&id('d'), "operator", &strings(&["operator.read"]), &ExactScopes, NOW + 1).unwrap();
    assert_eq!(same, live);

    store.revoke_token(&id('d'), "operator", NOW + 2).unwrap();
    let fresh = store.ensure_token(&id('d'), "operator", &strings(&["operator.read"]), &ExactScopes, NOW + 3).unwrap();
    assert_ne!(fresh.token, live.token);
    assert_eq!(
        (fresh.scopes.clone(), fresh.revoked_at_ms, fresh.rotated_at_ms),
        (strings(&["operator.read"]), None, Some(NOW + 3))
    );

    let err =
        store.ensure_token(&id('d'), "operator", &strings(&["operator.admin"]), &ExactScopes, NOW + 4).unwrap_err();
    assert!(matches!(err, StoreError::ScopeNotApproved { .. }), "{err}");
}

#[test]
fn removing_a_device_drops_its_pending_requests_too() {
    let (_home, _state, store) = empty_store();
    pair(&store, &id('d'), "operator", &[], NOW);
    store.request_pairing(&request(&id('d'), "node", &[]), &ExactScopes, NOW + 1).unwrap();
    store.request_pairing(&request(&id('e'), "node", &[]), &ExactScopes, NOW + 1).unwrap();
    assert_eq!(store.remove(&format!(" {} ", id('d')), NOW + 2).unwrap(), id('d'));
    let list = store.list(NOW + 2).unwrap();
    assert!(list.paired.is_empty());
    assert_eq!(list.pending.iter().map(|p| p.device_id.clone()).collect::<Vec<_>>(), [id('e')]);
    let err = store.remove(&id('d'), NOW + 3).unwrap_err();
    assert!(matches!(err, StoreError::UnknownDevice { .. }), "{err}");
}

#[test]
fn local_clients_are_paired_silently() {
    let (_home, _state, store) = empty_store();
    let cli = request(&id('d'), "operator", &["operator.admin"]);
    let access = AccessMetadata {
        last_seen_reason: Some("runtime-token-startup".into()),
        last_seen_at_ms: Some(NOW),
        ..Default::default()
    };
    let outcome =
        store.auto_approve(&cli, &Approval::new(ApprovedVia::Silent).with_access(&access), &ExactScopes, NOW).unwrap();
    let PairingOutcome::Approved(approved) = outcome else { panic!("{outcome:?}") };
    assert_eq!(approved.device.approved_via.as_deref(), Some("silent"));
    assert_eq!(approved.device.last_seen_reason.as_deref(), Some("runtime-token-startup"));
    assert_eq!(token(&approved.device, "operator").scopes, strings(&["operator.admin"]));
    assert!(store.list(NOW).unwrap().pending.is_empty());

    // A later automatic approval never downgrades an operator's.
    let pending = store.request_pairing(&request(&id('d'), "node", &[]), &ExactScopes, NOW + 1).unwrap();
    store.approve(&pending.request.request_id, &owner(), NOW + 1).unwrap();
    let again = store
        .auto_approve(&request(&id('d'), "node", &[]), &Approval::new(ApprovedVia::Silent), &ExactScopes, NOW + 2)
        .unwrap();
    let PairingOutcome::Approved(again) = again else { panic!() };
    assert_eq!(again.device.approved_via.as_deref(), Some("owner"));
}

#[test]
fn lists_are_newest_first() {
    let (_home, _state, store) = empty_store();
    pair(&store, &id('a'), "operator", &[], NOW);
    pair(&store, &id('b'), "operator", &[], NOW + 2);
    store.request_pairing(&request(&id('c'), "node", &[]), &ExactScopes, NOW + 1).unwrap();
    store.request_pairing(&request(&id('e'), "node", &[]), &ExactScopes, NOW + 3).unwrap();
    let list = store.list(NOW + 3).unwrap();
    assert_eq!(list.paired.iter().map(|d| d.device_id.clone()).collect::<Vec<_>>(), [id('b'), id('a')]);
    assert_eq!(list.pending.iter().map(|p| p.device_id.clone()).collect::<Vec<_>>(), [id('e'), id('c')]);
}

#[test]
fn records_this_version_cannot_read_are_kept() {
    let (_home, state, store) = empty_store();
    fs::create_dir_all(state.devices_dir()).unwrap();
    let odd = json!({"zzz": {"deviceId": "zzz", "shape": "from the future"}});
    fs::write(state.devices_paired_file(), serde_json::to_string_pretty(&odd).unwrap()).unwrap();
    pair(&store, &id('d'), "operator", &[], NOW);
    let file = file_json(&state.devices_paired_file());
    assert_eq!(file["zzz"], odd["zzz"]);
    assert_eq!(file.as_object().unwrap().keys().next().map(String::as_str), Some("zzz"), "file order kept");
    assert_eq!(store.list(NOW).unwrap().paired.len(), 1, "listed only when readable");
}

#[test]
fn a_corrupt_file_is_an_error_never_an_empty_store() {
    let (_home, state, store) = empty_store();
    fs::create_dir_all(state.devices_dir()).unwrap();
    for content in ["{ broken", "[1, 2]"] {
        fs::write(state.devices_paired_file(), content).unwrap();
        let err = store.request_pairing(&request(&id('d'), "operator", &[]), &ExactScopes, NOW).unwrap_err();
        assert!(matches!(err, StoreError::Json { .. } | StoreError::InvalidFile { .. }), "{err}");
        assert!(err.to_string().contains("paired.json"), "{err}");
        assert_eq!(fs::read_to_string(state.devices_paired_file()).unwrap(), content);
        assert!(store.list(NOW).is_err());
    }
}

#[test]
fn tokens_are_never_equal() {
    let (_home, _state, store) = empty_store();
    let mut seen = HashSet::new();
    for n in 0..20 {
        let device = pair(&store, &format!("{n:064}"), "operator", &["operator.read"], NOW);
        assert!(seen.insert(token(&device, "operator").token));
        for step in 0..10 {
            let rotated = store.rotate_token(&device.device_id, "operator", None, &ExactScopes, NOW + step).unwrap();
            assert!(seen.insert(rotated.token));
        }
    }
    assert_eq!(seen.len(), 220);
}
