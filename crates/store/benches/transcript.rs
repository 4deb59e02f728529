//! Transcript appends per second under each sync policy (`cargo bench -p openclaw-store
//! --bench transcript`): `EveryAppend` (fdatasync per entry, the default) is what a turn pays;
//! `Explicit` shows the cost of the write itself.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use openclaw_store::{SyncPolicy, Transcript, TranscriptHeader};
use serde_json::json;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let entry = json!({"type": "message", "message": {"role": "user", "content": "x".repeat(400), "timestamp": 0}});
    let mut g = c.benchmark_group("transcript append (~0.5 KB entry)");
    g.throughput(Throughput::Elements(1));
    g.sample_size(20);
    for (name, policy) in [("fdatasync every append", SyncPolicy::EveryAppend), ("no sync", SyncPolicy::Explicit)] {
        let path = dir.path().join(format!("{}.jsonl", name.replace(' ', "-")));
        let header = TranscriptHeader {
            id: "bench".into(),
            timestamp: "2026-01-01T00:00:00.000Z".into(),
            cwd: "/".into(),
            parent_session: None,
        };
        let mut transcript = Transcript::create(&path, &header, policy).unwrap();
        let mut now = 0;
        g.bench_function(name, |b| {
            b.iter(|| {
                now += 1;
                transcript.append(&entry, now).unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
