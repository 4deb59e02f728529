//! The loader never panics, whatever bytes or structures it is given, and always answers with
//! either a typed config or issues that name where the problem is.

use openclaw_config::{EnvMap, LoadContext, load_text};
use proptest::prelude::*;

fn ctx(dir: &std::path::Path) -> LoadContext {
    LoadContext {
        config_path: dir.join("openclaw.json"),
        state_dir: dir.to_path_buf(),
        cwd: dir.to_path_buf(),
        process_env: EnvMap::from_pairs([("HOME", "/nonexistent"), ("SET_VAR", "value")]),
    }
}

/// JSON5-ish text built from config-shaped pieces, so generated inputs reach deep into the
/// validator and the typed model, not just the tokenizer.
fn json5_value(depth: u32) -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        (-1e9f64..1e9).prop_map(|n| n.to_string()),
        "[a-z*${}_/.:-]{0,12}".prop_map(|s| format!("{s:?}")),
        Just("'${SET_VAR}'".to_owned()),
        Just("'${MISSING_VAR}'".to_owned()),
        Just("0x1F".to_owned()),
        Just("+1".to_owned()),
        Just(".5".to_owned()),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    let key = prop_oneof![
        Just("gateway"),
        Just("auth"),
        Just("mode"),
        Just("token"),
        Just("bind"),
        Just("port"),
        Just("channels"),
        Just("telegram"),
        Just("whatsapp"),
        Just("dmPolicy"),
        Just("allowFrom"),
        Just("groups"),
        Just("*"),
        Just("agents"),
        Just("list"),
        Just("entries"),
        Just("id"),
        Just("tools"),
        Just("deny"),
        Just("exec"),
        Just("hooks"),
        Just("enabled"),
        Just("path"),
        Just("logging"),
        Just("redactSensitive"),
        Just("session"),
        Just("dmScope"),
        Just("unknownKey"),
        Just("$include"),
        Just("env"),
        Just("vars"),
    ];
    let object = prop::collection::vec((key, json5_value(depth - 1)), 0..5).prop_map(|props| {
        let body: Vec<String> = props.into_iter().map(|(k, v)| format!("{k:?}: {v}")).collect();
        format!("{{ {} }}", body.join(", "))
    });
    let array = prop::collection::vec(json5_value(depth - 1), 0..4).prop_map(|items| format!("[{}]", items.join(", ")));
    prop_oneof![leaf, object, array].boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let dir = tempfile::tempdir().unwrap();
        let snap = load_text(&ctx(dir.path()), true, text);
        prop_assert!(snap.is_valid() || snap.errors().next().is_some());
    }

    #[test]
    fn config_shaped_documents_never_panic(text in json5_value(4)) {
        let dir = tempfile::tempdir().unwrap();
        let snap = load_text(&ctx(dir.path()), true, text);
        if !snap.is_valid() {
            prop_assert!(snap.errors().next().is_some(), "invalid without an error");
        }
    }

    #[test]
    fn truncated_valid_configs_fail_cleanly(cut in 0usize..400) {
        let full = "{\n  // c\n  gateway: { mode: 'local', port: 18789, auth: { mode: 'token', token: 'x0123456789abcdef' } },\n  session: { dmScope: 'per-channel-peer' },\n  channels: { telegram: { dmPolicy: 'pairing', groups: { '*': { requireMention: true } } } },\n  tools: { deny: ['group:runtime'] },\n}\n";
        let text: String = full.chars().take(cut).collect();
        let dir = tempfile::tempdir().unwrap();
        let snap = load_text(&ctx(dir.path()), true, text);
        if !snap.is_valid() {
            let first = snap.errors().next().unwrap();
            prop_assert!(first.location.is_some() || !first.path.is_root(), "error without a place: {first}");
        }
    }
}
