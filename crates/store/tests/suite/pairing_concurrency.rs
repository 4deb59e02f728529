//! Several processes (this test binary re-run as children) answer many unknown senders on one
//! channel at once, each running the policy's upsert (the cap of 3 pending requests, "no resend")
//! in the store's update closure. The lock must make each closure see the others' writes: the file
//! never holds more than 3 requests, no sender ever gets two codes, and every read sees valid JSON.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use openclaw_policy::inbound::pairing::PAIRING_PENDING_MAX;
use openclaw_store::{PairingStore, StateDir};
use serde_json::Value;

/// Set in a child process: `<state dir>:<child number>`.
const CHILD_ENV: &str = "OPENCLAW_STORE_TEST_DM_PAIRING_CHILD";
const CHANNEL: &str = "telegram";
const CAP: usize = PAIRING_PENDING_MAX;
const CHILDREN: usize = 4;
const ROUNDS: usize = 3;
/// (sender, account): the same sender on two accounts is two requests.
const SENDERS: [(&str, &str); 8] = [
    ("100", "default"),
    ("101", "default"),
    ("102", "default"),
    ("103", "work"),
    ("100", "work"),
    ("104", "default"),
    ("105", "work"),
    ("106", "default"),
];

/// The CSPRNG the gateway hands the policy.
fn os_random() -> u32 {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).unwrap();
    u32::from_le_bytes(bytes)
}

/// Checks one snapshot of the file; panics (failing the watcher) on any violation.
fn check_snapshot(bytes: &[u8]) {
    let file: Value = serde_json::from_slice(bytes).unwrap_or_else(|err| panic!("pairing file not valid JSON: {err}"));
    let requests = file["requests"].as_array().unwrap();
    assert!(requests.len() <= CAP, "{} pending requests: {file}", requests.len());
    let keys: HashSet<(String, String)> = requests
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r["meta"]["accountId"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(keys.len(), requests.len(), "a sender has two live codes: {file}");
    let codes: HashSet<&str> = requests.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), requests.len(), "two requests share a code: {file}");
}

#[test]
#[allow(clippy::disallowed_methods)] // tests drive real child processes
fn processes_upserting_many_senders_respect_the_cap_and_never_resend() {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));
    let store = PairingStore::new(&state);
    let path = store.pairing_file(CHANNEL).unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (stop, path) = (Arc::clone(&stop), path.clone());
        std::thread::spawn(move || {
            let mut reads = 0usize;
            while !stop.load(Ordering::Relaxed) {
                if let Ok(bytes) = fs::read(&path) {
                    check_snapshot(&bytes);
                    reads += 1;
                }
            }
            reads
        })
    };
    let children: Vec<_> = (0..CHILDREN)
        .map(|n| {
            Command::new(std::env::current_exe().unwrap())
                .args(["suite::pairing_concurrency::child_upserter", "--exact", "--nocapture", "--test-threads=1"])
                .env(CHILD_ENV, format!("{}:{n}", state.root().display()))
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();

    // (sender, account) → codes reported, and how many reports said "created".
    let mut codes: HashMap<(String, String), HashSet<String>> = HashMap::new();
    let mut created: HashMap<(String, String), usize> = HashMap::new();
    let mut reports = 0;
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "child failed: {stdout}{}", String::from_utf8_lossy(&output.stderr));
        // libtest's own "test … ..." header may share a line with the first report.
        for report in stdout.lines().filter_map(|line| line.split_once("upsert ").map(|(_, report)| report)) {
            let fields: Vec<&str> = report.split(' ').collect();
            let [sender, account, code, was_created] = fields[..] else { panic!("bad report {report:?}") };
            let key = (sender.to_owned(), account.to_owned());
            if code != "-" {
                codes.entry(key.clone()).or_default().insert(code.to_owned());
            }
            *created.entry(key).or_default() += usize::from(was_created == "true");
            reports += 1;
        }
    }
    stop.store(true, Ordering::Relaxed);
    let reads = watcher.join().unwrap();

    assert_eq!(reports, CHILDREN * ROUNDS * SENDERS.len(), "every child reported every upsert");
    assert!(created.values().all(|&n| n <= 1), "a code was sent twice: {created:?}");
    assert_eq!(created.values().sum::<usize>(), CAP, "exactly the cap was filled: {created:?}");
    assert!(codes.values().all(|set| set.len() == 1), "a sender saw two codes: {codes:?}");
    let final_file = store.read(CHANNEL).unwrap();
    check_snapshot(&fs::read(&path).unwrap());
    let stored: HashMap<(String, String), String> =
        final_file.requests.iter().map(|r| ((r.id.clone(), r.account_id()), r.code.clone())).collect();
    let expected: HashMap<(String, String), String> =
        codes.into_iter().map(|(key, set)| (key, set.into_iter().next().unwrap())).collect();
    assert_eq!(stored, expected, "the file holds exactly the codes that were handed out");
    assert!(reads > 0, "the watcher never saw the file");
}

/// The body of a child process; a no-op when run as an ordinary test.
#[test]
#[allow(clippy::print_stdout)] // the child reports to the parent test on stdout
fn child_upserter() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (root, n) = spec.rsplit_once(':').unwrap();
    let n: usize = n.parse().unwrap();
    let store = PairingStore::new(&StateDir::new(Path::new(root)));
    for round in 0..ROUNDS {
        // Each child walks the senders from a different starting point, so they race for the cap.
        for step in 0..SENDERS.len() {
            let (sender, account) = SENDERS[(n * 3 + round + step) % SENDERS.len()];
            let now = 1_767_225_600_000 + (round * 100 + step) as i64;
            let outcome = store.update(CHANNEL, |file| file.upsert(sender, Some(account), &[], now, os_random));
            let outcome = outcome.unwrap().unwrap();
            let (code, created) = (outcome.code, outcome.created);
            let code = if code.is_empty() { "-".to_owned() } else { code };
            println!("upsert {sender} {account} {code} {created}");
        }
    }
}
