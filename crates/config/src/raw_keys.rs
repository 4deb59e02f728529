//! Keys the runtime reads straight from the resolved config JSON rather than through
//! [`crate::model::RawConfig`].
//!
//! The typed model covers the security-relevant keys; the model catalogue, the agent runtime's
//! settings and the inbound queue read what they need from the resolved tree
//! ([`crate::Snapshot::resolved`]) with their own small readers, in the crates that own those
//! decisions, so the config crate does not have to model OpenClaw's whole schema to let them
//! work. The loader's `serde_ignored` pass only sees the typed model, and would report these keys
//! as "accepted, not supported yet" although they take effect; [`unread`] removes them from that
//! report.
//!
//! Every entry names the code that reads it. An entry without a reader is a lie in the other
//! direction (a key reported as working that does nothing), so when a reader goes away or stops
//! reading a key, its entry goes too; when code starts reading a new key raw, it gets an entry.
//! Be exact: list the keys a reader actually reads, not the object around them, so that
//! neighbours nobody reads (`messages.ackReaction` beside `messages.queue`) are still reported.

use serde_json::Value;

use crate::key_path::{KeyPath, PathSeg};

/// One key read from the resolved config JSON, and who reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawKey {
    /// Dotted path; `*` stands for any map key, `[]` for any array index. Everything below the
    /// key counts as read.
    pub pattern: &'static str,
    /// The code that reads it (crate, file, function).
    pub read_by: &'static str,
}

const fn key(pattern: &'static str, read_by: &'static str) -> RawKey {
    RawKey { pattern, read_by }
}

const CATALOG: &str = "agent models/catalog.rs ModelsConfig::from_config + resolve";
const CATALOG_AND_LIST: &str =
    "agent models/catalog.rs ModelsConfig::resolve; gateway methods/models.rs list (models.list)";
const PARAMS: &str = "agent models/params.rs ModelParams::from_config";
const THINKING: &str = "agent runtime/settings.rs thinking_default";

/// Every key the runtime reads raw. Not listed on purpose: `models.providers.*.auth`
/// (deserialized by the catalogue, never used).
pub const RAW_KEYS: &[RawKey] = &[
    key("models.mode", CATALOG),
    key("models.providers.*.baseUrl", CATALOG),
    key("models.providers.*.apiKey", "agent models/credentials.rs provider_credentials"),
    key("models.providers.*.api", CATALOG),
    key("models.providers.*.headers", CATALOG),
    key("models.providers.*.authHeader", CATALOG),
    key(
        "models.providers.*.models[].id",
        "agent models/catalog.rs ModelsConfig::resolve; agent runtime/command.rs configured_models; gateway methods/models.rs list",
    ),
    key("models.providers.*.models[].name", "gateway methods/models.rs list (models.list)"),
    key("models.providers.*.models[].api", CATALOG),
    key("models.providers.*.models[].reasoning", CATALOG_AND_LIST),
    key("models.providers.*.models[].input", "gateway methods/models.rs list (models.list)"),
    key("models.providers.*.models[].cost", CATALOG),
    key("models.providers.*.models[].contextWindow", CATALOG_AND_LIST),
    key("models.providers.*.models[].maxTokens", CATALOG_AND_LIST),
    key("models.providers.*.models[].headers", CATALOG),
    key("agents.defaults.model", "agent models/chain.rs model_chain"),
    key("agents.defaults.models.*.alias", "agent models/chain.rs Aliases::from_config"),
    key("agents.defaults.models.*.params", PARAMS),
    key("agents.defaults.params", PARAMS),
    key(
        "agents.defaults.timeoutSeconds",
        "agent runtime/settings.rs timeout_seconds; cli commands/agent/plan.rs timeout_seconds",
    ),
    key("agents.defaults.thinkingDefault", THINKING),
    key("agents.defaults.maxConcurrent", "agent runtime/settings.rs max_concurrent"),
    key("agents.defaults.bootstrapMaxChars", "agent prompt/project_context.rs bootstrap_limits"),
    key("agents.defaults.bootstrapTotalMaxChars", "agent prompt/project_context.rs bootstrap_limits"),
    key("agents.list[].thinkingDefault", THINKING),
    key("agents.list[].params", PARAMS),
    key("agents.list[].models.*.params", PARAMS),
    key("agents.entries.*.thinkingDefault", THINKING),
    key("agents.entries.*.params", PARAMS),
    key("agents.entries.*.models.*.params", PARAMS),
    key("auth.order", "agent models/credentials.rs configured_order"),
    // Not in OpenClaw 2026.9's schema, so a config that sets it does not validate; listed
    // because the reader exists.
    key("auth.cooldowns", "agent models/cooldown.rs CooldownPolicy::from_config"),
    key("messages.queue", "gateway inbound.rs queue_settings -> policy inbound/lane.rs QueueSettings::from_config"),
    key("messages.groupChat.mentionPatterns", "config access.rs channel_access"),
];

