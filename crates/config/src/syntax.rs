//! JSON5 text → `serde_json::Value`, remembering where every key and value sits in the file.
//!
//! jsonc-parser accepts the whole JSON5 grammar OpenClaw's `json5` package accepts (comments,
//! unquoted keys, single quotes, trailing commas, hex, `+1`, `.5`). We walk its AST ourselves
//! instead of deserializing directly so that validation errors can point at file:line:column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};
use serde_json::{Map, Number, Value};

use crate::issue::SourceLocation;
use crate::key_path::KeyPath;

/// Byte offsets of the lines of one file, to turn offsets into line:column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let end = offset.min(text.len());
        let column = text.get(start..end).map(|s| s.chars().count()).unwrap_or(0) + 1;
        (line + 1, column)
    }
}

/// Where the values of a merged document came from (the root file and its includes).
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<(PathBuf, String, LineIndex)>,
    spots: HashMap<KeyPath, (usize, usize)>,
}

impl SourceMap {
    /// Registers a parsed file whose values now live under `prefix` in the merged document.
    pub fn add_file(&mut self, path: &Path, text: &str, offsets: HashMap<KeyPath, usize>, prefix: &KeyPath) {
        let index = self.files.len();
        self.files.push((path.to_path_buf(), text.to_owned(), LineIndex::new(text)));
        for (rel, offset) in offsets {
            let mut full = prefix.clone();
            full.0.extend(rel.0);
            self.spots.insert(full, (index, offset));
        }
    }

    /// The location of `path`, or of its nearest ancestor that has one.
    pub fn locate(&self, path: &KeyPath) -> Option<SourceLocation> {
        let mut probe = path.clone();
        loop {
            if let Some(&(file, offset)) = self.spots.get(&probe) {
                let (name, text, lines) = self.files.get(file)?;
                let (line, column) = lines.line_col(text, offset);
                return Some(SourceLocation { file: name.clone(), line, column });
            }
            probe.0.pop()?;
        }
    }
}

/// A syntax error with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A parsed document and the byte offset of every key (relative paths, root = empty).
#[derive(Debug)]
pub struct Parsed {
    pub value: Value,
    pub offsets: HashMap<KeyPath, usize>,
}

/// Parses JSON5. An empty (or comment-only) file is an empty object, as OpenClaw treats it.
pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    let collect = CollectOptions { comments: CommentCollectionStrategy::Off, tokens: false };
    let result = jsonc_parser::parse_to_ast(text, &collect, &ParseOptions::default()).map_err(|e| SyntaxError {
        line: e.line_display(),
        column: e.column_display(),
        message: e.kind().to_string(),
    })?;
    let mut offsets = HashMap::new();
    let value = match result.value {
        Some(ast) => convert(&ast, &KeyPath::root(), &mut offsets, text)?,
        None => Value::Object(Map::new()),
    };
    Ok(Parsed { value, offsets })
}

fn convert(
    node: &ast::Value<'_>,
    path: &KeyPath,
    offsets: &mut HashMap<KeyPath, usize>,
    text: &str,
) -> Result<Value, SyntaxError> {
    Ok(match node {
        ast::Value::StringLit(s) => Value::String(s.value.to_string()),
        ast::Value::BooleanLit(b) => Value::Bool(b.value),
        ast::Value::NullKeyword(_) => Value::Null,
        ast::Value::NumberLit(n) => Value::Number(number(n.value).ok_or_else(|| {
            let (line, column) = LineIndex::new(text).line_col(text, n.range.start);
            SyntaxError {
                line,
                column,
                message: format!(
                    "number {} cannot be represented (Infinity and NaN are not valid config values)",
                    n.value
                ),
            }
        })?),
        ast::Value::Array(items) => {
            let mut out = Vec::with_capacity(items.elements.len());
            for (i, item) in items.elements.iter().enumerate() {
                let child = path.index(i);
                offsets.insert(child.clone(), value_start(item));
                out.push(convert(item, &child, offsets, text)?);
            }
            Value::Array(out)
        }
        ast::Value::Object(obj) => {
            let mut out = Map::with_capacity(obj.properties.len());
            for prop in &obj.properties {
                let name = prop.name.as_str().to_owned();
                let child = path.key(&name);
                offsets.insert(child.clone(), prop.range.start);
                let value = convert(&prop.value, &child, offsets, text)?;
                // JSON5 lets a later duplicate key win, like JSON.parse.
                out.insert(name, value);
            }
            Value::Object(out)
        }
    })
}

