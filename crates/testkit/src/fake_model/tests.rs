//! Unit tests for the fake model server's pure pieces: splitting replies into fragments and
//! the providers' error bodies.

use serde_json::json;

use super::{Wire, error_body, split_pieces};

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
