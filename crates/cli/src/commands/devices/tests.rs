//! How pending requests are classified against the current approval, which scopes an approval
//! connects with, and how the tables lay out.

use serde_json::json;

use super::access::{self, Access, ApprovalState};
use super::table::{self, Column};

#[test]
fn a_request_is_new_an_upgrade_or_a_reapproval() {
    let request = json!({"deviceId": "d", "role": "operator", "scopes": ["operator.read", "operator.write"]});
    assert_eq!(ApprovalState::of(&request, None).kind, "new-pairing");
    let paired = |roles: serde_json::Value, scopes: serde_json::Value| json!({"deviceId": "d", "roles": roles, "scopes": scopes});
    let cases = [
        (paired(json!(["node"]), json!(["operator.read", "operator.write"])), "role-upgrade"),
        (paired(json!(["operator"]), json!(["operator.read"])), "scope-upgrade"),
        (paired(json!(["operator"]), json!(["operator.read", "operator.write"])), "re-approval"),
    ];
    for (device, kind) in cases {
        assert_eq!(ApprovalState::of(&request, Some(&device)).kind, kind, "{device}");
    }
    // A role whose token was revoked no longer counts as approved.
    let revoked = json!({"deviceId": "d", "roles": ["operator"], "scopes": ["operator.read", "operator.write"],
        "tokens": [{"role": "operator", "revokedAtMs": 5}]});
    let state = ApprovalState::of(&request, Some(&revoked));
    assert_eq!((state.kind, state.label()), ("role-upgrade", "role upgrade"));
    assert_eq!(Access::summary(state.approved.as_ref()), "roles: none; scopes: operator.read, operator.write");
    assert_eq!(Access::summary(None), "none");
}

#[test]
fn approvals_connect_with_pairing_plus_what_they_grant() {
    let request =
        json!({"deviceId": "d", "roles": ["operator"], "scopes": ["operator.write", "operator.read", "other"]});
    let granted = access::pending_operator_scopes(&request, None);
    assert_eq!(granted, ["operator.read", "operator.write"]);
    assert_eq!(
        access::pairing_call_scopes(&granted),
        Some(vec!["operator.pairing".to_owned(), "operator.read".to_owned(), "operator.write".to_owned()])
    );
    assert_eq!(access::pairing_call_scopes(&["operator.admin".to_owned()]), Some(vec!["operator.admin".to_owned()]));
    assert_eq!(access::pairing_call_scopes(&[]), None);
    let node = json!({"deviceId": "d", "role": "node"});
    assert!(access::pending_operator_scopes(&node, None).is_empty());
    assert_eq!(access::token_management_scopes(&[], "d", "node", None), Some(vec!["operator.admin".to_owned()]));
}

#[test]
fn cells_wrap_at_break_characters() {
    assert_eq!(table::wrap("operator.admin, operator.read", 16), ["operator.admin,", "operator.read"]);
    assert_eq!(table::wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    assert_eq!(table::wrap("short", 10), ["short"]);
}

#[test]
fn flexible_columns_fill_the_width() {
    let columns = [Column { header: "A", min_width: 4, flex: false }, Column { header: "B", min_width: 4, flex: true }];
    let lines = table::render(&columns, &[vec!["x".to_owned(), "y".to_owned()]], 20);
    assert!(lines.iter().all(|l| l.chars().count() == 20), "{lines:#?}");
    assert_eq!(
        lines,
        [
            "┌────┬─────────────┐",
            "│ A  │ B           │",
            "├────┼─────────────┤",
            "│ x  │ y           │",
            "└────┴─────────────┘"
        ]
    );
}
