//! Pairing state machine rules (cases follow OpenClaw's `pairing-store.test.ts`) and its
//! invariants as properties: the pending cap holds after any upsert, and no sender ever holds two
//! live codes.

use proptest::prelude::*;

use super::*;

const T0: i64 = 1_767_225_600_000;
const MINUTE: i64 = 60_000;

/// A deterministic "random" source cycling through `values`.
fn seq(values: &[u32]) -> impl FnMut() -> u32 + '_ {
    let mut i = 0;
    move || {
        let v = values[i % values.len()];
        i += 1;
        v
    }
}

/// A counter, so each call yields a fresh code.
fn counter() -> impl FnMut() -> u32 {
    let mut n = 0u32;
    move || {
        n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        n >> 7
    }
}

fn upsert(store: &mut PairingRequests, id: &str, account: Option<&str>, now: i64) -> UpsertOutcome {
    store.upsert(id, account, &[], now, counter()).unwrap()
}

#[test]
fn codes_use_the_unambiguous_alphabet() {
    assert_eq!(pairing_code(seq(&[0])), "AAAAAAAA");
    assert_eq!(pairing_code(seq(&[31])), "99999999");
    assert_eq!(pairing_code(seq(&[32 + 1])), "BBBBBBBB", "draws are reduced modulo 32");
    assert_eq!(pairing_code(seq(&[0, 1, 2, 3, 4, 5, 6, 7])), "ABCDEFGH");
    let code = pairing_code(counter());
    assert!(code.len() == 8 && code.chars().all(|c| PAIRING_CODE_ALPHABET.contains(c)));
    assert!(!PAIRING_CODE_ALPHABET.contains(['0', 'O', '1', 'I']));
}

#[test]
fn a_colliding_code_is_redrawn() {
    let zeros_then_ones: Vec<u32> = [0; 8].into_iter().chain([1; 8]).collect();
    assert_eq!(unique_pairing_code([" aaaaaaaa "], seq(&zeros_then_ones)), Ok("BBBBBBBB".to_owned()));
    assert_eq!(
        unique_pairing_code(["AAAAAAAA"], seq(&[0])),
        Err(PairingError::CodeSpaceExhausted),
        "gives up after 500 draws"
    );
}

#[test]
fn repeat_messages_reuse_the_code_without_resending() {
    let mut store = PairingRequests::default();
    let first = upsert(&mut store, "u1", None, T0);
    let second = upsert(&mut store, "u1", Some("DEFAULT"), T0 + 10 * MINUTE);
    assert!(first.created && !second.created);
    assert_eq!(second.code, first.code);
    assert_eq!(store.requests.len(), 1);
    let request = &store.requests[0];
    assert_eq!(request.created_at, "2026-01-01T00:00:00.000Z", "the deadline is not extended");
    assert_eq!(request.last_seen_at, "2026-01-01T00:10:00.000Z");
    assert_eq!(request.account_id(), "default");
}

#[test]
fn requests_expire_strictly_after_one_hour() {
    let mut store = PairingRequests::default();
    let first = upsert(&mut store, "+15550001111", None, T0);
    let at_deadline = upsert(&mut store, "+15550001111", None, T0 + PAIRING_PENDING_TTL_MS);
    assert_eq!(
        (at_deadline.code.as_str(), at_deadline.created),
        (first.code.as_str(), false),
        "exactly 1 h is still live"
    );
    let after = upsert(&mut store, "+15550001111", None, T0 + PAIRING_PENDING_TTL_MS + 1);
    assert!(after.created, "a new request after expiry");
    assert_eq!(store.requests.len(), 1);
}

#[test]
fn unparseable_dates_count_as_expired() {
    let request = |created: &str| PairingRequest {
        id: "x".to_owned(),
        code: "ABCDEFGH".to_owned(),
        created_at: created.to_owned(),
        last_seen_at: String::new(),
        meta: None,
        extra: serde_json::Map::new(),
    };
    assert!(request("not a date").is_expired(T0));
    assert!(request("").is_expired(T0));
    assert!(request("1970-01-01T00:00:00.000Z").is_expired(0), "the epoch is falsy in OpenClaw");
    assert!(!request("2026-01-01T00:00:00Z").is_expired(T0 + 1));
}

