#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde::Serialize;
use serde_json::{Value, json};

use super::*;
use crate::decode::{Decode, parse_params};

/// Decodes `params`, checks it re-serializes to the same JSON, and returns it.
fn accepts<T: Decode + Serialize>(params: Value) -> T {
    let decoded: T = parse_params(Some(params.clone())).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), params);
    decoded
}

fn refuses<T: Decode + std::fmt::Debug>(params: Value) -> String {
    parse_params::<T>(Some(params)).unwrap_err().to_string()
}

#[test]
fn absent_params_count_as_an_empty_object() {
    assert_eq!(parse_params::<ConfigGetParams>(None).unwrap(), ConfigGetParams {});
    assert_eq!(parse_params::<SessionsListParams>(None).unwrap(), SessionsListParams::default());
    assert_eq!(parse_params::<ChatHistoryParams>(None).unwrap_err().to_string(), "params.sessionKey: is required");
}

#[test]
fn no_argument_methods_refuse_any_key() {
    accepts::<ConfigGetParams>(json!({}));
    accepts::<ConfigSchemaParams>(json!({}));
    accepts::<ModelsListParams>(json!({}));
    accepts::<AgentsListParams>(json!({}));
    accepts::<DevicePairListParams>(json!({}));
    assert_eq!(refuses::<ConfigGetParams>(json!({"path": "x"})), "params: unexpected property 'path'");
    assert_eq!(refuses::<ModelsListParams>(json!([])), "params: must be an object");
    assert_eq!(refuses::<AgentsListParams>(json!(null)), "params: must be an object");
}

#[test]
fn config_writes_follow_the_reference_schemas() {
    accepts::<ConfigSetParams>(json!({"raw": "{}", "baseHash": "abc"}));
    accepts::<ConfigApplyParams>(json!({
        "raw": "{ gateway: { mode: 'local' } }", "baseHash": "abc", "sessionKey": "agent:main:main",
        "note": "enable x", "restartDelayMs": 0
    }));
    accepts::<ConfigPatchParams>(json!({"raw": "{}"}));
    // `config.set` takes no restart options in the reference schema.
    assert_eq!(refuses::<ConfigSetParams>(json!({"raw": "{}", "note": "n"})), "params: unexpected property 'note'");
    assert_eq!(refuses::<ConfigApplyParams>(json!({"raw": ""})), "params.raw: must be a non-empty string");
    assert_eq!(refuses::<ConfigApplyParams>(json!({"baseHash": "h"})), "params.raw: is required");
    assert_eq!(
        refuses::<ConfigPatchParams>(json!({"raw": "{}", "baseHash": ""})),
        "params.baseHash: must be a non-empty string"
    );
    assert_eq!(
        refuses::<ConfigApplyParams>(json!({"raw": "{}", "restartDelayMs": -5})),
        "params.restartDelayMs: must be >= 0"
    );
}

#[test]
fn sessions_params_enforce_their_bounds() {
    accepts::<SessionsListParams>(json!({
        "limit": 50, "activeMinutes": 60, "includeGlobal": true, "includeUnknown": false,
        "includeDerivedTitles": true, "includeLastMessage": true, "label": "work",
        "spawnedBy": "agent:main:main", "agentId": "main", "search": ""
    }));
    assert_eq!(refuses::<SessionsListParams>(json!({"limit": 0})), "params.limit: must be >= 1");
    assert_eq!(
        refuses::<SessionsListParams>(json!({"label": "x".repeat(65)})),
        "params.label: must be at most 64 characters"
    );
    accepts::<SessionsPreviewParams>(json!({"keys": ["agent:main:main"], "limit": 5, "maxChars": 20}));
    assert_eq!(refuses::<SessionsPreviewParams>(json!({"keys": []})), "params.keys: must have at least 1 item");
    assert_eq!(
        refuses::<SessionsPreviewParams>(json!({"keys": ["a"], "maxChars": 19})),
        "params.maxChars: must be >= 20"
    );
}

#[test]
fn chat_history_limit_is_between_1_and_1000() {
    accepts::<ChatHistoryParams>(json!({"sessionKey": "main", "limit": 1000}));
    assert_eq!(
        refuses::<ChatHistoryParams>(json!({"sessionKey": "main", "limit": 1001})),
        "params.limit: must be <= 1000"
    );
    assert_eq!(
        refuses::<ChatHistoryParams>(json!({"sessionKey": ""})),
        "params.sessionKey: must be a non-empty string"
    );
    let result = json!({
        "sessionKey": "agent:main:main", "sessionId": "s-1",
        "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}], "timestamp": 1}],
        "thinkingLevel": "low"
    });
    let parsed: ChatHistoryResult = serde_json::from_value(result.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), result);
}

