#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use serde_json::json;
use std::fs;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, text).unwrap();
    path
}

fn run(dir: &Path, root_text: &str) -> Result<Value, Issue> {
    let root = write(dir, "openclaw.json", root_text);
    let parsed = syntax::parse(root_text).unwrap();
    let mut map = SourceMap::default();
    resolve(parsed.value, &root, &mut map)
}

#[test]
fn single_include_replaces_the_object() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "gw.json5", "{ port: 1234 }");
    let out = run(dir.path(), "{ gateway: { $include: './gw.json5' } }").unwrap();
    assert_eq!(out, json!({"gateway": {"port": 1234}}));
}

#[test]
fn array_includes_merge_in_order_and_siblings_win() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.json5", "{ tools: { deny: ['a'] }, gateway: { port: 1 } }");
    write(dir.path(), "b.json5", "{ tools: { deny: ['b'] }, gateway: { port: 2 } }");
    let out = run(dir.path(), "{ $include: ['a.json5', 'b.json5'], gateway: { port: 3 } }").unwrap();
    assert_eq!(out, json!({"tools": {"deny": ["a", "b"]}, "gateway": {"port": 3}}));
}

#[test]
fn nested_includes_are_relative_to_the_including_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "conf/a.json5", "{ $include: './b.json5' }");
    write(dir.path(), "conf/b.json5", "{ x: 1 }");
    assert_eq!(run(dir.path(), "{ $include: 'conf/a.json5' }").unwrap(), json!({"x": 1}));
}

#[test]
fn cycles_are_reported_with_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.json5", "{ $include: './b.json5' }");
    write(dir.path(), "b.json5", "{ $include: './a.json5' }");
    let err = run(dir.path(), "{ $include: 'a.json5' }").unwrap_err();
    assert!(err.message.starts_with("include cycle: "), "{err}");
    assert!(err.message.contains("a.json5 -> ") && err.message.ends_with("a.json5"), "{err}");
}

#[test]
fn missing_file_names_the_include_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let err = run(dir.path(), "{ gateway: { $include: './nope.json5' } }").unwrap_err();
    assert_eq!(err.path.to_string(), "gateway.$include");
    assert!(err.message.contains("cannot read include \"./nope.json5\""), "{err}");
}

#[test]
fn escaping_the_config_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = run(dir.path(), "{ $include: '../../etc/passwd' }").unwrap_err();
    assert!(err.message.contains("escapes the config directory"), "{err}");
}

#[test]
fn symlink_out_of_the_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.json5", "{ a: 1 }");
    std::os::unix::fs::symlink(outside.path().join("secret.json5"), dir.path().join("link.json5")).unwrap();
    let err = run(dir.path(), "{ $include: 'link.json5' }").unwrap_err();
    assert!(err.message.contains("symlink"), "{err}");
}

#[test]
fn depth_is_capped_at_ten() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..12 {
        write(dir.path(), &format!("d{i}.json5"), &format!("{{ $include: './d{}.json5' }}", i + 1));
    }
    write(dir.path(), "d12.json5", "{ end: true }");
    let err = run(dir.path(), "{ $include: 'd0.json5' }").unwrap_err();
    assert!(err.message.contains("include depth exceeds 10"), "{err}");
}

#[test]
fn syntax_error_in_an_include_names_its_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.json5", "{\n  a: [1, 2\n}");
    let err = run(dir.path(), "{ $include: 'bad.json5' }").unwrap_err();
    assert!(err.message.contains("bad.json5:3:1"), "{err}");
}

#[test]
fn wrong_include_value_type_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = run(dir.path(), "{ $include: 42 }").unwrap_err();
    assert!(err.message.contains("found number"), "{err}");
}
