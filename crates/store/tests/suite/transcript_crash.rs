//! Transcripts against a real `kill -9` at random moments, repeatedly: a child process appends
//! entries through [`Transcript`] and reports each id on stdout only after `append` returned; the
//! parent kills it, reopens the file (which repairs a torn tail) and checks that every reported entry
//! is there, in order, each hanging under the one before, and that the file parses.
//!
//! Odd rounds append without fsync: the survival promise does not depend on it, and the loop then
//! spends its time in `write(2)`, so kills land inside a line and the repair path is exercised too.
//!
//! The child is this test binary re-run with [`CHILD_ENV`] set, like `openclaw-durable`'s crash
//! test: [`transcript_crash_child`] returns at once unless the variable is set.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use openclaw_policy::inbound::timestamp::format_iso_millis;
use openclaw_store::{SyncPolicy, Transcript, TranscriptHeader};
use serde_json::{Value, json};

/// `synced:<path>` or `unsynced:<path>`: the sync policy and the transcript the child appends to.
const CHILD_ENV: &str = "OPENCLAW_STORE_TRANSCRIPT_CRASH_CHILD";
const KILLS: usize = 30;
/// A child the parent somehow failed to kill stops by itself.
const CHILD_LIFETIME: Duration = Duration::from_secs(30);

#[test]
fn transcript_crash_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (policy, path) = spec.split_once(':').unwrap();
    let policy = if policy == "synced" { SyncPolicy::EveryAppend } else { SyncPolicy::Explicit };
    append_forever(Path::new(path), policy);
}

#[test]
fn reported_entries_survive_sigkill_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("3f1c2d4e-0000-4000-8000-000000000000.jsonl");
    let mut rng = Rng::seeded();
    let mut reported: Vec<String> = Vec::new();
    let mut repaired = 0;

    for round in 0..KILLS {
        let policy = if round % 2 == 0 { "synced" } else { "unsynced" };
        let done = run_and_kill(&path, policy, &mut rng, round == 0);
        reported.extend(done);
        if !path.exists() {
            assert!(reported.is_empty(), "round {round}: ids reported but no transcript (seed {})", rng.seed);
            continue;
        }
        let transcript = Transcript::open(&path)
            .unwrap_or_else(|err| panic!("round {round}: cannot reopen after kill (seed {}): {err}", rng.seed));
        repaired += usize::from(transcript.repaired_tail().is_some());
        let entries = transcript.read_all().unwrap();
        assert_eq!(entries[0]["type"], "session", "round {round}: header lost");
        let ids = check_chain(&entries[1..], round);
        // Every reported id is in the file, in the order reported. The file may hold at most one
        // more entry per round: written, but killed before the report got out.
        let mut file_ids = ids.iter();
        for id in &reported {
            assert!(
                file_ids.any(|file_id| file_id == id),
                "round {round}: reported entry {id} lost or reordered (seed {})",
                rng.seed
            );
        }
        assert!(ids.len() - reported.len() <= round + 1, "round {round}: entries nobody wrote");
        assert_eq!(transcript.leaf_id(), ids.last().map(String::as_str));
    }
    assert!(!reported.is_empty(), "the appender never got going, so nothing was tested (seed {})", rng.seed);
    // Not asserted: whether a kill lands inside a line is luck. Shown with --no-capture.
    eprintln!("{} entries survived {KILLS} kills; {repaired} torn tails repaired", reported.len());
}

/// Checks ids, parent links and payload sizes; returns the ids in file order.
fn check_chain(entries: &[Value], round: usize) -> Vec<String> {
    let mut parent = Value::Null;
    let mut ids = Vec::new();
    for (seq, entry) in entries.iter().enumerate() {
        let id = entry["id"].as_str().unwrap().to_owned();
        assert_eq!(entry["parentId"], parent, "round {round}: entry {seq} is not under the previous one");
        assert_eq!(entry["data"]["seq"], seq, "round {round}: entry {seq} out of sequence");
        assert_eq!(
            entry["data"]["pad"].as_str().unwrap().len(),
            pad(seq as u64).len(),
            "round {round}: entry {seq} damaged"
        );
        parent = Value::String(id.clone());
        ids.push(id);
    }
    ids
}

/// Starts the appender, lets it run for a random moment, SIGKILLs it and returns the ids it reported.
/// With `wait_for_first` the moment starts only after the first report, so a slow machine cannot
/// make every kill land before anything was written.
#[allow(clippy::disallowed_methods)] // tests drive a real child process
fn run_and_kill(path: &Path, policy: &str, rng: &mut Rng, wait_for_first: bool) -> Vec<String> {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["suite::transcript_crash::transcript_crash_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, format!("{policy}:{}", path.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (first_tx, first_rx) = mpsc::channel();
    let reports = std::thread::spawn(move || {
        let mut stdout = BufReader::new(stdout);
        let mut done = Vec::new();
        let mut line = Vec::new();
        // Only newline-terminated reports count: the kill may cut the last one short.
        while stdout.read_until(b'\n', &mut line).unwrap() > 0 {
            let report = String::from_utf8_lossy(&line);
            // libtest's own "test … ..." header may share a line with the first report.
            if let Some((_, id)) = report.strip_suffix('\n').and_then(|r| r.split_once("done ")) {
                done.push(id.to_owned());
                let _ = first_tx.send(());
            }
            line.clear();
        }
        done
    });
    if wait_for_first {
        let _ = first_rx.recv_timeout(CHILD_LIFETIME);
    }
    std::thread::sleep(Duration::from_micros(rng.below(60_000)));
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!(status.signal(), Some(9), "the appender stopped by itself (seed {}): {stderr}", rng.seed);
    reports.join().unwrap()
}

/// Create or reopen (repairing the tail), then append and report, forever.
fn append_forever(path: &Path, policy: SyncPolicy) {
    let mut transcript = if path.exists() {
        Transcript::open_with(path, policy).unwrap()
    } else {
        let header = TranscriptHeader {
            id: "3f1c2d4e-0000-4000-8000-000000000000".into(),
            timestamp: format_iso_millis(0),
            cwd: "/".into(),
            parent_session: None,
        };
        Transcript::create(path, &header, policy).unwrap()
    };
    let mut seq = transcript.read_all().unwrap().len() as u64 - 1;
    let started = Instant::now();
    let mut out = std::io::stdout().lock();
    while started.elapsed() < CHILD_LIFETIME {
        // Entries up to ~40 KB span many pages, so a kill can land inside one write(2).
        let entry = json!({"type": "custom", "customType": "crash-test", "data": {"seq": seq, "pad": pad(seq)}});
        let id = transcript.append(&entry, seq as i64).unwrap();
        writeln!(out, "done {id}").unwrap();
        out.flush().unwrap();
        seq += 1;
    }
}

fn pad(seq: u64) -> String {
    "p".repeat(((seq * 997) % 40_000) as usize)
}

/// xorshift64*: random enough for kill timing, with a seed printed on failure for replay.
struct Rng {
    seed: u64,
    state: u64,
}

impl Rng {
    fn seeded() -> Self {
        let seed = std::env::var("OPENCLAW_CRASH_SEED").ok().and_then(|seed| seed.parse().ok()).unwrap_or_else(|| {
            let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_nanos();
            (nanos as u64) | 1
        });
        Self { seed, state: seed }
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound
    }
}
