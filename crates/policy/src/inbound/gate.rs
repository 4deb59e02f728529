//! The inbound decision for one message: allow, block, or answer with a pairing code.
//!
//! Groups: `groupPolicy=disabled` blocks; a group entry with `enabled: false` blocks; the sender
//! must then be on the group's own `allowFrom` when it has one, else — under
//! `groupPolicy=allowlist` — on `groupAllowFrom` (or `allowFrom` as fallback), an empty list
//! blocking everyone; a non-empty `groups` map must contain the group (or `"*"`). Pairing
//! approvals never count in groups. DMs: `disabled` blocks, `open` allows, a sender on
//! `allowFrom` or (except under `allowlist`) in the pairing store is allowed, `pairing` asks for
//! a code and anything else blocks; when the store cannot be read, a sender it might have approved
//! is blocked rather than re-paired. Admitted group messages then lose unauthorized control
//! commands and pass mention gating.

use super::access::{ChannelAccess, DmPolicy, GroupPolicy, StoreFacts};
use super::command::{Command, CommandDetection};
use super::command_auth::{AccessGroupsOffMode, CommandAuthorizer, command_authorized_by_lists};
use super::compiled::CompiledAccess;
use super::mention::{MentionFacts, mention_gate, resolve_require_mention};
use super::sender::{AllowList, scan_allow_entries, sender_candidates};
use super::{InboundMessage, Sender};

#[cfg(test)]
mod tests;

/// What happens to the message, ordered from most to least permissive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Allow,
    /// Ignore the message and issue (or re-use) a pairing code for the sender.
    Pairing,
    Block,
}

/// Why; the string forms are the codes OpenClaw logs (`DM_GROUP_ACCESS_REASON` and the drop
/// reasons of its channel monitors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    GroupPolicyDisabled,
    GroupDisabled,
    GroupPolicyEmptyAllowlist,
    GroupPolicyNotAllowlisted,
    GroupAllowFromNotAllowlisted,
    GroupNotAllowlisted,
    GroupPolicyAllowed,
    DmPolicyDisabled,
    DmPolicyOpen,
    DmPolicyAllowlisted,
    DmPolicyPairingRequired,
    DmPolicyNotAllowlisted,
    DmStoreUnreadable,
    CommandUnauthorized,
    MentionRequired,
}

impl ReasonCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GroupPolicyDisabled => "group_policy_disabled",
            Self::GroupDisabled => "group_disabled",
            Self::GroupPolicyEmptyAllowlist => "group_policy_empty_allowlist",
            Self::GroupPolicyNotAllowlisted => "group_policy_not_allowlisted",
            Self::GroupAllowFromNotAllowlisted => "group_allow_from_not_allowlisted",
            Self::GroupNotAllowlisted => "group_not_allowlisted",
            Self::GroupPolicyAllowed => "group_policy_allowed",
            Self::DmPolicyDisabled => "dm_policy_disabled",
            Self::DmPolicyOpen => "dm_policy_open",
            Self::DmPolicyAllowlisted => "dm_policy_allowlisted",
            Self::DmPolicyPairingRequired => "dm_policy_pairing_required",
            Self::DmPolicyNotAllowlisted => "dm_policy_not_allowlisted",
            Self::DmStoreUnreadable => "dm_store_unreadable",
            Self::CommandUnauthorized => "command_unauthorized",
            Self::MentionRequired => "mention_required",
        }
    }
}

/// The gate's answer, with everything later stages need.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GateDecision {
    pub decision: Decision,
    pub reason_code: ReasonCode,
    /// Human text, as OpenClaw logs it (`dmPolicy=pairing (not allowlisted)`).
    pub reason: String,
    /// The sender's canonical id (the pairing request id for [`Decision::Pairing`]).
    pub sender_id: Option<String>,
    pub command: Option<Command>,
    pub is_command: bool,
    /// The sender may run control commands (see [`authorize_command`]).
    pub command_authorized: bool,
    /// The sender is on the owner list.
    pub owner: bool,
    /// Explicitly, implicitly (reply to the bot) or by an authorized command's bypass.
    pub mentioned: bool,
    /// An authorized control command stood in for the mention.
    pub mention_bypass: bool,
}

struct Access {
    decision: Decision,
    code: ReasonCode,
    reason: String,
}

fn verdict(decision: Decision, code: ReasonCode, reason: impl Into<String>) -> Access {
    Access { decision, code, reason: reason.into() }
}

