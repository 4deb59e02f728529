//! The decoders against real HTTP from the testkit's fake model server, for every wire
//! format: text and tool-call arguments reassemble exactly, a malformed chunk is skipped,
//! and a dropped connection is reported as truncated.

// Helpers outside #[test] fns are test code too: a failed fixture step should fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod http_client;

use openclaw_providers::{
    AnthropicStreamDecoder, AssembledReply, EventDecoder, OpenAiStreamDecoder, ProviderError, ReplyAssembler,
    ResponsesStreamDecoder, StreamDecoder,
};
use openclaw_testkit::fake_model::{FakeModelServer, MALFORMED_FOLLOW_UP_TEXT, Scripted};

#[derive(Clone, Copy, Debug)]
enum Wire {
    OpenAi,
    Responses,
    Anthropic,
}

const WIRES: [Wire; 3] = [Wire::OpenAi, Wire::Responses, Wire::Anthropic];

/// Requests one streamed reply and feeds its body through the decoder in small uneven pieces,
/// as a client would as reads complete.
fn run(wire: Wire, reply: Scripted) -> Result<AssembledReply, ProviderError> {
    let server = FakeModelServer::start(vec![reply]);
    let (path, request) = match wire {
        Wire::OpenAi => (
            "/chat/completions",
            r#"{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}"#,
        ),
        Wire::Responses => ("/responses", r#"{"model":"m","stream":true,"input":[{"role":"user","content":"hi"}]}"#),
        Wire::Anthropic => {
            ("/messages", r#"{"model":"m","stream":true,"max_tokens":64,"messages":[{"role":"user","content":"hi"}]}"#)
        }
    };
    let response = http_client::post(&format!("{}{path}", server.base_url()), request);
    assert_eq!(response.status, 200);
    match wire {
        Wire::OpenAi => feed(OpenAiStreamDecoder::new(), &response.body),
        Wire::Responses => feed(ResponsesStreamDecoder::new(), &response.body),
        Wire::Anthropic => feed(AnthropicStreamDecoder::new(), &response.body),
    }
}

fn feed<D: EventDecoder>(decoder: D, body: &[u8]) -> Result<AssembledReply, ProviderError> {
    let mut decoder = StreamDecoder::new(decoder);
    let mut reply = ReplyAssembler::new();
    for piece in body.chunks(7) {
        reply.extend(&decoder.push(piece)?);
    }
    reply.extend(&decoder.finish()?);
    assert!(reply.is_finished());
    reply.finish()
}

#[test]
fn streamed_text_assembles() {
    for wire in WIRES {
        let reply = run(wire, Scripted::text("Hello from the fake — ünïcode 🦀 included.")).unwrap();
        assert_eq!(reply.text, "Hello from the fake — ünïcode 🦀 included.", "{wire:?}");
        assert!(reply.tool_calls.is_empty());
        assert!(reply.finish_reason.is_some() && reply.usage.is_some(), "{wire:?}: {reply:?}");
    }
}

#[test]
fn streamed_tool_call_arguments_reassemble_exactly() {
    let arguments = r#"{"path": "/tmp/a b.txt", "lines": [1, 2, 3], "note": "ß✓"}"#;
    for wire in WIRES {
        let reply = run(wire, Scripted::tool_call("read_file", arguments)).unwrap();
        assert_eq!(reply.tool_calls.len(), 1, "{wire:?}");
        assert_eq!(reply.tool_calls[0].name, "read_file");
        assert!(!reply.tool_calls[0].id.is_empty());
        assert_eq!(reply.tool_calls[0].arguments, arguments, "{wire:?}");
    }
}

#[test]
fn invalid_tool_arguments_fail_naming_the_call() {
    // The Anthropic fake can only stream what it scripted as text pieces, so every format
    // deliver these exact (broken) argument bytes.
    for wire in WIRES {
        let error = run(wire, Scripted::tool_call("broken_tool", r#"{"unterminated": "#)).unwrap_err();
        assert!(
            matches!(&error, ProviderError::InvalidToolArguments { name, .. } if name == "broken_tool"),
            "{wire:?}: {error:?}"
        );
    }
}

#[test]
fn a_malformed_chunk_is_skipped_and_the_reply_recovers() {
    for wire in WIRES {
        let reply = run(wire, Scripted::MalformedChunk).unwrap();
        assert_eq!(reply.malformed, 1, "{wire:?}");
        assert_eq!(reply.text, MALFORMED_FOLLOW_UP_TEXT, "{wire:?}");
    }
}

#[test]
fn a_disconnect_mid_stream_is_truncated() {
    for wire in WIRES {
        let error = run(wire, Scripted::DisconnectMidStream).unwrap_err();
        assert!(matches!(error, ProviderError::Truncated { .. }), "{wire:?}: {error:?}");
    }
}
