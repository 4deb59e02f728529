//! `openclaw setup`: a private state directory and a hardened starting config (`onboard` adds the
//! agent workspace on top).
//!
//! The config written is the security document's "hardened baseline": loopback bind, token auth
//! with a fresh 256-bit token, per-channel-peer DM isolation, messaging-only tools with runtime,
//! filesystem and automation tools denied, and exec denied. An existing config is never replaced.

use openclaw_config::write;
use openclaw_store::StateDir;
use serde_json::json;

use crate::args::SetupArgs;
use crate::context::RunContext;
use crate::render;
use crate::secrets;

pub fn run(ctx: &RunContext, args: SetupArgs) -> anyhow::Result<()> {
    let state = StateDir::new(ctx.state_dir().clone());
    state.create()?;
    let workspace = args.workspace.clone().unwrap_or_else(|| state.workspace_dir().display().to_string());
    let config_path = &ctx.locations.config_path;

    let created = if config_path.exists() {
        false
    } else {
        let token = secrets::generate_token()?;
        let who =
            write::WriteSource { source: "cli:setup", pid: std::process::id(), ts: jiff::Timestamp::now().to_string() };
        write::create(&ctx.load, &hardened_config(&token, &workspace), &who)?;
        true
    };
    let snap = openclaw_config::load(&ctx.load)?;
    if args.json {
        render::json(&json!({
            "ok": snap.is_valid(),
            "stateDir": state.root().display().to_string(),
            "configPath": config_path.display().to_string(),
            "created": created,
            "workspace": workspace,
        }));
    } else {
        render::out(&format!("State directory: {} (mode 700)", ctx.short(state.root())));
        if created {
            render::out(&format!("Wrote hardened config: {} (mode 600)", ctx.short(config_path)));
            render::out("  gateway: loopback only, token auth (token in gateway.auth.token)");
            render::out("  DMs: pairing; sessions isolated per channel and sender");
            render::out("  tools: messaging profile; exec, filesystem, runtime and automation tools denied");
        } else {
            let state_word = if snap.is_valid() { "valid" } else { "INVALID — run `openclaw config validate`" };
            render::out(&format!("Kept existing config: {} ({state_word})", ctx.short(config_path)));
        }
        render::out("Next: `openclaw doctor` to check permissions and config.");
    }
    if snap.is_valid() { Ok(()) } else { Err(crate::failure::Failure::invalid_config(&snap).into()) }
}

/// The hardened baseline, as commented JSON5 so users can see why each key is there.
pub(crate) fn hardened_config(token: &str, workspace: &str) -> String {
    let token = serde_json::Value::String(token.to_owned());
    let workspace = serde_json::Value::String(workspace.to_owned());
    format!(
        r#"// openclaw config (JSON5). Hardened baseline: widen access deliberately, one key at a time.
// Check it any time with `openclaw config validate` and `openclaw doctor`.
{{
  gateway: {{
    mode: "local",
    // Only this machine can connect. Use a reverse proxy or Tailscale Serve to reach it remotely.
    bind: "loopback",
    port: 18789,
    // Every client must present this token (rotate it: `openclaw doctor --generate-gateway-token`).
    auth: {{ mode: "token", token: {token} }},
  }},
  session: {{
    // Each sender on each channel gets its own conversation: no context leaks between people.
    dmScope: "per-channel-peer",
  }},
  tools: {{
    profile: "messaging",
    deny: ["group:automation", "group:runtime", "group:fs", "sessions_spawn", "sessions_send"],
    fs: {{ workspaceOnly: true }},
    exec: {{ security: "deny", ask: "always" }},
    elevated: {{ enabled: false }},
  }},
  agents: {{
    defaults: {{ workspace: {workspace} }},
  }},
  logging: {{
    // Mask tokens, keys and passwords in every log line.
    redactSensitive: "tools",
  }},
  discovery: {{
    // Announce the gateway on the LAN without paths or SSH details.
    mdns: {{ mode: "minimal" }},
  }},
}}
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hardened_config_is_json5_with_the_token() {
        let text = hardened_config("abc", "/w");
        let parsed = openclaw_config::syntax::parse(&text).map(|p| p.value).unwrap_or_default();
        assert_eq!(parsed["gateway"]["auth"]["token"], "abc");
        assert_eq!(parsed["session"]["dmScope"], "per-channel-peer");
        assert_eq!(parsed["agents"]["defaults"]["workspace"], "/w");
    }
}
