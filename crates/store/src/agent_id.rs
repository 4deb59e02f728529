//! Agent ids as path components: the one check that keeps `agents/<id>/…` inside the state
//! directory.

use std::fmt;
use std::str::FromStr;

use crate::StoreError;

/// An agent id that is safe to use as one directory name under `agents/`.
///
/// Agent ids arrive from config files and RPC parameters; joining an unchecked `../x` onto the state
/// directory would read or write outside it. This type only guarantees path safety. Normalizing ids
/// (lowercase, allowed characters) is the caller's concern, so an id the operator wrote is never
/// silently changed here.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgentId(String);

/// Longest file name most filesystems accept.
const MAX_LEN: usize = 255;

impl AgentId {
    /// The agent OpenClaw uses when none is configured.
    pub fn main() -> Self {
        Self("main".to_owned())
    }

    pub fn new(id: &str) -> Result<Self, StoreError> {
        let reason = if id.is_empty() {
            Some("empty")
        } else if id == "." || id == ".." {
            Some("names the directory itself or its parent")
        } else if id.contains('/') || id.contains('\\') {
            Some("contains a path separator")
        } else if id.chars().any(char::is_control) {
            Some("contains a control character")
        } else if id.len() > MAX_LEN {
            Some("longer than 255 bytes")
        } else {
            None
        };
        match reason {
            Some(reason) => Err(StoreError::InvalidAgentId { id: id.to_owned(), reason }),
            None => Ok(Self(id.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for AgentId {
    type Err = StoreError;

    fn from_str(id: &str) -> Result<Self, StoreError> {
        Self::new(id)
    }
}

impl TryFrom<&str> for AgentId {
    type Error = StoreError;

    fn try_from(id: &str) -> Result<Self, StoreError> {
        Self::new(id)
    }
}

impl AsRef<str> for AgentId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
