//! Role and scope lists as OpenClaw normalizes them when it stores them, and the hook through which
//! the caller says what a granted scope list covers.
//!
//! Which scope implies which (`operator.admin` covers every `operator.*`, `operator.write` covers
//! `operator.read`, …) is an authorization rule and belongs to `openclaw-policy`; the store only needs
//! to ask it, so it takes a [`ScopeRules`] instead of encoding the table a second time.

use std::collections::BTreeSet;

/// Decides whether `granted` scopes cover `requested` ones for a role.
///
/// Implemented for any `Fn(role, requested, granted) -> Option<String>`, so a caller can pass the
/// policy function directly. [`ExactScopes`] is the fail-closed fallback: no implications at all.
pub trait ScopeRules {
    /// The first requested scope that `granted` does not cover, if any.
    fn missing_scope(&self, role: &str, requested: &[String], granted: &[String]) -> Option<String>;

    fn allows(&self, role: &str, requested: &[String], granted: &[String]) -> bool {
        self.missing_scope(role, requested, granted).is_none()
    }
}

impl<F> ScopeRules for F
where
    F: Fn(&str, &[String], &[String]) -> Option<String>,
{
    fn missing_scope(&self, role: &str, requested: &[String], granted: &[String]) -> Option<String> {
        self(role, requested, granted)
    }
}

/// Each requested scope must belong to the role (`<role>.` prefix) and be granted literally. This is
/// OpenClaw's rule for every role but `operator`, and a strict subset of its operator rule, so it can
/// refuse what policy would allow but never allows what policy would refuse.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExactScopes;

impl ScopeRules for ExactScopes {
    fn missing_scope(&self, role: &str, requested: &[String], granted: &[String]) -> Option<String> {
        let prefix = format!("{}.", role.trim());
        requested
            .iter()
            .map(|scope| scope.trim())
            .filter(|scope| !scope.is_empty())
            .find(|scope| !scope.starts_with(&prefix) || !granted.iter().any(|have| have.trim() == *scope))
            .map(str::to_owned)
    }
}

/// Trimmed, non-empty, deduplicated and sorted: how token and cache entries store scopes
/// (OpenClaw's `normalizeDeviceAuthScopes`).
pub(crate) fn normalized_sorted(scopes: &[String]) -> Vec<String> {
    scopes
        .iter()
        .map(|scope| scope.trim())
        .filter(|scope| !scope.is_empty())
        .map(str::to_owned)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Union in first-seen order, trimmed and deduplicated. `None` when no item contributed a value,
/// the way OpenClaw's `mergeDevicePairingRoles` returns `undefined`.
pub(crate) fn merge_roles<'a>(items: impl IntoIterator<Item = RoleItem<'a>>) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let values: &[String] = match item {
            RoleItem::One(Some(role)) => std::slice::from_ref(role),
            RoleItem::Many(Some(roles)) => roles,
            RoleItem::One(None) | RoleItem::Many(None) => &[],
        };
        push_unique(&mut out, values);
    }
    (!out.is_empty()).then_some(out)
}

/// One argument of [`merge_roles`]: a record's `role` or its `roles`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RoleItem<'a> {
    One(Option<&'a String>),
    Many(Option<&'a Vec<String>>),
}

/// Union in first-seen order. `None` when no list was given at all, `Some([])` when only empty lists
/// were, because OpenClaw distinguishes "no scopes recorded" from "approved for no scopes".
pub(crate) fn merge_scopes<'a>(items: impl IntoIterator<Item = Option<&'a Vec<String>>>) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut saw_list = false;
    for list in items.into_iter().flatten() {
        saw_list = true;
        push_unique(&mut out, list);
    }
    saw_list.then_some(out)
}

fn push_unique(out: &mut Vec<String>, values: &[String]) {
    for value in values {
        let value = value.trim();
        if !value.is_empty() && !out.iter().any(|have| have == value) {
            out.push(value.to_owned());
        }
    }
}

/// The scopes a token of `role` may carry: `operator.*` for operators, everything else for the other
/// roles; normalized and sorted.
pub(crate) fn scopes_for_role(role: &str, scopes: Option<&Vec<String>>) -> Vec<String> {
    let is_operator = role == OPERATOR_ROLE;
    normalized_sorted(scopes.map(Vec::as_slice).unwrap_or_default())
        .into_iter()
        .filter(|scope| scope.starts_with(OPERATOR_SCOPE_PREFIX) == is_operator)
        .collect()
}

/// Trimmed role, or `None` if blank.
pub(crate) fn normalize_role(role: Option<&str>) -> Option<String> {
    role.map(str::trim).filter(|role| !role.is_empty()).map(str::to_owned)
}

pub(crate) fn same_set(left: &[String], right: &[String]) -> bool {
    left.len() == right.len() && left.iter().all(|value| right.contains(value))
}

pub(crate) const OPERATOR_ROLE: &str = "operator";
const OPERATOR_SCOPE_PREFIX: &str = "operator.";
