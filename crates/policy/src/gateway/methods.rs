//! What a connected client may call and which broadcasts it may see: the method catalogue,
//! each method's required scope, and the role/scope checks run before every request.
//!
//! Roles split the surface in two: a `node` may call only the four node methods, an
//! `operator` everything else. Operators are then held to scopes, default-deny: a method this
//! table does not classify, or one under `config.`, `exec.approvals.`, `wizard.` or `update.`,
//! needs `operator.admin`. `operator.admin` satisfies every scope and `operator.write`
//! satisfies `operator.read`. `health` is answered for anyone connected. The refusal texts are
//! the reference's, because clients match on them (`unauthorized role:` counts towards the
//! flood guard that closes a connection after repeated refusals).

#[cfg(test)]
mod tests;

use std::fmt;

use openclaw_protocol::event;

/// The two roles a connection can hold (`connect.role`, default `operator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Operator,
    Node,
}

impl Role {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Operator => "operator",
            Self::Node => "node",
        }
    }

    /// Exact names only; anything else refuses the handshake ("invalid role").
    pub fn parse(role: &str) -> Option<Self> {
        match role {
            "operator" => Some(Self::Operator),
            "node" => Some(Self::Node),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Operator scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Admin,
    Read,
    Write,
    Approvals,
    Pairing,
}

impl Scope {
    pub const ALL: [Self; 5] = [Self::Admin, Self::Read, Self::Write, Self::Approvals, Self::Pairing];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "operator.admin",
            Self::Read => "operator.read",
            Self::Write => "operator.write",
            Self::Approvals => "operator.approvals",
            Self::Pairing => "operator.pairing",
        }
    }

    pub fn parse(scope: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|known| known.as_str() == scope)
    }

    /// Whether holding `granted` satisfies a requirement of `self`.
    fn is_satisfied_by(self, granted: &[String]) -> bool {
        let holds = |scope: Scope| granted.iter().any(|have| have == scope.as_str());
        holds(Self::Admin) || holds(self) || (self == Self::Read && holds(Self::Write))
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The scopes the reference CLI asks for by default: all of them.
pub const CLI_DEFAULT_SCOPES: [Scope; 5] = [Scope::Admin, Scope::Read, Scope::Write, Scope::Approvals, Scope::Pairing];

/// What calling a method takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Any connected client (only `health`).
    Connected,
    /// The `node` role; operators are refused.
    NodeRole,
    /// The `operator` role holding this scope.
    Operator(Scope),
}

/// Why a call was refused. `Display` is the reference's message, sent as `INVALID_REQUEST`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MethodDenied {
    /// The role may not call this method at all.
    #[error("unauthorized role: {role}")]
    UnauthorizedRole { role: Role },
    /// The operator lacks the scope the method needs.
    #[error("missing scope: {scope}")]
    MissingScope { scope: Scope },
    /// The caller could call it, but no such method exists.
    #[error("unknown method: {method}")]
    UnknownMethod { method: String },
}

impl MethodDenied {
    /// Role refusals are what the reference's flood guard counts: more than ten on one
    /// connection and it is closed with 1008 "repeated unauthorized calls".
    pub fn is_role_refusal(&self) -> bool {
        matches!(self, Self::UnauthorizedRole { .. })
    }
}

