//! Strict validation of the config tree against OpenClaw's JSON Schema (a draft-07 subset), with
//! one-line messages that say where, what was expected and what was found.
//!
//! The built-in schema is OpenClaw 2026.9.6's (`schema/reference-config.schema.json`) plus an
//! overlay (`schema/overlay.rs`) of keys the security document names. build.rs applies the
//! overlay and cuts the result into pieces (`schema/split.rs`); each piece is parsed and compiled
//! into a node arena the first time validation or a key lookup reaches it, so a process pays only
//! for the parts of the schema its config uses. Validating a config walks the value once and
//! never re-reads schema JSON it has compiled.
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

mod builtin;
mod compile;
mod describe;
mod keywords;
mod node;
#[cfg(test)]
mod overlay;
mod pattern;
mod refs;
#[cfg(test)]
mod split;
mod suggest;
mod validate;
mod walk;

#[cfg(test)]
mod tests;

use compile::RequiredMode;
use node::{ANY, Arena, Node, PieceId, Types};
use pattern::PatternTable;

/// The piece holding the root schema.
const ROOT: PieceId = 0;

/// A compiled schema, cheap to validate against and safe to share between threads.
pub struct Schema {
    /// Piece 0 is the root. A schema from [`Schema::compile`] is that one piece; the built-in
    /// one has hundreds, each compiled the first time it is reached.
    pieces: Vec<Piece>,
    /// The patterns of every piece, so each regex is built at most once.
    patterns: PatternTable,
    /// Set when the built-in schema could not be built: every validation then fails with this
    /// message rather than letting any config through.
    broken: Option<String>,
}

/// A part of the schema with its own node arena.
struct Piece {
    /// Where build.rs cut it from (empty for the root), for messages.
    pointer: &'static str,
    /// Its JSON; unused once compiled.
    json: &'static str,
    compiled: OnceLock<Result<Arena, String>>,
}

impl Piece {
    fn ready(compiled: Arena) -> Piece {
        Piece { pointer: "", json: "", compiled: OnceLock::from(Ok(compiled)) }
    }
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let compiled: Vec<&Arena> = self.pieces.iter().filter_map(|p| p.compiled.get()?.as_ref().ok()).collect();
        f.debug_struct("Schema")
            .field("pieces", &self.pieces.len())
            .field("compiled", &compiled.len())
            .field("nodes", &compiled.iter().map(|c| c.nodes.len()).sum::<usize>())
            .field("broken", &self.broken)
            .finish()
    }
}

impl Schema {
    /// The reference schema with our overlay applied, built once per process; its pieces are
    /// compiled as they are needed.
    pub fn builtin() -> &'static Schema {
        static BUILTIN: OnceLock<Schema> = OnceLock::new();
        BUILTIN.get_or_init(|| Self::from_pieces(&builtin::PIECES))
    }

    /// A schema of built-in pieces, (pointer, JSON) as build.rs writes them; broken if even the
    /// root piece does not compile.
    fn from_pieces(pieces: &'static [(&'static str, &'static str)]) -> Schema {
        let pieces = pieces.iter().map(|&(pointer, json)| Piece { pointer, json, compiled: OnceLock::new() }).collect();
        let schema = Schema { pieces, patterns: PatternTable::default(), broken: None };
        match schema.piece(ROOT) {
            Ok(_) => schema,
            Err(why) => Self::broken(why.to_owned()),
        }
    }

    /// The JSON Schema the built-in validator enforces (reference plus overlay), for
    /// `openclaw config schema` and editors. `null` if it could not be built.
    pub fn builtin_json() -> &'static Value {
        static DOCUMENT: OnceLock<Value> = OnceLock::new();
        DOCUMENT.get_or_init(|| builtin::document().unwrap_or(Value::Null))
    }

    /// Compiles a standard draft-07 schema (`required` honoured). Errors name the JSON pointer of
    /// the offending keyword.
    pub fn compile(schema: &Value) -> Result<Schema, String> {
        Self::compile_with(schema, RequiredMode::Honour)
    }

    fn compile_with(schema: &Value, mode: RequiredMode) -> Result<Schema, String> {
        let patterns = PatternTable::default();
        let compiled = compile::compile(schema, mode, 0, &patterns)?;
        Ok(Schema { pieces: vec![Piece::ready(compiled)], patterns, broken: None })
    }

    fn broken(why: String) -> Schema {
        let anything = Arena { nodes: vec![Node::default()], patterns: Vec::new(), root: ANY };
        Schema { pieces: vec![Piece::ready(anything)], patterns: PatternTable::default(), broken: Some(why) }
    }

    /// Piece `n`, compiled on first use. The error is the message validation fails with.
    fn piece(&self, n: PieceId) -> Result<&Arena, &str> {
        let piece = self.pieces.get(n).ok_or("built-in config schema is unusable: a piece is missing")?;
        let compiled = piece.compiled.get_or_init(|| {
            serde_json::from_str(piece.json)
                .map_err(|e| format!("not valid JSON: {e}"))
                .and_then(|document| {
                    compile::compile(&document, RequiredMode::ReferenceDefaults, self.pieces.len(), &self.patterns)
                })
                .map_err(|why| format!("built-in config schema is unusable: {why} (in {})", refs::show(piece.pointer)))
        });
        compiled.as_ref().map_err(String::as_str)
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
    /// are treated as always matching. Compiles every piece and pattern, so call it from tests
    /// and diagnostics rather than on a hot path.
    pub fn unsupported_patterns(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in 0..self.pieces.len() {
            let Ok(piece) = self.piece(n) else { continue };
            for failure in piece.patterns.iter().filter_map(|p| p.failure()) {
                // Pieces share patterns, so one may appear in several.
                if !out.iter().any(|f| f == failure) {
                    out.push(failure.to_owned());
                }
            }
        }
        out
    }

    /// Whether `key` satisfies the `propertyNames` node `names`.
    fn key_allowed(&self, names: node::At<'_>, key: &str) -> bool {
        validate::validate_node(self, names, &Value::String(key.to_owned())).is_empty()
    }

    /// Whether the value at `path` can be an object (so `config set path.x` could work).
    pub fn can_be_object(&self, path: &KeyPath) -> bool {
        walk::nodes_at(self, path).iter().any(|at| at.node().kinds.overlaps(Types::OBJECT))
    }
}

/// The path of an "unknown key" error (the key itself), which `doctor --fix` may remove.
pub fn unknown_key_path(issue: &Issue) -> Option<KeyPath> {
    issue.message.starts_with("unknown key ").then(|| issue.path.clone())
}
