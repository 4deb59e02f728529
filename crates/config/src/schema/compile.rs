//! JSON Schema (draft-07 subset) → node arena.
//!
//! `$ref`s are resolved while compiling (see `refs.rs` for where they land). A built-in piece's
//! placeholders for the pieces cut out of it become placeholder nodes (see `split.rs`).

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::builtin::placeholder;
use super::keywords::{OVERLAY_REQUIRED, PIECE};
use super::node::{
    ANY, Additional, Arena, ArrayRules, Conditional, Format, Items, NEVER, Node, NodeId, NumberRules, ObjectRules,
    StringRules, Types, is_integral,
};
use super::pattern::{Pattern, PatternTable};
use super::refs::{find_defs_roots, push_segment, resolve, show};

/// Which `required` lists count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RequiredMode {
    /// Standard draft-07.
    Honour,
    /// The reference schema: zod-to-json-schema lists defaulted fields as required (e.g.
    /// `channels.whatsapp` "requires" `dmPolicy`), which real configs omit, so plain `required` is
    /// ignored. It still counts inside `not`/`if`/`then`/`else`, where hand-written plugin schemas
    /// use it as a condition, and `x-openclaw-required` (written by our overlay) always counts.
    ReferenceDefaults,
}

/// Compiles `document`, taking its patterns from `table`. `pieces` is how many built-in pieces
/// its placeholders may name; with 0, as for any schema but a built-in piece, the placeholder
/// keyword means nothing.
pub(crate) fn compile(
    document: &Value,
    mode: RequiredMode,
    pieces: usize,
    table: &PatternTable,
) -> Result<Arena, String> {
    let mut defs_roots = Vec::new();
    find_defs_roots(document, &mut String::new(), &mut defs_roots);
    let never = Node { never: true, kinds: Types::NONE, ..Node::default() };
    let mut c = Compiler {
        document,
        nodes: vec![Node::default(), never],
        patterns: Vec::new(),
        pattern_ids: HashMap::new(),
        table,
        refs: HashMap::new(),
        defs_roots,
        mode,
        pieces,
    };
    let root = c.schema(document, "", mode == RequiredMode::Honour)?;
    let mut nodes = c.nodes;
    derive(&mut nodes);
    Ok(Arena { nodes, patterns: c.patterns, root })
}

struct Compiler<'a> {
    document: &'a Value,
    nodes: Vec<Node>,
    patterns: Vec<Arc<Pattern>>,
    pattern_ids: HashMap<String, usize>,
    table: &'a PatternTable,
    /// (absolute pointer, honour `required`) → node, so each ref target is compiled once and
    /// recursive refs terminate.
    refs: HashMap<(String, bool), NodeId>,
    /// Pointers of schemas that hold `$defs`/`definitions`, i.e. bases for relative refs.
    defs_roots: Vec<String>,
    mode: RequiredMode,
    pieces: usize,
}

fn child(pointer: &str, key: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + key.len() + 1);
    out.push_str(pointer);
    push_segment(&mut out, key);
    out
}