/// The lists a message is judged against: the compiled config lists, plus for a DM the
/// pairing store's.
struct Lists<'c> {
    /// Config `allowFrom`.
    config: &'c AllowList,
    /// `allowFrom` + pairing store (the store only when not under `allowlist` and readable), what
    /// a DM is judged against; `None` for group messages, which never consult the store.
    dm: Option<CommandAuthorizer>,
    /// The group's own `allowFrom` when it has one.
    group_override: Option<&'c AllowList>,
    /// `groupAllowFrom`, else `allowFrom` when the fallback is on.
    group: &'c AllowList,
}

fn lists<'c>(msg: &InboundMessage, compiled: &'c CompiledAccess<'_>, store: &StoreFacts) -> Lists<'c> {
    let access = compiled.access();
    let names = access.dangerously_allow_name_matching;
    let config = &compiled.config;
    // Matching either list is matching their concatenation, so the compiled config half is
    // reused and only the store's entries are looked at per message.
    let dm = (!msg.chat_type.is_group()).then(|| {
        let (store_configured, store_allows) = if access.dm_policy != DmPolicy::Allowlist && store.store_readable {
            scan_allow_entries(compiled.channel(), &store.pairing_allow_from, &msg.sender, names)
        } else {
            (false, false)
        };
        CommandAuthorizer {
            configured: config.is_configured() || store_configured,
            allowed: config.allows(&msg.sender, names) || store_allows,
        }
    });
    Lists { config, dm, group_override: compiled.group_override(msg.group_id.as_deref()), group: &compiled.group }
}

fn group_access(msg: &InboundMessage, access: &ChannelAccess, lists: &Lists<'_>) -> Access {
    let policy = access.group_policy;
    let names = access.dangerously_allow_name_matching;
    let group_id = msg.group_id.as_deref().map(str::trim).unwrap_or("");
    let allowed = |list: &AllowList| list.allows(&msg.sender, names);
    if policy == GroupPolicy::Disabled {
        return verdict(Decision::Block, ReasonCode::GroupPolicyDisabled, "groupPolicy=disabled");
    }
    let entry = access.group_entry(Some(group_id));
    if entry.is_some_and(|e| e.enabled == Some(false)) {
        return verdict(Decision::Block, ReasonCode::GroupDisabled, format!("groups.{group_id}.enabled=false"));
    }
    if let Some(own) = lists.group_override {
        // An explicit per-group list fails closed when empty, whatever the policy.
        if !own.is_configured() || !allowed(own) {
            let reason = format!("groups.{group_id}.allowFrom (not allowlisted)");
            return verdict(Decision::Block, ReasonCode::GroupAllowFromNotAllowlisted, reason);
        }
    } else if policy == GroupPolicy::Allowlist {
        if !lists.group.is_configured() {
            return verdict(
                Decision::Block,
                ReasonCode::GroupPolicyEmptyAllowlist,
                "groupPolicy=allowlist (empty allowlist)",
            );
        }
        if !allowed(lists.group) {
            return verdict(
                Decision::Block,
                ReasonCode::GroupPolicyNotAllowlisted,
                "groupPolicy=allowlist (not allowlisted)",
            );
        }
    }
    let sender_filtered = lists.group_override.unwrap_or(lists.group);
    let allowlist_enabled = policy == GroupPolicy::Allowlist || !access.groups.is_empty();
    let group_listed = access.groups.contains_key("*")
        || entry.is_some()
        || (policy == GroupPolicy::Allowlist && access.groups.is_empty() && sender_filtered.is_configured());
    if allowlist_enabled && !group_listed {
        let reason = format!("groupPolicy={} (group {group_id} not in groups)", policy.as_str());
        return verdict(Decision::Block, ReasonCode::GroupNotAllowlisted, reason);
    }
    verdict(Decision::Allow, ReasonCode::GroupPolicyAllowed, format!("groupPolicy={}", policy.as_str()))
}

fn dm_access(access: &ChannelAccess, store: &StoreFacts, lists: &Lists<'_>) -> Access {
    let policy = access.dm_policy;
    let p = policy.as_str();
    match policy {
        DmPolicy::Disabled => return verdict(Decision::Block, ReasonCode::DmPolicyDisabled, "dmPolicy=disabled"),
        DmPolicy::Open => return verdict(Decision::Allow, ReasonCode::DmPolicyOpen, "dmPolicy=open"),
        DmPolicy::Pairing | DmPolicy::Allowlist => {}
    }
    if lists.dm.is_some_and(|dm| dm.allowed) {
        return verdict(Decision::Allow, ReasonCode::DmPolicyAllowlisted, format!("dmPolicy={p} (allowlisted)"));
    }
    if policy == DmPolicy::Pairing {
        if !store.store_readable {
            // Unknown whether the sender was approved: neither admit nor re-pair them.
            let reason = "dmPolicy=pairing (allowFrom store unreadable)";
            return verdict(Decision::Block, ReasonCode::DmStoreUnreadable, reason);
        }
        return verdict(Decision::Pairing, ReasonCode::DmPolicyPairingRequired, "dmPolicy=pairing (not allowlisted)");
    }
    verdict(Decision::Block, ReasonCode::DmPolicyNotAllowlisted, format!("dmPolicy={p} (not allowlisted)"))
}

