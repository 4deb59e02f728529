//! Walking a value against the node arena, collecting every problem with its key path.

use serde_json::{Map, Number, Value};

use super::describe::{expected_values, found, join_or, literal, number, plural, plural_u64, quote};
use super::node::{
    Additional, Arena, ArrayRules, At, Format, Items, Node, NodeId, NumberRules, ObjectRules, PieceId, StringRules,
    Types, json_eq,
};
use super::suggest::unknown_key_message;
use super::{ROOT, Schema};
use crate::{Issue, KeyPath, PathSeg};

/// Every problem in `value`, in document order; or only why the schema is unusable if a part of
/// it the value reaches cannot be compiled (failing closed).
pub(super) fn validate(schema: &Schema, value: &Value) -> Vec<Issue> {
    let root = match schema.piece(ROOT) {
        Ok(root) => root,
        Err(why) => return vec![Issue::error(KeyPath::root(), why.to_owned())],
    };
    let mut run = Run::new(schema, root);
    run.check(root.root, value);
    run.finish()
}

/// Problems of `value` against one node (used for `propertyNames` checks on bare keys).
pub(super) fn validate_node(schema: &Schema, at: At<'_>, value: &Value) -> Vec<Issue> {
    let mut run = Run::new(schema, at.arena);
    run.check(at.id, value);
    run.finish()
}

/// One step of the current path, borrowed from the value being checked so walking allocates nothing.
#[derive(Clone, Copy)]
enum Seg<'v> {
    Key(&'v str),
    Index(usize),
}

struct Run<'s, 'v> {
    schema: &'s Schema,
    /// The arena of the piece being checked, which node ids index.
    arena: &'s Arena,
    path: Vec<Seg<'v>>,
    errors: Vec<Issue>,
    /// In quick mode (testing a union branch, `not`, `if`) the first error past `floor` ends the walk.
    quick: bool,
    floor: usize,
    /// Why a piece the value reached could not be compiled.
    broken: Option<String>,
}

impl<'s, 'v> Run<'s, 'v> {
    fn new(schema: &'s Schema, arena: &'s Arena) -> Self {
        Self { schema, arena, path: Vec::new(), errors: Vec::new(), quick: false, floor: 0, broken: None }
    }

    fn finish(self) -> Vec<Issue> {
        match self.broken {
            Some(why) => vec![Issue::error(KeyPath::root(), why)],
            None => self.errors,
        }
    }

    fn done(&self) -> bool {
        self.quick && self.errors.len() > self.floor
    }

    fn key_path(&self) -> KeyPath {
        KeyPath(
            self.path
                .iter()
                .map(|s| match s {
                    Seg::Key(k) => PathSeg::Key((*k).to_owned()),
                    Seg::Index(i) => PathSeg::Index(*i),
                })
                .collect(),
        )
    }

    /// A failure in quick mode, where only the fact counts: union branches are rejected this way
    /// on every valid config, so it must not format anything.
    fn reject(&mut self) {
        self.errors.push(Issue::error(KeyPath::root(), String::new()));
    }

    fn emit(&mut self, message: String) {
        let path = self.key_path();
        self.errors.push(Issue::error(path, message));
    }

    fn emit_at(&mut self, seg: Seg<'v>, message: String) {
        self.path.push(seg);
        self.emit(message);
        self.path.pop();
    }

    fn check_at(&mut self, seg: Seg<'v>, id: NodeId, value: &'v Value) {
        self.path.push(seg);
        self.check(id, value);
        self.path.pop();
    }

    /// Whether `value` satisfies node `id`, without recording anything.
    fn passes(&mut self, id: NodeId, value: &'v Value) -> bool {
        let (quick, floor) = (self.quick, self.floor);
        let mark = self.errors.len();
        self.quick = true;
        self.floor = mark;
        self.check(id, value);
        let ok = self.errors.len() == mark;
        self.errors.truncate(mark);
        (self.quick, self.floor) = (quick, floor);
        ok
    }