impl Compiler<'_> {
    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    fn pattern(&mut self, source: &str) -> usize {
        if let Some(&id) = self.pattern_ids.get(source) {
            return id;
        }
        self.patterns.push(self.table.get(source));
        let id = self.patterns.len() - 1;
        self.pattern_ids.insert(source.to_owned(), id);
        id
    }

    /// Compiles the schema at `pointer`. `honour` says whether plain `required` counts here.
    fn schema(&mut self, value: &Value, pointer: &str, honour: bool) -> Result<NodeId, String> {
        let map = match value {
            Value::Bool(true) => return Ok(ANY),
            Value::Bool(false) => return Ok(NEVER),
            Value::Object(map) => map,
            _ => return Err(format!("{}: a schema must be an object or a boolean", show(pointer))),
        };
        if let Some(target) = map.get("$ref") {
            // draft-07: keywords next to `$ref` are ignored.
            let target = target.as_str().ok_or_else(|| format!("{}: $ref must be a string", show(pointer)))?;
            return self.reference(target, pointer, honour);
        }
        if self.pieces > 0 && map.contains_key(PIECE) {
            let piece = placeholder(map)
                .filter(|n| *n < self.pieces)
                .ok_or_else(|| format!("{}: not a placeholder for a built-in piece", show(pointer)))?;
            return Ok(self.push(Node { piece: Some(piece), ..Node::default() }));
        }
        let keywords = Keywords(map.iter().map(|(k, v)| (k.as_str(), v)).collect());
        let node = self.node(&keywords, pointer, honour)?;
        Ok(self.push(node))
    }

    fn reference(&mut self, target: &str, pointer: &str, honour: bool) -> Result<NodeId, String> {
        let absolute = resolve(self.document, &self.defs_roots, target, pointer)?;
        if let Some(&id) = self.refs.get(&(absolute.clone(), honour)) {
            return Ok(id);
        }
        // Reserve the slot first so a recursive ref finds it.
        let id = self.push(Node::default());
        self.refs.insert((absolute.clone(), honour), id);
        let document = self.document;
        let value = document.pointer(&absolute).ok_or_else(|| format!("{}: $ref {target} not found", show(pointer)))?;
        let compiled = self.schema(value, &absolute, honour)?;
        self.nodes[id] = Node { reference: Some(compiled), ..Node::default() };
        Ok(id)
    }

    fn node(&mut self, map: &Keywords<'_>, pointer: &str, honour: bool) -> Result<Node, String> {
        let at = |key: &str| show(&child(pointer, key));
        let mut node = Node::default();
        if let Some(t) = map.get("type") {
            node.types = Some(parse_types(t).ok_or_else(|| format!("{}: unknown type", at("type")))?);
        }
        if let Some(c) = map.get("const") {
            node.allowed = Some(vec![c.clone()]);
        }
        if let Some(e) = map.get("enum") {
            let values = e.as_array().ok_or_else(|| format!("{}: enum must be an array", at("enum")))?;
            node.allowed = Some(match node.allowed.take() {
                Some(c) => c.into_iter().filter(|v| values.iter().any(|w| super::node::json_eq(v, w))).collect(),
                None => values.clone(),
            });
        }
        node.string = self.string_rules(map, pointer)?;
        node.number = number_rules(map, pointer)?;
        node.object = self.object_rules(map, pointer, honour)?;
        node.array = self.array_rules(map, pointer, honour)?;
        node.any_of = self.schema_list(map, "anyOf", pointer, honour)?;
        node.one_of = self.schema_list(map, "oneOf", pointer, honour)?;
        node.all_of = self.schema_list(map, "allOf", pointer, honour)?;
        if let Some(not) = map.get("not") {
            node.not = Some(self.schema(not, &child(pointer, "not"), true)?);
        }
        if let Some(condition) = map.get("if") {
            let condition = self.schema(condition, &child(pointer, "if"), true)?;
            let then = map.get("then").map(|s| self.schema(s, &child(pointer, "then"), true)).transpose()?;
            let otherwise = map.get("else").map(|s| self.schema(s, &child(pointer, "else"), true)).transpose()?;
            node.conditional = Some(Box::new(Conditional { condition, then, otherwise }));
        }
        Ok(node)
    }

    fn schema_list(
        &mut self,
        map: &Keywords<'_>,
        key: &str,
        pointer: &str,
        honour: bool,
    ) -> Result<Vec<NodeId>, String> {
        let Some(list) = map.get(key) else { return Ok(Vec::new()) };
        let here = child(pointer, key);
        let items = list
            .as_array()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| format!("{}: must be a non-empty array", show(&here)))?;
        items.iter().enumerate().map(|(i, s)| self.schema(s, &child(&here, &i.to_string()), honour)).collect()
    }

    fn string_rules(&mut self, map: &Keywords<'_>, pointer: &str) -> Result<Option<Box<StringRules>>, String> {
        let mut rules = StringRules {
            min_length: count(map, "minLength", pointer)?,
            max_length: count(map, "maxLength", pointer)?,
            ..StringRules::default()
        };
        if let Some(p) = map.get("pattern") {
            let source = p.as_str().ok_or_else(|| format!("{}: must be a string", show(&child(pointer, "pattern"))))?;
            rules.pattern = Some(self.pattern(source));
        }
        rules.format = match map.get("format").and_then(Value::as_str) {
            Some("uri") => Some(Format::Uri),
            Some("email") => Some(Format::Email),
            Some("date-time") => Some(Format::DateTime),
            _ => None,
        };
        let used = rules.min_length.is_some()
            || rules.max_length.is_some()
            || rules.pattern.is_some()
            || rules.format.is_some();
        Ok(used.then(|| Box::new(rules)))
    }

    fn object_rules(
        &mut self,
        map: &Keywords<'_>,
        pointer: &str,
        honour: bool,
    ) -> Result<Option<Box<ObjectRules>>, String> {
        const KEYS: [&str; 8] = [
            "properties",
            "patternProperties",
            "additionalProperties",
            "propertyNames",
            "required",
            OVERLAY_REQUIRED,
            "minProperties",
            "maxProperties",
        ];
        if !KEYS.iter().any(|k| map.contains_key(k)) {
            return Ok(None);
        }
        let mut properties = HashMap::new();
        if let Some(props) = map.get("properties") {
            let here = child(pointer, "properties");
            let props = props.as_object().ok_or_else(|| format!("{}: must be an object", show(&here)))?;
            for (name, schema) in props {
                properties.insert(name.clone(), self.schema(schema, &child(&here, name), honour)?);
            }
        }
        let mut pattern_properties = Vec::new();
        if let Some(pp) = map.get("patternProperties") {
            let here = child(pointer, "patternProperties");
            let pp = pp.as_object().ok_or_else(|| format!("{}: must be an object", show(&here)))?;
            for (source, schema) in pp {
                let id = self.schema(schema, &child(&here, source), honour)?;
                pattern_properties.push((self.pattern(source), id));
            }
        }
        let additional = self.additional(map, "additionalProperties", pointer, honour)?;
        let mut property_names = None;
        if let Some(names) = map.get("propertyNames") {
            let id = self.schema(names, &child(pointer, "propertyNames"), honour)?;
            // Most maps say `propertyNames: {type: string}`, which every key satisfies.
            let trivial = {
                let n = &self.nodes[id];
                n.only_type_and_values()
                    && n.allowed.is_none()
                    && n.any_of.is_empty()
                    && n.one_of.is_empty()
                    && n.types.is_none_or(|t| t.overlaps(Types::STRING))
            };
            property_names = (!trivial).then_some(id);
        }
        let mut required = Vec::new();
        let honour_plain = honour || self.mode == RequiredMode::Honour;
        for key in ["required", OVERLAY_REQUIRED] {
            let Some(list) = map.get(key) else { continue };
            let names = list.as_array().ok_or_else(|| format!("{}: must be an array", show(&child(pointer, key))))?;
            if key == "required" && !honour_plain {
                continue;
            }
            for n in names {
                let n = n.as_str().ok_or_else(|| format!("{}: must list strings", show(&child(pointer, key))))?;
                if !required.iter().any(|r| r == n) {
                    required.push(n.to_owned());
                }
            }
        }
        Ok(Some(Box::new(ObjectRules {
            properties,
            pattern_properties,
            additional,
            property_names,
            required,
            min_properties: count(map, "minProperties", pointer)?,
            max_properties: count(map, "maxProperties", pointer)?,
        })))
    }

    fn array_rules(
        &mut self,
        map: &Keywords<'_>,
        pointer: &str,
        honour: bool,
    ) -> Result<Option<Box<ArrayRules>>, String> {
        const KEYS: [&str; 6] = ["items", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains"];
        if !KEYS.iter().any(|k| map.contains_key(k)) {
            return Ok(None);
        }
        let items = match map.get("items") {
            None => Items::Any,
            Some(Value::Array(list)) => {
                let here = child(pointer, "items");
                Items::Tuple(
                    list.iter()
                        .enumerate()
                        .map(|(i, s)| self.schema(s, &child(&here, &i.to_string()), honour))
                        .collect::<Result<_, _>>()?,
                )
            }
            Some(schema) => Items::Each(self.schema(schema, &child(pointer, "items"), honour)?),
        };
        let unique = match map.get("uniqueItems") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(format!("{}: must be a boolean", show(&child(pointer, "uniqueItems")))),
        };
        let contains = map.get("contains").map(|s| self.schema(s, &child(pointer, "contains"), honour)).transpose()?;
        Ok(Some(Box::new(ArrayRules {
            items,
            additional_items: self.additional(map, "additionalItems", pointer, honour)?,
            min_items: count(map, "minItems", pointer)?,
            max_items: count(map, "maxItems", pointer)?,
            unique,
            contains,
        })))
    }

    fn additional(&mut self, map: &Keywords<'_>, key: &str, pointer: &str, honour: bool) -> Result<Additional, String> {
        Ok(match map.get(key) {
            None | Some(Value::Bool(true)) => Additional::Any,
            Some(Value::Bool(false)) => Additional::Deny,
            Some(schema) => match self.schema(schema, &child(pointer, key), honour)? {
                ANY => Additional::Any,
                id => Additional::Schema(id),
            },
        })
    }
}

