//! The parser against hand-written streams, each fed whole, split in two at every byte
//! boundary, and one byte at a time: framing must never depend on how the network chunks it.

use super::*;

fn ev(event: Option<&str>, data: &str, id: Option<&str>) -> SseEvent {
    SseEvent { event: event.map(str::to_owned), data: data.to_owned(), id: id.map(str::to_owned) }
}

fn parse_chunks(chunks: &[&[u8]]) -> Vec<SseEvent> {
    let mut parser = SseParser::new();
    let mut out = Vec::new();
    for chunk in chunks {
        out.extend(parser.push(chunk).unwrap());
    }
    out.extend(parser.finish().unwrap());
    out
}

/// Asserts `input` yields `expected` however it is split.
fn assert_every_split(input: &[u8], expected: &[SseEvent]) {
    assert_eq!(parse_chunks(&[input]), expected, "whole");
    for at in 0..=input.len() {
        let (a, b) = input.split_at(at);
        assert_eq!(parse_chunks(&[a, b]), expected, "split at {at}");
    }
    let bytes: Vec<&[u8]> = input.chunks(1).collect();
    assert_eq!(parse_chunks(&bytes), expected, "byte at a time");
}

#[test]
fn lf_crlf_and_lone_cr_line_endings_are_equivalent() {
    let expected = [ev(None, "one", None), ev(Some("named"), "two", None)];
    assert_every_split(b"data: one\n\nevent: named\ndata: two\n\n", &expected);
    assert_every_split(b"data: one\r\n\r\nevent: named\r\ndata: two\r\n\r\n", &expected);
    assert_every_split(b"data: one\r\revent: named\rdata: two\r\r", &expected);
    assert_every_split(b"data: one\r\n\nevent: named\rdata: two\n\r\n", &expected);
}

#[test]
fn multi_line_data_joins_with_newlines() {
    assert_every_split(
        b"data: first\ndata:second\ndata\ndata:  indented\n\n",
        &[ev(None, "first\nsecond\n\n indented", None)],
    );
}

#[test]
fn comments_are_ignored_and_comment_only_blocks_dispatch_nothing() {
    assert_every_split(b": keep-alive\n\n:another\ndata: x\n: mid\n\n", &[ev(None, "x", None)]);
}

#[test]
fn fields_without_a_space_or_colon_and_unknown_fields() {
    assert_every_split(
        b"event:ping\ndata:{}\nunknown: field\n\nevent\ndata\n\n",
        &[ev(Some("ping"), "{}", None), ev(None, "", None)],
    );
}

#[test]
fn utf8_split_inside_a_character_survives() {
    let input = "data: h\u{e9}llo \u{1f980} \u{4e16}\u{754c}\n\n".as_bytes();
    assert_every_split(input, &[ev(None, "h\u{e9}llo \u{1f980} \u{4e16}\u{754c}", None)]);
}

#[test]
fn ids_persist_across_events_and_retry_is_recorded() {
    let input = b"id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: bad\0id\nretry: 1500\ndata: d\n\n";
    assert_every_split(
        input,
        &[ev(None, "a", Some("7")), ev(None, "b", Some("7")), ev(None, "c", None), ev(None, "d", None)],
    );
    let mut parser = SseParser::new();
    parser.push(b"retry: 1500\nretry: soon\n").unwrap();
    assert_eq!(parser.retry_ms(), Some(1500));
}

#[test]
fn finish_dispatches_a_trailing_event_without_its_blank_line() {
    assert_every_split(b"data: a\n\ndata: tail", &[ev(None, "a", None), ev(None, "tail", None)]);
    assert_every_split(b"event: e\ndata: tail\n", &[ev(Some("e"), "tail", None)]);
    assert_every_split(b"data: tail\r", &[ev(None, "tail", None)]);
}

#[test]
fn a_leading_byte_order_mark_is_stripped() {
    assert_every_split("\u{feff}data: x\n\n".as_bytes(), &[ev(None, "x", None)]);
}

#[test]
fn an_event_name_without_data_is_dropped_not_carried_over() {
    assert_every_split(b"event: lonely\n\ndata: x\n\n", &[ev(None, "x", None)]);
}

#[test]
fn an_unterminated_line_over_the_limit_is_an_error() {
    let mut parser = SseParser::with_max_event_bytes(16);
    parser.push(b"data: 0123456789").unwrap();
    assert_eq!(parser.push(b"abc").unwrap_err(), ProviderError::EventTooLarge { max: 16 });
    assert!(parser.buf.is_empty(), "buffer released after the error");
}

#[test]
fn many_data_lines_over_the_limit_are_an_error_even_byte_by_byte() {
    let mut parser = SseParser::with_max_event_bytes(32);
    let input = b"data: 0123456789\n".repeat(4);
    let error = input.iter().find_map(|b| parser.push(std::slice::from_ref(b)).err());
    assert_eq!(error, Some(ProviderError::EventTooLarge { max: 32 }));
}

#[test]
fn events_within_the_limit_pass_however_many_there_are() {
    let mut parser = SseParser::with_max_event_bytes(16);
    let input = b"data: 0123456789\n\n".repeat(100);
    assert_eq!(parser.push(&input).unwrap().len(), 100);
}
