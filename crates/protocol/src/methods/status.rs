//! `health`, `status` and `system-presence`: the read-only probes.
//!
//! The reference validates none of their params: `health` looks only at `probe === true`,
//! the other two ignore params entirely. Refusing extra keys here would turn away clients the
//! reference serves, so [`HealthParams`] is the one lenient params type in this crate.
//! Health and status bodies are assembled from many subsystems and stay `serde_json::Value`.

use serde::Serialize;
use serde_json::Value;

use crate::decode::{Decode, WireError};
use crate::hello::PresenceEntry;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HealthParams {
    /// Bypass the cached snapshot and probe channels now.
    pub probe: bool,
}

impl Decode for HealthParams {
    fn decode(value: Value, _path: &str) -> Result<Self, WireError> {
        Ok(Self { probe: value.get("probe").and_then(Value::as_bool) == Some(true) })
    }
}

/// `system-presence` answers with the bare list.
pub type SystemPresenceResult = Vec<PresenceEntry>;
