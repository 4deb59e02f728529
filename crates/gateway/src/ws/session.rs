//! One authenticated connection's identity, fixed at `hello-ok`: negotiated protocol, role,
//! granted scopes, the client's self-description, the paired device (if any) and how it
//! authenticated. Method handlers and event routing read it; nothing changes it afterwards.

use openclaw_protocol::ClientInfo;

use crate::peer::Peer;

/// How a connection proved itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    None,
    Token,
    Password,
    DeviceToken,
    Tailscale,
    TrustedProxy,
}

impl AuthMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Token => "token",
            Self::Password => "password",
            Self::DeviceToken => "device-token",
            Self::Tailscale => "tailscale",
            Self::TrustedProxy => "trusted-proxy",
        }
    }

    /// Shared-secret style auth (token, password, Tailscale, trusted proxy, or none) lets an
    /// operator skip the device identity; a device token by definition has one.
    pub fn is_shared(self) -> bool {
        !matches!(self, Self::DeviceToken)
    }
}

/// A connected, authenticated client.
#[derive(Debug, Clone)]
pub struct Session {
    pub conn_id: String,
    pub protocol: i64,
    pub role: String,
    pub scopes: Vec<String>,
    pub client: ClientInfo,
    pub device_id: Option<String>,
    pub auth_method: AuthMethod,
    pub peer: Peer,
    pub connected_at_ms: i64,
    /// The client asked for tool stream events (cap `tool-events`).
    pub tool_events: bool,
}

impl Session {
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope || s == "operator.admin")
    }

    /// The key the control-plane write budget counts under.
    pub fn budget_key(&self) -> String {
        let ip = self.peer.client_ip.map(|ip| ip.to_string()).unwrap_or_else(|| "unknown".into());
        format!("{}|{ip}", self.device_id.as_deref().unwrap_or(&self.conn_id))
    }
}
