//! The mapping rules as a table of requests and the actions (or refusals) they produce.

use openclaw_config::model::hooks::{HookMatchConfig, HookTransformConfig};
use serde_json::json;

use super::*;

struct Request {
    payload: Map<String, Value>,
    headers: BTreeMap<String, String>,
    query: BTreeMap<String, String>,
    path: String,
}

impl Request {
    fn new(path: &str, payload: Value) -> Self {
        let payload = match payload {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let headers = BTreeMap::from([("x-user".to_owned(), "bob".to_owned())]);
        let query = BTreeMap::from([("x".to_owned(), "q1".to_owned())]);
        Self { payload, headers, query, path: path.to_owned() }
    }

    fn ctx(&self) -> MappingContext<'_> {
        MappingContext {
            payload: &self.payload,
            headers: &self.headers,
            query: &self.query,
            path: &self.path,
            now_iso: "2026-01-02T03:04:05.678Z",
        }
    }
}

fn wake_mapping(path: &str, template: &str) -> HookMappingConfig {
    HookMappingConfig {
        matcher: Some(HookMatchConfig { path: Some(path.to_owned()), source: None }),
        action: Some(HookAction::Wake),
        text_template: Some(template.to_owned()),
        ..HookMappingConfig::default()
    }
}

#[test]
fn templates_resolve_payload_headers_query_path_and_now() {
    let request =
        Request::new("gh", json!({"pr": {"title": "Fix"}, "items": [{"n": 1}, {"n": {"a": 2}}], "ok": true, "f": 2.0}));
    let cases = [
        ("PR {{payload.pr.title}}", "PR Fix"),
        ("{{ pr.title }}", "Fix"),
        ("by {{headers.x-user}} q={{query.x}}", "by bob q=q1"),
        ("{{items[1].n}}", "{\"a\":2}"),
        ("{{items[0].n}} {{ok}} {{f}}", "1 true 2"),
        ("{{path}} at {{now}}", "gh at 2026-01-02T03:04:05.678Z"),
        ("{{missing.deep}}|{{items[9]}}|{{pr.constructor}}", "||"),
        ("{{}} {x} {{unclosed", "{{}} {x} {{unclosed"),
    ];
    for (template, expected) in cases {
        assert_eq!(render(template, &request.ctx()), expected, "{template}");
    }
}

#[test]
fn the_first_matching_mapping_wins() {
    let mappings =
        [wake_mapping("/other/", "no"), wake_mapping("/gh/", "PR {{pr.title}}"), wake_mapping("gh", "second")];
    let request = Request::new("gh", json!({"pr": {"title": "Fix"}}));
    let action = apply_mappings(&mappings, &request.ctx());
    assert_eq!(
        action,
        Some(Ok(MappedAction::Wake {
            mapping_id: "mapping-2".into(),
            text: "PR Fix".into(),
            mode: WakeMode::Now,
            agent_id: None,
            session_key: None,
            key_source: None,
        }))
    );
    assert_eq!(apply_mappings(&mappings, &Request::new("nope", json!({})).ctx()), None);
}

#[test]
fn source_matching_uses_the_payload_source() {
    let mut mapping = wake_mapping("", "from {{source}}");
    mapping.matcher = Some(HookMatchConfig { path: None, source: Some("github".into()) });
    let mappings = [mapping];
    assert!(apply_mappings(&mappings, &Request::new("any", json!({"source": "github"})).ctx()).is_some());
    assert!(apply_mappings(&mappings, &Request::new("any", json!({"source": "gitlab"})).ctx()).is_none());
}

#[test]
fn invalid_actions_are_refused_with_openclaws_texts() {
    let empty = [wake_mapping("skip", "{{nothing}}")];
    assert_eq!(
        apply_mappings(&empty, &Request::new("skip", json!({})).ctx()),
        Some(Err(MappingError::Invalid("hook mapping requires text".into())))
    );
    let agent = [HookMappingConfig {
        matcher: Some(HookMatchConfig { path: Some("a".into()), source: None }),
        message_template: Some("  ".into()),
        ..HookMappingConfig::default()
    }];
    assert_eq!(
        apply_mappings(&agent, &Request::new("a", json!({})).ctx()),
        Some(Err(MappingError::Invalid("hook mapping requires message".into())))
    );
    let templated_key = [HookMappingConfig {
        matcher: Some(HookMatchConfig { path: Some("a".into()), source: None }),
        message_template: Some("m".into()),
        session_key: Some("{{id}}".into()),
        ..HookMappingConfig::default()
    }];
    assert_eq!(
        apply_mappings(&templated_key, &Request::new("a", json!({})).ctx()),
        Some(Err(MappingError::Invalid("hook mapping sessionKey template rendered empty".into())))
    );
}

#[test]
fn transforms_are_never_executed() {
    let mut mapping = wake_mapping("t", "x");
    mapping.transform = Some(HookTransformConfig { module: Some("t.js".into()), export: None });
    let result = apply_mappings(&[mapping], &Request::new("t", json!({})).ctx());
    assert!(matches!(result, Some(Err(MappingError::Unsupported(_)))));
}