#[test]
fn the_cap_is_three_per_channel_across_accounts() {
    let mut store = PairingRequests::default();
    assert!(upsert(&mut store, "a", Some("alpha"), T0).created);
    assert!(upsert(&mut store, "b", Some("alpha"), T0).created);
    assert!(upsert(&mut store, "c", Some("alpha"), T0).created);
    let starved = upsert(&mut store, "d", Some("beta"), T0 + MINUTE);
    assert_eq!(
        starved,
        UpsertOutcome { code: String::new(), created: false, changed: false },
        "a busy account starves the others"
    );
    let ids: Vec<&str> = store.requests.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    // Once one expires, room opens up again.
    let later = upsert(&mut store, "d", Some("beta"), T0 + PAIRING_PENDING_TTL_MS + 1);
    assert!(later.created);
}

#[test]
fn the_same_sender_on_two_accounts_gets_two_codes() {
    let mut store = PairingRequests::default();
    let alpha = upsert(&mut store, "12345", Some("alpha"), T0);
    let beta = upsert(&mut store, "12345", Some("beta"), T0);
    assert!(alpha.created && beta.created);
    assert_ne!(alpha.code, beta.code);
    assert_eq!(store.pending(Some("ALPHA")).iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), [alpha.code.as_str()]);
    assert_eq!(store.pending(Some("beta")).len(), 1);
    assert_eq!(store.pending(None).len(), 2);
}

#[test]
fn excess_requests_are_pruned_keeping_the_most_recently_seen() {
    let file = r#"{"version":1,"requests":[
        {"id":"old","code":"AAAAAAAA","createdAt":"2026-01-01T00:00:00Z","lastSeenAt":"2026-01-01T00:01:00Z","meta":{"accountId":"default"}},
        {"id":"new","code":"BBBBBBBB","createdAt":"2026-01-01T00:00:00Z","lastSeenAt":"2026-01-01T00:05:00Z","meta":{"accountId":"default"}},
        {"id":"mid","code":"CCCCCCCC","createdAt":"2026-01-01T00:00:00Z","lastSeenAt":"2026-01-01T00:03:00Z","meta":{"accountId":"default"}},
        {"id":"newer","code":"DDDDDDDD","createdAt":"2026-01-01T00:00:00Z","lastSeenAt":"2026-01-01T00:04:00Z","future":true}
    ]}"#;
    let mut store: PairingRequests = serde_json::from_str(file).unwrap();
    assert!(store.prune(T0 + 10 * MINUTE));
    let ids: Vec<&str> = store.requests.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["mid", "newer", "new"], "kept in last-seen order");
    assert_eq!(store.requests[1].extra.get("future"), Some(&serde_json::Value::Bool(true)), "unknown fields survive");
    assert!(!store.prune(T0 + 10 * MINUTE), "nothing more to prune");
}

#[test]
fn legacy_requests_without_an_account_are_not_matched_by_upsert() {
    let file = r#"{"version":1,"requests":[{"id":"u1","code":"AAAAAAAA","createdAt":"2026-01-01T00:00:00Z","lastSeenAt":"2026-01-01T00:00:00Z"}]}"#;
    let mut store: PairingRequests = serde_json::from_str(file).unwrap();
    let outcome = upsert(&mut store, "u1", None, T0 + MINUTE);
    assert!(outcome.created);
    assert_ne!(outcome.code, "AAAAAAAA");
}

#[test]
fn meta_is_trimmed_and_carries_the_account() {
    let mut store = PairingRequests::default();
    store.upsert(" u1 ", Some(" Work "), &[("username", " bob "), ("firstName", "  ")], T0, counter()).unwrap();
    let json = serde_json::to_value(&store).unwrap();
    let request = &json["requests"][0];
    assert_eq!(request["id"], "u1");
    assert_eq!(request["meta"], serde_json::json!({"username": "bob", "accountId": "work"}));
    let keys: Vec<&String> = request.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "code", "createdAt", "lastSeenAt", "meta"], "OpenClaw's field order");
}

