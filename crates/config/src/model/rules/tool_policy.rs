//! "allow and alsoAllow in one scope" (`addAllowAlsoAllowConflictIssue` and `ToolPolicySchema` in
//! `src/config/zod-schema.agent-runtime.ts`): `alsoAllow` extends a profile, `allow` replaces
//! it, so having both leaves it unclear which tools the operator meant to grant.

use std::collections::BTreeMap;

use crate::issue::Issue;
use crate::key_path::KeyPath;
use crate::model::RawConfig;
use crate::model::channels::GroupConfig;
use crate::model::tools::{ProviderToolPolicyConfig, ToolPolicyConfig, ToolsScopeConfig};

use super::agents::agent_path;
use super::keys;

const FIX: &str = "(merge alsoAllow into allow, or remove allow and use profile + alsoAllow)";

pub(super) fn check(raw: &RawConfig, issues: &mut Vec<Issue>) {
    if let Some(tools) = &raw.tools {
        let base = keys(&["tools"]);
        if conflicts(tools.allow.as_deref(), tools.also_allow.as_deref()) {
            issues.push(Issue::error(
                base.clone(),
                format!("tools cannot set both allow and alsoAllow in the same scope {FIX}"),
            ));
        }
        check_by_provider(&tools.by_provider, &base, issues);
        check_scope(tools.subagents.as_ref(), base.key("subagents"), issues);
        check_scope(tools.sandbox.as_ref(), base.key("sandbox"), issues);
    }
    if let Some(agents) = &raw.agents {
        for slot in agents.agents() {
            let Some(tools) = &slot.config.tools else { continue };
            let base = agent_path(slot.origin).key("tools");
            if conflicts(tools.allow.as_deref(), tools.also_allow.as_deref()) {
                issues.push(Issue::error(
                    base.clone(),
                    format!("agent tools cannot set both allow and alsoAllow in the same scope {FIX}"),
                ));
            }
            check_by_provider(&tools.by_provider, &base, issues);
            check_scope(tools.sandbox.as_ref(), base.key("sandbox"), issues);
        }
    }
    if let Some(channels) = &raw.channels {
        for (name, channel) in channels.iter() {
            let base = keys(&["channels", name]);
            check_groups(&channel.groups, &base.key("groups"), issues);
            check_groups(&channel.channels, &base.key("channels"), issues);
            for (guild_id, guild) in &channel.guilds {
                let guild_path = base.key("guilds").key(guild_id);
                check_policy(guild.tools.as_ref(), guild_path.key("tools"), issues);
                for (sender, policy) in &guild.tools_by_sender {
                    check_policy(Some(policy), guild_path.key("toolsBySender").key(sender), issues);
                }
                check_groups(&guild.channels, &guild_path.key("channels"), issues);
            }
            for (account_id, account) in &channel.accounts {
                let account_path = base.key("accounts").key(account_id);
                check_groups(&account.groups, &account_path.key("groups"), issues);
                check_groups(&account.channels, &account_path.key("channels"), issues);
            }
        }
    }
}

fn conflicts(allow: Option<&[String]>, also_allow: Option<&[String]>) -> bool {
    allow.is_some_and(|a| !a.is_empty()) && also_allow.is_some_and(|a| !a.is_empty())
}

fn check_by_provider(
    by_provider: &BTreeMap<String, ProviderToolPolicyConfig>,
    base: &KeyPath,
    issues: &mut Vec<Issue>,
) {
    for (key, policy) in by_provider {
        if conflicts(policy.allow.as_deref(), policy.also_allow.as_deref()) {
            issues.push(Issue::error(
                base.key("byProvider").key(key),
                format!("tools.byProvider policy cannot set both allow and alsoAllow in the same scope {FIX}"),
            ));
        }
    }
}

fn check_scope(scope: Option<&ToolsScopeConfig>, base: KeyPath, issues: &mut Vec<Issue>) {
    check_policy(scope.and_then(|s| s.tools.as_ref()), base.key("tools"), issues);
}

fn check_policy(policy: Option<&ToolPolicyConfig>, path: KeyPath, issues: &mut Vec<Issue>) {
    if let Some(policy) = policy
        && conflicts(policy.allow.as_deref(), policy.also_allow.as_deref())
    {
        issues.push(Issue::error(
            path,
            format!("tools policy cannot set both allow and alsoAllow in the same scope {FIX}"),
        ));
    }
}

fn check_groups(groups: &BTreeMap<String, GroupConfig>, base: &KeyPath, issues: &mut Vec<Issue>) {
    for (group_id, group) in groups {
        let group_path = base.key(group_id);
        check_policy(group.tools.as_ref(), group_path.key("tools"), issues);
        for (sender, policy) in &group.tools_by_sender {
            check_policy(Some(policy), group_path.key("toolsBySender").key(sender), issues);
        }
    }
}
