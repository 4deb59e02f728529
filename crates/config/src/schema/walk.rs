//! Following a key path through the schema (not a value): which nodes could describe the value
//! at `agents.list[0].tools`, and so which keys are allowed there.

use super::Schema;
use super::node::{ANY, Additional, Items, NodeId, Types};
use crate::{KeyPath, PathSeg};

/// Bound on `$ref`/union nesting followed in one step; the reference schema needs a handful.
const MAX_DEPTH: usize = 64;

/// Nodes that could describe the value at `path`; empty when nothing can be placed there.
pub(super) fn nodes_at(schema: &Schema, path: &KeyPath) -> Vec<NodeId> {
    let mut current = vec![schema.root];
    for seg in path.segments() {
        let mut next = Vec::new();
        for &id in &current {
            step(schema, id, seg, &mut next, 0);
        }
        next.sort_unstable();
        next.dedup();
        if next.is_empty() {
            return next;
        }
        current = next;
    }
    current
}

/// Property names the nodes at `path` declare.
pub(super) fn keys_at(schema: &Schema, nodes: &[NodeId]) -> Vec<String> {
    let mut keys = Vec::new();
    for &id in nodes {
        collect_keys(schema, id, &mut keys, 0);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn collect_keys(schema: &Schema, id: NodeId, out: &mut Vec<String>, depth: usize) {
    let node = &schema.nodes[id];
    if depth > MAX_DEPTH || !node.kinds.overlaps(Types::OBJECT) {
        return;
    }
    if let Some(target) = node.reference {
        return collect_keys(schema, target, out, depth + 1);
    }
    if let Some(rules) = &node.object {
        out.extend(rules.properties.keys().cloned());
    }
    for b in node.alternatives().chain(node.all_of.iter().copied()) {
        collect_keys(schema, b, out, depth + 1);
    }
}

fn step(schema: &Schema, id: NodeId, seg: &PathSeg, out: &mut Vec<NodeId>, depth: usize) {
    let node = &schema.nodes[id];
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(target) = node.reference {
        return step(schema, target, seg, out, depth + 1);
    }
    let (kind, described) = match seg {
        PathSeg::Key(_) => (Types::OBJECT, node.object.is_some()),
        PathSeg::Index(_) => (Types::ARRAY, node.array.is_some()),
    };
    if node.never || !node.kinds.overlaps(kind) {
        return;
    }
    match seg {
        PathSeg::Key(key) => step_key(schema, node.object.as_deref(), key, out),
        PathSeg::Index(i) => step_index(node.array.as_deref(), *i, out),
    }
    let alternatives: Vec<NodeId> = node.alternatives().collect();
    for &b in &alternatives {
        step(schema, b, seg, out, depth + 1);
    }
    // `allOf` parts only add keys when they describe objects themselves (the reference's allOf
    // branches are `not`/`if` rules, which must not open the object to every key).
    let mut described = described;
    for &b in &node.all_of {
        let part = &schema.nodes[b];
        let describes = match seg {
            PathSeg::Key(_) => part.object.is_some() || part.reference.is_some(),
            PathSeg::Index(_) => part.array.is_some() || part.reference.is_some(),
        };
        if describes {
            described = true;
            step(schema, b, seg, out, depth + 1);
        }
    }
    // A node that says nothing about this container accepts any content.
    if !described && alternatives.is_empty() {
        out.push(ANY);
    }
}

fn step_key(schema: &Schema, rules: Option<&super::node::ObjectRules>, key: &str, out: &mut Vec<NodeId>) {
    let Some(rules) = rules else { return };
    if let Some(names) = rules.property_names
        && !schema.key_allowed(names, key)
    {
        return;
    }
    if let Some(&id) = rules.properties.get(key) {
        out.push(id);
        return;
    }
    let mut matched = false;
    for &(p, id) in &rules.pattern_properties {
        if schema.patterns[p].is_match(key) {
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
