//! The compiled form of a schema: an arena of nodes addressed by index, so `$ref` cycles are just
//! indices and validation never re-reads the JSON text of the schema. The built-in schema has one
//! arena per piece (see `split.rs`); a placeholder node leads from one into another.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::pattern::Pattern;

/// Index of a node in its [`Arena`].
pub(crate) type NodeId = usize;

/// Index of a piece of [`super::Schema`], each with its own arena.
pub(crate) type PieceId = usize;

/// The nodes of one schema or built-in piece.
pub(crate) struct Arena {
    pub nodes: Vec<Node>,
    /// Patterns, one per source (shared with other pieces through a `PatternTable`).
    pub patterns: Vec<Arc<Pattern>>,
    pub root: NodeId,
}

/// A node and the arena holding it, which its ids (`reference`, `properties`, …) index.
#[derive(Clone, Copy)]
pub(crate) struct At<'s> {
    pub arena: &'s Arena,
    pub id: NodeId,
}

impl<'s> At<'s> {
    pub fn node(self) -> &'s Node {
        &self.arena.nodes[self.id]
    }

    /// Another node of the same arena.
    pub fn to(self, id: NodeId) -> At<'s> {
        At { arena: self.arena, id }
    }

    /// Identity, for deduplicating: the arena's address and the index.
    pub fn key(self) -> (usize, NodeId) {
        (std::ptr::from_ref(self.arena) as usize, self.id)
    }
}

/// Slot 0 is the schema `true` (accepts anything); paths through open maps land here.
pub(crate) const ANY: NodeId = 0;
/// Slot 1 is the schema `false` (accepts nothing).
pub(crate) const NEVER: NodeId = 1;

/// A set of JSON types, as draft-07 names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Types(u8);

impl Types {
    pub const NULL: Types = Types(1);
    pub const BOOLEAN: Types = Types(2);
    pub const INTEGER: Types = Types(4);
    pub const NUMBER: Types = Types(8);
    pub const STRING: Types = Types(16);
    pub const ARRAY: Types = Types(32);
    pub const OBJECT: Types = Types(64);
    pub const NONE: Types = Types(0);
    pub const ALL: Types = Types(127);

    pub fn from_name(name: &str) -> Option<Types> {
        Some(match name {
            "null" => Self::NULL,
            "boolean" => Self::BOOLEAN,
            "integer" => Self::INTEGER,
            "number" => Self::NUMBER,
            "string" => Self::STRING,
            "array" => Self::ARRAY,
            "object" => Self::OBJECT,
            _ => return None,
        })
    }

    /// The types a value belongs to; an integral number is both `integer` and `number` (draft-07:
    /// `1.0` is an integer).
    pub fn of(value: &Value) -> Types {
        match value {
            Value::Null => Self::NULL,
            Value::Bool(_) => Self::BOOLEAN,
            Value::Number(n) if is_integral(n) => Self::INTEGER.union(Self::NUMBER),
            Value::Number(_) => Self::NUMBER,
            Value::String(_) => Self::STRING,
            Value::Array(_) => Self::ARRAY,
            Value::Object(_) => Self::OBJECT,
        }
    }

    pub fn union(self, other: Types) -> Types {
        Types(self.0 | other.0)
    }

    pub fn intersect(self, other: Types) -> Types {
        Types(self.0 & other.0)
    }

    pub fn overlaps(self, other: Types) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether the `type` keyword accepts `value`.
    pub fn accepts(self, value: &Value) -> bool {
        match value {
            Value::Number(n) => self.overlaps(Self::NUMBER) || (self.overlaps(Self::INTEGER) && is_integral(n)),
            other => self.overlaps(Self::of(other)),
        }
    }

    /// Whether `value` is of a kind this set could hold, ignoring integer-ness: used to pick the
    /// union branch whose nested errors are worth showing.
    pub fn fits_kind(self, value: &Value) -> bool {
        match value {
            Value::Number(_) => self.overlaps(Self::INTEGER.union(Self::NUMBER)),
            other => self.overlaps(Self::of(other)),
        }
    }

