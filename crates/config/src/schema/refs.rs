//! Where a `$ref` points. The reference schema embeds plugin config schemas whose refs
//! (`#/$defs/account`) are relative to the plugin schema, not to the document, so a ref is looked
//! up first in the nearest enclosing schema that carries `$defs`/`definitions`, then outwards,
//! then from the document root.
//!
//! build.rs includes this file too (it must know where refs land before cutting the document into
//! pieces), so it depends only on serde_json.

use serde_json::Value;

/// Records the pointer of every schema holding `$defs`/`definitions`. `pointer` is a scratch
/// buffer extended and truncated in place: the document has tens of thousands of values.
pub(crate) fn find_defs_roots(value: &Value, pointer: &mut String, out: &mut Vec<String>) {
    let len = pointer.len();
    match value {
        Value::Object(map) => {
            if map.contains_key("$defs") || map.contains_key("definitions") {
                out.push(pointer.clone());
            }
            for (k, v) in map {
                if matches!(k.as_str(), "const" | "enum" | "default" | "examples") || !(v.is_object() || v.is_array()) {
                    continue;
                }
                push_segment(pointer, k);
                find_defs_roots(v, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                if v.is_object() || v.is_array() {
                    push_segment(pointer, &i.to_string());
                    find_defs_roots(v, pointer, out);
                    pointer.truncate(len);
                }
            }
        }
        _ => {}
    }
}

/// The absolute pointer `$ref: target`, written in the schema at `pointer`, refers to. It need
/// not exist: the caller reports that.
pub(crate) fn resolve(document: &Value, defs_roots: &[String], target: &str, pointer: &str) -> Result<String, String> {
    let Some(fragment) = target.strip_prefix('#') else {
        return Err(format!("{}: only local $refs are supported, found {target}", show(pointer)));
    };
    let fragment = percent_decode(fragment);
    let mut bases: Vec<&String> = defs_roots.iter().filter(|root| contains(root, pointer)).collect();
    bases.sort_by_key(|b| std::cmp::Reverse(b.len()));
    for base in bases {
        let candidate = format!("{base}{fragment}");
        if document.pointer(&candidate).is_some() {
            return Ok(candidate);
        }
    }
    Ok(fragment)
}

/// Whether the value at `pointer` is the one at `outer` or inside it.
pub(crate) fn contains(outer: &str, pointer: &str) -> bool {
    pointer.strip_prefix(outer).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Appends `/key` with JSON-pointer escaping.
pub(crate) fn push_segment(pointer: &mut String, key: &str) {
    pointer.push('/');
    if !key.contains(['~', '/']) {
        pointer.push_str(key);
        return;
    }
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// A pointer as messages show it.
pub(crate) fn show(pointer: &str) -> String {
    format!("#{pointer}")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}