fn value_start(node: &ast::Value<'_>) -> usize {
    match node {
        ast::Value::StringLit(v) => v.range.start,
        ast::Value::NumberLit(v) => v.range.start,
        ast::Value::BooleanLit(v) => v.range.start,
        ast::Value::NullKeyword(v) => v.range.start,
        ast::Value::Array(v) => v.range.start,
        ast::Value::Object(v) => v.range.start,
    }
}

/// Converts a JSON5 number literal (decimal, hex, leading `+`, bare `.5`/`5.`) to JSON.
fn number(raw: &str) -> Option<Number> {
    let (negative, body) = match raw.as_bytes().first() {
        Some(b'-') => (true, &raw[1..]),
        Some(b'+') => (false, &raw[1..]),
        _ => (false, raw),
    };
    if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        let magnitude = i128::from_str_radix(hex, 16).ok()?;
        let signed = if negative { -magnitude } else { magnitude };
        return i64::try_from(signed).map(Number::from).ok().or_else(|| u64::try_from(signed).ok().map(Number::from));
    }
    let is_integer = body.bytes().all(|b| b.is_ascii_digit()) && !body.is_empty();
    if is_integer {
        let text = if negative { format!("-{body}") } else { body.to_owned() };
        if let Ok(i) = text.parse::<i64>() {
            return Some(Number::from(i));
        }
        if let Ok(u) = text.parse::<u64>() {
            return Some(Number::from(u));
        }
    }
    let float: f64 = body.parse().ok()?;
    Number::from_f64(if negative { -float } else { float })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn json5_grammar_is_accepted() {
        let text = "// comment\n{\n  unquoted: 'single',\n  hex: 0x1F, plus: +1, bare: .5, trail: 5.,\n  list: [1, 2,],\n  /* block */ nested: { a: null, },\n}\n";
        let parsed = parse(text).unwrap();
        assert_eq!(
            parsed.value,
            json!({"unquoted": "single", "hex": 31, "plus": 1, "bare": 0.5, "trail": 5.0, "list": [1, 2], "nested": {"a": null}})
        );
    }

    #[test]
    fn empty_file_is_an_empty_object() {
        assert_eq!(parse("").unwrap().value, json!({}));
        assert_eq!(parse("// nothing\n").unwrap().value, json!({}));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = parse("{\n  gateway: {\n    port: 18789\n    bind: \n  }\n}").unwrap_err();
        assert_eq!((err.line, err.column), (5, 3), "{err:?}");
    }

    #[test]
    fn non_finite_numbers_are_rejected_with_position() {
        let err = parse("{\n a: Infinity }").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("Infinity"));
    }

    #[test]
    fn locations_point_at_keys() {
        let text = "{\n  gateway: {\n    port: 1,\n  },\n  list: [\n    {id: 'a'},\n  ],\n}";
        let parsed = parse(text).unwrap();
        let mut map = SourceMap::default();
        map.add_file(Path::new("c.json5"), text, parsed.offsets, &KeyPath::root());
        let at = |p: &str| map.locate(&KeyPath::parse(p).unwrap()).map(|l| (l.line, l.column));
        assert_eq!(at("gateway.port"), Some((3, 5)));
        assert_eq!(at("list[0].id"), Some((6, 6)));
        assert_eq!(at("gateway.port.deeper"), Some((3, 5)));
    }
}
