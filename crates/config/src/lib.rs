//! `openclaw-config` turns `openclaw.json` (JSON5) into a typed, validated [`Config`].
//!
//! Pipeline, as in OpenClaw: read → JSON5 parse → `$include` → `env` block → `${VAR}` → strict
//! schema validation (OpenClaw 2026.9's schema plus the keys the security document names) →
//! typed model → cross-field rules → runtime defaults. Errors name the file and line:column
//! (syntax) or the key path (everything else) and are collected, not stopped at the first.
//! Writes go through [`write`] (atomic, 0600, rotating backups, audit log, comments kept).
//! This crate knows nothing about sockets or processes.

pub mod issue;
pub mod key_path;
pub mod model;
pub mod schema;

pub use issue::{Issue, Severity, SourceLocation};
pub use key_path::{KeyPath, PathSeg};

pub mod access;
pub mod edit;
pub mod env;
pub mod error;
pub mod include;
pub mod location;
pub mod merge_patch;
pub mod raw_keys;
pub mod redact;
pub mod snapshot;
pub mod syntax;
pub mod write;

pub use env::EnvMap;
pub use error::{ConfigError, Result};
pub use snapshot::{LoadContext, Snapshot, load, load_text};
pub use write::{Edit, WriteOutcome, WriteSource};