/// A schema object's keywords, searched linearly: a schema object has a handful of keys, and
/// hashing for each of the ~30 keyword lookups per node dominated compile time.
struct Keywords<'a>(Vec<(&'a str, &'a Value)>);

impl<'a> Keywords<'a> {
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

fn number_rules(map: &Keywords<'_>, pointer: &str) -> Result<Option<Box<NumberRules>>, String> {
    let num = |key: &str| -> Result<Option<f64>, String> {
        match map.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            // draft-04's boolean `exclusiveMinimum` would silently mean something else here.
            Some(_) => Err(format!("{}: must be a number", show(&child(pointer, key)))),
        }
    };
    let rules = NumberRules {
        minimum: num("minimum")?,
        maximum: num("maximum")?,
        exclusive_minimum: num("exclusiveMinimum")?,
        exclusive_maximum: num("exclusiveMaximum")?,
        multiple_of: num("multipleOf")?,
    };
    if rules.multiple_of.is_some_and(|m| m <= 0.0) {
        return Err(format!("{}: must be > 0", show(&child(pointer, "multipleOf"))));
    }
    let used = rules.minimum.is_some()
        || rules.maximum.is_some()
        || rules.exclusive_minimum.is_some()
        || rules.exclusive_maximum.is_some()
        || rules.multiple_of.is_some();
    Ok(used.then(|| Box::new(rules)))
}

