//! Sandbox container rules: refinements of `SandboxDockerSchema`, `SandboxBrowserSchema` and
//! `AgentSandboxSchema` in `src/config/zod-schema.agent-runtime.ts` (network modes from
//! `src/agents/sandbox/network-mode.ts`). Each of them keeps a sandbox from silently becoming a
//! path onto the host.

use crate::issue::Issue;
use crate::key_path::KeyPath;
use crate::model::RawConfig;
use crate::model::agents::SandboxConfig;

use super::agents::agent_path;
use super::keys;

pub(super) fn check(raw: &RawConfig, issues: &mut Vec<Issue>) {
    let Some(agents) = &raw.agents else { return };
    if let Some(sandbox) = agents.defaults.as_ref().and_then(|d| d.sandbox.as_ref()) {
        check_sandbox(sandbox, &keys(&["agents", "defaults", "sandbox"]), issues);
    }
    for slot in agents.agents() {
        if let Some(sandbox) = &slot.config.sandbox {
            check_sandbox(sandbox, &agent_path(slot.origin).key("sandbox"), issues);
        }
    }
}

/// Why a Docker network mode is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockedNetwork {
    /// Shares the host's network stack.
    Host,
    /// Joins another container's namespaces.
    ContainerJoin,
}

fn blocked_network(network: Option<&str>, allow_container_join: bool) -> Option<BlockedNetwork> {
    let normalized = network?.trim().to_lowercase();
    if normalized == "host" {
        Some(BlockedNetwork::Host)
    } else if normalized.starts_with("container:") && !allow_container_join {
        Some(BlockedNetwork::ContainerJoin)
    } else {
        None
    }
}

fn check_sandbox(sandbox: &SandboxConfig, base: &KeyPath, issues: &mut Vec<Issue>) {
    let allow_join = sandbox.docker.as_ref().and_then(|d| d.dangerously_allow_container_namespace_join) == Some(true);
    if let Some(docker) = &sandbox.docker {
        let docker_path = base.key("docker");
        for (index, bind) in docker.binds.iter().flatten().enumerate() {
            check_bind(bind, docker_path.key("binds").index(index), issues);
        }
        match blocked_network(docker.network.as_deref(), allow_join) {
            Some(BlockedNetwork::Host) => issues.push(Issue::error(
                docker_path.key("network"),
                "Sandbox security: network mode \"host\" is blocked. Use \"bridge\" or \"none\" instead.",
            )),
            Some(BlockedNetwork::ContainerJoin) => issues.push(Issue::error(
                docker_path.key("network"),
                "Sandbox security: network mode \"container:*\" is blocked by default. Use a custom bridge network, or set dangerouslyAllowContainerNamespaceJoin=true only when you fully trust this runtime.",
            )),
            None => {}
        }
        for (key, value, kind) in [
            ("seccompProfile", docker.seccomp_profile.as_deref(), "seccomp profile"),
            ("apparmorProfile", docker.apparmor_profile.as_deref(), "apparmor profile"),
        ] {
            if value.is_some_and(|v| v.trim().eq_ignore_ascii_case("unconfined")) {
                issues.push(Issue::error(
                    docker_path.key(key),
                    format!(
                        "Sandbox security: {kind} \"unconfined\" is blocked. Use a named profile or omit this setting."
                    ),
                ));
            }
        }
    }
    if let Some(browser) = &sandbox.browser {
        let path = base.key("browser").key("network");
        match blocked_network(browser.network.as_deref(), allow_join) {
            Some(BlockedNetwork::Host) => issues.push(Issue::error(
                path,
                "Sandbox security: browser network mode \"host\" is blocked. Use \"bridge\" or a custom bridge network instead.",
            )),
            Some(BlockedNetwork::ContainerJoin) => issues.push(Issue::error(
                path,
                "Sandbox security: browser network mode \"container:*\" is blocked by default. Set sandbox.docker.dangerouslyAllowContainerNamespaceJoin=true only when you fully trust this runtime.",
            )),
            None => {}
        }
    }
}

/// Bind sources must be absolute host paths; a relative one would resolve against whatever
/// directory Docker runs in.
fn check_bind(bind: &str, path: KeyPath, issues: &mut Vec<Issue>) {
    let bind = bind.trim();
    if bind.is_empty() {
        issues.push(Issue::error(path, "Sandbox security: bind mount entry must be a non-empty string."));
        return;
    }
    let source = match bind.find(':') {
        Some(colon) if colon > 0 => bind[..colon].trim(),
        _ => bind,
    };
    if !source.starts_with('/') {
        issues.push(Issue::error(
            path,
            format!(
                "Sandbox security: bind mount \"{bind}\" uses a non-absolute source path \"{source}\". Only absolute POSIX paths are supported for sandbox binds."
            ),
        ));
    }
}
