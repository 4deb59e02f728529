//! Unit tests for the fake model server's pure pieces: splitting replies into fragments and
//! the providers' error bodies, and the Anthropic extended-thinking rules.

use serde_json::{Value, json};

use super::{Wire, anthropic, error_body, split_pieces};

#[test]
fn pieces_rejoin_to_the_original_and_are_never_empty() {
    for text in ["", "a", "héllo wörld", "{\"city\":\"Paris\",\"unit\":\"C\"}"] {
        let pieces = split_pieces(text, 4);
        assert_eq!(pieces.concat(), text);
        assert!(pieces.iter().all(|p| !p.is_empty()));
        assert!(pieces.len() <= 4);
    }
    assert_eq!(split_pieces("abcdefgh", 4), ["ab", "cd", "ef", "gh"]);
}

#[test]
fn rate_limit_errors_use_each_providers_shape() {
    assert_eq!(
        error_body(Wire::OpenAi, 429, "slow down"),
        json!({"error": {"message": "slow down", "type": "requests", "param": null, "code": "rate_limit_exceeded"}})
    );
    assert_eq!(
        error_body(Wire::Anthropic, 429, "slow down"),
        json!({"type": "error", "error": {"type": "rate_limit_error", "message": "slow down"}})
    );
    assert_eq!(error_body(Wire::Anthropic, 529, "busy")["error"]["type"], "overloaded_error");
    assert_eq!(error_body(Wire::OpenAi, 500, "oops")["error"]["type"], "server_error");
    // The Responses API shares OpenAI's error body.
    assert_eq!(error_body(Wire::Responses, 429, "slow down"), error_body(Wire::OpenAi, 429, "slow down"));
}

#[test]
fn anthropic_thinking_rules_refuse_what_the_api_refuses() {
    let signature = anthropic::thinking_signature("hmm");
    let body = |assistant: Value, max_tokens: u64| {
        json!({
            "thinking": {"type": "enabled", "budget_tokens": 1024},
            "max_tokens": max_tokens,
            "messages": [
                {"role": "user", "content": [{"type": "text", "text": "go"}]},
                {"role": "assistant", "content": assistant},
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "ok"}]},
            ],
        })
    };
    let tool_use = json!({"type": "tool_use", "id": "t", "name": "x", "input": {}});
    let signed = json!({"type": "thinking", "thinking": "hmm", "signature": signature});
    let forged = json!({"type": "thinking", "thinking": "hmm!", "signature": signature});
    let refused = |body: Value| anthropic::rejection(&body).unwrap_or_default();

    assert_eq!(anthropic::rejection(&body(json!([signed, tool_use]), 4096)), None);
    assert!(
        refused(body(json!([tool_use]), 4096))
            .contains("Expected `thinking` or `redacted_thinking`, but found `tool_use`")
    );
    assert!(refused(body(json!([forged, tool_use]), 4096)).contains("Invalid `signature`"));
    assert!(refused(body(json!([signed, tool_use]), 1024)).contains("`max_tokens` must be greater"));
    // Without thinking enabled the same conversation is fine.
    let mut plain = body(json!([tool_use]), 4096);
    plain.as_object_mut().unwrap().remove("thinking");
    assert_eq!(anthropic::rejection(&plain), None);
}
