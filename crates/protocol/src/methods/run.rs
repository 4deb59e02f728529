//! Parameters of the methods that start, wait for and stop agent runs: `agent`, `agent.wait`,
//! `chat.send`, `chat.abort`, and the session writes `sessions.patch` / `sessions.reset`.
//!
//! The 2026.9 schemas are closed objects with many optional keys for features this gateway
//! does not have (swarms, MCP bundles, work contexts). Every key the reference admits is
//! admitted here too, so its clients are never refused for sending one, but only the fields
//! below are acted on; the rest are read and dropped. A key the reference does not know is
//! refused, as it is there.

use serde_json::Value;

use crate::decode::{Decode, Fields, WireError, deserialize_via_decode, read};

/// Longest session label (`SessionLabelString`).
pub const LABEL_MAX_CHARS: usize = 64;

const AGENT_KEYS: &[&str] = &[
    "message",
    "agentId",
    "provider",
    "model",
    "to",
    "replyTo",
    "sessionId",
    "sessionKey",
    "expectedExistingSessionId",
    "thinking",
    "deliver",
    "attachments",
    "channel",
    "replyChannel",
    "accountId",
    "replyAccountId",
    "threadId",
    "groupId",
    "groupChannel",
    "groupSpace",
    "timeout",
    "bestEffortDeliver",
    "lane",
    "cwd",
    "cleanupBundleMcpOnRunEnd",
    "modelRun",
    "promptMode",
    "extraSystemPrompt",
    "bootstrapContextMode",
    "bootstrapContextRunKind",
    "acpTurnSource",
    "internalRuntimeHandoffId",
    "internalExecutionIdentityRetry",
    "internalExecutionIdentityRecoveryAttempt",
    "execApprovalFollowupExpectedSessionId",
    "internalEvents",
    "inputProvenance",
    "suppressPromptPersistence",
    "sessionEffects",
    "sourceReplyDeliveryMode",
    "disableMessageTool",
    "swarmCollector",
    "swarmOutputSchema",
    "forceRestartSafeTools",
    "forceCodeModeTools",
    "voiceWakeTrigger",
    "idempotencyKey",
    "label",
];

/// `agent`: run the agent on a message; answers at once with the run id.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentParams {
    pub message: String,
    pub agent_id: Option<String>,
    pub model: Option<String>,
    pub session_id: Option<String>,
    pub session_key: Option<String>,
    pub thinking: Option<String>,
    pub deliver: Option<bool>,
    /// Seconds; 0 means the configured default.
    pub timeout: Option<i64>,
    pub extra_system_prompt: Option<String>,
    pub prompt_mode: Option<String>,
    pub idempotency_key: String,
    pub label: Option<String>,
    /// Read like `chat.send`'s (the 2026.9 schema leaves the items open).
    pub attachments: Vec<ChatAttachment>,
}

impl Decode for AgentParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut f = Fields::new(value, path, AGENT_KEYS)?;
        let provider = f.opt("provider", read::string)?;
        let model = f.opt("model", read::string)?;
        let prompt_mode = f.opt("promptMode", read::string)?;
        if let Some(mode) = &prompt_mode
            && !matches!(mode.as_str(), "full" | "minimal" | "none")
        {
            return Err(WireError::invalid(&format!("{path}.promptMode"), "must be one of full, minimal, none"));
        }
        Ok(Self {
            message: f.req("message", read::non_empty)?,
            agent_id: f.opt("agentId", read::non_empty)?,
            // `provider` + `model` name one model; `model` alone may already be `provider/model`.
            model: match (provider.filter(|p| !p.is_empty()), model.filter(|m| !m.is_empty())) {
                (Some(p), Some(m)) if !m.contains('/') => Some(format!("{p}/{m}")),
                (_, m) => m,
            },
            session_id: f.opt("sessionId", read::string)?.filter(|s| !s.is_empty()),
            session_key: f.opt("sessionKey", read::string)?.filter(|s| !s.is_empty()),
            thinking: f.opt("thinking", read::string)?.filter(|s| !s.is_empty()),
            deliver: f.opt("deliver", read::boolean)?,
            timeout: f.opt("timeout", read::int(0, None))?,
            extra_system_prompt: f.opt("extraSystemPrompt", read::string)?.filter(|s| !s.is_empty()),
            prompt_mode,
            idempotency_key: f.req("idempotencyKey", read::non_empty)?,
            label: f.opt("label", read::bounded(LABEL_MAX_CHARS))?,
            attachments: f.opt("attachments", attachments)?.unwrap_or_default(),
        })
    }
}
deserialize_via_decode!(AgentParams, "params");

/// `agent.wait`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentWaitParams {
    pub run_id: String,
    pub timeout_ms: Option<i64>,
}

