//! The built-in schema as build.rs leaves it: OpenClaw 2026.9.6's reference schema
//! (`schema/reference-config.schema.json`, titles and descriptions stripped) plus our overlay
//! (`overlay.rs`), cut into pieces that are compiled on first use (`split.rs`).

use serde_json::{Map, Value};

use super::keywords::PIECE;
use super::node::PieceId;

// `PIECES`: (pointer the piece was cut from, its JSON), piece 0 being the root.
include!(concat!(env!("OUT_DIR"), "/schema_pieces.rs"));

/// The piece a placeholder `{"x-openclaw-piece": n}` stands for.
pub(super) fn placeholder(map: &Map<String, Value>) -> Option<PieceId> {
    match map.get(PIECE) {
        Some(n) if map.len() == 1 => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        _ => None,
    }
}

/// The whole document, pieces put back in place of their placeholders.
pub(super) fn document() -> Result<Value, String> {
    let mut root = parse(0)?;
    join(&mut root)?;
    Ok(root)
}

/// Piece `n`, parsed.
pub(super) fn parse(n: PieceId) -> Result<Value, String> {
    let (pointer, json) = PIECES.get(n).ok_or_else(|| format!("there is no piece {n}"))?;
    serde_json::from_str(json).map_err(|e| format!("the piece cut from #{pointer} is not valid JSON: {e}"))
}

fn join(value: &mut Value) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            if let Some(n) = placeholder(map) {
                let mut piece = parse(n)?;
                join(&mut piece)?;
                *value = piece;
                return Ok(());
            }
            map.values_mut().try_for_each(join)
        }
        Value::Array(items) => items.iter_mut().try_for_each(join),
        _ => Ok(()),
    }
}
