#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

fn scopes(list: &[&str]) -> Vec<String> {
    list.iter().map(|scope| (*scope).to_owned()).collect()
}

fn check(role: Role, granted: &[&str], method: &str) -> Result<(), String> {
    authorize(role, &scopes(granted), method).map_err(|denied| denied.to_string())
}

const ADMIN: &str = "operator.admin";
const READ: &str = "operator.read";
const WRITE: &str = "operator.write";
const APPROVALS: &str = "operator.approvals";
const PAIRING: &str = "operator.pairing";

#[test]
fn health_needs_nothing_but_a_connection() {
    assert_eq!(check(Role::Operator, &[], "health"), Ok(()));
    assert_eq!(check(Role::Node, &[], "health"), Ok(()));
    assert_eq!(required_scope("health"), Requirement::Connected);
}

#[test]
fn node_methods_are_for_nodes_only() {
    for method in ["node.invoke.result", "node.event", "node.canvas.capability.refresh", "skills.bins"] {
        assert_eq!(check(Role::Node, &[], method), Ok(()), "{method}");
        assert_eq!(check(Role::Operator, &[ADMIN], method), Err("unauthorized role: operator".into()), "{method}");
        assert_eq!(required_scope(method), Requirement::NodeRole);
    }
}

#[test]
fn nodes_may_call_nothing_else() {
    for method in ["status", "config.get", "chat.send", "device.pair.list", "no.such.method"] {
        assert_eq!(check(Role::Node, &[ADMIN], method), Err("unauthorized role: node".into()), "{method}");
    }
}

#[test]
fn each_method_needs_its_scope() {
    let cases: &[(&str, &[&str], Result<(), &str>)] = &[
        ("status", &[READ], Ok(())),
        ("status", &[], Err("missing scope: operator.read")),
        ("status", &[APPROVALS, PAIRING], Err("missing scope: operator.read")),
        ("sessions.list", &[READ], Ok(())),
        ("chat.history", &[READ], Ok(())),
        ("config.get", &[READ], Ok(())),
        ("logs.tail", &[READ], Ok(())),
        ("system-presence", &[READ], Ok(())),
        ("chat.send", &[WRITE], Ok(())),
        ("chat.send", &[READ], Err("missing scope: operator.write")),
        ("agent", &[READ], Err("missing scope: operator.write")),
        ("exec.approval.resolve", &[APPROVALS], Ok(())),
        ("exec.approval.resolve", &[WRITE], Err("missing scope: operator.approvals")),
        ("device.pair.approve", &[PAIRING], Ok(())),
        ("device.token.rotate", &[READ, WRITE], Err("missing scope: operator.pairing")),
        ("sessions.patch", &[WRITE], Err("missing scope: operator.admin")),
        ("config.apply", &[READ, WRITE, APPROVALS, PAIRING], Err("missing scope: operator.admin")),
        ("config.apply", &[ADMIN], Ok(())),
    ];
    for (method, granted, expected) in cases {
        let expected = expected.map_err(str::to_owned);
        assert_eq!(check(Role::Operator, granted, method), expected, "{method} with {granted:?}");
    }
}

#[test]
fn write_implies_read() {
    assert_eq!(check(Role::Operator, &[WRITE], "sessions.list"), Ok(()));
    assert_eq!(check(Role::Operator, &[WRITE], "models.list"), Ok(()));
}

#[test]
fn read_does_not_imply_write_and_write_implies_nothing_else() {
    assert_eq!(check(Role::Operator, &[READ], "send"), Err("missing scope: operator.write".into()));
    assert_eq!(check(Role::Operator, &[WRITE], "device.pair.list"), Err("missing scope: operator.pairing".into()));
    assert_eq!(
        check(Role::Operator, &[WRITE], "exec.approval.request"),
        Err("missing scope: operator.approvals".into())
    );
}

#[test]
fn admin_implies_every_scope() {
    for method in BASE_METHODS.iter().filter(|method| !NODE_METHODS.contains(method)) {
        assert_eq!(check(Role::Operator, &[ADMIN], method), Ok(()), "{method}");
    }
}

#[test]
fn admin_prefixes_need_admin_even_for_unlisted_members() {
    for method in
        ["config.schema", "config.set", "exec.approvals.get", "exec.approvals.node.set", "wizard.start", "update.run"]
    {
        assert_eq!(required_scope(method), Requirement::Operator(Scope::Admin), "{method}");
        assert_eq!(check(Role::Operator, &[READ, WRITE], method), Err("missing scope: operator.admin".into()));
    }
    assert_eq!(required_scope("config.future"), Requirement::Operator(Scope::Admin));
    // A prefix makes the scope known, not the method.
    assert_eq!(check(Role::Operator, &[ADMIN], "config.future"), Err("unknown method: config.future".into()));
}

#[test]
fn unknown_methods_are_default_deny() {
    assert_eq!(required_scope("frobnicate"), Requirement::Operator(Scope::Admin));
    // Without admin the caller hears about the scope, not whether the name exists.
    assert_eq!(check(Role::Operator, &[READ, WRITE], "frobnicate"), Err("missing scope: operator.admin".into()));
    assert_eq!(check(Role::Operator, &[], "frobnicate"), Err("missing scope: operator.admin".into()));
    // Only a caller who would be allowed learns it is unknown.
    assert_eq!(check(Role::Operator, &[ADMIN], "frobnicate"), Err("unknown method: frobnicate".into()));
}

#[test]
fn scopes_are_matched_exactly() {
    assert_eq!(check(Role::Operator, &["operator.READ"], "status"), Err("missing scope: operator.read".into()));
    assert_eq!(check(Role::Operator, &["operator.read "], "status"), Err("missing scope: operator.read".into()));
    assert_eq!(check(Role::Operator, &["admin"], "config.apply"), Err("missing scope: operator.admin".into()));
}