fn count(map: &Keywords<'_>, key: &str, pointer: &str) -> Result<Option<u64>, String> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::Number(n)) if is_integral(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
            .map(Some)
            .ok_or_else(|| format!("{}: must be a non-negative integer", show(&child(pointer, key)))),
        Some(_) => Err(format!("{}: must be a non-negative integer", show(&child(pointer, key)))),
    }
}

fn parse_types(value: &Value) -> Option<Types> {
    match value {
        Value::String(name) => Types::from_name(name),
        Value::Array(names) => {
            names.iter().try_fold(Types::NONE, |acc, n| Some(acc.union(Types::from_name(n.as_str()?)?)))
        }
        _ => None,
    }
}

/// Fills in [`Node::kinds`] and [`Node::literals`], which messages and union branch selection use.
fn derive(nodes: &mut [Node]) {
    let mut kinds: Vec<Option<Types>> = vec![None; nodes.len()];
    let mut visiting = vec![false; nodes.len()];
    for id in 0..nodes.len() {
        kinds_of(nodes, id, &mut kinds, &mut visiting);
    }
    for (node, k) in nodes.iter_mut().zip(&kinds) {
        node.kinds = k.unwrap_or(Types::ALL);
    }
    let mut literals: Vec<Option<Option<Vec<Value>>>> = vec![None; nodes.len()];
    let mut visiting = vec![false; nodes.len()];
    for id in 0..nodes.len() {
        literals_of(nodes, id, &mut literals, &mut visiting);
    }
    for (node, l) in nodes.iter_mut().zip(literals) {
        node.literals = l.flatten();
    }
}

fn kinds_of(nodes: &[Node], id: NodeId, memo: &mut [Option<Types>], visiting: &mut [bool]) -> Types {
    if let Some(k) = memo[id] {
        return k;
    }
    if visiting[id] {
        return Types::ALL;
    }
    visiting[id] = true;
    let node = &nodes[id];
    let mut k = if node.never { Types::NONE } else { node.types.unwrap_or(Types::ALL) };
    if let Some(values) = &node.allowed {
        k = k.intersect(values.iter().fold(Types::NONE, |acc, v| acc.union(Types::of(v))));
    }
    if let Some(target) = node.reference {
        k = k.intersect(kinds_of(nodes, target, memo, visiting));
    }
    for list in [&node.any_of, &node.one_of] {
        if !list.is_empty() {
            let union = list.iter().fold(Types::NONE, |acc, b| acc.union(kinds_of(nodes, *b, memo, visiting)));
            k = k.intersect(union);
        }
    }
    for b in &node.all_of {
        k = k.intersect(kinds_of(nodes, *b, memo, visiting));
    }
    visiting[id] = false;
    memo[id] = Some(k);
    k
}

fn literals_of(
    nodes: &[Node],
    id: NodeId,
    memo: &mut [Option<Option<Vec<Value>>>],
    visiting: &mut [bool],
) -> Option<Vec<Value>> {
    if let Some(l) = &memo[id] {
        return l.clone();
    }
    if visiting[id] {
        return None;
    }
    visiting[id] = true;
    let node = &nodes[id];
    let mut out = None;
    if let Some(target) = node.reference {
        out = literals_of(nodes, target, memo, visiting);
    } else if node.only_type_and_values() {
        if let Some(values) = &node.allowed {
            if node.any_of.is_empty() && node.one_of.is_empty() {
                let types = node.types.unwrap_or(Types::ALL);
                out = Some(values.iter().filter(|v| types.accepts(v)).cloned().collect());
            }
        } else if node.types.is_none() && (node.any_of.is_empty() != node.one_of.is_empty()) {
            let mut all = Vec::new();
            let mut complete = true;
            for b in node.alternatives().collect::<Vec<_>>() {
                match literals_of(nodes, b, memo, visiting) {
                    Some(values) => all.extend(values),
                    None => complete = false,
                }
            }
            out = complete.then_some(all);
        }
    }
    visiting[id] = false;
    memo[id] = Some(out.clone());
    out
}
