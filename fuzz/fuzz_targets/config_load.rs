//! Arbitrary bytes through the whole config pipeline: parse, include, env, schema, model, rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openclaw_config::{EnvMap, LoadContext, load_text};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let dir = std::env::temp_dir().join("openclaw-fuzz-config");
    let ctx = LoadContext {
        config_path: dir.join("openclaw.json"),
        state_dir: dir.clone(),
        cwd: dir,
        process_env: EnvMap::from_pairs([("SET_VAR", "value")]),
    };
    let snap = load_text(&ctx, true, text.to_owned());
    assert!(snap.is_valid() || snap.errors().next().is_some());
});
