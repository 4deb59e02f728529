//! Which tools `POST /tools/invoke` may run. The HTTP API is a bearer-token surface without a
//! human in the loop, so tools that execute code, write files, spawn or steer sessions, schedule
//! jobs, reconfigure the gateway, drive nodes or log in to channels are refused by default;
//! `gateway.tools.allow` takes names off that default list and `gateway.tools.deny` adds names.
//!
//! The default list is OpenClaw 2026.9.6's `DEFAULT_GATEWAY_HTTP_TOOL_DENY` plus the file-writing
//! and login tools the security document and the project's issue name (`write`, `edit`,
//! `whatsapp_login`), which OpenClaw lists under older or different names. Callers that are not
//! the owner (identity-bearing HTTP callers without the admin scope) are also refused the
//! owner-only control-plane tools, and `gateway.tools.allow` cannot change that. This module
//! only decides; the tools crate requires the returned permit.

#[cfg(test)]
mod tests;

/// OpenClaw 2026.9.6's default HTTP deny list (canonical names).
pub const REFERENCE_DEFAULT_HTTP_DENY: &[&str] = &[
    "exec",
    "spawn",
    "shell",
    "fs_write",
    "fs_delete",
    "fs_move",
    "apply_patch",
    "terminal",
    "portal",
    "sessions_spawn",
    "sessions_send",
    "conversations_list",
    "conversations_send",
    "conversations_turn",
    "automations",
    "gateway",
    "plugins",
    "nodes",
    "computer",
    "mobile_ui",
    "openclaw",
];

/// Denied by default here though not in OpenClaw 2026.9.6's list: our file-writing tools and the
/// channel login tool. (`cron`, also named by the issue, is an alias of `automations`.)
pub const EXTRA_DEFAULT_HTTP_DENY: &[&str] = &["write", "edit", "whatsapp_login"];

/// Tools only the owner (admin scope) may call over a gateway surface, whatever
/// `gateway.tools.allow` says.
pub const OWNER_ONLY_TOOLS: &[&str] = &[
    "automations",
    "gateway",
    "plugins",
    "sessions",
    "screen",
    "terminal",
    "portal",
    "conversations_list",
    "conversations_send",
    "conversations_turn",
    "nodes",
    "computer",
    "mobile_ui",
    "openclaw",
];

/// Old or alternative names that policy lists accept for a canonical tool name.
const TOOL_NAME_ALIASES: &[(&str, &str)] = &[("bash", "exec"), ("apply-patch", "apply_patch"), ("cron", "automations")];

/// The canonical policy name of a tool: trimmed, lowercase, aliases resolved (`bash` is `exec`,
/// `cron` is `automations`).
pub fn normalize_tool_name(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    TOOL_NAME_ALIASES.iter().find(|(alias, _)| *alias == lower).map_or(lower, |(_, canonical)| (*canonical).to_owned())
}

/// Whether the default list (before `gateway.tools.allow`) refuses `tool` over HTTP.
pub fn default_http_denied(tool: &str) -> bool {
    let tool = normalize_tool_name(tool);
    REFERENCE_DEFAULT_HTTP_DENY.iter().chain(EXTRA_DEFAULT_HTTP_DENY).any(|denied| *denied == tool)
}

/// Who is calling `/tools/invoke`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpToolCaller {
    /// Authenticated with the gateway token or password, or an identity holding `operator.admin`.
    Owner,
    /// An identity-bearing caller (trusted proxy) without the admin scope.
    NonOwner,
}

/// Why a tool is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolDenyReason {
    /// On the default HTTP deny list and not re-enabled by `gateway.tools.allow`.
    DefaultHttpDeny,
    /// Owner-only, and the caller is not the owner.
    OwnerOnly,
    /// Listed in `gateway.tools.deny`.
    ConfigDeny,
}

impl ToolDenyReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DefaultHttpDeny => "denied over HTTP by default (re-enable with gateway.tools.allow)",
            Self::OwnerOnly => "owner-only tool",
            Self::ConfigDeny => "denied by gateway.tools.deny",
        }
    }
}

/// A refused tool. The HTTP answer is 404 `not_found` with [`ToolDenied::message`], which does
/// not say why, exactly like a tool that does not exist, so callers cannot probe the policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("tool {tool} refused over HTTP: {}", .reason.as_str())]
pub struct ToolDenied {
    pub tool: String,
    pub reason: ToolDenyReason,
}

impl ToolDenied {
    /// The client-facing message.
    pub fn message(&self) -> String {
        format!("Tool not available: {}", self.tool)
    }
}

/// Proof that `/tools/invoke` may run `tool`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpToolPermit {
    /// The canonical tool name.
    pub tool: String,
}

/// Whether the owner (a gateway-token or password bearer) may invoke `tool` over HTTP, given
/// `gateway.tools.allow` and `gateway.tools.deny`.
pub fn http_tool_allowed(tool: &str, allow: &[String], deny: &[String]) -> Result<HttpToolPermit, ToolDenied> {
    http_tool_allowed_for(tool, allow, deny, HttpToolCaller::Owner)
}

/// [`http_tool_allowed`] for any caller. `gateway.tools.deny` entries are names or `*` globs.
pub fn http_tool_allowed_for(
    tool: &str,
    allow: &[String],
    deny: &[String],
    caller: HttpToolCaller,
) -> Result<HttpToolPermit, ToolDenied> {
    let name = normalize_tool_name(tool);
    let denied = |reason| Err(ToolDenied { tool: tool.trim().to_owned(), reason });
    if deny.iter().any(|pattern| glob_matches(&normalize_tool_name(pattern), &name)) {
        return denied(ToolDenyReason::ConfigDeny);
    }
    if caller == HttpToolCaller::NonOwner && OWNER_ONLY_TOOLS.contains(&name.as_str()) {
        return denied(ToolDenyReason::OwnerOnly);
    }
    let re_enabled = allow.iter().any(|entry| normalize_tool_name(entry) == name);
    if default_http_denied(&name) && !re_enabled {
        return denied(ToolDenyReason::DefaultHttpDeny);
    }
    Ok(HttpToolPermit { tool: name })
}

/// `*` matches any run of characters; everything else literally.
fn glob_matches(pattern: &str, name: &str) -> bool {
    if pattern.is_empty() {
        return false;
    }
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let mut pieces: Vec<&str> = parts.collect();
    let Some(last) = pieces.pop() else {
        // No `*` at all: an exact name.
        return rest.is_empty();
    };
    for piece in pieces {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}
