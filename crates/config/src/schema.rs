//! Strict validation of the config tree against OpenClaw's JSON Schema (a draft-07 subset), with
//! one-line messages that say where, what was expected and what was found.
//!
//! The built-in schema is OpenClaw 2026.9.6's (`schema/reference-config.schema.json`) plus an
//! overlay (`schema/overlay.rs`) of keys the security document names. It is compiled once per
//! process into a node arena; validating a config walks the value once and never re-reads
//! schema JSON.
//!
//! Departures from plain draft-07, because the reference schema is generated from zod: its
//! `required` lists are ignored (they list defaulted fields) and `oneOf` is treated like `anyOf`
//! (zod unions are first-match). `pattern`s are ECMAScript regexes, translated for the `regex`
//! crate (`schema/pattern.rs`).
//!
//! This module only judges shape; what a key means is the typed model's business.

use std::sync::OnceLock;

use serde_json::Value;

use crate::{Issue, KeyPath};

mod compile;
mod describe;
mod node;
mod overlay;
mod pattern;
mod suggest;
mod validate;
mod walk;

#[cfg(test)]
mod tests;

use compile::RequiredMode;
use node::{NodeId, Types};
use pattern::Pattern;

/// The reference schema as shipped by OpenClaw 2026.9.6 (titles and descriptions stripped).
const REFERENCE: &str = include_str!("../schema/reference-config.schema.json");

/// A compiled schema, cheap to validate against and safe to share between threads.
pub struct Schema {
    nodes: Vec<node::Node>,
    patterns: Vec<Pattern>,
    root: NodeId,
    /// Set when the built-in schema could not be built: every validation then fails with this
    /// message rather than letting any config through.
    broken: Option<String>,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schema")
            .field("nodes", &self.nodes.len())
            .field("patterns", &self.patterns.len())
            .field("broken", &self.broken)
            .finish()
    }
}

impl Schema {
    /// The reference schema with our overlay applied, compiled once per process.
    pub fn builtin() -> &'static Schema {
        static BUILTIN: OnceLock<Schema> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            builtin_document()
                .and_then(|doc| Self::compile_with(&doc, RequiredMode::ReferenceDefaults))
                .unwrap_or_else(|why| Self::broken(format!("built-in config schema is unusable: {why}")))
        })
    }

    /// The JSON Schema the built-in validator enforces (reference plus overlay), for
    /// `openclaw config schema` and editors. `null` if it could not be built.
    pub fn builtin_json() -> &'static Value {
        static DOCUMENT: OnceLock<Value> = OnceLock::new();
        DOCUMENT.get_or_init(|| builtin_document().unwrap_or(Value::Null))
    }

    /// Compiles a standard draft-07 schema (`required` honoured). Errors name the JSON pointer of
    /// the offending keyword.
    pub fn compile(schema: &Value) -> Result<Schema, String> {
        Self::compile_with(schema, RequiredMode::Honour)
    }

    fn compile_with(schema: &Value, mode: RequiredMode) -> Result<Schema, String> {
        let compiled = compile::compile(schema, mode)?;
        Ok(Schema { nodes: compiled.nodes, patterns: compiled.patterns, root: compiled.root, broken: None })
    }

    fn broken(why: String) -> Schema {
        Schema { nodes: vec![node::Node::default()], patterns: Vec::new(), root: node::ANY, broken: Some(why) }
    }

    /// Every problem, not just the first; each an error at the key path it concerns with a
    /// one-line message.
    pub fn validate(&self, value: &Value) -> Vec<Issue> {
        if let Some(why) = &self.broken {
            return vec![Issue::error(KeyPath::root(), why.clone())];
        }
        validate::validate(self, value)
    }

    /// Property names allowed at `path` (for `config get/set` hints and did-you-mean); `None` if
    /// nothing can be placed at `path`. A path into an open map gives `Some` of an empty list.
    pub fn known_keys(&self, path: &KeyPath) -> Option<Vec<String>> {
        let nodes = walk::nodes_at(self, path);
        if nodes.is_empty() {
            return None;
        }
        Some(walk::keys_at(self, &nodes))
    }

    /// Whether a value could be placed at `path` at all (rejects `config set nope.x 1` early).
    pub fn path_exists(&self, path: &KeyPath) -> bool {
        !walk::nodes_at(self, path).is_empty()
    }

    /// Patterns that could not be translated to the `regex` dialect, each with the reason. They
    /// are treated as always matching. Compiles every pattern, so call it from tests and
    /// diagnostics rather than on a hot path.
    pub fn unsupported_patterns(&self) -> Vec<String> {
        self.patterns.iter().filter_map(|p| p.failure().map(str::to_owned)).collect()
    }

    /// Whether `key` satisfies the `propertyNames` node `names`.
    fn key_allowed(&self, names: NodeId, key: &str) -> bool {
        validate::validate_node(self, names, &Value::String(key.to_owned())).is_empty()
    }

    /// Whether the value at `path` can be an object (so `config set path.x` could work).
    pub fn can_be_object(&self, path: &KeyPath) -> bool {
        walk::nodes_at(self, path).iter().any(|&id| self.nodes[id].kinds.overlaps(Types::OBJECT))
    }
}

/// The path of an "unknown key" error (the key itself), which `doctor --fix` may remove.
pub fn unknown_key_path(issue: &Issue) -> Option<KeyPath> {
    issue.message.starts_with("unknown key ").then(|| issue.path.clone())
}

/// The reference schema with the overlay applied.
fn builtin_document() -> Result<Value, String> {
    let mut document: Value =
        serde_json::from_str(REFERENCE).map_err(|e| format!("reference schema is not valid JSON: {e}"))?;
    overlay::apply(&mut document)?;
    Ok(document)
}
