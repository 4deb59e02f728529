//! The inbound gate: whether a chat message may reach an agent at all. Channel adapters describe
//! each message as an [`InboundMessage`], the config resolver describes the channel account's
//! settings as a [`ChannelAccess`], the store layer says what the pairing/allowFrom store holds
//! ([`StoreFacts`]), and [`gate`] decides — allow, block, or answer with a pairing code — with the
//! reason code and text that OpenClaw 2026.9 logs for the same case.
//!
//! Order of checks (identity before scope, scope before intelligence): group policy and group
//! sender allowlists, or the DM policy with pairing; then unauthorized control commands in groups
//! are dropped; then mention gating. Sender ids are compared in each channel's canonical form
//! ([`normalize_sender`], [`normalize_allow_entry`]); display names only count with
//! `dangerouslyAllowNameMatching`. Pairing approvals widen the DM allowlist only, never group
//! allowlists or group commands. The pure halves of the pairing store (code generation, the
//! request file's state machine, file names, the reply text) live in [`pairing`] and
//! [`store_file`]; the store crate does the I/O and locking around them.

mod access;
mod command;
mod command_auth;
mod compiled;
mod gate;
pub mod lane;
mod mention;
pub mod pairing;
pub mod reset;
mod sender;
pub mod store_file;
pub mod timestamp;

pub use access::{
    ChannelAccess, CommandsAccess, DmPolicy, GroupEntry, GroupPolicy, OverrideOrder, StoreFacts, runtime_group_policy,
};
pub use command::{Command, CommandDetection, detect_command};
pub use command_auth::{
    AccessGroupsOffMode, CommandAuthInput, CommandAuthPlan, CommandAuthSource, CommandAuthorization, CommandAuthorizer,
    authorize_command, command_authorized_by_lists,
};
pub use compiled::CompiledAccess;
pub use gate::{Decision, GateDecision, ReasonCode, gate, gate_compiled};
pub use mention::{
    MentionFacts, MentionGate, MentionPatterns, derive_mention_patterns, mention_gate, normalize_mention_text,
    resolve_mention_patterns, resolve_require_mention,
};
pub use pairing::{
    ApproveOutcome, Approved, PAIRING_CODE_ALPHABET, PAIRING_CODE_LENGTH, PAIRING_PENDING_MAX, PAIRING_PENDING_TTL_MS,
    PairingError, PairingRequest, PairingRequests, UpsertOutcome, pairing_approve_command, pairing_code,
    pairing_id_line, pairing_reply, unique_pairing_code,
};
pub use sender::{
    AllowList, AllowMatch, normalize_allow_entry, normalize_e164, normalize_sender, normalize_whatsapp_target,
};
pub use store_file::{InvalidStoreKey, allow_from_file_name, pairing_file_name, safe_store_key};
pub use timestamp::{format_iso_millis, parse_iso_millis};

/// What kind of conversation a message arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChatType {
    #[default]
    Direct,
    Group,
    Channel,
    /// A thread inside a group or channel (Discord, Slack, Google Chat).
    Thread,
}

impl ChatType {
    /// Everything but a DM is subject to the group rules.
    pub fn is_group(self) -> bool {
        self != Self::Direct
    }
}

/// Who sent a message, as the channel reports it. Ids are raw; the gate normalises them per
/// channel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sender {
    /// The channel's stable sender id (Telegram user id, WhatsApp JID, Discord snowflake, …).
    pub id: String,
    /// Display name; only matched against allowlists with `dangerouslyAllowNameMatching`.
    pub name: Option<String>,
    /// Phone number, for channels that have one (WhatsApp, Signal).
    pub e164: Option<String>,
    /// `@username`; mutable, so like the display name it is not an identity.
    pub username: Option<String>,
}

/// One inbound chat message, channel-agnostic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboundMessage {
    /// Channel id (`telegram`, `whatsapp`, …).
    pub channel: String,
    pub account_id: Option<String>,
    pub sender: Sender,
    pub chat_type: ChatType,
    /// The group/channel id for non-DMs (the parent chat for threads and topics).
    pub group_id: Option<String>,
    pub thread_id: Option<String>,
    /// The bot was mentioned natively (an @mention entity the adapter resolved to the bot).
    pub mentioned: bool,
    /// The message mentions someone (anyone); a command addressed to another member must not
    /// bypass mention gating.
    pub has_any_mention: bool,
    /// The adapter can see native mentions (for example it knows the bot's username); with no
    /// mention patterns either, mention gating cannot apply.
    pub can_detect_native_mention: bool,
    /// The message replies to one of the bot's messages (an implicit mention).
    pub reply_to_bot: bool,
    pub text: String,
    pub has_attachments: bool,
}