/// The paths of `ignored` (keys the typed model did not read, found in `tree`) that nothing
/// reads raw either. An ignored object that holds keys of [`RAW_KEYS`] is split: its other keys
/// are reported one by one (`messages` becomes `messages.ackReaction` when `messages.queue` is
/// read), and it disappears when nothing else is left.
pub fn unread(ignored: Vec<KeyPath>, tree: &Value) -> Vec<KeyPath> {
    let mut out = Vec::new();
    for path in ignored {
        let value = crate::write::lookup(tree, &path);
        split(path, value, &mut out);
    }
    out
}

fn split(path: KeyPath, value: Option<&Value>, out: &mut Vec<KeyPath>) {
    match reach(&path) {
        Reach::Read => {}
        Reach::Unread => out.push(path),
        Reach::Above => match value {
            Some(Value::Object(map)) => {
                for (key, child) in map {
                    split(path.key(key), Some(child), out);
                }
            }
            Some(Value::Array(items)) => {
                for (index, child) in items.iter().enumerate() {
                    split(path.index(index), Some(child), out);
                }
            }
            _ => out.push(path),
        },
    }
}

/// Where a path stands relative to the listed keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// At or below a listed key.
    Read,
    /// Above a listed key: some of what lies below is read.
    Above,
    /// Neither.
    Unread,
}

fn reach(path: &KeyPath) -> Reach {
    let mut above = false;
    for raw in RAW_KEYS {
        let mut steps = steps(raw.pattern);
        let mut segs = path.segments().iter();
        loop {
            match (steps.next(), segs.next()) {
                (None, _) => return Reach::Read,
                (Some(_), None) => {
                    above = true;
                    break;
                }
                (Some(step), Some(seg)) if step.matches(seg) => {}
                (Some(_), Some(_)) => break,
            }
        }
    }
    if above { Reach::Above } else { Reach::Unread }
}

/// One step of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    AnyKey,
    AnyIndex,
}

impl Step<'_> {
    fn matches(self, seg: &PathSeg) -> bool {
        match (self, seg) {
            (Step::Key(want), PathSeg::Key(key)) => want == key,
            (Step::AnyKey, PathSeg::Key(_)) | (Step::AnyIndex, PathSeg::Index(_)) => true,
            _ => false,
        }
    }
}

/// `a.*.b[].c` → `a`, any key, `b`, any index, `c`.
fn steps(pattern: &str) -> impl Iterator<Item = Step<'_>> {
    pattern.split('.').flat_map(|part| {
        let name = part.trim_end_matches("[]");
        let indexes = (part.len() - name.len()) / 2;
        let first = if name == "*" { Step::AnyKey } else { Step::Key(name) };
        std::iter::once(first).chain(std::iter::repeat_n(Step::AnyIndex, indexes))
    })
}

#[cfg(test)]
mod tests;