/// The channel layer of command authorization: in a DM the DM list (with pairing approvals) or
/// the group list; in a group only configured lists, never the pairing store.
fn channel_command_authorized(msg: &InboundMessage, access: &ChannelAccess, lists: &Lists<'_>) -> bool {
    let names = access.dangerously_allow_name_matching;
    let authorizer = |list: &AllowList| CommandAuthorizer {
        configured: list.is_configured(),
        allowed: list.allows(&msg.sender, names),
    };
    let owner_and_group = if msg.chat_type.is_group() {
        [authorizer(lists.config), authorizer(lists.group_override.unwrap_or(lists.group))]
    } else {
        [lists.dm.unwrap_or(CommandAuthorizer { configured: false, allowed: false }), authorizer(lists.group)]
    };
    command_authorized_by_lists(access.commands.use_access_groups, &owner_and_group, AccessGroupsOffMode::Allow)
}

/// Decides one inbound message. Compiles `access` for this one call; a caller deciding many
/// messages under the same settings should keep a [`CompiledAccess`] and call [`gate_compiled`].
pub fn gate(
    msg: &InboundMessage,
    access: &ChannelAccess,
    store: &StoreFacts,
    detection: &CommandDetection,
) -> GateDecision {
    gate_compiled(msg, &CompiledAccess::new(&msg.channel, access), store, detection)
}

/// [`gate`] with the access settings compiled ahead of time. A `compiled` made for another
/// channel than the message's is recompiled for it, so a mix-up costs time, never a wrong
/// decision.
pub fn gate_compiled(
    msg: &InboundMessage,
    compiled: &CompiledAccess<'_>,
    store: &StoreFacts,
    detection: &CommandDetection,
) -> GateDecision {
    let recompiled;
    let compiled = if compiled.is_for(&msg.channel) {
        compiled
    } else {
        recompiled = CompiledAccess::new(&msg.channel, compiled.access());
        &recompiled
    };
    let access = compiled.access();
    let lists = lists(msg, compiled, store);
    let is_group = msg.chat_type.is_group();
    let command = detection.detect(&msg.text);
    let (command_authorized, owner) =
        compiled.commands.authorized_and_owner(&msg.sender, channel_command_authorized(msg, access, &lists));
    let mut out = GateDecision {
        decision: Decision::Allow,
        reason_code: ReasonCode::GroupPolicyAllowed,
        reason: String::new(),
        sender_id: sender_id(&msg.channel, &msg.sender),
        is_command: command.is_some(),
        command,
        command_authorized,
        owner,
        mentioned: msg.mentioned,
        mention_bypass: false,
    };
    let verdict = if is_group { group_access(msg, access, &lists) } else { dm_access(access, store, &lists) };
    out.decision = verdict.decision;
    out.reason_code = verdict.code;
    out.reason = verdict.reason;
    if out.decision != Decision::Allow || !is_group {
        return out;
    }
    if access.text_commands_enabled && out.is_command && !out.command_authorized {
        out.decision = Decision::Block;
        out.reason_code = ReasonCode::CommandUnauthorized;
        out.reason = "control command (unauthorized)".to_owned();
        return out;
    }
    let patterns = compiled.mentions();
    let mention = mention_gate(&MentionFacts {
        is_group,
        require_mention: resolve_require_mention(access, msg.group_id.as_deref()),
        can_detect_mention: msg.can_detect_native_mention || !patterns.is_empty(),
        was_mentioned: msg.mentioned || patterns.matches(&msg.text),
        implicit_mention: msg.reply_to_bot,
        has_any_mention: msg.has_any_mention,
        text_commands_enabled: access.text_commands_enabled,
        is_control_command: out.is_command,
        command_authorized: out.command_authorized,
    });
    out.mentioned = mention.effective_mentioned;
    out.mention_bypass = mention.bypass;
    if mention.skip {
        out.decision = Decision::Block;
        out.reason_code = ReasonCode::MentionRequired;
        out.reason = "requireMention (not mentioned)".to_owned();
    }
    out
}

fn sender_id(channel: &str, sender: &Sender) -> Option<String> {
    sender_candidates(channel, sender).into_iter().next()
}
