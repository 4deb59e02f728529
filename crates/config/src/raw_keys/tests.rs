//! The raw-key list as a specification: keys the runtime reads are not reported as unsupported,
//! their unread neighbours still are, and every entry is a key the typed model really skips.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;

use super::{RAW_KEYS, Reach, Step, reach, steps};
use crate::key_path::KeyPath;
use crate::model::RawConfig;
use crate::{EnvMap, LoadContext, Severity, Snapshot, load_text};

fn load(text: &str) -> Snapshot {
    let dir = tempfile::tempdir().unwrap();
    let ctx = LoadContext {
        config_path: dir.path().join("openclaw.json"),
        state_dir: dir.path().to_path_buf(),
        cwd: dir.path().to_path_buf(),
        process_env: EnvMap::from_pairs([("HOME", "/nonexistent")]),
    };
    load_text(&ctx, true, text.to_owned())
}

fn unsupported(snap: &Snapshot) -> Vec<String> {
    snap.unsupported.iter().map(ToString::to_string).collect()
}

fn notices(snap: &Snapshot) -> Vec<String> {
    snap.issues.iter().filter(|i| i.severity == Severity::Notice).map(|i| i.path.to_string()).collect()
}

fn path(text: &str) -> KeyPath {
    KeyPath::parse(text).unwrap()
}

/// Sets every key of [`RAW_KEYS`] but `auth.cooldowns` (which the schema refuses).
const EVERY_RAW_KEY: &str = r#"{
  gateway: { mode: 'local' },
  models: {
    mode: 'merge',
    providers: {
      local: {
        baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'sk-local', api: 'openai-completions',
        headers: { 'X-Tenant': 'a' }, authHeader: true,
        models: [ { id: 'm1', name: 'M', api: 'openai-completions', reasoning: true, input: ['text'],
                    cost: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 }, contextWindow: 1000,
                    maxTokens: 100, headers: { 'X-Model': 'b' } } ],
      },
    },
  },
  agents: {
    defaults: {
      model: { primary: 'local/m1', fallbacks: ['local/m2'] },
      models: { 'local/m1': { alias: 'one', params: { temperature: 0.2 } } },
      params: { topP: 0.9 },
      timeoutSeconds: 100, maxConcurrent: 2, bootstrapMaxChars: 100, bootstrapTotalMaxChars: 1000,
      thinkingDefault: 'low',
    },
    list: [ { id: 'main', thinkingDefault: 'high', params: { seed: 1 }, models: { 'local/m1': { params: { maxTokens: 10 } } } } ],
    entries: { work: { thinkingDefault: 'off', params: { seed: 2 }, models: { 'local/m1': { params: { maxTokens: 20 } } } } },
  },
  auth: { order: { local: ['local:default'] } },
  messages: { queue: { mode: 'collect', byChannel: { telegram: 'steer' }, cap: 5 }, groupChat: { mentionPatterns: ['@bot'] } },
}"#;

/// Listed keys that no valid config can set, so [`EVERY_RAW_KEY`] leaves them out.
const REFUSED_BY_SCHEMA: &[&str] = &["auth.cooldowns"];

#[test]
fn keys_the_runtime_reads_are_not_reported_as_unsupported() {
    let snap = load(
        "{ gateway: { mode: 'local' }, models: { providers: { local: { baseUrl: 'http://127.0.0.1:1/v1', \
         api: 'openai-completions', models: [ { id: 'm1', name: 'M' } ] } } }, agents: { defaults: { model: \
         { primary: 'local/m1' }, thinkingDefault: 'low', timeoutSeconds: 100, models: { 'local/m1': { alias: \
         'one' } } } }, messages: { queue: { mode: 'collect' } } }",
    );
    assert!(snap.is_valid(), "{:?}", snap.issues);
    assert_eq!(unsupported(&snap), Vec::<String>::new());
    assert_eq!(notices(&snap), Vec::<String>::new());
}

#[test]
fn every_listed_key_together_leaves_nothing_unsupported() {
    let snap = load(EVERY_RAW_KEY);
    assert!(snap.is_valid(), "{:?}", snap.issues);
    assert_eq!(unsupported(&snap), Vec::<String>::new());
    assert_eq!(notices(&snap), Vec::<String>::new());
}

#[test]
fn unread_neighbours_of_read_keys_are_still_reported_where_they_are_written() {
    let text = "{\n\
        messages: { queue: { mode: 'collect' }, ackReaction: '👀', groupChat: { historyLimit: 5 } },\n\
        agents: { defaults: { timeoutSeconds: 100, heartbeat: { every: '30m' }, models: { 'a/b': { alias: 'x', streaming: true } } } },\n\
        models: { catalogRefresh: { enabled: true }, providers: { p: { baseUrl: 'http://h/v1', timeoutSeconds: 5, auth: 'api-key', models: [ { id: 'm', compat: {} } ] } } },\n\
        auth: { profiles: { 'p:default': { provider: 'p', mode: 'api_key' } } },\n\
    }";
    let snap = load(text);
    assert!(snap.is_valid(), "{:?}", snap.issues);
    let mut got = unsupported(&snap);
    got.sort();
    assert_eq!(
        got,
        [
            "agents.defaults.heartbeat",
            "agents.defaults.models[\"a/b\"].streaming",
            "auth.profiles",
            "messages.ackReaction",
            "messages.groupChat.historyLimit",
            "models.catalogRefresh",
            "models.providers.p.auth",
            "models.providers.p.models[0].compat",
            "models.providers.p.timeoutSeconds",
        ]
    );
    let mut noticed = notices(&snap);
    noticed.sort();
    assert_eq!(noticed, got, "one notice per unsupported key");
    let line_of = |p: &str| {
        let issue = snap.issues.iter().find(|i| i.path == path(p)).unwrap();
        issue.location.as_ref().map(|l| l.line)
    };
    assert_eq!(line_of("messages.ackReaction"), Some(2));
    assert_eq!(line_of("agents.defaults.heartbeat"), Some(3));
    assert_eq!(line_of("models.providers.p.models[0].compat"), Some(4));
}