    fn check(&mut self, id: NodeId, value: &'v Value) {
        let node = &self.arena.nodes[id];
        if let Some(piece) = node.piece {
            return self.check_piece(piece, value);
        }
        if node.never {
            return self.emit("no value is allowed here".to_owned());
        }
        if let Some(target) = node.reference {
            return self.check(target, value);
        }
        if let Some(types) = node.types
            && !types.accepts(value)
        {
            if self.quick {
                return self.reject();
            }
            return self.emit(type_mismatch(node, types, value));
        }
        if let Some(allowed) = &node.allowed
            && !allowed.iter().any(|a| json_eq(a, value))
        {
            if self.quick {
                return self.reject();
            }
            return self.emit(format!("{}, found {}", expected_values(allowed), literal(value)));
        }
        match value {
            Value::String(s) => {
                if let Some(rules) = &node.string {
                    self.string(rules, s);
                }
            }
            Value::Number(n) => {
                if let Some(rules) = &node.number {
                    self.number(rules, n);
                }
            }
            Value::Object(map) => {
                if let Some(rules) = &node.object {
                    self.object(rules, map);
                }
            }
            Value::Array(items) => {
                if let Some(rules) = &node.array {
                    self.array(rules, items);
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
        for &branch in &node.all_of {
            if self.done() {
                return;
            }
            self.check(branch, value);
        }
        for list in [&node.any_of, &node.one_of] {
            if !list.is_empty() && !self.done() {
                self.union(list, value);
            }
        }
        if let Some(excluded) = node.not
            && !self.done()
            && self.passes(excluded, value)
        {
            self.emit(not_message(self.schema, At { arena: self.arena, id: excluded }));
        }
        if let Some(cond) = &node.conditional
            && !self.done()
        {
            let branch = if self.passes(cond.condition, value) { cond.then } else { cond.otherwise };
            if let Some(branch) = branch {
                self.check(branch, value);
            }
        }
    }

    /// Checks `value` against the root of built-in piece `piece`, compiling it on first use.
    fn check_piece(&mut self, piece: PieceId, value: &'v Value) {
        match self.schema.piece(piece) {
            Ok(arena) => {
                let outer = std::mem::replace(&mut self.arena, arena);
                self.check(arena.root, value);
                self.arena = outer;
            }
            Err(why) => {
                self.broken.get_or_insert_with(|| why.to_owned());
                self.reject();
            }
        }
    }

    fn string(&mut self, rules: &StringRules, s: &str) {
        // zod counts UTF-16 code units (JavaScript's `length`), so we do too.
        let length = || s.encode_utf16().count() as u64;
        if let Some(min) = rules.min_length
            && length() < min
        {
            self.emit(format!("must be at least {min} character{} long, found {}", plural_u64(min), quote(s)));
        }
        if let Some(max) = rules.max_length
            && length() > max
        {
            self.emit(format!(
                "must be at most {max} character{} long, found {} characters",
                plural_u64(max),
                length()
            ));
        }
        if let Some(p) = rules.pattern {
            let pattern = &self.arena.patterns[p];
            if !pattern.is_match(s) {
                self.emit(format!("must match pattern {}, found {}", pattern.source, quote(s)));
            }
        }
        if let Some(format) = rules.format
            && !format_ok(format, s)
        {
            let what = match format {
                Format::Uri => "a URL with a scheme (like https://…)",
                Format::Email => "an email address",
                Format::DateTime => "an RFC 3339 date-time (like 2026-01-31T12:00:00Z)",
            };
            self.emit(format!("expected {what}, found {}", quote(s)));
        }
    }

    fn number(&mut self, rules: &NumberRules, n: &Number) {
        let Some(x) = n.as_f64() else { return };
        let checks = [
            (rules.minimum, ">=", x >= rules.minimum.unwrap_or(f64::NEG_INFINITY)),
            (rules.exclusive_minimum, ">", rules.exclusive_minimum.is_none_or(|m| x > m)),
            (rules.maximum, "<=", x <= rules.maximum.unwrap_or(f64::INFINITY)),
            (rules.exclusive_maximum, "<", rules.exclusive_maximum.is_none_or(|m| x < m)),
        ];
        for (bound, op, ok) in checks {
            if let Some(bound) = bound
                && !ok
            {
                self.emit(format!("must be {op} {}, found {n}", number(bound)));
            }
        }
        if let Some(m) = rules.multiple_of {
            let q = x / m;
            if (q - q.round()).abs() > 1e-9 {
                self.emit(format!("must be a multiple of {}, found {n}", number(m)));
            }
        }
    }

    fn object(&mut self, rules: &ObjectRules, map: &'v Map<String, Value>) {
        for (key, child) in map {
            if self.done() {
                return;
            }
            if let Some(names) = rules.property_names
                && let Some(why) = self.key_problem(names, key)
            {
                self.emit_at(Seg::Key(key), format!("invalid key {}: {why}", quote(key)));
                continue;
            }
            if let Some(&prop) = rules.properties.get(key.as_str()) {
                self.check_at(Seg::Key(key), prop, child);
                continue;
            }
            let mut matched = false;
            for &(p, prop) in &rules.pattern_properties {
                if self.arena.patterns[p].is_match(key) {
                    matched = true;
                    self.check_at(Seg::Key(key), prop, child);
                }
            }
            if matched {
                continue;
            }
            match rules.additional {
                Additional::Any => {}
                Additional::Schema(prop) => self.check_at(Seg::Key(key), prop, child),
                Additional::Deny => {
                    let mut allowed: Vec<&str> = rules.properties.keys().map(String::as_str).collect();
                    allowed.sort_unstable();
                    self.emit_at(Seg::Key(key), unknown_key_message(key, &allowed));
                }
            }
        }
        for name in &rules.required {
            if !map.contains_key(name) {
                self.emit(format!("missing required key {}", quote(name)));
            }
        }
        let n = map.len() as u64;
        if let Some(min) = rules.min_properties
            && n < min
        {
            self.emit(format!("expected at least {min} key{}, found {n}", plural_u64(min)));
        }
        if let Some(max) = rules.max_properties
            && n > max
        {
            self.emit(format!("expected at most {max} key{}, found {n}", plural_u64(max)));
        }
    }

    /// Why `key` fails `propertyNames`, checked as a string value on its own.
    fn key_problem(&mut self, names: NodeId, key: &str) -> Option<String> {
        let as_value = Value::String(key.to_owned());
        let mut sub = Run::new(self.schema, self.arena);
        sub.quick = self.quick;
        sub.check(names, &as_value);
        if let Some(why) = sub.broken {
            self.broken.get_or_insert(why);
        }
        sub.errors.into_iter().next().map(|issue| issue.message)
    }

    fn array(&mut self, rules: &ArrayRules, items: &'v [Value]) {
        let n = items.len() as u64;
        if let Some(min) = rules.min_items
            && n < min
        {
            self.emit(format!("expected at least {min} item{}, found {n}", plural_u64(min)));
        }
        if let Some(max) = rules.max_items
            && n > max
        {
            self.emit(format!("expected at most {max} item{}, found {n}", plural_u64(max)));
        }
        match &rules.items {
            Items::Any => {}
            Items::Each(id) => {
                for (i, item) in items.iter().enumerate() {
                    if self.done() {
                        return;
                    }
                    self.check_at(Seg::Index(i), *id, item);
                }
            }
            Items::Tuple(ids) => {
                for (i, item) in items.iter().enumerate() {
                    if self.done() {
                        return;
                    }
                    match (ids.get(i), rules.additional_items) {
                        (Some(id), _) => self.check_at(Seg::Index(i), *id, item),
                        (None, Additional::Any) => {}
                        (None, Additional::Schema(id)) => self.check_at(Seg::Index(i), id, item),
                        (None, Additional::Deny) => {
                            // One message for the whole overflow, unless maxItems already said it.
                            if rules.max_items.is_none_or(|max| n <= max) {
                                let len = ids.len();
                                self.emit(format!("expected at most {len} item{}, found {n}", plural(len)));
                            }
                            break;
                        }
                    }
                }
            }
        }
        if rules.unique {
            'outer: for (j, later) in items.iter().enumerate() {
                for (i, earlier) in items[..j].iter().enumerate() {
                    if json_eq(earlier, later) {
                        self.emit(format!("items must be unique: [{j}] repeats [{i}]"));
                        break 'outer;
                    }
                }
            }
        }
        if let Some(wanted) = rules.contains
            && !items.iter().any(|item| self.passes(wanted, item))
        {
            self.emit("expected at least one item matching the required shape".to_owned());
        }
    }

    /// `anyOf`/`oneOf` (zod unions are first-match, so a value matching several branches is fine).
    fn union(&mut self, branches: &[NodeId], value: &'v Value) {
        for &b in branches {
            if self.passes(b, value) {
                return;
            }
        }
        if self.quick {
            return self.reject();
        }
        let arena = self.arena;
        let nodes = &arena.nodes;
        if let Some(all) = literals_of_all(nodes, branches) {
            return self.emit(format!("{}, found {}", expected_values(&all), literal(value)));
        }
        let detailed: Vec<NodeId> = branches
            .iter()
            .copied()
            .filter(|&b| nodes[b].kinds.fits_kind(value) && nodes[b].literals.is_none())
            .collect();
        match detailed.as_slice() {
            [] => self.emit(format!("expected {}, found {}", join_or(&shapes(nodes, branches)), found(value))),
            [only] => self.check(*only, value),
            several => {
                // Several branches take this kind of value (e.g. secret refs by `source`): show the
                // closest one, preferring a branch whose literal-valued keys ("discriminators")
                // agree with the value.
                let mut best: Option<(usize, Vec<Issue>)> = None;
                for &b in several {
                    let mark = self.errors.len();
                    self.check(b, value);
                    let errors: Vec<Issue> = self.errors.drain(mark..).collect();
                    let mismatch = discriminator_mismatch(self.schema, At { arena, id: b }, value);
                    let score = errors.len() + if mismatch { 1000 } else { 0 };
                    if best.as_ref().is_none_or(|(s, _)| score < *s) {
                        best = Some((score, errors));
                    }
                }
                if let Some((_, errors)) = best {
                    self.errors.extend(errors);
                }
            }
        }
    }
}

fn type_mismatch(node: &Node, types: Types, value: &Value) -> String {
    if let Some(allowed) = &node.allowed {
        return format!("{}, found {}", expected_values(allowed), literal(value));
    }
    if let Value::Number(n) = value
        && types.overlaps(Types::INTEGER)
    {
        // Only reachable for a non-integral number: "expected integer, found 1.5".
        return format!("expected {}, found {n}", join_or(&strings(types.names())));
    }
    format!("expected {}, found {}", join_or(&strings(types.names())), found(value))
}

fn strings(names: Vec<&'static str>) -> Vec<String> {
    names.into_iter().map(str::to_owned).collect()
}

/// All accepted values when every branch is a literal list; `None` otherwise.
fn literals_of_all(nodes: &[Node], branches: &[NodeId]) -> Option<Vec<Value>> {
    let mut all = Vec::new();
    for &b in branches {
        all.extend(nodes[b].literals.clone()?);
    }
    Some(all)
}

/// What the branches accept, for "expected string or object": literals verbatim, others by type.
fn shapes(nodes: &[Node], branches: &[NodeId]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for &b in branches {
        match &nodes[b].literals {
            Some(values) => values.iter().for_each(|v| add(literal(v))),
            None => nodes[b].kinds.names().into_iter().for_each(|n| add(n.to_owned())),
        }
    }
    out
}

/// The node `at` stands for, following `$ref`s and placeholders (compiling their pieces); `None`
/// if a piece cannot be compiled.
fn resolved<'s>(schema: &'s Schema, mut at: At<'s>) -> Option<At<'s>> {
    // Reference chains are short; the bound only guards against a malformed self-reference.
    for _ in 0..32 {
        let node = at.node();
        if let Some(next) = node.reference {
            at = at.to(next);
        } else if let Some(piece) = node.piece {
            let arena = schema.piece(piece).ok()?;
            at = At { arena, id: arena.root };
        } else {
            break;
        }
    }
    Some(at)
}

/// True when the value gives a literal-valued property (like `source: "env"`) a value this branch
/// does not accept.
fn discriminator_mismatch(schema: &Schema, branch: At<'_>, value: &Value) -> bool {
    let Some(branch) = resolved(schema, branch) else { return false };
    let (Some(rules), Value::Object(map)) = (&branch.node().object, value) else {
        return false;
    };
    rules.properties.iter().any(|(key, &prop)| {
        // Only properties the value has: resolving one may compile a piece.
        let Some(v) = map.get(key) else { return false };
        match resolved(schema, branch.to(prop)).and_then(|p| p.node().literals.as_ref()) {
            Some(values) => !values.iter().any(|a| json_eq(a, v)),
            None => false,
        }
    })
}

fn not_message(schema: &Schema, excluded: At<'_>) -> String {
    match resolved(schema, excluded).and_then(|at| at.node().object.as_ref()) {
        Some(rules) if rules.required.len() > 1 => {
            let names: Vec<String> = rules.required.iter().map(|r| quote(r)).collect();
            format!("these settings cannot be combined this way: {}", names.join(", "))
        }
        _ => "matches a shape that is not allowed here".to_owned(),
    }
}

fn format_ok(format: Format, s: &str) -> bool {
    match format {
        // What `new URL()` needs (zod's `.url()`): a scheme, then anything without spaces.
        Format::Uri => {
            let Some((scheme, rest)) = s.split_once(':') else { return false };
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !rest.is_empty()
                && !s.chars().any(char::is_whitespace)
        }
        Format::Email => s
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.') && !domain.contains('@')),
        Format::DateTime => {
            let b = s.as_bytes();
            let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
            b.len() >= 20
                && digits(0..4)
                && b[4] == b'-'
                && digits(5..7)
                && b[7] == b'-'
                && digits(8..10)
                && matches!(b[10], b'T' | b't')
                && digits(11..13)
                && b[13] == b':'
                && digits(14..16)
                && b[16] == b':'
                && digits(17..19)
        }
    }
}
