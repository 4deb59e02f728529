//! `openclaw sessions cleanup`: removes `sessions.json` entries whose transcript file is gone and
//! archives (`*.deleted.<ts>`, never deletes) transcripts that no entry references.
//!
//! The plan is computed from a snapshot and printed first; `--dry-run` stops there. Applying
//! re-checks every step under the store's lock, because a gateway may have touched the store
//! since the snapshot: an entry is removed only if it still names the same missing file, and a
//! transcript is archived only if no entry references it now. A gateway writes a new transcript
//! a moment before the entry naming it, so transcripts modified within the last minute are left
//! alone rather than mistaken for orphans.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use anyhow::Context as _;
use openclaw_store::SessionStore;
use openclaw_store::sessions::{ArchiveReason, SessionMap, SessionRecord, is_primary_transcript_name};
use serde_json::{Value, json};

use super::store_for;
use crate::args::SessionsCleanupArgs;
use crate::context::RunContext;
use crate::failure::Failure;
use crate::gateway_client::now_ms;
use crate::render;

/// How recently a transcript may have been written and still be left alone as possibly new.
const NEW_TRANSCRIPT_GRACE_MS: i64 = 60_000;

/// One step of the plan.
#[derive(Debug, Clone)]
enum Step {
    /// The entry `key` names `transcript`, which does not exist.
    RemoveEntry { key: String, transcript: PathBuf },
    /// A transcript in the sessions directory no entry references.
    Archive { file: PathBuf },
    /// An unreferenced transcript too fresh to call an orphan.
    KeepFresh { file: PathBuf },
}

/// What became of a step.
#[derive(Debug)]
enum Outcome {
    Planned,
    Done {
        archived_as: Option<PathBuf>,
    },
    /// The store changed since the plan was made; the step no longer applies.
    Stale,
    Failed(String),
}

pub fn run(ctx: &RunContext, args: &SessionsCleanupArgs) -> anyhow::Result<()> {
    let store = store_for(ctx, args.agent.as_deref())?;
    let now = now_ms();
    let snapshot = store.load().with_context(|| format!("reading {}", store.file().display()))?;
    let steps = plan(&store, &snapshot, now).with_context(|| format!("listing {}", store.dir().display()))?;
    let outcomes = if args.dry_run || !steps.iter().any(Step::changes) {
        steps.iter().map(|_| Outcome::Planned).collect()
    } else {
        apply(&store, &steps, now).with_context(|| format!("updating {}", store.file().display()))?
    };
    let failed = outcomes.iter().any(|o| matches!(o, Outcome::Failed(_)));
    if args.json {
        render::json(&report_json(&store, args.dry_run, &steps, &outcomes));
    } else {
        render::out(&report_text(&store, args.dry_run, &steps, &outcomes));
    }
    if failed { Err(Failure::Silent(1).into()) } else { Ok(()) }
}

impl Step {
    fn changes(&self) -> bool {
        !matches!(self, Step::KeepFresh { .. })
    }
}

/// The steps for the store as it is in `map`, entries first.
fn plan(store: &SessionStore, map: &SessionMap, now: i64) -> io::Result<Vec<Step>> {
    let mut steps = Vec::new();
    let mut survivors = Vec::new();
    for record in map.records() {
        match record.transcript_path(store.dir()) {
            Some(transcript) if is_missing(&transcript) => {
                steps.push(Step::RemoveEntry { key: record.key.clone(), transcript });
            }
            _ => survivors.push(record),
        }
    }
    let references = References::of(&survivors, store.dir());
    for file in transcripts(store.dir())? {
        if references.covers(&file) {
            continue;
        }
        let fresh = modified_ms(&file).is_some_and(|at| now - at < NEW_TRANSCRIPT_GRACE_MS);
        steps.push(if fresh { Step::KeepFresh { file } } else { Step::Archive { file } });
    }
    Ok(steps)
}

/// Carries out the changing steps under the store's lock, each re-checked against the store as
/// it is now.
fn apply(store: &SessionStore, steps: &[Step], now: i64) -> openclaw_store::Result<Vec<Outcome>> {
    store.update(|map| {
        let mut outcomes: Vec<Outcome> = steps
            .iter()
            .map(|step| match step {
                Step::RemoveEntry { key, transcript } => {
                    let still = map.as_map().get(key).and_then(Value::as_object).is_some_and(|entry| {
                        let record = SessionRecord { key: key.clone(), entry: entry.clone() };
                        record.transcript_path(store.dir()).as_ref() == Some(transcript) && is_missing(transcript)
                    });
                    if still {
                        map.as_map_mut().shift_remove(key);
                        Outcome::Done { archived_as: None }
                    } else {
                        Outcome::Stale
                    }
                }
                Step::Archive { .. } | Step::KeepFresh { .. } => Outcome::Planned,
            })
            .collect();
        let references = References::of(&map.records(), store.dir());
        for (step, outcome) in steps.iter().zip(outcomes.iter_mut()) {
            let Step::Archive { file } = step else { continue };
            if references.covers(file) {
                *outcome = Outcome::Stale;
                continue;
            }
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let stem = name.strip_suffix(".jsonl").unwrap_or(name);
            *outcome = match store.archive_transcripts(stem, Some(name), ArchiveReason::Deleted, now) {
                Ok(archived) => match archived.into_iter().next() {
                    Some(target) => Outcome::Done { archived_as: Some(target) },
                    None => Outcome::Stale,
                },
                Err(err) => Outcome::Failed(err.to_string()),
            };
        }
        outcomes
    })
}

