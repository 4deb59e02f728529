//! The workspace's layering rule (ARCHITECTURE.md), checked on the real dependency graph:
//! a crate may depend only on crates of a lower layer; `policy` stays pure; `testkit` is only
//! ever a dev-dependency.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

/// Layer of every workspace crate (folder name). A new crate must be added here.
const LAYERS: &[(&str, u8)] = &[
    ("protocol", 0),
    ("policy", 1),
    ("durable", 1),
    ("config", 2),
    ("store", 2),
    ("logging", 2),
    ("net", 3),
    ("sandbox", 3),
    ("providers", 3),
    ("tools", 3),
    ("channels", 3),
    ("agent", 4),
    ("gateway", 4),
    ("cli", 5),
];

/// External crates that would give `policy` I/O, a runtime or a clock.
const IMPURE_FOR_POLICY: &[&str] =
    &["tokio", "reqwest", "hyper", "mio", "socket2", "async-std", "jiff", "chrono", "time", "nix", "libc", "rustix"];

fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(out.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("metadata is JSON")
}

fn short(name: &str) -> Option<&str> {
    name.strip_prefix("openclaw-")
}

#[test]
fn crates_depend_only_on_lower_layers() {
    let layers: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let meta = metadata();
    let mut problems = Vec::new();
    for pkg in meta["packages"].as_array().unwrap() {
        let name = pkg["name"].as_str().unwrap();
        let Some(me) = short(name) else { continue };
        if me == "testkit" {
            continue;
        }
        let Some(&my_layer) = layers.get(me) else {
            problems.push(format!("{name} is not in the layer table of this test (and ARCHITECTURE.md)"));
            continue;
        };
        for dep in pkg["dependencies"].as_array().unwrap() {
            let dep_name = dep["name"].as_str().unwrap();
            let is_dev = dep["kind"].as_str() == Some("dev");
            let Some(other) = short(dep_name) else {
                if me == "policy" && !is_dev && IMPURE_FOR_POLICY.contains(&dep_name) {
                    problems.push(format!("openclaw-policy must stay pure but depends on {dep_name}"));
                }
                continue;
            };
            if other == "testkit" {
                if !is_dev {
                    problems.push(format!("{name} ships openclaw-testkit (only a dev-dependency is allowed)"));
                }
                continue;
            }
            if is_dev {
                continue;
            }
            match layers.get(other) {
                Some(&dep_layer) if dep_layer < my_layer => {}
                Some(&dep_layer) => problems.push(format!(
                    "{name} (layer {my_layer}) depends on {dep_name} (layer {dep_layer}); only lower layers are allowed"
                )),
                None => problems.push(format!("{dep_name} is not in the layer table")),
            }
        }
    }
    assert!(problems.is_empty(), "layering violations:\n{}", problems.join("\n"));
}

#[test]
fn every_crate_documents_its_boundary() {
    let meta = metadata();
    for pkg in meta["packages"].as_array().unwrap() {
        let name = pkg["name"].as_str().unwrap();
        for target in pkg["targets"].as_array().unwrap() {
            let kinds: Vec<&str> = target["kind"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
            if !kinds.iter().any(|k| *k == "lib" || *k == "bin") {
                continue;
            }
            let src = std::fs::read_to_string(target["src_path"].as_str().unwrap()).unwrap();
            assert!(
                src.trim_start().starts_with("//!"),
                "{name}: {} must start with a //! paragraph",
                target["src_path"]
            );
        }
    }
}