impl Decode for AgentWaitParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut f = Fields::new(value, path, &["runId", "timeoutMs"])?;
        Ok(Self { run_id: f.req("runId", read::non_empty)?, timeout_ms: f.opt("timeoutMs", read::int(0, None))? })
    }
}
deserialize_via_decode!(AgentWaitParams, "params");

const CHAT_SEND_KEYS: &[&str] = &[
    "sessionKey",
    "agentId",
    "sessionId",
    "message",
    "mentions",
    "workContext",
    "intent",
    "thinking",
    "fastMode",
    "fastAutoOnSeconds",
    "queueMode",
    "deliver",
    "originatingChannel",
    "originatingTo",
    "originatingAccountId",
    "originatingThreadId",
    "replyToId",
    "attachments",
    "toolBindings",
    "timeoutMs",
    "systemInputProvenance",
    "systemProvenanceReceipt",
    "suppressCommandInterpretation",
    "expectedLeafEntryId",
    "expectedSessionRoutingContract",
    "expectedPermissionMode",
    "expectedToolOverrides",
    "idempotencyKey",
];

/// `chat.send`: a user message into a session, from an operator client (Control UI, TUI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatSendParams {
    pub session_key: String,
    pub agent_id: Option<String>,
    pub message: String,
    pub thinking: Option<String>,
    pub deliver: Option<bool>,
    pub timeout_ms: Option<i64>,
    /// Send the text to the model as is, even if it looks like a slash command.
    pub suppress_commands: bool,
    /// Entries without a string payload are already left out, as OpenClaw drops them.
    pub attachments: Vec<ChatAttachment>,
    pub idempotency_key: String,
}

impl Decode for ChatSendParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut f = Fields::new(value, path, CHAT_SEND_KEYS)?;
        Ok(Self {
            session_key: f.req("sessionKey", read::non_empty)?,
            agent_id: f.opt("agentId", read::non_empty)?,
            message: f.req("message", read::string)?,
            thinking: f.opt("thinking", read::string)?.filter(|s| !s.is_empty()),
            deliver: f.opt("deliver", read::boolean)?,
            timeout_ms: f.opt("timeoutMs", read::int(0, None))?,
            suppress_commands: f.opt("suppressCommandInterpretation", read::boolean)?.unwrap_or(false),
            attachments: f.opt("attachments", attachments)?.unwrap_or_default(),
            idempotency_key: f.req("idempotencyKey", read::non_empty)?,
        })
    }
}
deserialize_via_decode!(ChatSendParams, "params");

/// One `chat.send` attachment (`ChatAttachmentSchema`). The schema is an open object, so keys
/// it does not name are admitted and ignored; the ones it names are checked for their type.
/// What the payload is (image or not, its size) is the gateway's to judge, not the wire's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatAttachment {
    /// Where the entry sat in `attachments`, so refusals can name it.
    pub index: usize,
    /// `type` (a free-form kind such as `image`).
    pub kind: Option<String>,
    /// `mimeType`, else the `media_type` of an Anthropic-style `source`.
    pub mime_type: Option<String>,
    pub file_name: Option<String>,
    /// Base64 (possibly a `data:` URL): `content`, else the `data` of a `source` of type
    /// `base64`.
    pub content: String,
}

fn attachments(value: Value, path: &str) -> Result<Vec<ChatAttachment>, WireError> {
    let Value::Array(items) = value else {
        return Err(WireError::invalid(path, "must be an array"));
    };
    let mut out = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        if let Some(attachment) = attachment(item, &format!("{path}[{index}]"), index)? {
            out.push(attachment);
        }
    }
    Ok(out)
}

fn attachment(value: Value, path: &str, index: usize) -> Result<Option<ChatAttachment>, WireError> {
    let Value::Object(map) = value else {
        return Err(WireError::invalid(path, "must be an object"));
    };
    let text = |key: &str| -> Result<Option<String>, WireError> {
        map.get(key).cloned().map(|v| read::string(v, &format!("{path}.{key}"))).transpose()
    };
    let (kind, mime_type, file_name) = (text("type")?, text("mimeType")?, text("fileName")?);
    if let Some(origin) = text("origin")?
        && !matches!(origin.as_str(), "paste" | "file")
    {
        return Err(WireError::invalid(&format!("{path}.origin"), "must be \"paste\" or \"file\""));
    }
    for key in ["sizeBytes", "durationMs", "width", "height"] {
        if map.get(key).is_some_and(|v| !v.is_number()) {
            return Err(WireError::invalid(&format!("{path}.{key}"), "must be a number"));
        }
    }
    // OpenClaw's `normalizeRpcAttachmentsToChatAttachments`: a string `content`, else an
    // Anthropic-style base64 `source`; an entry with neither is dropped, not refused.
    let source = map.get("source").and_then(Value::as_object);
    let base64_source = source.filter(|s| s.get("type").and_then(Value::as_str) == Some("base64"));
    let content = match map.get("content") {
        Some(Value::String(content)) => Some(content.clone()),
        _ => base64_source.and_then(|s| s.get("data")).and_then(Value::as_str).map(str::to_owned),
    };
    let Some(content) = content else { return Ok(None) };
    let source_mime = source.and_then(|s| s.get("media_type")).and_then(Value::as_str).map(str::to_owned);
    Ok(Some(ChatAttachment { index, kind, mime_type: mime_type.or(source_mime), file_name, content }))
}