#[test]
fn methods_known_outside_the_advertised_list_are_classified() {
    let cases = [
        ("poll", Scope::Write),
        ("push.test", Scope::Write),
        ("sessions.resolve", Scope::Read),
        ("sessions.usage", Scope::Read),
        ("chat.inject", Scope::Admin),
        ("web.login.start", Scope::Admin),
        ("connect", Scope::Admin),
    ];
    for (method, scope) in cases {
        assert!(!BASE_METHODS.contains(&method), "{method}");
        assert!(is_known_method(method), "{method}");
        assert_eq!(required_scope(method), Requirement::Operator(scope), "{method}");
    }
}

#[test]
fn every_advertised_method_is_classified_without_falling_back_to_the_default() {
    for method in BASE_METHODS {
        let classified = *method == "health"
            || NODE_METHODS.contains(method)
            || explicit_scope(method).is_some()
            || ADMIN_PREFIXES.iter().any(|prefix| method.starts_with(prefix));
        assert!(classified, "{method} is only admin by default");
    }
}

#[test]
fn the_advertised_lists_keep_the_reference_order_and_have_no_duplicates() {
    assert_eq!(BASE_METHODS.len(), 93);
    assert_eq!(BASE_METHODS.first(), Some(&"health"));
    assert_eq!(&BASE_METHODS[BASE_METHODS.len() - 3..], &["chat.history", "chat.abort", "chat.send"]);
    let mut seen = std::collections::HashSet::new();
    assert!(BASE_METHODS.iter().all(|method| seen.insert(*method)));
    assert_eq!(BASE_EVENTS.len(), 19);
    assert_eq!(BASE_EVENTS.first(), Some(&"connect.challenge"));
    assert_eq!(BASE_EVENTS.last(), Some(&"update.available"));
}

#[test]
fn role_refusals_are_what_the_flood_guard_counts() {
    assert!(MethodDenied::UnauthorizedRole { role: Role::Node }.is_role_refusal());
    assert!(!MethodDenied::MissingScope { scope: Scope::Read }.is_role_refusal());
    assert!(!MethodDenied::UnknownMethod { method: "x".into() }.is_role_refusal());
}

#[test]
fn roles_and_scopes_parse_exactly() {
    assert_eq!(Role::parse("operator"), Some(Role::Operator));
    assert_eq!(Role::parse("node"), Some(Role::Node));
    assert_eq!(Role::parse("Operator"), None);
    assert_eq!(Role::parse("admin"), None);
    for scope in Scope::ALL {
        assert_eq!(Scope::parse(scope.as_str()), Some(scope));
    }
    assert_eq!(Scope::parse("operator.sessions.read"), None);
    assert_eq!(CLI_DEFAULT_SCOPES.map(Scope::as_str), [ADMIN, READ, WRITE, APPROVALS, PAIRING]);
}

#[test]
fn approval_events_need_the_approvals_scope() {
    for event in ["exec.approval.requested", "exec.approval.resolved"] {
        assert!(event_allowed(Role::Operator, &scopes(&[APPROVALS]), event));
        assert!(event_allowed(Role::Operator, &scopes(&[ADMIN]), event));
        assert!(!event_allowed(Role::Operator, &scopes(&[READ, WRITE, PAIRING]), event));
        assert!(!event_allowed(Role::Node, &scopes(&[APPROVALS]), event));
    }
}

#[test]
fn pairing_events_need_the_pairing_scope() {
    for event in ["device.pair.requested", "device.pair.resolved", "node.pair.requested", "node.pair.resolved"] {
        assert!(event_allowed(Role::Operator, &scopes(&[PAIRING]), event));
        assert!(event_allowed(Role::Operator, &scopes(&[ADMIN]), event));
        assert!(!event_allowed(Role::Operator, &scopes(&[READ, WRITE, APPROVALS]), event));
        assert!(!event_allowed(Role::Node, &scopes(&[ADMIN]), event));
    }
}

#[test]
fn guarded_event_families_cover_later_members() {
    assert!(!event_allowed(Role::Operator, &scopes(&[READ]), "device.pair.setup.completed"));
    assert!(!event_allowed(Role::Operator, &scopes(&[READ]), "exec.approval.expired"));
}

#[test]
fn other_events_go_to_everyone() {
    for event in ["tick", "presence", "chat", "agent", "health", "shutdown", "node.invoke.request"] {
        assert!(event_allowed(Role::Operator, &[], event), "{event}");
        assert!(event_allowed(Role::Node, &[], event), "{event}");
    }
}

mod missing_scope_rule {
    use super::super::missing_scope;

    fn s(list: &[&str]) -> Vec<String> {
        list.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn admin_covers_every_operator_scope_and_write_covers_read() {
        let all = s(&["operator.read", "operator.write", "operator.pairing", "operator.approvals", "operator.admin"]);
        assert_eq!(missing_scope("operator", &all, &s(&["operator.admin"])), None);
        assert_eq!(missing_scope("operator", &s(&["operator.read"]), &s(&["operator.write"])), None);
        assert_eq!(
            missing_scope("operator", &s(&["operator.read", "operator.pairing"]), &s(&["operator.read"])),
            Some("operator.pairing".to_owned())
        );
    }

    #[test]
    fn other_roles_and_unknown_scopes_need_literal_grants() {
        assert_eq!(
            missing_scope("node", &s(&["operator.read"]), &s(&["operator.admin"])),
            Some("operator.read".into())
        );
        assert_eq!(missing_scope("operator", &s(&["custom.x"]), &s(&["operator.admin"])), Some("custom.x".into()));
        assert_eq!(missing_scope("operator", &s(&["custom.x"]), &s(&["custom.x"])), None);
    }
}