#[test]
fn approval_moves_the_sender_to_the_allow_store() {
    let mut store = PairingRequests::default();
    let created = upsert(&mut store, "12345", Some("yy"), T0);
    let outcome = store.approve(&created.code.to_lowercase(), None, T0 + MINUTE);
    let approved = outcome.approved.unwrap();
    assert_eq!((approved.sender_id.as_str(), approved.allow_from_account.as_deref()), ("12345", Some("yy")));
    assert!(outcome.changed);
    assert!(store.requests.is_empty());
}

#[test]
fn approval_rules() {
    let mut store = PairingRequests::default();
    let created = upsert(&mut store, "12345", Some("yy"), T0);
    #[rustfmt::skip]
    let refused = [
        ("a blank code approves nothing", "   ", None, T0),
        ("another account's code is not approved", created.code.as_str(), Some("zz"), T0),
        ("an unknown code approves nothing", "ZZZZZZZZ", None, T0),
    ];
    for (rule, code, account, now) in refused {
        assert_eq!(store.approve(code, account, now).approved, None, "{rule}");
    }
    assert_eq!(store.pending(None).len(), 1);
    let given_account = store.approve(&format!(" {} ", created.code), Some(" YY "), T0).approved.unwrap();
    assert_eq!(
        given_account.allow_from_account.as_deref(),
        Some("YY"),
        "the given account names the file (the store key lowercases it)"
    );

    let created = upsert(&mut store, "777", None, T0);
    let expired = store.approve(&created.code, None, T0 + PAIRING_PENDING_TTL_MS + 1);
    assert_eq!(
        expired,
        ApproveOutcome { approved: None, changed: true },
        "expired codes are not approved, and are pruned"
    );
}

#[test]
fn an_approved_legacy_request_goes_to_the_legacy_file() {
    let file = r#"{"version":1,"requests":[{"id":"u1","code":"AAAAAAAA","createdAt":"2026-01-01T00:00:00Z","lastSeenAt":"2026-01-01T00:00:00Z"}]}"#;
    let mut store: PairingRequests = serde_json::from_str(file).unwrap();
    let approved = store.approve("aaaaaaaa", None, T0).approved.unwrap();
    assert_eq!(approved.allow_from_account, None);
}

#[test]
fn the_reply_text_is_exact() {
    let reply = pairing_reply("telegram", &pairing_id_line("telegram", "42"), "QRS678AB", None);
    let expected = "OpenClaw: access not configured.\n\nYour Telegram user id: 42\n\nPairing code: QRS678AB\n\nAsk the bot owner to approve with:\nopenclaw pairing approve telegram QRS678AB";
    assert_eq!(reply, expected);
    let with_profile =
        pairing_reply("whatsapp", &pairing_id_line("whatsapp", "+15550003333"), "MNO345AB", Some("isolated"));
    assert!(with_profile.contains("Your WhatsApp phone number: +15550003333"));
    assert!(with_profile.ends_with("openclaw --profile isolated pairing approve whatsapp MNO345AB"));
}

#[test]
fn profiles_and_id_lines() {
    #[rustfmt::skip]
    let profiles = [(None, None), (Some(" "), None), (Some("Default"), None), (Some("bad name"), None), (Some(" work "), Some("work"))];
    for (raw, expected) in profiles {
        assert_eq!(normalize_profile_name(raw).as_deref(), expected, "{raw:?}");
    }
    #[rustfmt::skip]
    let lines = [
        ("discord", "1", "Your Discord user id: 1"),
        ("slack", "U1", "Your Slack user id: U1"),
        ("signal", "+15550001111", "Your Signal number: +15550001111"),
        ("signal", "uuid:abc", "Your Signal sender id: uuid:abc"),
        ("imessage", "+15550002222", "Your iMessage sender id: +15550002222"),
        ("matrix", "@a:b", "Matrix user id: @a:b"),
        ("tlon", "~zod", "Your tlon user id: ~zod"),
    ];
    for (channel, id, expected) in lines {
        assert_eq!(pairing_id_line(channel, id), expected);
    }
}

#[derive(Debug, Clone)]
enum Step {
    Upsert { sender: u8, account: u8, advance_min: i64 },
    Approve { pick: u8, advance_min: i64 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0u8..6, 0u8..3, 0i64..40).prop_map(|(sender, account, advance_min)| Step::Upsert { sender, account, advance_min }),
        1 => (any::<u8>(), 0i64..40).prop_map(|(pick, advance_min)| Step::Approve { pick, advance_min }),
    ]
}

