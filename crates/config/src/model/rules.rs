//! Cross-field rules: what OpenClaw refuses although every key on its own is well-formed.
//!
//! Each rule mirrors a `superRefine`/`refine` of OpenClaw's zod schema or a start-up refusal of
//! its gateway (the source location is named beside each rule), reports the same key path, and
//! says in one line what to change. Type and shape errors are the schema validator's job and are
//! not repeated here. Rules only read the raw config: no environment, no filesystem, so settings
//! that an environment variable could still complete (e.g. a token from
//! `OPENCLAW_GATEWAY_TOKEN`) are left to the caller that knows the environment.

mod agents;
mod channels;
mod gateway;
mod hooks;
mod sandbox;
mod secrets;
mod tool_policy;

#[cfg(test)]
mod tests;

use crate::issue::Issue;
use crate::key_path::KeyPath;

use super::RawConfig;

/// Every cross-field problem in `raw`, in a stable order (by area, then by key).
pub fn check_rules(raw: &RawConfig) -> Vec<Issue> {
    let mut issues = Vec::new();
    gateway::check(raw, &mut issues);
    hooks::check(raw, &mut issues);
    channels::check(raw, &mut issues);
    agents::check(raw, &mut issues);
    sandbox::check(raw, &mut issues);
    tool_policy::check(raw, &mut issues);
    secrets::check(raw, &mut issues);
    issues
}

/// `KeyPath` from plain keys.
fn keys(segments: &[&str]) -> KeyPath {
    segments.iter().fold(KeyPath::root(), |path, segment| path.key(segment))
}
