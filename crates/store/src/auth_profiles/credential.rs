//! The credential of one profile (`profiles.<provider>:<name>`): an API key, a static bearer token,
//! or an OAuth access/refresh pair, told apart by `type`. Secrets are [`SecretString`]s, and `Debug`
//! shows only the names of fields this port does not know (an OAuth entry may carry an `idToken`).

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::secret::{SecretRef, SecretString};

/// `{type: "api_key", provider, key?, keyRef?}`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyCredential {
    pub provider: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<SecretString>,
    /// Where to read the key instead of storing it here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_ref: Option<SecretRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Fields this port does not know (`metadata`, newer additions), written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `{type: "token", provider, token, expires?}`: a bearer token OpenClaw cannot refresh.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenCredential {
    pub provider: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<SecretString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_ref: Option<SecretRef>,
    /// Milliseconds since the epoch after which the token is not offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `{type: "oauth", provider, access, refresh, expires, …}`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthCredential {
    pub provider: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<SecretString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh: Option<SecretString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Provider-specific fields (`clientId`, `projectId`, `accountId`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One profile's credential.
#[derive(Debug, Clone, PartialEq)]
pub enum Credential {
    ApiKey(ApiKeyCredential),
    Token(TokenCredential),
    OAuth(OAuthCredential),
}

impl Credential {
    pub fn provider(&self) -> &str {
        match self {
            Self::ApiKey(c) => &c.provider,
            Self::Token(c) => &c.provider,
            Self::OAuth(c) => &c.provider,
        }
    }

    /// The `type` as written in the file.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::ApiKey(_) => "api_key",
            Self::Token(_) => "token",
            Self::OAuth(_) => "oauth",
        }
    }

    /// Reads one entry of `profiles` the way OpenClaw's loader does: `mode` is accepted for `type`
    /// and `apiKey` for `key` (both are common hand-editing slips, copied from `openclaw.json`'s
    /// `auth.profiles`), and a blank provider makes the entry unusable. `None` for an entry that is
    /// not a credential; the caller skips it but keeps it in the file.
    pub fn from_value(raw: &Value) -> Option<Self> {
        let mut entry = raw.as_object()?.clone();
        let kind = match entry.shift_remove("type") {
            Some(Value::String(kind)) => kind,
            Some(_) => return None,
            None => match entry.shift_remove("mode") {
                Some(Value::String(kind)) => kind,
                _ => return None,
            },
        };
        let credential = match kind.as_str() {
            "api_key" => {
                if !entry.contains_key("key")
                    && let Some(Value::String(key)) = entry.shift_remove("apiKey")
                {
                    entry.insert("key".to_owned(), Value::String(key));
                }
                Self::ApiKey(parse(entry)?)
            }
            "token" => Self::Token(parse(entry)?),
            "oauth" => Self::OAuth(parse(entry)?),
            _ => return None,
        };
        (!credential.provider().trim().is_empty()).then_some(credential)
    }

    /// The entry as written to the file, `type` first like OpenClaw's objects.
    pub fn to_value(&self) -> Value {
        let body = match self {
            Self::ApiKey(c) => serde_json::to_value(c),
            Self::Token(c) => serde_json::to_value(c),
            Self::OAuth(c) => serde_json::to_value(c),
        };
        let mut object = Map::new();
        object.insert("type".to_owned(), Value::String(self.kind().to_owned()));
        // The structs hold only strings, numbers and maps, so serializing them cannot fail; an
        // empty body would still leave a typed (if unusable) entry rather than a panic.
        if let Ok(Value::Object(body)) = body {
            object.extend(body);
        }
        Value::Object(object)
    }
}

fn parse<T: DeserializeOwned>(entry: Map<String, Value>) -> Option<T> {
    serde_json::from_value(Value::Object(entry)).ok()
}

/// Names of unknown fields, without their values.
struct FieldNames<'a>(&'a Map<String, Value>);

impl fmt::Debug for FieldNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

impl fmt::Debug for ApiKeyCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeyCredential")
            .field("provider", &self.provider)
            .field("key", &self.key)
            .field("key_ref", &self.key_ref)
            .field("email", &self.email)
            .field("extra", &FieldNames(&self.extra))
            .finish()
    }
}

impl fmt::Debug for TokenCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCredential")
            .field("provider", &self.provider)
            .field("token", &self.token)
            .field("token_ref", &self.token_ref)
            .field("expires", &self.expires)
            .field("email", &self.email)
            .field("extra", &FieldNames(&self.extra))
            .finish()
    }
}

impl fmt::Debug for OAuthCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthCredential")
            .field("provider", &self.provider)
            .field("access", &self.access)
            .field("refresh", &self.refresh)
            .field("expires", &self.expires)
            .field("email", &self.email)
            .field("extra", &FieldNames(&self.extra))
            .finish()
    }
}
