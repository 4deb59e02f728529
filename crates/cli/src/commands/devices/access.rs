//! What a pending pairing request asks for compared with what the device already has, and which
//! operator scopes the CLI needs to approve it or manage its tokens. The gateway decides; these
//! are the CLI's reading of the records `device.pair.list` returns, used to explain a request
//! before approving it and to ask for no more scope than the approval needs.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::gateway_client::{ADMIN_SCOPE, PAIRING_SCOPE};

/// Scopes an operator token can carry; anything else can only be granted by an admin.
const KNOWN_OPERATOR_SCOPES: [&str; 10] = [
    "operator.admin",
    "operator.read",
    "operator.write",
    "operator.sessions.read",
    "operator.sessions.write",
    "operator.approvals",
    "operator.questions",
    "operator.pairing",
    "operator.talk",
    "operator.talk.secrets",
];

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => {
            items.iter().filter_map(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
        }
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_owned()],
        _ => Vec::new(),
    }
}

/// Trimmed, deduplicated, sorted.
fn normalized(values: Vec<String>) -> Vec<String> {
    values.into_iter().collect::<BTreeSet<_>>().into_iter().collect()
}

fn roles(record: &Value) -> Vec<String> {
    let mut all = strings(record.get("roles"));
    all.extend(strings(record.get("role")));
    normalized(all)
}

fn scopes(record: &Value) -> Vec<String> {
    normalized(strings(record.get("scopes")))
}

/// `{roles, scopes}` of a request or an approved device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    pub roles: Vec<String>,
    pub scopes: Vec<String>,
}

impl Access {
    pub fn to_json(&self) -> Value {
        json!({"roles": self.roles, "scopes": self.scopes})
    }

    /// `roles: a, b; scopes: x` as the list and approve commands print it.
    pub fn summary(access: Option<&Access>) -> String {
        let Some(access) = access else { return "none".to_owned() };
        let list = |items: &[String]| if items.is_empty() { "none".to_owned() } else { items.join(", ") };
        format!("roles: {}; scopes: {}", list(&access.roles), list(&access.scopes))
    }
}

fn tokens(device: &Value) -> Option<Vec<&Value>> {
    match device.get("tokens") {
        Some(Value::Array(items)) => Some(items.iter().collect()),
        Some(Value::Object(map)) => Some(map.values().collect()),
        _ => None,
    }
}

/// What the device may do now: its approved roles that still hold an unrevoked token.
fn approved(device: &Value) -> Access {
    let approved_roles = roles(device);
    let roles = match tokens(device) {
        None => approved_roles,
        Some(tokens) => {
            let live: Vec<String> = tokens
                .iter()
                .filter(|t| t.get("revokedAtMs").is_none_or(Value::is_null))
                .flat_map(|t| strings(t.get("role")))
                .collect();
            normalized(live).into_iter().filter(|r| approved_roles.contains(r)).collect()
        }
    };
    Access { roles, scopes: scopes(device) }
}

/// How a pending request relates to the device's current approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalState {
    pub kind: &'static str,
    pub requested: Access,
    pub approved: Option<Access>,
}

impl ApprovalState {
    pub fn of(request: &Value, paired: Option<&Value>) -> Self {
        let requested = Access { roles: roles(request), scopes: scopes(request) };
        let Some(device) = paired else { return Self { kind: "new-pairing", requested, approved: None } };
        let approved = approved(device);
        let covers = |have: &[String], want: &[String]| want.iter().all(|w| have.contains(w));
        let kind = if !covers(&approved.roles, &requested.roles) {
            "role-upgrade"
        } else if !covers(&approved.scopes, &requested.scopes) {
            "scope-upgrade"
        } else {
            "re-approval"
        };
        Self { kind, requested, approved: Some(approved) }
    }

    pub fn label(&self) -> &'static str {
        match self.kind {
            "new-pairing" => "new pairing",
            "role-upgrade" => "role upgrade",
            "scope-upgrade" => "scope upgrade",
            _ => "re-approval",
        }
    }
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// The paired record a request is about: same device id and, when both carry one, same key.
pub fn paired_for<'a>(paired: &'a [Value], request: &Value) -> Option<&'a Value> {
    let id = text(request, "deviceId")?;
    let device = paired.iter().find(|d| text(d, "deviceId") == Some(id))?;
    match (text(request, "publicKey"), text(device, "publicKey")) {
        (Some(a), Some(b)) if a != b => None,
        _ => Some(device),
    }
}

fn operator_scopes(values: Vec<String>) -> Vec<String> {
    normalized(values).into_iter().filter(|s| s.starts_with("operator.")).collect()
}

/// Operator scopes an approval grants: those requested, else (a re-approval) those already held.
pub fn pending_operator_scopes(request: &Value, paired: Option<&Value>) -> Vec<String> {
    if !roles(request).iter().any(|r| r == "operator") {
        return Vec::new();
    }
    let requested = operator_scopes(strings(request.get("scopes")));
    if !requested.is_empty() {
        return requested;
    }
    paired.map(|device| paired_operator_scopes(device, None)).unwrap_or_default()
}

fn paired_operator_scopes(device: &Value, role_token_scopes: Option<Vec<String>>) -> Vec<String> {
    if let Some(scopes) = role_token_scopes {
        return operator_scopes(scopes);
    }
    let token = tokens(device).and_then(|tokens| {
        tokens
            .into_iter()
            .find(|t| text(t, "role") == Some("operator") && t.get("revokedAtMs").is_none_or(Value::is_null))
    });
    operator_scopes(strings(token.and_then(|t| t.get("scopes")).or_else(|| device.get("scopes"))))
}

/// The scopes to connect with to grant `scopes`: pairing plus each granted scope (a pairer may
/// only hand out what it holds), or admin when an admin or unknown scope is involved. `None`
/// leaves the choice to the method's default.
pub fn pairing_call_scopes(scopes: &[String]) -> Option<Vec<String>> {
    if scopes.is_empty() {
        return None;
    }
    let mut out = vec![PAIRING_SCOPE.to_owned()];
    for scope in scopes {
        if scope == ADMIN_SCOPE || !KNOWN_OPERATOR_SCOPES.contains(&scope.as_str()) {
            return Some(vec![ADMIN_SCOPE.to_owned()]);
        }
        if !out.contains(scope) {
            out.push(scope.clone());
        }
    }
    Some(out)
}

/// Scopes for rotating or revoking `role`'s token on `device_id`, given the pairing list.
pub fn token_management_scopes(
    list_paired: &[Value],
    device_id: &str,
    role: &str,
    requested: Option<&[String]>,
) -> Option<Vec<String>> {
    if role != "operator" {
        return Some(vec![ADMIN_SCOPE.to_owned()]);
    }
    let Some(device) = list_paired.iter().find(|d| text(d, "deviceId") == Some(device_id)) else {
        return Some(vec![ADMIN_SCOPE.to_owned()]);
    };
    let token_scopes = tokens(device)
        .and_then(|tokens| tokens.into_iter().find(|t| text(t, "role") == Some(role)))
        .and_then(|t| t.get("scopes"))
        .map(|scopes| strings(Some(scopes)));
    let scopes = match requested {
        Some(requested) => operator_scopes(requested.to_vec()),
        None => paired_operator_scopes(device, token_scopes),
    };
    pairing_call_scopes(&scopes)
}
