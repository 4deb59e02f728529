use serde_json::json;

use super::*;

#[test]
fn a_single_user_message_is_the_message() {
    let prompt = from_chat(Some(&json!([
        {"role": "system", "content": "be brief"},
        {"role": "developer", "content": [{"type": "text", "text": "no emoji"}]},
        {"role": "user", "content": "hi"}
    ])));
    assert_eq!(prompt, Prompt { message: "hi".into(), extra_system_prompt: Some("be brief\n\nno emoji".into()) });
}

#[test]
fn earlier_turns_become_a_history_block() {
    let prompt = from_chat(Some(&json!([
        {"role": "user", "content": "what is 2+2?"},
        {"role": "assistant", "content": "4", "tool_calls": [{"id": "c1", "function": {"name": "calc", "arguments": {"x": 1}}}]},
        {"role": "user", "content": "and times 3?"}
    ])));
    assert_eq!(
        prompt.message,
        "[Chat messages since your last reply - for context]\nUser: what is 2+2?\nAssistant: 4\n\
         tool_call id=c1 name=calc arguments={\"x\":1}\n\n[Current message - respond to this]\nUser: and times 3?"
    );
    assert_eq!(prompt.extra_system_prompt, None);
}

#[test]
fn a_trailing_tool_result_is_the_current_entry() {
    let prompt = from_chat(Some(&json!([
        {"role": "tool", "tool_call_id": "c1", "content": "42"}
    ])));
    assert_eq!(prompt.message, "Tool:c1: 42");
}

#[test]
fn responses_input_items_follow_the_same_rules() {
    let prompt = from_responses(
        Some("answer in French"),
        Some(&json!([
            {"type": "message", "role": "system", "content": "be brief"},
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hello"}]},
            {"type": "function_call", "call_id": "c1", "name": "lookup", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c1", "output": "found"}
        ])),
    );
    assert_eq!(prompt.extra_system_prompt.as_deref(), Some("answer in French\n\nbe brief"));
    assert_eq!(
        prompt.message,
        "[Chat messages since your last reply - for context]\nUser: hello\n\
         Assistant: tool_call id=c1 name=lookup arguments={}\n\n[Current message - respond to this]\nTool:c1: found"
    );
    let plain = from_responses(None, Some(&json!("hi")));
    assert_eq!(plain, Prompt { message: "hi".into(), extra_system_prompt: None });
}

#[test]
fn an_image_alone_in_the_current_turn_gets_openclaws_placeholder() {
    let image = json!({"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}});
    let prompt = from_chat(Some(&json!([{"role": "user", "content": [image.clone()]}])));
    assert_eq!(prompt.message, "User sent image(s) with no text.");
    // An earlier turn's image alone says nothing; the current turn is the tool result.
    let prompt = from_chat(Some(&json!([
        {"role": "user", "content": [image]},
        {"role": "tool", "tool_call_id": "c1", "content": "42"}
    ])));
    assert_eq!(prompt.message, "Tool:c1: 42");
    let input_image =
        json!({"type": "input_image", "source": {"type": "base64", "media_type": "image/png", "data": "AAAA"}});
    let prompt = from_responses(None, Some(&json!([{"type": "message", "role": "user", "content": [input_image]}])));
    assert_eq!(prompt.message, "User sent image(s) with no text.");
}

#[test]
fn a_file_alone_in_the_current_turn_gets_openclaws_placeholder() {
    let file = json!({"type": "input_file", "source": {"type": "base64", "media_type": "text/plain", "data": "aGk="}});
    let image = json!({"type": "input_image", "source": {"type": "url", "url": "https://example.com/a.png"}});
    let prompt = from_responses(None, Some(&json!([{"type": "message", "role": "user", "content": [file.clone()]}])));
    assert_eq!(prompt.message, "User sent file(s) with no text.");
    let both = from_responses(None, Some(&json!([{"type": "message", "role": "user", "content": [file, image]}])));
    assert_eq!(both.message, "User sent image(s) with no text.", "images win, as in OpenClaw");
}
