#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::borrow::Cow;

use openclaw_policy::redact::{RedactMode, Redactor};

use super::redact_json_lines;

fn redactor(custom: &[&str]) -> Redactor {
    let custom: Vec<String> = custom.iter().map(|p| (*p).to_owned()).collect();
    Redactor::new(RedactMode::Tools, &custom).0
}

#[test]
fn json_lines_stay_valid_and_lose_their_secrets() {
    // (case, custom patterns, line, expected)
    let cases: &[(&str, &[&str], &str, &str)] = &[
        ("clean_line_is_untouched", &[], "{\"message\":\"ok\"}\n", "{\"message\":\"ok\"}\n"),
        (
            "raw_line_redaction",
            &[],
            "{\"message\":\"key sk-abcdefghijklmnopqrstuvwx\"}\n",
            "{\"message\":\"key sk-abc…uvwx\"}\n",
        ),
        ("key_context_on_the_raw_line", &[], "{\"token\":\"hunter2\"}\n", "{\"token\":\"***\"}\n"),
        (
            "escaped_json_inside_a_string_is_decoded_first",
            &[],
            r#"{"message":"body {\"password\": \"hunter2\"}"}"#,
            r#"{"message":"body {\"password\": \"***\"}"}"#,
        ),
        (
            "a_mask_that_would_break_an_escape_falls_back_to_per_string",
            &[],
            r#"{"secret":"ab\"cdefghijklmnopqrstu"}"#,
            r#"{"secret":"ab\"cde…rstu"}"#,
        ),
        (
            "a_match_across_fields_that_breaks_json_is_dropped",
            &["host.*corp"],
            r#"{"message":"zz host","x":"abcdefghijklmno corp zz"}"#,
            r#"{"message":"zz host","x":"abcdefghijklmno corp zz"}"#,
        ),
        ("not_json_is_redacted_as_text", &[], "API_KEY=hunter2 {\n", "API_KEY=*** {\n"),
        (
            "every_line_of_a_multi_line_write",
            &[],
            "{\"token\":\"a\"}\n{\"token\":\"b\"}\n",
            "{\"token\":\"***\"}\n{\"token\":\"***\"}\n",
        ),
    ];
    for (case, custom, line, expected) in cases {
        let actual = redact_json_lines(&redactor(custom), line);
        assert_eq!(actual, *expected, "{case}");
        if line == expected {
            assert!(matches!(actual, Cow::Borrowed(_)), "{case}");
        }
        for out_line in actual.lines().filter(|l| l.starts_with('{') && l.ends_with('}')) {
            serde_json::from_str::<serde_json::Value>(out_line).expect(case);
        }
    }
}
