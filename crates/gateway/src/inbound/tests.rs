//! The pipeline's cache of compiled gate settings: reused while the runtime stays the same, and
//! dropped when a reload swaps it, so a newly allowlisted sender is admitted at once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use openclaw_config::EnvMap;
use openclaw_policy::inbound::{ChatType, Sender};

use super::*;

const GATEWAY: &str =
    "gateway: { mode: 'local', auth: { mode: 'token', token: 'test-token-0123456789abcdef0123456789abcdef' } }";

fn config(allow_from: &str) -> String {
    format!("{{ {GATEWAY}, channels: {{ telegram: {{ dmPolicy: 'allowlist', allowFrom: [{allow_from}] }} }} }}")
}

fn dm(sender: &str) -> InboundMessage {
    InboundMessage {
        channel: "telegram".into(),
        sender: Sender { id: sender.into(), ..Sender::default() },
        chat_type: ChatType::Direct,
        text: "hi".into(),
        can_detect_native_mention: true,
        ..InboundMessage::default()
    }
}

fn cached(pipeline: &InboundPipeline) -> usize {
    pipeline.access.lock().map(|cache| cache.entries.len()).unwrap_or(0)
}

#[test]
fn compiled_access_is_cached_per_runtime_and_dropped_on_reload() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join(".openclaw");
    std::fs::create_dir_all(&state).unwrap();
    let config_path = state.join("openclaw.json");
    std::fs::write(&config_path, config("'111'")).unwrap();
    let load = LoadContext {
        config_path: config_path.clone(),
        state_dir: state,
        cwd: dir.path().to_path_buf(),
        process_env: EnvMap::from_pairs(vec![("HOME".to_owned(), dir.path().display().to_string())]),
    };
    let pipeline = InboundPipeline::open(load.clone(), Clock::new(|| 1_800_000_000_000))
        .unwrap()
        .with_time_zone(jiff::tz::TimeZone::UTC);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let send = |sender: &str| rt.block_on(pipeline.handle(dm(sender))).unwrap().decision;

    assert_eq!(send("222"), Decision::Block);
    assert_eq!(send("111"), Decision::Allow);
    assert_eq!(cached(&pipeline), 1, "one route, compiled once");

    std::fs::write(&config_path, config("'111', '222'")).unwrap();
    pipeline.state().set_runtime(Runtime::load(&load, &Overrides::default()).unwrap());
    assert_eq!(send("222"), Decision::Allow, "the reloaded allowlist applies at once");
    assert_eq!(cached(&pipeline), 1, "the old snapshot's entries are gone");
}
