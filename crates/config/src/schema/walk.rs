//! Following a key path through the schema (not a value): which nodes could describe the value
//! at `agents.list[0].tools`, and so which keys are allowed there.

use super::node::{ANY, Additional, At, Items, NodeId, Types};
use super::{ROOT, Schema};
use crate::{KeyPath, PathSeg};

/// Bound on `$ref`/union nesting followed in one step; the reference schema needs a handful.
const MAX_DEPTH: usize = 64;

/// Nodes that could describe the value at `path`, placeholders entered; empty when nothing can
/// be placed there.
pub(super) fn nodes_at<'s>(schema: &'s Schema, path: &KeyPath) -> Vec<At<'s>> {
    let Ok(root) = schema.piece(ROOT) else { return Vec::new() };
    let mut current = vec![At { arena: root, id: root.root }];
    for seg in path.segments() {
        let mut next = Vec::new();
        for &at in &current {
            step(schema, at, seg, &mut next, 0);
        }
        let mut next: Vec<At<'s>> = next.into_iter().map(|at| enter(schema, at)).collect();
        next.sort_unstable_by_key(|at| at.key());
        next.dedup_by_key(|at| at.key());
        if next.is_empty() {
            return next;
        }
        current = next;
    }
    current
}

/// Property names the nodes at `path` declare.
pub(super) fn keys_at(schema: &Schema, nodes: &[At<'_>]) -> Vec<String> {
    let mut keys = Vec::new();
    for &at in nodes {
        collect_keys(schema, at, &mut keys, 0);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// `at`, or if it is a placeholder the root of its piece (compiled on first use). A piece that
/// cannot be compiled is taken to accept anything here, as a broken schema's root does;
/// validation fails closed on it.
fn enter<'s>(schema: &'s Schema, at: At<'s>) -> At<'s> {
    match at.node().piece.map(|piece| schema.piece(piece)) {
        None => at,
        Some(Ok(arena)) => At { arena, id: arena.root },
        Some(Err(_)) => at.to(ANY),
    }
}

fn collect_keys(schema: &Schema, at: At<'_>, out: &mut Vec<String>, depth: usize) {
    let at = enter(schema, at);
    let node = at.node();
    if depth > MAX_DEPTH || !node.kinds.overlaps(Types::OBJECT) {
        return;
    }
    if let Some(target) = node.reference {
        return collect_keys(schema, at.to(target), out, depth + 1);
    }
    if let Some(rules) = &node.object {
        out.extend(rules.properties.keys().cloned());
    }
    for b in node.alternatives().chain(node.all_of.iter().copied()) {
        collect_keys(schema, at.to(b), out, depth + 1);
    }
}

fn step<'s>(schema: &'s Schema, at: At<'s>, seg: &PathSeg, out: &mut Vec<At<'s>>, depth: usize) {
    let at = enter(schema, at);
    let node = at.node();
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(target) = node.reference {
        return step(schema, at.to(target), seg, out, depth + 1);
    }
    let (kind, described) = match seg {
        PathSeg::Key(_) => (Types::OBJECT, node.object.is_some()),
        PathSeg::Index(_) => (Types::ARRAY, node.array.is_some()),
    };
    if node.never || !node.kinds.overlaps(kind) {
        return;
    }
    let mut ids = Vec::new();
    match seg {
        PathSeg::Key(key) => step_key(schema, at, node.object.as_deref(), key, &mut ids),
        PathSeg::Index(i) => step_index(node.array.as_deref(), *i, &mut ids),
    }
    out.extend(ids.into_iter().map(|id| at.to(id)));
    let alternatives: Vec<NodeId> = node.alternatives().collect();
    for &b in &alternatives {
        step(schema, at.to(b), seg, out, depth + 1);
    }
    // `allOf` parts only add keys when they describe objects themselves (the reference's allOf
    // branches are `not`/`if` rules, which must not open the object to every key).
    let mut described = described;
    for &b in &node.all_of {
        let part = at.to(b).node();
        let describes = match seg {
            PathSeg::Key(_) => part.object.is_some() || part.reference.is_some(),
            PathSeg::Index(_) => part.array.is_some() || part.reference.is_some(),
        };
        if describes {
            described = true;
            step(schema, at.to(b), seg, out, depth + 1);
        }
    }
    // A node that says nothing about this container accepts any content.
    if !described && alternatives.is_empty() {
        out.push(at.to(ANY));
    }
}

/// Ids (in `at`'s arena) of the schemas for `key` in an object `at` describes with `rules`.
fn step_key(schema: &Schema, at: At<'_>, rules: Option<&super::node::ObjectRules>, key: &str, out: &mut Vec<NodeId>) {
    let Some(rules) = rules else { return };
    if let Some(names) = rules.property_names
        && !schema.key_allowed(at.to(names), key)
    {
        return;
    }
    if let Some(&id) = rules.properties.get(key) {
        out.push(id);
        return;
    }
    let mut matched = false;
    for &(p, id) in &rules.pattern_properties {
        if at.arena.patterns[p].is_match(key) {
            matched = true;
            out.push(id);
        }
    }
    if matched {
        return;
    }
    match rules.additional {
        Additional::Any => out.push(ANY),
        Additional::Schema(id) => out.push(id),
        Additional::Deny => {}
    }
}

fn step_index(rules: Option<&super::node::ArrayRules>, index: usize, out: &mut Vec<NodeId>) {
    let Some(rules) = rules else { return };
    if rules.max_items.is_some_and(|max| index as u64 >= max) {
        return;
    }
    match &rules.items {
        Items::Any => out.push(ANY),
        Items::Each(id) => out.push(*id),
        Items::Tuple(ids) => match (ids.get(index), rules.additional_items) {
            (Some(id), _) => out.push(*id),
            (None, Additional::Any) => out.push(ANY),
            (None, Additional::Schema(id)) => out.push(id),
            (None, Additional::Deny) => {}
        },
    }
}