/// The transcripts entries point at, by resolved path and by session id (a topic transcript
/// `<id>-topic-<n>.jsonl` belongs to session `<id>` even when no entry names the file).
struct References {
    paths: BTreeSet<PathBuf>,
    session_ids: BTreeSet<String>,
}

impl References {
    fn of(records: &[SessionRecord], dir: &Path) -> Self {
        let paths =
            records.iter().filter_map(|r| r.transcript_path(dir)).map(|p| fs::canonicalize(&p).unwrap_or(p)).collect();
        let session_ids = records.iter().filter_map(|r| r.session_id()).map(|id| id.trim().to_owned()).collect();
        Self { paths, session_ids }
    }

    fn covers(&self, file: &Path) -> bool {
        let resolved = fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        if self.paths.contains(&resolved) || self.paths.contains(file) {
            return true;
        }
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let stem = name.strip_suffix(".jsonl").unwrap_or(name);
        self.session_ids.iter().any(|id| {
            !id.is_empty() && (stem == id || stem.strip_prefix(id.as_str()).is_some_and(|t| t.starts_with("-topic-")))
        })
    }
}

/// Live transcripts (`*.jsonl`, not archives) directly in `dir`, sorted; none if `dir` is missing.
fn transcripts(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(err),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry?;
        let is_file = entry.file_type()?.is_file();
        if is_file && entry.file_name().to_str().is_some_and(is_primary_transcript_name) {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

/// Only a definite "not found" counts as missing: a transcript that cannot be checked (a
/// permission error, say) must not cost its entry.
fn is_missing(path: &Path) -> bool {
    matches!(fs::symlink_metadata(path), Err(err) if err.kind() == io::ErrorKind::NotFound)
}

fn modified_ms(path: &Path) -> Option<i64> {
    let modified = fs::metadata(path).ok()?.modified().ok()?;
    i64::try_from(modified.duration_since(UNIX_EPOCH).ok()?.as_millis()).ok()
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn step_line(step: &Step, outcome: &Outcome, dry_run: bool) -> String {
    let (verb_planned, verb_done, what) = match step {
        Step::RemoveEntry { key, transcript } => {
            ("Would remove", "Removed", format!("entry {key} (its transcript {} is missing)", transcript.display()))
        }
        Step::Archive { file } => {
            ("Would archive", "Archived", format!("transcript {} (no entry references it)", file_name(file)))
        }
        Step::KeepFresh { file } => {
            return format!(
                "Leaving transcript {} alone: unreferenced but written less than a minute ago",
                file_name(file)
            );
        }
    };
    match outcome {
        Outcome::Planned if dry_run => format!("{verb_planned} {what}"),
        Outcome::Planned => format!("{verb_planned} {what} (not applied)"),
        Outcome::Done { archived_as: Some(target) } => format!("{verb_done} {what} as {}", file_name(target)),
        Outcome::Done { archived_as: None } => format!("{verb_done} {what}"),
        Outcome::Stale => format!("Skipped: {what}; the store changed since the plan was made"),
        Outcome::Failed(err) => format!("Failed: {what}: {err}"),
    }
}

fn report_text(store: &SessionStore, dry_run: bool, steps: &[Step], outcomes: &[Outcome]) -> String {
    let mut lines = vec![format!("Session store: {}", store.file().display())];
    if steps.is_empty() {
        lines.push("Nothing to clean up.".to_owned());
        return lines.join("\n");
    }
    lines.extend(steps.iter().zip(outcomes).map(|(step, outcome)| step_line(step, outcome, dry_run)));
    if dry_run {
        lines.push("Dry run: nothing was changed.".to_owned());
    }
    lines.join("\n")
}

fn report_json(store: &SessionStore, dry_run: bool, steps: &[Step], outcomes: &[Outcome]) -> Value {
    let actions: Vec<Value> = steps
        .iter()
        .zip(outcomes)
        .map(|(step, outcome)| {
            let mut action = match step {
                Step::RemoveEntry { key, transcript } => json!({
                    "action": "remove-entry", "key": key, "transcript": transcript.display().to_string(),
                }),
                Step::Archive { file } => json!({"action": "archive-transcript", "file": file.display().to_string()}),
                Step::KeepFresh { file } => json!({"action": "keep-transcript", "file": file.display().to_string()}),
            };
            let status = match outcome {
                Outcome::Planned => "planned",
                Outcome::Done { .. } => "done",
                Outcome::Stale => "skipped",
                Outcome::Failed(_) => "failed",
            };
            action["status"] = status.into();
            if let Outcome::Done { archived_as: Some(target) } = outcome {
                action["archivedAs"] = target.display().to_string().into();
            }
            if let Outcome::Failed(err) = outcome {
                action["error"] = err.clone().into();
            }
            action
        })
        .collect();
    let done = |kind: fn(&Step) -> bool| {
        steps.iter().zip(outcomes).filter(|(s, o)| kind(s) && matches!(o, Outcome::Done { .. })).count()
    };
    json!({
        "path": store.file().display().to_string(),
        "dryRun": dry_run,
        "actions": actions,
        "removedEntries": done(|s| matches!(s, Step::RemoveEntry { .. })),
        "archivedTranscripts": done(|s| matches!(s, Step::Archive { .. })),
    })
}
