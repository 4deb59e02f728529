//! `connect` parameters: the first request of every connection, naming the client, the role
//! and scopes it asks for, its device proof and its credentials.
//!
//! Decoding follows the reference's TypeBox schema, which is closed at every level
//! (`additionalProperties: false` on the top object and on `client`, `device` and `auth`), so a
//! stray key anywhere refuses the handshake. `client.id` and `client.mode` are closed enums.
//! The schema here is protocol 3's plus the purely descriptive or credential fields that
//! 2026.9 clients still send on a protocol-3 handshake (`client.buildId`, `client.timeZone`,
//! `auth.bootstrapToken`) and the client ids/modes 2026.9 added. `ConnectAuth` hides its
//! secrets from `Debug`.

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::decode::{Decode, Fields, WireError, deserialize_via_decode, read};

/// The role a client asks for when it sends none.
pub const DEFAULT_ROLE: &str = "operator";

/// The cap that opts a client into tool stream events.
pub const CAP_TOOL_EVENTS: &str = "tool-events";

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectParams {
    pub min_protocol: i64,
    pub max_protocol: i64,
    pub client: ClientInfo,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caps: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commands: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<BTreeMap<String, bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_env: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<DeviceProof>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth: Option<ConnectAuth>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientInfo {
    pub id: ClientId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_id: Option<String>,
    pub platform: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_family: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    pub mode: ClientMode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
}

/// The device's signed claim: `signature` covers the v3 (or legacy v2) payload built from
/// these fields, the client fields and the challenge nonce.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceProof {
    pub id: String,
    pub public_key: String,
    pub signature: String,
    pub signed_at: i64,
    pub nonce: String,
}

/// Credentials. Empty strings are allowed by the schema and kept as sent: the reference's
/// `token ?? deviceToken` keeps an empty `token`, and so does [`ConnectParams::signature_token`].
#[derive(Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectAuth {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bootstrap_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

impl fmt::Debug for ConnectAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |secret: &Option<String>| secret.as_ref().map(|_| "<redacted>");
        f.debug_struct("ConnectAuth")
            .field("token", &shown(&self.token))
            .field("bootstrap_token", &shown(&self.bootstrap_token))
            .field("device_token", &shown(&self.device_token))
            .field("password", &shown(&self.password))
            .finish()
    }
}

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident, $noun:literal, { $($variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant,)+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text,)+ }
            }

            /// Exact match, as the schema's literal union is: no trimming or case folding.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|known| known.as_str() == text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl Decode for $name {
            fn decode(value: Value, path: &str) -> Result<Self, WireError> {
                let text = read::string(value, path)?;
                Self::parse(&text).ok_or_else(|| {
                    WireError::invalid(path, format!(concat!("unknown ", $noun, " \"{}\""), text))
                })
            }
        }

        deserialize_via_decode!($name, "");
    };
}

wire_enum!(
    /// `client.id`: which program is connecting. Policy keys off some of these (the Control
    /// UI and webchat get origin checks; node hosts get node handling).
    ClientId, "client id", {
    WebchatUi => "webchat-ui",
    ControlUi => "openclaw-control-ui",
    BrowserCopilot => "openclaw-browser-copilot",
    Tui => "openclaw-tui",
    Webchat => "webchat",
    Cli => "cli",
    GatewayClient => "gateway-client",
    MacosApp => "openclaw-macos",
    LinuxApp => "openclaw-linux",
    IosApp => "openclaw-ios",
    WatchosApp => "openclaw-watchos",
    AndroidApp => "openclaw-android",
    NodeHost => "node-host",
    Worker => "openclaw-worker",
    Test => "test",
    Fingerprint => "fingerprint",
    Probe => "openclaw-probe",
});

wire_enum!(
    /// `client.mode`: the coarse kind of client, for policy that does not care which product.
    ClientMode, "client mode", {
    Webchat => "webchat",
    Cli => "cli",
    Ui => "ui",
    Backend => "backend",
    Node => "node",
    Worker => "worker",
    Probe => "probe",
    Test => "test",
});

impl ConnectParams {
    /// Decodes `connect`'s params; errors are rooted at `params` (`params.client.id: …`).
    pub fn parse(params: Option<Value>) -> Result<Self, WireError> {
        let value = params.ok_or_else(|| WireError::invalid("params", "must be an object"))?;
        Self::decode(value, "params")
    }