/// `chat.abort`: stop the named run, or every active run of the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatAbortParams {
    pub session_key: String,
    pub agent_id: Option<String>,
    pub run_id: Option<String>,
}

impl Decode for ChatAbortParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut f = Fields::new(value, path, &["sessionKey", "agentId", "runId", "preserveSideRuns"])?;
        let _ = f.opt("preserveSideRuns", read::boolean)?;
        Ok(Self {
            session_key: f.req("sessionKey", read::non_empty)?,
            agent_id: f.opt("agentId", read::non_empty)?,
            run_id: f.opt("runId", read::non_empty)?,
        })
    }
}
deserialize_via_decode!(ChatAbortParams, "params");

/// `sessions.reset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionsResetParams {
    pub key: String,
    pub agent_id: Option<String>,
    /// `new` or `reset` (default `reset`).
    pub reason: String,
    pub expected_session_id: Option<String>,
}

impl Decode for SessionsResetParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut f = Fields::new(value, path, &["key", "agentId", "reason", "expectedSessionId"])?;
        let reason = f.opt("reason", read::string)?.unwrap_or_else(|| "reset".to_owned());
        if !matches!(reason.as_str(), "new" | "reset") {
            return Err(WireError::invalid(&format!("{path}.reason"), "must be \"new\" or \"reset\""));
        }
        Ok(Self {
            key: f.req("key", read::non_empty)?,
            agent_id: f.opt("agentId", read::non_empty)?,
            reason,
            expected_session_id: f.opt("expectedSessionId", read::non_empty)?,
        })
    }
}
deserialize_via_decode!(SessionsResetParams, "params");

/// Session fields `sessions.patch` may set (value) or clear (`null`), with their allowed values
/// (`None` = any string).
pub const SESSION_PATCH_FIELDS: &[(&str, Option<&[&str]>)] = &[
    ("label", None),
    ("thinkingLevel", Some(&["off", "minimal", "low", "medium", "high", "xhigh"])),
    ("verboseLevel", Some(&["on", "full", "off"])),
    ("reasoningLevel", Some(&["on", "off", "stream"])),
    ("responseUsage", Some(&["off", "tokens", "full", "cost"])),
    ("elevatedLevel", Some(&["on", "off", "ask", "full"])),
    ("execHost", Some(&["sandbox", "gateway", "node"])),
    ("execSecurity", Some(&["deny", "allowlist", "full"])),
    ("execAsk", Some(&["off", "on-miss", "always"])),
    ("execNode", None),
    ("model", None),
    ("sendPolicy", Some(&["allow", "deny"])),
    ("groupActivation", Some(&["mention", "always"])),
];

/// `sessions.patch`: `fields` maps each given key to its new value (`None` clears it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionsPatchParams {
    pub key: String,
    pub agent_id: Option<String>,
    pub expected_session_id: Option<String>,
    pub fields: Vec<(String, Option<String>)>,
}

