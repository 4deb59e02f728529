//! Sender-id lists accept numbers and compare as strings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use super::IdList;

#[test]
fn id_lists_accept_numbers() {
    let ids: IdList = serde_json::from_value(json!(["+15550001", 123456789012_u64, -5])).unwrap();
    assert_eq!(ids, IdList::new(["+15550001", "123456789012", "-5"]));
    assert!(serde_json::from_value::<IdList>(json!([true])).is_err());
}

#[test]
fn wildcard_and_emptiness_are_judged_after_trimming() {
    let list = IdList::new([" * ", "", " 42 "]);
    assert!(list.has_wildcard());
    assert_eq!(list.normalized(), vec!["*", "42"]);
    assert!(IdList::new([" ", ""]).is_effectively_empty());
    assert!(!IdList::new(["**"]).has_wildcard());
}
