//! `/v1/responses` with `previous_response_id`: the new response runs in the session of the
//! one it continues, for thirty minutes, and only for the same caller, agent and requested
//! session key; otherwise the request's own session rules apply.

use serde_json::json;

use super::{ScriptedAgent, auth, gateway, last_request};
use crate::suite::http_surfaces::post;

#[test]
fn a_response_continues_the_session_of_the_one_it_names() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let auth = auth();
    let send = |body: serde_json::Value, extra: &[(&str, &str)]| {
        let mut headers = vec![("Authorization", auth.as_str())];
        headers.extend_from_slice(extra);
        let reply = post(&gw, "/v1/responses", &headers, &body.to_string());
        assert_eq!(reply.status, 200, "{}", reply.text());
        (reply.json()["id"].as_str().unwrap().to_owned(), last_request(&agent).session_key)
    };
    let (first, first_session) = send(json!({"model": "openclaw", "input": "hi"}), &[]);
    assert!(first_session.starts_with("agent:main:openresponses:"), "{first_session}");
    let (second, second_session) =
        send(json!({"model": "openclaw", "input": "and then?", "previous_response_id": first}), &[]);
    assert_eq!(second_session, first_session, "continued");
    // The chain goes on from the newest response too.
    let (_, third_session) = send(json!({"model": "openclaw", "input": "more", "previous_response_id": second}), &[]);
    assert_eq!(third_session, first_session);

    // Another requested session key is another scope: the header's session is used.
    let (_, other) = send(
        json!({"model": "openclaw", "input": "x", "previous_response_id": first}),
        &[("x-openclaw-session-key", "agent:main:mine")],
    );
    assert_eq!(other, "agent:main:mine");
    // Unknown ids fall back to the request's own rules.
    let (_, fresh) = send(json!({"model": "openclaw", "input": "x", "previous_response_id": "resp_nope"}), &[]);
    assert!(fresh.starts_with("agent:main:openresponses:") && fresh != first_session, "{fresh}");

    // Thirty minutes later the chain is forgotten.
    gw.advance(30 * 60 * 1000 + 1);
    let (_, late) = send(json!({"model": "openclaw", "input": "late", "previous_response_id": second}), &[]);
    assert_ne!(late, first_session);
}
