//! Cutting the built-in schema into pieces that compile on their own (run by build.rs).
//!
//! Every CLI run validates its config against the built-in schema, yet a config touches a small
//! part of its 550 KB: parsing and compiling all of it cost ~60 ms of CPU per process. So build.rs
//! cuts every large subschema out into a piece of its own and leaves `{"x-openclaw-piece": n}` in
//! its place; at runtime a piece is parsed and compiled the first time a value, a key lookup or a
//! message reaches it. Pieces nest: a cut subschema has its own large parts cut out first.
//!
//! A cut must not change what the schema means, so a subschema is cut only
//! - under `properties`, `additionalProperties` or `items`, reached from the root through those
//!   and `anyOf`/`oneOf`/`allOf`: there `required` counts as at the root (under `not`/`if` it
//!   does not, see `compile::RequiredMode`), and nothing derives its own type or literal values
//!   from the subschema's (unlike a union branch);
//! - when every `$ref` inside it lands, resolved from within the piece, where it lands in the
//!   whole document, and no `$ref` outside points inside it.

use serde_json::{Map, Value};

use super::keywords::PIECE;
use super::refs::{contains, find_defs_roots, push_segment, resolve};

/// One piece: the pointer it was cut from (empty for the root) and its schema.
#[derive(Debug)]
pub(crate) struct Piece {
    pub pointer: String,
    pub schema: Value,
}

/// Cuts `document` into pieces; piece 0 is the root. Subschemas smaller than `min_bytes` (as
/// compact JSON, once their own pieces are cut out) stay inline, except right under the root:
/// every run compiles the root, and a config uses few of its keys. Fails on a `$ref` that points
/// nowhere.
pub(crate) fn split(mut document: Value, min_bytes: usize) -> Result<Vec<Piece>, String> {
    let refs = Refs::of(&document)?;
    let root = Piece { pointer: String::new(), schema: Value::Null };
    let mut cutter = Cutter { refs, pieces: vec![root], min_bytes };
    cutter.descend(&mut document, &mut String::new());
    let mut pieces = cutter.pieces;
    pieces[0].schema = document;
    Ok(pieces)
}

struct Cutter {
    refs: Refs,
    pieces: Vec<Piece>,
    min_bytes: usize,
}

impl Cutter {
    /// Looks for pieces to cut inside the schema at `pointer`.
    fn descend(&mut self, schema: &mut Value, pointer: &mut String) {
        let Value::Object(map) = schema else { return };
        let len = pointer.len();
        let min_bytes = if pointer.is_empty() { 0 } else { self.min_bytes };
        for (key, value) in map.iter_mut() {
            push_segment(pointer, key);
            match (key.as_str(), value) {
                ("properties", Value::Object(properties)) => {
                    let here = pointer.len();
                    for (name, property) in properties.iter_mut() {
                        push_segment(pointer, name);
                        self.cut(property, pointer, min_bytes);
                        pointer.truncate(here);
                    }
                }
                ("additionalProperties" | "items", value @ Value::Object(_)) => self.cut(value, pointer, min_bytes),
                ("anyOf" | "oneOf" | "allOf", Value::Array(branches)) => {
                    let here = pointer.len();
                    for (i, branch) in branches.iter_mut().enumerate() {
                        push_segment(pointer, &i.to_string());
                        self.descend(branch, pointer);
                        pointer.truncate(here);
                    }
                }
                _ => {}
            }
            pointer.truncate(len);
        }
    }

    /// Cuts the schema at `pointer` out into a piece if it has `min_bytes` and is self-contained,
    /// after cutting out its own pieces.
    fn cut(&mut self, schema: &mut Value, pointer: &mut String, min_bytes: usize) {
        self.descend(schema, pointer);
        if !schema.is_object() || !self.refs.allow_cut(pointer) {
            return;
        }
        let size = serde_json::to_string(schema).map_or(0, |text| text.len());
        if size < min_bytes {
            return;
        }
        let mut placeholder = Map::new();
        placeholder.insert(PIECE.to_owned(), Value::from(self.pieces.len()));
        let schema = std::mem::replace(schema, Value::Object(placeholder));
        self.pieces.push(Piece { pointer: pointer.clone(), schema });
    }
}

/// Every `$ref` of the document, with where it lands.
struct Refs {
    /// The document before any cut, for resolving refs from within a would-be piece.
    document: Value,
    list: Vec<Ref>,
}

struct Ref {
    /// Pointer of the schema holding the `$ref`.
    at: String,
    /// The `$ref` as written.
    target: String,
    /// Where it lands in the whole document.
    lands: String,
}

impl Refs {
    fn of(document: &Value) -> Result<Refs, String> {
        let mut roots = Vec::new();
        find_defs_roots(document, &mut String::new(), &mut roots);
        let mut found = Vec::new();
        find_refs(document, &mut String::new(), &mut found);
        let mut list = Vec::new();
        for (at, target) in found {
            let lands = resolve(document, &roots, &target, &at)?;
            if document.pointer(&lands).is_none() {
                return Err(format!("#{at}: $ref {target} not found"));
            }
            list.push(Ref { at, target, lands });
        }
        Ok(Refs { document: document.clone(), list })
    }

    /// Whether the subschema at `pointer` can become a piece without any `$ref` changing meaning.
    fn allow_cut(&self, pointer: &str) -> bool {
        self.list.iter().all(|r| {
            if contains(pointer, &r.at) {
                self.lands_within(pointer, r).as_deref() == Some(r.lands.as_str())
            } else {
                // The placeholder hides what is inside; and a ref to the piece itself would make
                // the ref's node take its type from the placeholder's, which says nothing.
                !contains(pointer, &r.lands)
            }
        })
    }

    /// Where `r` lands when the subschema at `pointer` is compiled as a document of its own, as
    /// an absolute pointer; `None` if it lands nowhere.
    fn lands_within(&self, pointer: &str, r: &Ref) -> Option<String> {
        let piece = self.document.pointer(pointer)?;
        let mut roots = Vec::new();
        find_defs_roots(piece, &mut String::new(), &mut roots);
        let lands = resolve(piece, &roots, &r.target, r.at.get(pointer.len()..)?).ok()?;
        piece.pointer(&lands)?;
        Some(format!("{pointer}{lands}"))
    }
}

/// Every string `$ref` with the pointer of the schema holding it; skips the keywords whose values
/// are data, as `find_defs_roots` does.
fn find_refs(value: &Value, pointer: &mut String, out: &mut Vec<(String, String)>) {
    let len = pointer.len();
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                out.push((pointer.clone(), target.clone()));
            }
            for (k, v) in map {
                if matches!(k.as_str(), "const" | "enum" | "default" | "examples") {
                    continue;
                }
                push_segment(pointer, k);
                find_refs(v, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                push_segment(pointer, &i.to_string());
                find_refs(v, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}