#[test]
fn device_params_require_their_ids() {
    accepts::<DevicePairApproveParams>(json!({"requestId": "r1"}));
    accepts::<DevicePairRejectParams>(json!({"requestId": "r1"}));
    accepts::<DevicePairRemoveParams>(json!({"deviceId": "d1"}));
    accepts::<DeviceTokenRotateParams>(json!({"deviceId": "d1", "role": "operator", "scopes": ["operator.read"]}));
    accepts::<DeviceTokenRevokeParams>(json!({"deviceId": "d1", "role": "node"}));
    assert_eq!(refuses::<DevicePairApproveParams>(json!({})), "params.requestId: is required");
    assert_eq!(
        refuses::<DevicePairApproveParams>(json!({"requestId": "r", "force": true})),
        "params: unexpected property 'force'"
    );
    assert_eq!(
        refuses::<DeviceTokenRotateParams>(json!({"deviceId": "d", "role": "operator", "scopes": [""]})),
        "params.scopes[0]: must be a non-empty string"
    );
    assert_eq!(refuses::<DeviceTokenRevokeParams>(json!({"deviceId": "d"})), "params.role: is required");
    let rotated: DeviceTokenRotateResult = serde_json::from_value(json!({
        "deviceId": "d1", "role": "operator", "token": "tok-secret", "scopes": [], "rotatedAtMs": 7
    }))
    .unwrap();
    assert!(!format!("{rotated:?}").contains("tok-secret"));
}

#[test]
fn logs_tail_bounds() {
    accepts::<LogsTailParams>(json!({"cursor": 0, "limit": 5000, "maxBytes": 1_000_000}));
    assert_eq!(refuses::<LogsTailParams>(json!({"limit": 5001})), "params.limit: must be <= 5000");
    assert_eq!(refuses::<LogsTailParams>(json!({"maxBytes": 1_000_001})), "params.maxBytes: must be <= 1000000");
    assert_eq!(refuses::<LogsTailParams>(json!({"cursor": -1})), "params.cursor: must be >= 0");
    let result = json!({"file": "/tmp/openclaw/openclaw.log", "cursor": 120, "size": 120, "lines": ["a", "b"], "truncated": false});
    let parsed: LogsTailResult = serde_json::from_value(result.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), result);
}

#[test]
fn channels_status_params_and_result() {
    accepts::<ChannelsStatusParams>(json!({"probe": true, "timeoutMs": 0}));
    assert_eq!(refuses::<ChannelsStatusParams>(json!({"probe": "yes"})), "params.probe: must be a boolean");
    let result = json!({
        "ts": 1, "channelOrder": ["telegram"], "channelLabels": {"telegram": "Telegram"},
        "channels": {"telegram": {"configured": true}},
        "channelAccounts": {"telegram": [{"accountId": "default", "running": true, "custom": 1}]},
        "channelDefaultAccountId": {"telegram": "default"}
    });
    let parsed: ChannelsStatusResult = serde_json::from_value(result.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), result);
}

#[test]
fn catalog_results_round_trip() {
    let models = json!({"models": [{"id": "gpt-5", "name": "GPT-5", "provider": "openai", "contextWindow": 400_000, "reasoning": true}]});
    let parsed: ModelsListResult = serde_json::from_value(models.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), models);
    let agents = json!({
        "defaultId": "main", "mainKey": "main", "scope": "per-sender",
        "agents": [{"id": "main", "name": "Main", "identity": {"emoji": "🦞", "avatarUrl": "https://x/a.png"}}]
    });
    let parsed: AgentsListResult = serde_json::from_value(agents.clone()).unwrap();
    assert_eq!(parsed.scope, SessionScope::PerSender);
    assert_eq!(serde_json::to_value(&parsed).unwrap(), agents);
}

#[test]
fn config_get_result_carries_the_snapshot() {
    let snapshot = json!({
        "path": "/home/u/.openclaw/openclaw.json", "exists": true,
        "raw": "{ gateway: { auth: { token: '__OPENCLAW_REDACTED__' } } }",
        "parsed": {"gateway": {"auth": {"token": "__OPENCLAW_REDACTED__"}}},
        "resolved": {"gateway": {"auth": {"token": "__OPENCLAW_REDACTED__"}}},
        "valid": true, "config": {"gateway": {"auth": {"token": "__OPENCLAW_REDACTED__"}}},
        "hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "issues": [], "warnings": [{"path": "gateway.bind", "message": "m"}], "legacyIssues": []
    });
    let parsed: ConfigGetResult = serde_json::from_value(snapshot.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), snapshot);
    let missing = json!({
        "path": "/p", "exists": false, "raw": null, "parsed": {}, "resolved": {}, "valid": true,
        "config": {}, "issues": [], "warnings": [], "legacyIssues": []
    });
    let parsed: ConfigGetResult = serde_json::from_value(missing.clone()).unwrap();
    assert_eq!(parsed.raw, None);
    assert_eq!(serde_json::to_value(&parsed).unwrap(), missing);
}

#[test]
fn health_reads_only_probe_true_like_the_reference() {
    let health = |params: Value| parse_params::<HealthParams>(Some(params)).unwrap().probe;
    assert!(health(json!({"probe": true})));
    assert!(!health(json!({"probe": "true"})));
    // Unknown keys are ignored, as the reference does not validate these params.
    assert!(health(json!({"probe": true, "extra": 1})));
    assert!(!health(json!(null)));
    assert!(!parse_params::<HealthParams>(None).unwrap().probe);
}