/// The methods the gateway advertises in `hello-ok.features.methods`, in the reference's
/// order; channel plugins append their own after these.
pub const BASE_METHODS: &[&str] = &[
    "health",
    "doctor.memory.status",
    "logs.tail",
    "channels.status",
    "channels.logout",
    "status",
    "usage.status",
    "usage.cost",
    "tts.status",
    "tts.providers",
    "tts.enable",
    "tts.disable",
    "tts.convert",
    "tts.setProvider",
    "config.get",
    "config.set",
    "config.apply",
    "config.patch",
    "config.schema",
    "exec.approvals.get",
    "exec.approvals.set",
    "exec.approvals.node.get",
    "exec.approvals.node.set",
    "exec.approval.request",
    "exec.approval.waitDecision",
    "exec.approval.resolve",
    "wizard.start",
    "wizard.next",
    "wizard.cancel",
    "wizard.status",
    "talk.config",
    "talk.mode",
    "models.list",
    "tools.catalog",
    "agents.list",
    "agents.create",
    "agents.update",
    "agents.delete",
    "agents.files.list",
    "agents.files.get",
    "agents.files.set",
    "skills.status",
    "skills.bins",
    "skills.install",
    "skills.update",
    "update.run",
    "voicewake.get",
    "voicewake.set",
    "secrets.reload",
    "sessions.list",
    "sessions.preview",
    "sessions.patch",
    "sessions.reset",
    "sessions.delete",
    "sessions.compact",
    "last-heartbeat",
    "set-heartbeats",
    "wake",
    "node.pair.request",
    "node.pair.list",
    "node.pair.approve",
    "node.pair.reject",
    "node.pair.verify",
    "device.pair.list",
    "device.pair.approve",
    "device.pair.reject",
    "device.pair.remove",
    "device.token.rotate",
    "device.token.revoke",
    "node.rename",
    "node.list",
    "node.describe",
    "node.invoke",
    "node.invoke.result",
    "node.event",
    "node.canvas.capability.refresh",
    "cron.list",
    "cron.status",
    "cron.add",
    "cron.update",
    "cron.remove",
    "cron.run",
    "cron.runs",
    "system-presence",
    "system-event",
    "send",
    "agent",
    "agent.identity.get",
    "agent.wait",
    "browser.request",
    "chat.history",
    "chat.abort",
    "chat.send",
];

/// The events the gateway advertises in `hello-ok.features.events`, in the reference's order.
pub const BASE_EVENTS: &[&str] = &[
    event::CONNECT_CHALLENGE,
    event::AGENT,
    event::CHAT,
    event::PRESENCE,
    event::TICK,
    event::TALK_MODE,
    event::SHUTDOWN,
    event::HEALTH,
    event::HEARTBEAT,
    event::CRON,
    event::NODE_PAIR_REQUESTED,
    event::NODE_PAIR_RESOLVED,
    event::NODE_INVOKE_REQUEST,
    event::DEVICE_PAIR_REQUESTED,
    event::DEVICE_PAIR_RESOLVED,
    event::VOICEWAKE_CHANGED,
    event::EXEC_APPROVAL_REQUESTED,
    event::EXEC_APPROVAL_RESOLVED,
    event::UPDATE_AVAILABLE,
];

const NODE_METHODS: &[&str] = &["node.invoke.result", "node.event", "node.canvas.capability.refresh", "skills.bins"];

/// Every method with an explicit scope. Some are not in [`BASE_METHODS`]: channel plugins
/// (`web.login.*`) and handlers the reference registers without advertising them.
const SCOPED_METHODS: &[(Scope, &[&str])] = &[
    (Scope::Approvals, &["exec.approval.request", "exec.approval.waitDecision", "exec.approval.resolve"]),
    (
        Scope::Pairing,
        &[
            "node.pair.request",
            "node.pair.list",
            "node.pair.approve",
            "node.pair.reject",
            "node.pair.verify",
            "device.pair.list",
            "device.pair.approve",
            "device.pair.reject",
            "device.pair.remove",
            "device.token.rotate",
            "device.token.revoke",
            "node.rename",
        ],
    ),
    (
        Scope::Read,
        &[
            "health",
            "doctor.memory.status",
            "logs.tail",
            "channels.status",
            "status",
            "usage.status",
            "usage.cost",
            "tts.status",
            "tts.providers",
            "models.list",
            "tools.catalog",
            "agents.list",
            "agent.identity.get",
            "skills.status",
            "voicewake.get",
            "sessions.list",
            "sessions.preview",
            "sessions.resolve",
            "sessions.usage",
            "sessions.usage.timeseries",
            "sessions.usage.logs",
            "cron.list",
            "cron.status",
            "cron.runs",
            "system-presence",
            "last-heartbeat",
            "node.list",
            "node.describe",
            "chat.history",
            "config.get",
            "talk.config",
            "agents.files.list",
            "agents.files.get",
        ],
    ),
    (
        Scope::Write,
        &[
            "send",
            "poll",
            "agent",
            "agent.wait",
            "wake",
            "talk.mode",
            "tts.enable",
            "tts.disable",
            "tts.convert",
            "tts.setProvider",
            "voicewake.set",
            "node.invoke",
            "chat.send",
            "chat.abort",
            "browser.request",
            "push.test",
        ],
    ),
    (
        Scope::Admin,
        &[
            "channels.logout",
            "agents.create",
            "agents.update",
            "agents.delete",
            "skills.install",
            "skills.update",
            "secrets.reload",
            "cron.add",
            "cron.update",
            "cron.remove",
            "cron.run",
            "sessions.patch",
            "sessions.reset",
            "sessions.delete",
            "sessions.compact",
            "connect",
            "chat.inject",
            "web.login.start",
            "web.login.wait",
            "set-heartbeats",
            "system-event",
            "agents.files.set",
        ],
    ),
];