    /// Whether the client's `[minProtocol, maxProtocol]` range includes `version`.
    pub fn supports_protocol(&self, version: i64) -> bool {
        self.min_protocol <= version && version <= self.max_protocol
    }

    /// `role`, defaulting to `operator` (the caller still checks it is a known role).
    pub fn role_or_default(&self) -> &str {
        self.role.as_deref().unwrap_or(DEFAULT_ROLE)
    }

    /// `scopes`, defaulting to none: scopes are never implied.
    pub fn scopes_or_default(&self) -> &[String] {
        self.scopes.as_deref().unwrap_or_default()
    }

    pub fn has_cap(&self, cap: &str) -> bool {
        self.caps.as_ref().is_some_and(|caps| caps.iter().any(|have| have == cap))
    }

    /// The token a device signature covers: `auth.token`, else `auth.deviceToken`, else
    /// `auth.bootstrapToken`. A present but empty string wins over the next one, as `??` does.
    pub fn signature_token(&self) -> Option<&str> {
        let auth = self.auth.as_ref()?;
        auth.token.as_deref().or(auth.device_token.as_deref()).or(auth.bootstrap_token.as_deref())
    }
}

impl Decode for ConnectParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(
            value,
            path,
            &[
                "minProtocol",
                "maxProtocol",
                "client",
                "caps",
                "commands",
                "permissions",
                "pathEnv",
                "role",
                "scopes",
                "device",
                "auth",
                "locale",
                "userAgent",
            ],
        )?;
        Ok(Self {
            min_protocol: fields.req("minProtocol", read::int(1, None))?,
            max_protocol: fields.req("maxProtocol", read::int(1, None))?,
            client: fields.req("client", read::nested)?,
            caps: fields.opt("caps", read::names(0))?,
            commands: fields.opt("commands", read::names(0))?,
            permissions: fields.opt("permissions", read::flags)?,
            path_env: fields.opt("pathEnv", read::string)?,
            role: fields.opt("role", read::non_empty)?,
            scopes: fields.opt("scopes", read::names(0))?,
            device: fields.opt("device", read::nested)?,
            auth: fields.opt("auth", read::nested)?,
            locale: fields.opt("locale", read::string)?,
            user_agent: fields.opt("userAgent", read::string)?,
        })
    }
}

impl Decode for ClientInfo {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(
            value,
            path,
            &[
                "id",
                "displayName",
                "version",
                "buildId",
                "platform",
                "deviceFamily",
                "modelIdentifier",
                "timeZone",
                "mode",
                "instanceId",
            ],
        )?;
        Ok(Self {
            id: fields.req("id", read::nested)?,
            display_name: fields.opt("displayName", read::non_empty)?,
            version: fields.req("version", read::non_empty)?,
            build_id: fields.opt("buildId", read::bounded(96))?,
            platform: fields.req("platform", read::non_empty)?,
            device_family: fields.opt("deviceFamily", read::non_empty)?,
            model_identifier: fields.opt("modelIdentifier", read::non_empty)?,
            time_zone: fields.opt("timeZone", read::bounded(64))?,
            mode: fields.req("mode", read::nested)?,
            instance_id: fields.opt("instanceId", read::non_empty)?,
        })
    }
}

impl Decode for DeviceProof {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["id", "publicKey", "signature", "signedAt", "nonce"])?;
        Ok(Self {
            id: fields.req("id", read::non_empty)?,
            public_key: fields.req("publicKey", read::non_empty)?,
            signature: fields.req("signature", read::non_empty)?,
            signed_at: fields.req("signedAt", read::int(0, None))?,
            nonce: fields.req("nonce", read::non_empty)?,
        })
    }
}

impl Decode for ConnectAuth {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["token", "bootstrapToken", "deviceToken", "password"])?;
        Ok(Self {
            token: fields.opt("token", read::string)?,
            bootstrap_token: fields.opt("bootstrapToken", read::string)?,
            device_token: fields.opt("deviceToken", read::string)?,
            password: fields.opt("password", read::string)?,
        })
    }
}

deserialize_via_decode!(ConnectParams, "params");
deserialize_via_decode!(ClientInfo, "params.client");
deserialize_via_decode!(DeviceProof, "params.device");
deserialize_via_decode!(ConnectAuth, "params.auth");