    /// Names for messages; `integer` is folded into `number` when both are present.
    pub fn names(self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let table = [
            (Self::NULL, "null"),
            (Self::BOOLEAN, "boolean"),
            (Self::INTEGER, "integer"),
            (Self::NUMBER, "number"),
            (Self::STRING, "string"),
            (Self::ARRAY, "array"),
            (Self::OBJECT, "object"),
        ];
        for (t, name) in table {
            if self.overlaps(t) && !(t == Self::INTEGER && self.overlaps(Self::NUMBER)) {
                out.push(name);
            }
        }
        out
    }
}

pub(crate) fn is_integral(n: &serde_json::Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// `format` values we check; the others are annotations (draft-07 makes format checking optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Uri,
    Email,
    DateTime,
}

#[derive(Debug, Default)]
pub(crate) struct StringRules {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// Index into the arena's patterns.
    pub pattern: Option<usize>,
    pub format: Option<Format>,
}

#[derive(Debug, Default)]
pub(crate) struct NumberRules {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
}

/// What `additionalProperties` / `additionalItems` say about entries nothing else describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Additional {
    Any,
    Deny,
    Schema(NodeId),
}

#[derive(Debug)]
pub(crate) struct ObjectRules {
    pub properties: HashMap<String, NodeId>,
    /// `patternProperties`: (pattern index, schema).
    pub pattern_properties: Vec<(usize, NodeId)>,
    pub additional: Additional,
    pub property_names: Option<NodeId>,
    /// Only the `required` lists this schema honours (see `compile::RequiredMode`).
    pub required: Vec<String>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
}

#[derive(Debug)]
pub(crate) enum Items {
    Any,
    Each(NodeId),
    Tuple(Vec<NodeId>),
}

#[derive(Debug)]
pub(crate) struct ArrayRules {
    pub items: Items,
    pub additional_items: Additional,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique: bool,
    pub contains: Option<NodeId>,
}

#[derive(Debug)]
pub(crate) struct Conditional {
    pub condition: NodeId,
    pub then: Option<NodeId>,
    pub otherwise: Option<NodeId>,
}

/// One compiled schema object. Rule groups are boxed because most nodes use one of them at most.
#[derive(Debug)]
pub(crate) struct Node {
    pub types: Option<Types>,
    /// `const` / `enum`: the only values accepted.
    pub allowed: Option<Vec<Value>>,
    pub string: Option<Box<StringRules>>,
    pub number: Option<Box<NumberRules>>,
    pub object: Option<Box<ObjectRules>>,
    pub array: Option<Box<ArrayRules>>,
    pub any_of: Vec<NodeId>,
    /// zod unions are first-match, so `oneOf` is checked exactly like `anyOf`.
    pub one_of: Vec<NodeId>,
    pub all_of: Vec<NodeId>,
    pub not: Option<NodeId>,
    pub conditional: Option<Box<Conditional>>,
    pub reference: Option<NodeId>,
    /// A placeholder for a built-in piece, compiled the first time it is reached; like a
    /// `$ref` into that piece's arena. Nothing else of the node is set.
    pub piece: Option<PieceId>,
    pub never: bool,
    /// Derived after compiling: every JSON type a value passing this node could have.
    pub kinds: Types,
    /// Derived: when the node accepts only a fixed list of values (`enum`, `const`, or a union
    /// of those, which is how zod spells an enum), that list, for "expected one of" messages.
    pub literals: Option<Vec<Value>>,
}

impl Default for Node {
    fn default() -> Self {
        Self {
            types: None,
            allowed: None,
            string: None,
            number: None,
            object: None,
            array: None,
            any_of: Vec::new(),
            one_of: Vec::new(),
            all_of: Vec::new(),
            not: None,
            conditional: None,
            reference: None,
            piece: None,
            never: false,
            kinds: Types::ALL,
            literals: None,
        }
    }
}

impl Node {
    /// True when the node constrains nothing beyond `type` and `const`/`enum`.
    pub fn only_type_and_values(&self) -> bool {
        self.string.is_none()
            && self.number.is_none()
            && self.object.is_none()
            && self.array.is_none()
            && self.all_of.is_empty()
            && self.not.is_none()
            && self.conditional.is_none()
            && self.reference.is_none()
            && self.piece.is_none()
            && !self.never
    }

    /// The union branches (`anyOf` then `oneOf`).
    pub fn alternatives(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.any_of.iter().chain(self.one_of.iter()).copied()
    }
}

/// Draft-07 equality: numbers compare by value (`1 == 1.0`), objects ignore key order.
pub(crate) fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(i), Some(j)) => i == j,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}