impl Decode for SessionsPatchParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut allowed: Vec<&str> = vec!["key", "agentId", "expectedSessionId"];
        allowed.extend(SESSION_PATCH_FIELDS.iter().map(|(name, _)| *name));
        let mut f = Fields::new(value, path, &allowed)?;
        let key = f.req("key", read::non_empty)?;
        let agent_id = f.opt("agentId", read::non_empty)?;
        let expected_session_id = f.opt("expectedSessionId", read::non_empty)?;
        let mut fields = Vec::new();
        for (name, choices) in SESSION_PATCH_FIELDS {
            let Some(raw) = f.opt(name, read::any)? else { continue };
            let field_path = format!("{path}.{name}");
            let value = match raw {
                Value::Null => None,
                Value::String(text) => {
                    let text = text.trim().to_owned();
                    if let Some(choices) = choices
                        && !choices.contains(&text.as_str())
                    {
                        return Err(WireError::invalid(&field_path, format!("must be one of {}", choices.join(", "))));
                    }
                    if *name == "label" && text.chars().count() > LABEL_MAX_CHARS {
                        return Err(WireError::invalid(
                            &field_path,
                            format!("must be at most {LABEL_MAX_CHARS} characters"),
                        ));
                    }
                    Some(text)
                }
                _ => return Err(WireError::invalid(&field_path, "must be a string or null")),
            };
            fields.push(((*name).to_owned(), value));
        }
        Ok(Self { key, agent_id, expected_session_id, fields })
    }
}
deserialize_via_decode!(SessionsPatchParams, "params");

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::decode::parse_params;

    #[test]
    fn agent_params_accept_the_reference_keys_and_refuse_others() {
        let p: AgentParams = parse_params(Some(json!({
            "message": "hi", "idempotencyKey": "k", "sessionKey": "agent:main:main",
            "provider": "local", "model": "m1", "swarmCollector": false, "timeout": 30
        })))
        .unwrap();
        assert_eq!(p.model.as_deref(), Some("local/m1"));
        assert_eq!(p.timeout, Some(30));
        let error =
            parse_params::<AgentParams>(Some(json!({"message": "hi", "idempotencyKey": "k", "bogus": 1}))).unwrap_err();
        assert_eq!(error.to_string(), "params: unexpected property 'bogus'");
        let error = parse_params::<AgentParams>(Some(json!({"message": "hi"}))).unwrap_err();
        assert!(error.to_string().contains("idempotencyKey"), "{error}");
    }

    #[test]
    fn chat_send_and_abort() {
        let p: ChatSendParams =
            parse_params(Some(json!({"sessionKey": "main", "message": "", "idempotencyKey": "k"}))).unwrap();
        assert_eq!(p.message, "");
        assert_eq!(p.attachments, vec![]);
        let a: ChatAbortParams = parse_params(Some(json!({"sessionKey": "main", "runId": "r"}))).unwrap();
        assert_eq!(a.run_id.as_deref(), Some("r"));
    }

    #[test]
    fn chat_send_attachments_keep_the_payloads_and_admit_open_keys() {
        let p: ChatSendParams = parse_params(Some(json!({
            "sessionKey": "main", "message": "look", "idempotencyKey": "k",
            "attachments": [
                {"type": "image", "mimeType": "image/png", "fileName": "a.png", "content": "iVBO",
                 "origin": "paste", "width": 10, "somethingNew": true},
                {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/"}},
                {"type": "image", "fileName": "no-payload.png"},
                {"content": 42}
            ]
        })))
        .unwrap();
        assert_eq!(
            p.attachments,
            vec![
                ChatAttachment {
                    index: 0,
                    kind: Some("image".into()),
                    mime_type: Some("image/png".into()),
                    file_name: Some("a.png".into()),
                    content: "iVBO".into(),
                },
                ChatAttachment {
                    index: 1,
                    kind: Some("image".into()),
                    mime_type: Some("image/jpeg".into()),
                    file_name: None,
                    content: "/9j/".into(),
                },
            ]
        );
    }

    #[test]
    fn chat_send_attachments_check_the_named_keys() {
        let cases = [
            (json!("x"), "params.attachments: must be an array"),
            (json!(["x"]), "params.attachments[0]: must be an object"),
            (json!([{"content": "x", "mimeType": 1}]), "params.attachments[0].mimeType: must be a string"),
            (
                json!([{}, {"content": "x", "origin": "web"}]),
                "params.attachments[1].origin: must be \"paste\" or \"file\"",
            ),
            (json!([{"content": "x", "sizeBytes": "big"}]), "params.attachments[0].sizeBytes: must be a number"),
        ];
        for (attachments, expected) in cases {
            let raw = json!({"sessionKey": "main", "message": "m", "idempotencyKey": "k", "attachments": attachments});
            let error = parse_params::<ChatSendParams>(Some(raw)).unwrap_err();
            assert_eq!(error.to_string(), expected);
        }
    }

    #[test]
    fn sessions_patch_checks_values_and_allows_clearing() {
        let p: SessionsPatchParams =
            parse_params(Some(json!({"key": "main", "thinkingLevel": "high", "label": null}))).unwrap();
        assert_eq!(p.fields, vec![("label".to_owned(), None), ("thinkingLevel".to_owned(), Some("high".to_owned()))]);
        let error =
            parse_params::<SessionsPatchParams>(Some(json!({"key": "main", "thinkingLevel": "max"}))).unwrap_err();
        assert!(error.to_string().contains("params.thinkingLevel"), "{error}");
        let error = parse_params::<SessionsResetParams>(Some(json!({"key": "main", "reason": "wipe"}))).unwrap_err();
        assert!(error.to_string().contains("params.reason"), "{error}");
    }
}
