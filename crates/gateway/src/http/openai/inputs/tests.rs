use openclaw_config::model::resolved::Responses;
use serde_json::{Value, json};

use super::*;

fn object(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

fn responses(max_url_parts: u64, images_allow_url: Option<bool>) -> Responses {
    Responses {
        enabled: true,
        max_body_bytes: 1024,
        max_url_parts,
        files: None,
        images: images_allow_url.map(|allow| openclaw_config::model::gateway::ResponsesImagesConfig {
            allow_url: Some(allow),
            ..Default::default()
        }),
    }
}

fn user_parts(parts: Value) -> Value {
    json!({"input": [{"type": "message", "role": "user", "content": parts}]})
}

#[test]
fn chat_refusals() {
    let cases = [
        (json!({"messages": [{"role": "user", "content": "hi"}]}), Ok(0)),
        (
            json!({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]}]}),
            Ok(1),
        ),
        (
            json!({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": "https://example.com/a.png"}]}]}),
            Err(INVALID_IMAGE_URL.to_owned()),
        ),
        (
            json!({"messages": [{"role": "user", "content": [{"type": "image_url"}]}]}),
            Err(INVALID_IMAGE_URL.to_owned()),
        ),
        (
            json!({"messages": [
                {"role": "user", "content": [{"type": "image_url", "image_url": "https://example.com/a.png"}]},
                {"role": "tool", "tool_call_id": "c", "content": "x"}
            ]}),
            Ok(0),
        ),
        (
            json!({"messages": [], "tools": [{"type": "function", "function": {"name": "f"}}]}),
            Err(CLIENT_TOOLS_UNSUPPORTED.to_owned()),
        ),
        (
            json!({"messages": [], "tools": [{"type": "function", "function": {"name": "f"}}], "tool_choice": "none"}),
            Ok(0),
        ),
        (
            json!({"messages": [], "tool_choice": "required"}),
            Err("Invalid tools/tool_choice: tool_choice=required but no tools were provided".to_owned()),
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(check_chat(&object(body.clone())).map(|images| images.len()), expected, "{body}");
    }
}

#[test]
fn responses_refusals() {
    let url_image = json!({"type": "input_image", "source": {"type": "url", "url": "https://example.com/a.png"}});
    let b64_file =
        json!({"type": "input_file", "source": {"type": "base64", "media_type": "text/plain", "data": "aGk="}});
    let cases = [
        (responses(8, None), user_parts(json!([url_image.clone()])), Ok(1)),
        (responses(8, Some(false)), user_parts(json!([url_image.clone()])), Err(INVALID_REQUEST)),
        (responses(0, None), user_parts(json!([url_image.clone()])), Err(INVALID_REQUEST)),
        (responses(8, None), user_parts(json!([b64_file.clone()])), Ok(1)),
        (
            responses(8, None),
            json!({"input": [
                {"type": "message", "role": "user", "content": [b64_file]},
                {"type": "message", "role": "user", "content": "now this"}
            ]}),
            Ok(0),
        ),
        (
            responses(8, None),
            json!({"input": "hi", "tools": [{"type": "function", "name": "f"}]}),
            Err(CLIENT_TOOLS_UNSUPPORTED),
        ),
        (responses(8, None), json!({"input": "hi", "tool_choice": "required"}), Err("invalid tool configuration")),
    ];
    for (config, body, expected) in cases {
        let checked = check_responses(&config, &object(body.clone())).map(|media| media.len());
        assert_eq!(checked, expected.map_err(str::to_owned), "{body}");
    }
}

#[test]
fn chat_image_sizes_follow_openclaw() {
    // Zero bytes sniff as nothing, so the declared PNG type stands.
    let image = |bytes: usize| {
        let data = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, vec![0u8; bytes]);
        json!({"type": "image_url", "image_url": {"url": format!("data:image/png;base64,{data}")}})
    };
    let body = |parts: Vec<Value>| object(json!({"messages": [{"role": "user", "content": parts}]}));
    let over = CHAT_IMAGE_MAX_BYTES + 1;
    assert_eq!(
        check_chat(&body(vec![image(usize::try_from(over).unwrap())])),
        Err(format!("messages[0].content[0].image_url: image too large ({over} bytes; limit {CHAT_IMAGE_MAX_BYTES})"))
    );
    let eight_mib = 8 * 1024 * 1024;
    assert_eq!(check_chat(&body(vec![image(eight_mib), image(eight_mib)])).map(|i| i.len()), Ok(2));
    assert_eq!(
        check_chat(&body(vec![image(eight_mib), image(eight_mib), image(eight_mib)])),
        Err(format!(
            "messages[0].content: total image payload too large ({} bytes; limit {CHAT_IMAGES_MAX_TOTAL_BYTES})",
            3 * eight_mib
        ))
    );
}
