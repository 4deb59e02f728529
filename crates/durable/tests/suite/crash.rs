//! Crash safety against a real `kill -9` at random moments.
//!
//! The writer has to be a separate process, and its binary has to exist on a clean clone under both
//! `cargo test` and `cargo nextest run --workspace`. An example is built by `cargo test` but Cargo does
//! not tell tests where it is, and a `[[bin]]` would ship a test tool with the library. So the test
//! binary re-runs itself: [`crash_child`] is an ordinary test that returns at once unless
//! [`CHILD_ENV`] is set, in which case it becomes the writer. `current_exe()` always exists, and
//! libtest's `--exact` runs just that test in the child.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use openclaw_durable::{
    PRIVATE_FILE_MODE, append_line, lock_exclusive, read_jsonl, repair_jsonl, rotate_backups, write_atomic,
};
use serde_json::{Value, json};

/// `atomic:<path>` or `append:<path>`.
const CHILD_ENV: &str = "OPENCLAW_DURABLE_CRASH_CHILD";
const KILLS: usize = 32;
/// A child the parent somehow failed to kill stops by itself.
const CHILD_LIFETIME: Duration = Duration::from_secs(30);

#[test]
fn crash_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (mode, path) = spec.split_once(':').unwrap();
    match mode {
        "atomic" => replace_forever(Path::new(path)),
        "append" => append_forever(Path::new(path)),
        other => panic!("unknown crash child mode {other}"),
    }
}

#[test]
fn atomic_replace_survives_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openclaw.json");
    let mut rng = Rng::seeded();
    let mut completed = 0;
    let mut last_seq = None;

    for round in 0..KILLS {
        let done = run_and_kill("atomic", &path, &mut rng, round == 0);
        completed += done.len();
        let Ok(bytes) = std::fs::read(&path) else {
            assert!(done.is_empty(), "round {round}: completed writes but no file");
            continue;
        };
        let seq =
            check_document(&bytes).unwrap_or_else(|why| panic!("round {round}: target damaged after kill: {why}"));
        if let Some(&last_done) = done.last() {
            assert!(seq >= last_done, "round {round}: completed write {last_done} lost");
        }
        assert!(Some(seq) >= last_seq, "round {round}: went back in time");
        last_seq = Some(seq);
        for suffix in [".bak", ".bak.1", ".bak.2", ".bak.3", ".bak.4"] {
            if let Ok(bytes) = std::fs::read(with_suffix(&path, suffix)) {
                check_document(&bytes).unwrap_or_else(|why| panic!("round {round}: {suffix} damaged: {why}"));
            }
        }
    }
    assert!(completed > 0, "the writer never got going, so nothing was tested (seed {})", rng.seed);
}

#[test]
fn appended_lines_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.jsonl");
    let mut rng = Rng::seeded();
    let mut completed = 0;

    for round in 0..KILLS {
        let done = run_and_kill("append", &path, &mut rng, round == 0);
        completed += done.len();
        let items = match read_jsonl::<Value>(&path) {
            Ok(read) => read.items,
            Err(err) if err.is_not_found() => Vec::new(),
            Err(err) => panic!("round {round}: unreadable after kill: {err}"),
        };
        let seqs: Vec<u64> = items.iter().map(check_line).collect();
        let expected: Vec<u64> = (0..seqs.len() as u64).collect();
        assert_eq!(seqs, expected, "round {round}: lines lost or reordered");
        if let Some(&last_done) = done.last() {
            assert!(last_done < seqs.len() as u64, "round {round}: completed line {last_done} lost");
        }
    }
    assert!(completed > 0, "the appender never got going, so nothing was tested (seed {})", rng.seed);
}

/// Starts a writer, lets it run for a random moment, SIGKILLs it and returns the sequence numbers it
/// reported as complete. With `wait_for_first` the moment starts only after the first report, so a
/// slow, loaded machine cannot make every kill land before anything was written.
#[allow(clippy::disallowed_methods)] // tests drive a real child process
fn run_and_kill(mode: &str, path: &Path, rng: &mut Rng, wait_for_first: bool) -> Vec<u64> {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["suite::crash::crash_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, format!("{mode}:{}", path.display()))
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
            if let Some(seq) = report.strip_suffix('\n').and_then(|r| r.strip_prefix("done ")) {
                done.push(seq.parse::<u64>().unwrap());
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
    assert_eq!(status.signal(), Some(9), "the writer stopped by itself (seed {}): {stderr}", rng.seed);
    reports.join().unwrap()
}

/// The config-writer loop: lock, rotate, replace, report.
fn replace_forever(path: &Path) {
    let mut seq = match std::fs::read(path) {
        Ok(bytes) => check_document(&bytes).unwrap() + 1,
        Err(_) => 0,
    };
    let started = Instant::now();
    let mut out = std::io::stdout().lock();
    while started.elapsed() < CHILD_LIFETIME {
        let _lock = lock_exclusive(path).unwrap();
        rotate_backups(path, 5).unwrap();
        write_atomic(path, &document(seq), PRIVATE_FILE_MODE).unwrap();
        writeln!(out, "done {seq}").unwrap();
        out.flush().unwrap();
        seq += 1;
    }
}

/// The transcript loop: repair on open, then append and report.
fn append_forever(path: &Path) {
    repair_jsonl(path).unwrap();
    let mut seq = match read_jsonl::<Value>(path) {
        Ok(read) => read.items.len() as u64,
        Err(err) if err.is_not_found() => 0,
        Err(err) => panic!("{err}"),
    };
    let started = Instant::now();
    let mut out = std::io::stdout().lock();
    while started.elapsed() < CHILD_LIFETIME {
        // Lines up to ~40 KB span many pages, so a kill can land inside one write(2).
        let line = json!({"seq": seq, "pad": pad(seq, 40_000)});
        append_line(path, line.to_string().as_bytes()).unwrap();
        writeln!(out, "done {seq}").unwrap();
        out.flush().unwrap();
        seq += 1;
    }
}

/// A document that grows with `seq` (wrapping at ~200 KB), and whose size is checkable.
fn document(seq: u64) -> Vec<u8> {
    let doc = json!({
        "seq": seq,
        "items": (0..seq % 500).collect::<Vec<_>>(),
        "pad": pad(seq, 200_000),
    });
    serde_json::to_vec_pretty(&doc).unwrap()
}

fn check_document(bytes: &[u8]) -> Result<u64, String> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|err| err.to_string())?;
    let seq = doc["seq"].as_u64().ok_or("no seq")?;
    let items = doc["items"].as_array().ok_or("no items")?.len() as u64;
    let pad_len = doc["pad"].as_str().ok_or("no pad")?.len();
    if items != seq % 500 || pad_len != pad(seq, 200_000).len() {
        return Err(format!("document {seq} has the wrong size"));
    }
    Ok(seq)
}

fn check_line(item: &Value) -> u64 {
    let seq = item["seq"].as_u64().unwrap();
    assert_eq!(item["pad"].as_str().unwrap().len(), pad(seq, 40_000).len(), "line {seq}");
    seq
}

fn pad(seq: u64, wrap: u64) -> String {
    "p".repeat(((seq * 997) % wrap) as usize)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
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
