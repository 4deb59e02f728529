#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Value, json};

use super::{Scan, Tail, scan};
use crate::DurableError;

fn scan_values(bytes: &[u8]) -> crate::Result<Scan<Value>> {
    scan(Path::new("t.jsonl"), bytes, |b| serde_json::from_slice::<Value>(b))
}

#[test]
fn how_each_kind_of_ending_is_read() {
    struct Case {
        rule: &'static str,
        input: &'static [u8],
        items: Vec<Value>,
        good_end: u64,
        tail: Tail,
    }
    let cases = [
        Case { rule: "empty file", input: b"", items: vec![], good_end: 0, tail: Tail::Clean },
        Case {
            rule: "every line terminated",
            input: b"{\"a\":1}\n{\"a\":2}\n",
            items: vec![json!({"a":1}), json!({"a":2})],
            good_end: 16,
            tail: Tail::Clean,
        },
        Case {
            rule: "blank lines are skipped",
            input: b"{\"a\":1}\n\n  \n{\"a\":2}\n",
            items: vec![json!({"a":1}), json!({"a":2})],
            good_end: 20,
            tail: Tail::Clean,
        },
        Case {
            rule: "torn tail is dropped",
            input: b"{\"a\":1}\n{\"a\":",
            items: vec![json!({"a":1})],
            good_end: 8,
            tail: Tail::Torn(5),
        },
        Case {
            rule: "complete unterminated tail is kept",
            input: b"{\"a\":1}\n{\"a\":2}",
            items: vec![json!({"a":1}), json!({"a":2})],
            good_end: 15,
            tail: Tail::Unterminated,
        },
        Case {
            rule: "whitespace-only tail counts as torn",
            input: b"{\"a\":1}\n  ",
            items: vec![json!({"a":1})],
            good_end: 8,
            tail: Tail::Torn(2),
        },
        Case {
            rule: "CRLF line endings are accepted",
            input: b"{\"a\":1}\r\n",
            items: vec![json!({"a":1})],
            good_end: 9,
            tail: Tail::Clean,
        },
    ];
    for case in cases {
        let scan = scan_values(case.input).unwrap();
        assert_eq!((scan.items, scan.good_end, scan.tail), (case.items, case.good_end, case.tail), "{}", case.rule);
    }
}

#[test]
fn a_bad_line_before_the_end_names_its_line_number() {
    let err = scan_values(b"{\"a\":1}\n\n{oops}\n{\"a\":2}\n").unwrap_err();
    assert!(matches!(err, DurableError::Json { line: 3, .. }), "{err:?}");
}

#[test]
fn a_complete_tail_of_the_wrong_shape_is_an_error_not_a_torn_write() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // only the shape matters
    struct Record {
        seq: u64,
    }
    let err = scan(Path::new("t.jsonl"), &b"{\"seq\":1}\n{\"other\":2}"[..], |b| serde_json::from_slice::<Record>(b))
        .unwrap_err();
    assert!(matches!(err, DurableError::Json { line: 2, .. }), "{err:?}");
}

proptest! {
    /// Whatever byte a crash stops at, the reader returns a prefix of what was written and never fails.
    #[test]
    fn any_truncation_yields_a_prefix(
        records in prop::collection::vec(("[a-z\"\\\\ ]{0,12}", any::<i64>()), 0..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let values: Vec<Value> = records
            .iter()
            .map(|(text, number)| json!({"text": text, "n": number}))
            .collect();
        let mut bytes = Vec::new();
        for value in &values {
            bytes.extend_from_slice(&serde_json::to_vec(value).unwrap());
            bytes.push(b'\n');
        }
        let cut = cut.index(bytes.len() + 1);
        let scan = scan_values(&bytes[..cut]).unwrap();
        prop_assert!(scan.items.len() <= values.len());
        prop_assert_eq!(&scan.items[..], &values[..scan.items.len()]);
        prop_assert!(scan.good_end <= cut as u64);
    }
}
