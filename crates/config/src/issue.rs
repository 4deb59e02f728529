//! A single problem found in a config, with where it is and what was expected.

use std::fmt;
use std::path::PathBuf;

use crate::key_path::KeyPath;

/// A position in a source file, 1-based like editors show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLocation {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// How bad an issue is: errors refuse the config, warnings are printed, notices are informational.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Notice,
    Warning,
    Error,
}

/// One problem (or note) about a config value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub severity: Severity,
    /// Where in the tree; the root for whole-document problems.
    pub path: KeyPath,
    /// One line: what was expected and what was found.
    pub message: String,
    /// Where in which file, when known.
    pub location: Option<SourceLocation>,
}

impl Issue {
    pub fn error(path: KeyPath, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, path, message: message.into(), location: None }
    }

    pub fn warning(path: KeyPath, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, path, message: message.into(), location: None }
    }

    pub fn notice(path: KeyPath, message: impl Into<String>) -> Self {
        Self { severity: Severity::Notice, path, message: message.into(), location: None }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        write!(f, "{}: {}", self.path, self.message)
    }
}
