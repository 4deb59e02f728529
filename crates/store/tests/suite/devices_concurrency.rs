//! Concurrent writers on one state directory: threads of one process and separate processes (this
//! test binary re-run as a child) each pair and rotate their own devices. Every update must survive
//! and every reader must always see valid JSON.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use openclaw_store::devices::{Approval, ApprovedVia, PairingRequest};
use openclaw_store::{DeviceStore, ExactScopes, StateDir};
use serde_json::Value;

const NOW: i64 = 1_767_225_600_000;
const ROTATIONS: usize = 5;
/// Set in a child process: `<state dir>:<device prefix>`.
const CHILD_ENV: &str = "OPENCLAW_STORE_TEST_PAIRING_CHILD";

/// Pairs `<prefix>-<n>` for n in 0..4 and rotates each token; prints `<device> <final token>` lines.
fn pair_and_rotate(store: &DeviceStore, prefix: &str) -> Vec<(String, String)> {
    let mut finals = Vec::new();
    for n in 0..4 {
        let device_id = format!("{prefix}-{n}");
        let request = PairingRequest {
            device_id: device_id.clone(),
            public_key: format!("key-{device_id}"),
            role: Some("operator".into()),
            scopes: Some(vec!["operator.read".into()]),
            ..Default::default()
        };
        let pending = store.request_pairing(&request, &ExactScopes, NOW).unwrap();
        let approved = store.approve(&pending.request.request_id, &Approval::new(ApprovedVia::Owner), NOW).unwrap();
        let mut last = approved.device.token("operator").unwrap().token.clone();
        for step in 0..ROTATIONS {
            let rotated = store.rotate_token(&device_id, "operator", None, &ExactScopes, NOW + step as i64).unwrap();
            assert_ne!(rotated.token, last);
            last = rotated.token;
        }
        finals.push((device_id, last));
    }
    finals
}

fn final_tokens(state: &StateDir) -> HashMap<String, String> {
    let file: Value = serde_json::from_slice(&fs::read(state.devices_paired_file()).unwrap()).unwrap();
    file.as_object()
        .unwrap()
        .iter()
        .map(|(id, device)| (id.clone(), device["tokens"]["operator"]["token"].as_str().unwrap().to_owned()))
        .collect()
}

/// Parses both files in a loop until told to stop; returns how many reads it made.
fn watch_files(state: StateDir, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let mut reads = 0;
        while !stop.load(Ordering::Relaxed) {
            for path in [state.devices_paired_file(), state.devices_pending_file()] {
                if let Ok(bytes) = fs::read(&path) {
                    serde_json::from_slice::<Value>(&bytes)
                        .unwrap_or_else(|err| panic!("{} was not valid JSON: {err}", path.display()));
                    reads += 1;
                }
            }
        }
        reads
    })
}

#[test]
fn threads_pairing_and_rotating_different_devices_lose_no_update() {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = watch_files(state.clone(), Arc::clone(&stop));
    let writers: Vec<_> = (0..6)
        .map(|t| {
            let store = DeviceStore::new(&state);
            std::thread::spawn(move || pair_and_rotate(&store, &format!("thread{t}")))
        })
        .collect();
    let expected: HashMap<String, String> = writers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();

    assert_eq!(expected.len(), 24);
    assert_eq!(final_tokens(&state), expected);
    assert!(DeviceStore::new(&state).list(NOW).unwrap().pending.is_empty());
}

#[test]
#[allow(clippy::disallowed_methods)] // tests drive real child processes
fn processes_pairing_and_rotating_different_devices_lose_no_update() {
    let home = tempfile::tempdir().unwrap();
    let state = StateDir::new(home.path().join(".openclaw"));
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = watch_files(state.clone(), Arc::clone(&stop));
    let children: Vec<_> = (0..4)
        .map(|p| {
            Command::new(std::env::current_exe().unwrap())
                .args(["suite::devices_concurrency::child_writer", "--exact", "--nocapture", "--test-threads=1"])
                .env(CHILD_ENV, format!("{}:proc{p}", state.root().display()))
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut expected = HashMap::new();
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "child failed: {stdout}{}", String::from_utf8_lossy(&output.stderr));
        // libtest's own "test … ..." header may share a line with the first report.
        for line in stdout.lines().filter_map(|line| line.split_once("final ").map(|(_, report)| report)) {
            let (device, token) = line.split_once(' ').unwrap();
            expected.insert(device.to_owned(), token.to_owned());
        }
    }
    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();

    assert_eq!(expected.len(), 16, "every child reported its devices");
    assert_eq!(final_tokens(&state), expected);
}

/// The body of a child process; a no-op when run as an ordinary test.
#[test]
#[allow(clippy::print_stdout)] // the child reports to the parent test on stdout
fn child_writer() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (root, prefix) = spec.rsplit_once(':').unwrap();
    let store = DeviceStore::new(&StateDir::new(Path::new(root)));
    for (device, token) in pair_and_rotate(&store, prefix) {
        println!("final {device} {token}");
    }
}