#[test]
fn an_emptied_object_above_read_keys_is_not_reported() {
    let snap = load("{ messages: {}, models: { providers: {} }, agents: { defaults: { models: {} } } }");
    assert!(snap.is_valid(), "{:?}", snap.issues);
    assert_eq!(unsupported(&snap), Vec::<String>::new());
}

/// Every concrete path in `value`, parents before children.
fn all_paths(value: &Value, at: &KeyPath, out: &mut Vec<KeyPath>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| all_paths(v, &at.key(k), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| all_paths(v, &at.index(i), out)),
        _ => {}
    }
}

fn exactly(pattern: &str, path: &KeyPath) -> bool {
    let steps: Vec<Step<'_>> = steps(pattern).collect();
    steps.len() == path.segments().len() && steps.iter().zip(path.segments()).all(|(s, seg)| s.matches(seg))
}

#[test]
fn every_entry_is_a_key_the_typed_model_skips() {
    let tree = load(EVERY_RAW_KEY).resolved.unwrap();
    let mut ignored = Vec::new();
    let _: RawConfig = serde_ignored::deserialize(tree.clone(), |p| ignored.push(crate::snapshot::to_key_path(&p)))
        .expect("fixture deserializes");
    let mut paths = Vec::new();
    all_paths(&tree, &KeyPath::root(), &mut paths);
    for raw in RAW_KEYS.iter().filter(|raw| !REFUSED_BY_SCHEMA.contains(&raw.pattern)) {
        let written: Vec<&KeyPath> = paths.iter().filter(|p| exactly(raw.pattern, p)).collect();
        assert!(!written.is_empty(), "{} is not set in EVERY_RAW_KEY", raw.pattern);
        for at in written {
            let skipped = ignored.iter().any(|i| at.segments().starts_with(i.segments()));
            assert!(skipped, "{at} is read by the typed model; drop {} from RAW_KEYS", raw.pattern);
        }
    }
}

#[test]
fn entries_are_well_formed_and_name_their_reader() {
    for raw in RAW_KEYS {
        let steps: Vec<Step<'_>> = steps(raw.pattern).collect();
        assert!(!steps.is_empty(), "{}", raw.pattern);
        for step in &steps {
            if let Step::Key(key) = step {
                assert!(!key.is_empty() && !key.contains(['[', ']', '*']), "{}: bad segment {key:?}", raw.pattern);
            }
        }
        assert!(!raw.read_by.trim().is_empty(), "{} names no reader", raw.pattern);
    }
    let mut patterns: Vec<&str> = RAW_KEYS.iter().map(|r| r.pattern).collect();
    patterns.sort_unstable();
    patterns.dedup();
    assert_eq!(patterns.len(), RAW_KEYS.len(), "duplicate entries");
}

#[test]
fn patterns_match_keys_and_indexes_at_and_below_the_key() {
    assert_eq!(
        steps("a.*.b[].c").collect::<Vec<_>>(),
        [Step::Key("a"), Step::AnyKey, Step::Key("b"), Step::AnyIndex, Step::Key("c")]
    );
    assert_eq!(reach(&path("messages.queue")), Reach::Read);
    assert_eq!(reach(&path("messages.queue.byChannel.telegram")), Reach::Read);
    assert_eq!(reach(&path("messages")), Reach::Above);
    assert_eq!(reach(&path("messages.tts")), Reach::Unread);
    assert_eq!(reach(&path("models.providers[\"z.ai\"].models[3].id")), Reach::Read);
    assert_eq!(reach(&path("models.providers.x.models[3]")), Reach::Above);
    assert_eq!(reach(&path("models.providers.x.models[3].compat")), Reach::Unread);
    assert_eq!(reach(&path("agents.list[2].params.temperature")), Reach::Read);
    assert_eq!(reach(&path("agents.list[2]")), Reach::Above);
    // `[]` is an index and `*` a key, never the other way round.
    assert_eq!(reach(&path("agents.list").key("0")), Reach::Unread);
    assert_eq!(reach(&KeyPath::root().key("models").key("providers").index(0)), Reach::Unread);
    assert_eq!(reach(&path("agents.defaults.thinkingDefault")), Reach::Read);
    assert_eq!(reach(&path("agents.defaults.verboseDefault")), Reach::Unread);
}