fn arbitrary_request() -> impl Strategy<Value = PairingRequest> {
    (0u8..6, 0u8..3, -120i64..10, -120i64..10).prop_map(|(sender, account, created, seen)| PairingRequest {
        id: format!("s{sender}"),
        code: format!("CODE{sender}{account}AA"),
        created_at: format_iso_millis(T0 + created * MINUTE),
        last_seen_at: format_iso_millis(T0 + seen * MINUTE),
        meta: Some([("accountId".to_owned(), serde_json::Value::String(format!("a{account}")))].into_iter().collect()),
        extra: serde_json::Map::new(),
    })
}

proptest! {
    /// Whatever the file held before, an upsert never leaves more than three requests.
    #[test]
    fn the_pending_cap_is_never_exceeded(
        initial in proptest::collection::vec(arbitrary_request(), 0..8),
        steps in proptest::collection::vec(step(), 1..40),
    ) {
        let mut store = PairingRequests { version: 1, requests: initial };
        let mut now = T0;
        let mut random = counter();
        for step in steps {
            match step {
                Step::Upsert { sender, account, advance_min } => {
                    now += advance_min * MINUTE;
                    let account = format!("a{account}");
                    store.upsert(&format!("s{sender}"), Some(&account), &[], now, &mut random).unwrap();
                    prop_assert!(store.requests.len() <= PAIRING_PENDING_MAX);
                }
                Step::Approve { pick, advance_min } => {
                    now += advance_min * MINUTE;
                    let code = store.requests.get(usize::from(pick) % store.requests.len().max(1)).map(|r| r.code.clone());
                    store.approve(code.as_deref().unwrap_or("NOPE"), None, now);
                }
            }
        }
    }

    /// From an empty file, no (sender, account) ever has two live requests, and a live request's
    /// code never changes.
    #[test]
    fn no_sender_ever_holds_two_live_codes(steps in proptest::collection::vec(step(), 1..60)) {
        let mut store = PairingRequests::default();
        let mut now = T0;
        let mut random = counter();
        let mut issued: std::collections::BTreeMap<(String, String), (String, i64)> = Default::default();
        for step in steps {
            match step {
                Step::Upsert { sender, account, advance_min } => {
                    now += advance_min * MINUTE;
                    let (sender, account) = (format!("s{sender}"), format!("a{account}"));
                    let outcome = store.upsert(&sender, Some(&account), &[], now, &mut random).unwrap();
                    let key = (sender, account);
                    if let Some((code, created)) = issued.get(&key)
                        && now - created <= PAIRING_PENDING_TTL_MS
                        && !outcome.created
                        && !outcome.code.is_empty()
                    {
                        prop_assert_eq!(&outcome.code, code);
                    }
                    if outcome.created {
                        issued.insert(key, (outcome.code.clone(), now));
                    }
                }
                Step::Approve { pick, advance_min } => {
                    now += advance_min * MINUTE;
                    let code = store.requests.get(usize::from(pick) % store.requests.len().max(1)).map(|r| r.code.clone());
                    if let Some(approved) = store.approve(code.as_deref().unwrap_or("NOPE"), None, now).approved {
                        issued.remove(&(approved.sender_id, approved.request.account_id()));
                    }
                }
            }
            let live: Vec<(String, String)> = store
                .requests
                .iter()
                .filter(|r| !r.is_expired(now))
                .map(|r| (r.id.clone(), r.account_id()))
                .collect();
            let mut unique = live.clone();
            unique.sort();
            unique.dedup();
            prop_assert_eq!(unique.len(), live.len(), "two live requests for one sender: {:?}", live);
            let codes: Vec<&str> = store.requests.iter().filter(|r| !r.is_expired(now)).map(|r| r.code.as_str()).collect();
            let mut unique_codes = codes.clone();
            unique_codes.sort_unstable();
            unique_codes.dedup();
            prop_assert_eq!(unique_codes.len(), codes.len(), "two live requests share a code");
        }
    }
}
