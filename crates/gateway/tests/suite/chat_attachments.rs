//! `chat.send` attachments over the wire: images reach the run request as checked images (the
//! bytes' type winning over a wrong declaration, data URLs and Anthropic-style sources
//! accepted), an image alone is a message, and everything the run cannot carry is refused with
//! one `INVALID_REQUEST` line naming the attachment, before any run starts.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use openclaw_gateway::agent_port::ImageInput;
use serde_json::{Value, json};

use super::client::{Client, cli_params};
use super::fakes::{RecordingAgent, gateway_with_agent};
use super::harness::TOKEN;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF";

fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

fn send(c: &mut Client, key: &str, message: &str, attachments: Value) -> Value {
    c.call(
        "chat.send",
        json!({"sessionKey": "main", "message": message, "idempotencyKey": key, "attachments": attachments}),
    )
}

#[test]
fn image_attachments_reach_the_run() {
    let agent = Arc::new(RecordingAgent::default());
    let gw = gateway_with_agent("", agent.clone());
    let mut c = Client::open(&gw.ws_url());
    assert_eq!(c.connect(cli_params(Some(TOKEN)))["ok"], true);
    let attachments = json!([
        {"type": "image", "mimeType": "image/png", "fileName": "a.png", "content": b64(PNG), "origin": "paste"},
        {"type": "image", "mimeType": "image/png", "content": format!("data:image/jpeg;base64,{}", b64(JPEG))},
        {"type": "image", "source": {"type": "base64", "media_type": "image/webp", "data": "aGVsbG8="}},
    ]);
    let res = send(&mut c, "img-1", "what is this?", attachments);
    assert_eq!(res["payload"]["status"], "started", "{res}");
    let request = agent.wait_for("with images", |r| r.run_id == "img-1");
    assert_eq!(request.message, "what is this?");
    assert_eq!(
        request.images,
        vec![
            ImageInput { mime_type: "image/png".into(), data_base64: b64(PNG) },
            // The bytes are a JPEG, whatever the client declared.
            ImageInput { mime_type: "image/jpeg".into(), data_base64: b64(JPEG) },
            ImageInput { mime_type: "image/webp".into(), data_base64: "aGVsbG8=".into() },
        ]
    );

    let res = send(&mut c, "img-2", "", json!([{"fileName": "b.png", "content": b64(PNG)}]));
    assert_eq!(res["payload"]["status"], "started", "an image alone is a message: {res}");
    let request = agent.wait_for("image only", |r| r.run_id == "img-2");
    assert_eq!((request.message.as_str(), request.images.len()), ("", 1));
}

#[test]
fn attachments_the_run_cannot_carry_are_refused() {
    let agent = Arc::new(RecordingAgent::default());
    let gw = gateway_with_agent("", agent.clone());
    let mut c = Client::open(&gw.ws_url());
    assert_eq!(c.connect(cli_params(Some(TOKEN)))["ok"], true);
    let too_big = b64(&vec![0u8; 6 * 1024 * 1024 + 3]);
    let cases = [
        (
            json!([{"mimeType": "application/pdf", "fileName": "doc.pdf", "content": "JVBERi0="}]),
            "attachments[0] (doc.pdf): non-image attachments (application/pdf) are not supported by this gateway yet",
        ),
        (
            json!([{"content": b64(PNG)}, {"mimeType": "image/bmp", "content": "Qk0AAA=="}]),
            "attachments[1]: unsupported image type image/bmp",
        ),
        (json!([{"mimeType": "image/png", "content": "not base64!"}]), "attachments[0]: invalid base64 data"),
        (
            json!([{"mimeType": "image/png", "content": too_big}]),
            "attachments[0]: image too large (6291459 bytes; limit 6291456)",
        ),
        (
            json!([{"content": "aGVsbG8="}]),
            "attachments[0]: cannot tell the attachment's type (give `mimeType`); only images are supported",
        ),
    ];
    for (index, (attachments, expected)) in cases.into_iter().enumerate() {
        let res = send(&mut c, &format!("bad-{index}"), "look", attachments);
        assert_eq!(res["error"]["code"], "INVALID_REQUEST", "{res}");
        assert_eq!(res["error"]["message"], expected);
    }
    let res = send(&mut c, "bad-empty", " ", json!([]));
    assert_eq!(res["error"]["message"], "message or attachment required");
    assert!(agent.requests().is_empty(), "refused sends start no run");
}

#[test]
fn agent_image_attachments_reach_the_run_too() {
    let agent = Arc::new(RecordingAgent::default());
    let gw = gateway_with_agent("", agent.clone());
    let mut c = Client::open(&gw.ws_url());
    assert_eq!(c.connect(cli_params(Some(TOKEN)))["ok"], true);
    let res = c.call(
        "agent",
        json!({"message": "look", "idempotencyKey": "agent-img", "attachments": [{"mimeType": "image/png", "content": b64(PNG)}]}),
    );
    assert_eq!(res["payload"]["status"], "accepted", "{res}");
    let request = agent.wait_for("agent with an image", |r| r.run_id == "agent-img");
    assert_eq!(request.images, vec![ImageInput { mime_type: "image/png".into(), data_base64: b64(PNG) }]);
    let refused = c.call(
        "agent",
        json!({"message": "read", "idempotencyKey": "agent-pdf", "attachments": [{"mimeType": "application/pdf", "fileName": "a.pdf", "content": "JVBERi0="}]}),
    );
    assert_eq!(refused["error"]["code"], "INVALID_REQUEST", "{refused}");
}