/// Whole families that only an admin may touch, including members added later.
const ADMIN_PREFIXES: &[&str] = &["exec.approvals.", "config.", "wizard.", "update."];

fn explicit_scope(method: &str) -> Option<Scope> {
    SCOPED_METHODS.iter().find(|(_, methods)| methods.contains(&method)).map(|(scope, _)| *scope)
}

/// What calling `method` takes. Unknown methods need admin, so a new method is closed
/// until someone classifies it.
pub fn required_scope(method: &str) -> Requirement {
    if method == "health" {
        return Requirement::Connected;
    }
    if NODE_METHODS.contains(&method) {
        return Requirement::NodeRole;
    }
    if let Some(scope) = explicit_scope(method) {
        return Requirement::Operator(scope);
    }
    // The admin families and the unknown fall back to the same scope; they are kept apart
    // so the families stay admin-only even if the default for unknown names ever changes.
    if ADMIN_PREFIXES.iter().any(|prefix| method.starts_with(prefix)) {
        return Requirement::Operator(Scope::Admin);
    }
    Requirement::Operator(Scope::Admin)
}

/// Whether the reference knows `method` at all (advertised, classified or a node method).
/// A prefix match alone (`config.nope`) does not make a method known.
pub fn is_known_method(method: &str) -> bool {
    BASE_METHODS.contains(&method) || NODE_METHODS.contains(&method) || explicit_scope(method).is_some()
}

/// Whether `role` holding `scopes` may call `method`.
///
/// The checks run in the reference's order, which decides the message: the role first (a node
/// calling anything but a node method is refused as a role before its name is looked at), then
/// the scope (an operator without admin hears `missing scope: operator.admin` for a name that
/// does not exist), and only a caller who would be allowed learns the method is unknown.
pub fn authorize(role: Role, scopes: &[String], method: &str) -> Result<(), MethodDenied> {
    let scope = match (required_scope(method), role) {
        (Requirement::Connected, _) | (Requirement::NodeRole, Role::Node) => return Ok(()),
        (Requirement::NodeRole, Role::Operator) | (Requirement::Operator(_), Role::Node) => {
            return Err(MethodDenied::UnauthorizedRole { role });
        }
        (Requirement::Operator(scope), Role::Operator) => scope,
    };
    if !scope.is_satisfied_by(scopes) {
        return Err(MethodDenied::MissingScope { scope });
    }
    if !is_known_method(method) {
        return Err(MethodDenied::UnknownMethod { method: method.to_owned() });
    }
    Ok(())
}

/// The scope an event needs before it is broadcast to a connection, if any. Matched by family
/// rather than by the reference's exact list, so a later `exec.approval.*` or `device.pair.*`
/// event is guarded without anyone remembering to add it.
fn event_scope(event: &str) -> Option<Scope> {
    if event.starts_with("exec.approval.") {
        Some(Scope::Approvals)
    } else if event.starts_with("device.pair.") || event.starts_with("node.pair.") {
        Some(Scope::Pairing)
    } else {
        None
    }
}

/// Whether a connection may receive broadcast `event`. Guarded events go only to operators
/// holding the scope (or admin); nodes never see them.
pub fn event_allowed(role: Role, scopes: &[String], event: &str) -> bool {
    match event_scope(event) {
        None => true,
        Some(scope) => role == Role::Operator && scope.is_satisfied_by(scopes),
    }
}

/// The first of `requested` that `granted` does not cover, for `role`: an operator's
/// `operator.admin` covers every operator scope and `operator.write` covers `operator.read`;
/// anything else (node scopes, unknown names) must be granted literally. Pairing and device
/// tokens use this so a device can never be handed more than it was approved for.
pub fn missing_scope(role: &str, requested: &[String], granted: &[String]) -> Option<String> {
    requested
        .iter()
        .find(|want| {
            let covered = match (Role::parse(role), Scope::parse(want)) {
                (Some(Role::Operator), Some(scope)) => scope.is_satisfied_by(granted),
                _ => granted.iter().any(|have| have == *want),
            };
            !covered
        })
        .cloned()
}
