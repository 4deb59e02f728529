//! Parameters and results of the methods this gateway answers, one file per family.
//!
//! Params are what clients send, so they decode strictly through [`crate::Decode`] (closed
//! objects, bounds checked, errors rooted at `params`); use [`crate::parse_params`] on a
//! request's `params`. Results are what the gateway sends: plain serde structs whose reading
//! is lenient, so a client of ours survives a newer gateway. Where the reference's shape is
//! owned by another subsystem (session rows, health bodies) it stays `serde_json::Value`.

pub mod catalog;
pub mod chat;
pub mod config;
pub mod devices;
pub mod logs;
pub mod run;
pub mod sessions;
pub mod status;

#[cfg(test)]
mod tests;

pub use catalog::{
    AgentIdentity, AgentSummary, AgentsListParams, AgentsListResult, ChannelUiMeta, ChannelsStatusParams,
    ChannelsStatusResult, ModelChoice, ModelsListParams, ModelsListResult, SessionScope,
};
pub use chat::{CHAT_HISTORY_MAX_BYTES, CHAT_HISTORY_MAX_LIMIT, ChatHistoryParams, ChatHistoryResult};
pub use config::{
    ConfigApplyParams, ConfigGetParams, ConfigGetResult, ConfigIssue, ConfigPatchParams, ConfigSchemaParams,
    ConfigSchemaResult, ConfigSetParams, ConfigUiHint, ConfigWriteResult,
};
pub use devices::{
    DevicePairApproveParams, DevicePairListParams, DevicePairListResult, DevicePairRejectParams,
    DevicePairRemoveParams, DeviceTokenRevokeParams, DeviceTokenRevokeResult, DeviceTokenRotateParams,
    DeviceTokenRotateResult,
};
pub use logs::{LOGS_TAIL_MAX_BYTES, LOGS_TAIL_MAX_LIMIT, LogsTailParams, LogsTailResult};
pub use run::{
    AgentParams, AgentWaitParams, ChatAbortParams, ChatAttachment, ChatSendParams, SESSION_PATCH_FIELDS,
    SessionsPatchParams, SessionsResetParams,
};
pub use sessions::{SESSION_LABEL_MAX_CHARS, SessionsListParams, SessionsPreviewParams};
pub use status::{HealthParams, SystemPresenceResult};

/// Declares params types that take nothing: `{}` (or absent params) and no key at all.
macro_rules! empty_params {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
        pub struct $name {}

        impl $crate::decode::Decode for $name {
            fn decode(
                value: serde_json::Value,
                path: &str,
            ) -> Result<Self, $crate::decode::WireError> {
                $crate::decode::Fields::new(value, path, &[])?;
                Ok(Self {})
            }
        }

        $crate::decode::deserialize_via_decode!($name, "params");
    )+};
}
use empty_params;
