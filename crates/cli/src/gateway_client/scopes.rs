//! Which operator scopes the CLI asks for on `connect`. Like OpenClaw's CLI it asks for the least
//! a known method needs (a read-only `status` connects with `operator.read` alone), and for the
//! full operator set only when it cannot know (a method missing from the catalogue).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

pub const ADMIN: &str = "operator.admin";
pub const READ: &str = "operator.read";
pub const WRITE: &str = "operator.write";
pub const PAIRING: &str = "operator.pairing";
const TALK_SECRETS: &str = "operator.talk.secrets";

/// What OpenClaw's CLI requests for a method it cannot classify.
pub const CLI_DEFAULT: [&str; 7] =
    [ADMIN, READ, WRITE, "operator.approvals", "operator.questions", PAIRING, TALK_SECRETS];

/// Prefixes the gateway reserves for admins whatever a plugin declares.
const RESERVED_ADMIN_PREFIXES: [&str; 4] = ["exec.approvals.", "config.", "wizard.", "update."];

const CATALOGUE: &str = include_str!("method_scopes.txt");

fn catalogue() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        CATALOGUE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once(' '))
            .map(|(method, scope)| (method.trim(), scope.trim()))
            .collect()
    })
}

fn owned(scopes: &[&str]) -> Vec<String> {
    scopes.iter().map(|s| (*s).to_owned()).collect()
}

/// The scopes to request for one call of `method` with `params`.
pub fn for_method(method: &str, params: Option<&Value>) -> Vec<String> {
    match catalogue().get(method).copied() {
        // Node-role methods need no operator scope; the gateway refuses them by role instead.
        Some("node") => Vec::new(),
        Some("dynamic") => dynamic(method, params),
        Some(scope) => vec![scope.to_owned()],
        None if RESERVED_ADMIN_PREFIXES.iter().any(|p| method.starts_with(p)) => owned(&[ADMIN]),
        None => owned(&CLI_DEFAULT),
    }
}

/// Methods whose required scope depends on what the params ask for.
fn dynamic(method: &str, params: Option<&Value>) -> Vec<String> {
    let field = |key: &str| params.and_then(|p| p.get(key));
    let is_true = |key: &str| field(key).and_then(Value::as_bool) == Some(true);
    match method {
        "agent" => {
            let message = field("message").and_then(Value::as_str).unwrap_or("");
            owned(&[if is_session_reset(message) { ADMIN } else { WRITE }])
        }
        "talk.config" if is_true("includeSecrets") => owned(&[READ, TALK_SECRETS]),
        "talk.config" => owned(&[READ]),
        "environments.list" => {
            let runtime = field("runtimeId").and_then(Value::as_str).is_some_and(|s| !s.is_empty());
            owned(&[if runtime { WRITE } else { READ }])
        }
        "channels.pairing.approve" if is_true("bootstrapCommandOwner") => owned(&[PAIRING, ADMIN]),
        "channels.pairing.approve" => owned(&[PAIRING]),
        "fs.listDir" => owned(&[if field("nodeId").is_some() { ADMIN } else { WRITE }]),
        "sessions.delete" => owned(&[ADMIN]),
        "plugins.sessionAction" => {
            let named = |key: &str| field(key).and_then(Value::as_str).is_some_and(|s| !s.trim().is_empty());
            if named("pluginId") && named("actionId") { owned(&CLI_DEFAULT) } else { owned(&[WRITE]) }
        }
        _ => owned(&[WRITE]),
    }
}

/// `/new` and `/reset` sent through `agent` end a session, which only admins may do.
fn is_session_reset(message: &str) -> bool {
    let Some(rest) = message.strip_prefix('/') else { return false };
    let command: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
    command.eq_ignore_ascii_case("new") || command.eq_ignore_ascii_case("reset")
}
