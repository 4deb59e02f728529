//! Device pairing and device tokens: `device.pair.list|approve|reject|remove` and
//! `device.token.rotate|revoke`, all behind `operator.pairing`.
//!
//! Pending requests and paired-device records are the store's types and stay
//! `serde_json::Value` here; the token answers are pinned because clients keep the token.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::decode::{Decode, Fields, WireError, deserialize_via_decode, read};

super::empty_params!(
    /// `device.pair.list` takes no parameters.
    DevicePairListParams,
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DevicePairApproveParams {
    pub request_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DevicePairRejectParams {
    pub request_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DevicePairRemoveParams {
    pub device_id: String,
}

/// Issues a fresh token for one role of a paired device; `scopes` narrows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceTokenRotateParams {
    pub device_id: String,
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceTokenRevokeParams {
    pub device_id: String,
    pub role: String,
}

/// `device.pair.list`: pending requests and paired devices (tokens redacted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DevicePairListResult {
    pub pending: Vec<Value>,
    pub paired: Vec<Value>,
}

/// `device.token.rotate`. Carries the new token, so `Debug` hides it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceTokenRotateResult {
    pub device_id: String,
    pub role: String,
    pub token: String,
    pub scopes: Vec<String>,
    pub rotated_at_ms: i64,
}

impl std::fmt::Debug for DeviceTokenRotateResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceTokenRotateResult")
            .field("device_id", &self.device_id)
            .field("role", &self.role)
            .field("token", &"<redacted>")
            .field("scopes", &self.scopes)
            .field("rotated_at_ms", &self.rotated_at_ms)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceTokenRevokeResult {
    pub device_id: String,
    pub role: String,
    pub revoked_at_ms: i64,
}

impl Decode for DevicePairApproveParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["requestId"])?;
        Ok(Self { request_id: fields.req("requestId", read::non_empty)? })
    }
}

impl Decode for DevicePairRejectParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["requestId"])?;
        Ok(Self { request_id: fields.req("requestId", read::non_empty)? })
    }
}

impl Decode for DevicePairRemoveParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["deviceId"])?;
        Ok(Self { device_id: fields.req("deviceId", read::non_empty)? })
    }
}

impl Decode for DeviceTokenRotateParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["deviceId", "role", "scopes"])?;
        Ok(Self {
            device_id: fields.req("deviceId", read::non_empty)?,
            role: fields.req("role", read::non_empty)?,
            scopes: fields.opt("scopes", read::names(0))?,
        })
    }
}

impl Decode for DeviceTokenRevokeParams {
    fn decode(value: Value, path: &str) -> Result<Self, WireError> {
        let mut fields = Fields::new(value, path, &["deviceId", "role"])?;
        Ok(Self { device_id: fields.req("deviceId", read::non_empty)?, role: fields.req("role", read::non_empty)? })
    }
}

deserialize_via_decode!(DevicePairApproveParams, "params");
deserialize_via_decode!(DevicePairRejectParams, "params");
deserialize_via_decode!(DevicePairRemoveParams, "params");
deserialize_via_decode!(DeviceTokenRotateParams, "params");
deserialize_via_decode!(DeviceTokenRevokeParams, "params");
