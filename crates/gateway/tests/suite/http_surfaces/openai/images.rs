//! Inline images of the current turn through both OpenAI-compatible endpoints: they reach the
//! run request as checked images, an image alone becomes OpenClaw's placeholder message, and
//! every image the run cannot take is a 400 naming the part.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use openclaw_gateway::agent_port::ImageInput;
use serde_json::{Value, json};

use super::super::post;
use super::{ScriptedAgent, auth, gateway, last_request};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const GIF: &[u8] = b"GIF89a\x01\0\x01\0";

fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

fn png() -> ImageInput {
    ImageInput { mime_type: "image/png".into(), data_base64: b64(PNG) }
}

fn chat_image(url: &str) -> Value {
    json!({"type": "image_url", "image_url": {"url": url}})
}

fn responses_image(media_type: &str, data: &str) -> Value {
    json!({"type": "input_image", "source": {"type": "base64", "media_type": media_type, "data": data}})
}

fn user_input(parts: Value) -> String {
    json!({"model": "openclaw", "input": [{"type": "message", "role": "user", "content": parts}]}).to_string()
}

#[test]
fn chat_completion_images_reach_the_run() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let auth = auth();
    let body = json!({"messages": [
        // Images of earlier turns are context the agent never sees; only the current turn's count.
        {"role": "user", "content": [chat_image("https://example.com/old.png")]},
        {"role": "assistant", "content": "a cat"},
        {"role": "user", "content": [
            {"type": "text", "text": "and these?"},
            chat_image(&format!("data:image/png;base64,{}", b64(PNG))),
            {"type": "image_url", "image_url": format!("data:image/gif;base64,{}", b64(GIF))}
        ]}
    ]});
    let reply = post(&gw, "/v1/chat/completions", &[("Authorization", &auth)], &body.to_string());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let request = last_request(&agent);
    assert!(request.message.ends_with("User: and these?"), "{}", request.message);
    assert_eq!(request.images, vec![png(), ImageInput { mime_type: "image/gif".into(), data_base64: b64(GIF) }]);

    let body = json!({"messages": [{"role": "user", "content": [chat_image(&format!("data:image/png;base64,{}", b64(PNG)))]}]});
    let reply = post(&gw, "/v1/chat/completions", &[("Authorization", &auth)], &body.to_string());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let request = last_request(&agent);
    assert_eq!((request.message.as_str(), request.images), ("User sent image(s) with no text.", vec![png()]));
}

#[test]
fn responses_images_reach_the_run() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let auth = auth();
    let body = user_input(json!([{"type": "input_text", "text": "look"}, responses_image("image/png", &b64(PNG))]));
    let reply = post(&gw, "/v1/responses", &[("Authorization", &auth)], &body);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let request = last_request(&agent);
    assert_eq!((request.message.as_str(), request.images), ("look", vec![png()]));

    let body = user_input(json!([responses_image("image/png", &b64(PNG))]));
    let reply = post(&gw, "/v1/responses", &[("Authorization", &auth)], &body);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let request = last_request(&agent);
    assert_eq!((request.message.as_str(), request.images), ("User sent image(s) with no text.", vec![png()]));
}

#[test]
fn images_the_run_cannot_take_are_refused() {
    let agent = ScriptedAgent::default();
    let gw = gateway(&agent, "");
    let narrow = gateway(&agent, ", images: { maxBytes: 12, allowedMimes: ['image/jpeg', 'image/png'] }");
    let auth = auth();
    let chat = |parts: Value| json!({"messages": [{"role": "user", "content": parts}]}).to_string();
    let nine: Vec<Value> = (0..9).map(|_| chat_image(&format!("data:image/png;base64,{}", b64(PNG)))).collect();
    let cases = [
        (
            &gw,
            "/v1/chat/completions",
            chat(json!([{"type": "text", "text": "hi"}, chat_image("data:image/bmp;base64,Qk0AAA==")])),
            "messages[0].content[1].image_url: unsupported image type image/bmp",
        ),
        (
            &gw,
            "/v1/chat/completions",
            chat(json!([chat_image("data:image/png;base64,%%%")])),
            "messages[0].content[0].image_url: invalid base64 data",
        ),
        (
            &gw,
            "/v1/chat/completions",
            chat(json!([chat_image("data:image/png,rawbytes")])),
            "messages[0].content[0].image_url: data URI must be base64 encoded",
        ),
        (&gw, "/v1/chat/completions", chat(json!(nine)), "messages[0].content: too many image_url parts (9; limit 8)"),
        (
            &narrow,
            "/v1/responses",
            user_input(json!([responses_image("image/gif", &b64(GIF))])),
            "input[0].content[0].source: unsupported image type image/gif",
        ),
        (
            &narrow,
            "/v1/responses",
            user_input(json!([{"type": "input_text", "text": "x"}, responses_image("image/png", &b64(PNG))])),
            "input[0].content[1].source: image too large (16 bytes; limit 12)",
        ),
        (
            &gw,
            "/v1/responses",
            user_input(json!([responses_image("image/png", "not base64")])),
            "input[0].content[0].source: invalid base64 data",
        ),
    ];
    for (gateway, path, body, message) in cases {
        let reply = post(gateway, path, &[("Authorization", &auth)], &body);
        let expected = json!({"error": {"message": message, "type": "invalid_request_error"}});
        assert_eq!((reply.status, reply.json()), (400, expected), "{body}");
    }
    assert!(agent.requests.lock().unwrap().is_empty(), "refused requests start no run");
}
