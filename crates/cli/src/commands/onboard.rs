//! `openclaw onboard --non-interactive`: everything a local gateway needs before its first run.
//!
//! Creates the state directory (0700), writes the security document's hardened baseline when
//! there is no config (the same text as `setup`, with a fresh 256-bit token), and otherwise only
//! fills in missing onboarding keys (see [`fill`]). Then it creates the agent workspace with our
//! starter files. The token is never printed, not even with `--json`: OpenClaw's output leaves it
//! out too, and it can always be read from the config file by its owner.

mod fill;

use std::path::{Path, PathBuf};

use openclaw_agent::workspace::{WorkspaceInit, ensure_workspace};
use openclaw_config::location::expand_user;
use openclaw_config::{Snapshot, write};
use openclaw_store::StateDir;
use serde_json::{Value, json};

use crate::args::OnboardArgs;
use crate::context::RunContext;
use crate::failure::Failure;
use crate::render;
use crate::secrets;

/// Exit status for "this cannot work as asked", distinct from a failed run (1).
const USAGE_EXIT: u8 = 2;

/// What happened to the config file.
enum ConfigOutcome {
    Created,
    /// Existing file; the key paths filled in (empty: left byte-for-byte unchanged).
    Kept(Vec<String>),
}

pub fn run(ctx: &RunContext, args: OnboardArgs) -> anyhow::Result<()> {
    if !args.non_interactive {
        eprintln!("error: interactive onboarding is not available; run `openclaw onboard --non-interactive`");
        return Err(Failure::Silent(USAGE_EXIT).into());
    }
    let state = StateDir::new(ctx.state_dir().clone());
    state.create()?;
    let before = openclaw_config::load(&ctx.load)?;
    if before.exists && !before.is_valid() {
        // OpenClaw refuses too: filling gaps in a config we cannot read could hide its errors.
        return Err(Failure::invalid_config(&before).into());
    }
    let workspace = resolve_workspace(ctx, &args, &before, &state);
    let workspace_text = workspace.display().to_string();
    let who =
        write::WriteSource { source: "cli:onboard", pid: std::process::id(), ts: jiff::Timestamp::now().to_string() };

    let outcome = if before.exists {
        let resolved = before.resolved.clone().unwrap_or_else(|| json!({}));
        let env = &ctx.load.process_env;
        let env_auth =
            ["OPENCLAW_GATEWAY_TOKEN", "OPENCLAW_GATEWAY_PASSWORD"].iter().any(|k| env.non_empty(k).is_some());
        let existing = fill::Existing { resolved: &resolved, env_auth };
        let edits = fill::missing_edits(&existing, &workspace_text, args.workspace.is_some(), secrets::generate_token)?;
        if !edits.is_empty() {
            write::apply(&ctx.load, &edits, &who, false)?;
        }
        ConfigOutcome::Kept(edits.iter().map(|e| edit_path(e).to_string()).collect())
    } else {
        let token = secrets::generate_token()?;
        write::create(&ctx.load, &super::setup::hardened_config(&token, &workspace_text), &who)?;
        ConfigOutcome::Created
    };
    let init = ensure_workspace(&workspace)?;
    let after = openclaw_config::load(&ctx.load)?;

    if args.json {
        render::json(&json_report(ctx, &args, &state, &after, &outcome, &init));
    } else {
        print_text(ctx, &state, &outcome, &init);
    }
    if after.is_valid() { Ok(()) } else { Err(Failure::invalid_config(&after).into()) }
}

/// `--workspace`, else `agents.defaults.workspace`, else `<stateDir>/workspace`; `~` expanded
/// and made absolute, since the gateway may later run from another directory.
fn resolve_workspace(ctx: &RunContext, args: &OnboardArgs, config: &Snapshot, state: &StateDir) -> PathBuf {
    let configured = config
        .resolved
        .as_ref()
        .and_then(|v| v.pointer("/agents/defaults/workspace"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match args.workspace.as_deref().map(str::trim).filter(|s| !s.is_empty()).or(configured) {
        Some(raw) => expand_user(raw, &ctx.locations.home, &ctx.load.cwd),
        None => state.workspace_dir(),
    }
}

fn edit_path(edit: &openclaw_config::Edit) -> &openclaw_config::KeyPath {
    match edit {
        openclaw_config::Edit::Set(p, _) | openclaw_config::Edit::Unset(p) => p,
    }
}

/// OpenClaw's `onboard --json` fields first (gateway summary without the token), then ours.
fn json_report(
    ctx: &RunContext,
    args: &OnboardArgs,
    state: &StateDir,
    after: &Snapshot,
    outcome: &ConfigOutcome,
    init: &WorkspaceInit,
) -> Value {
    let gateway = after.config.as_ref().map(|c| {
        json!({
            "port": c.gateway.port,
            "bind": c.gateway.bind,
            "authMode": c.gateway.auth.mode,
            "tailscaleMode": c.gateway.tailscale.mode,
        })
    });
    let (created, filled) = match outcome {
        ConfigOutcome::Created => (true, Vec::new()),
        ConfigOutcome::Kept(paths) => (false, paths.clone()),
    };
    json!({
        "ok": after.is_valid(),
        "mode": "local",
        "workspace": init.dir.display().to_string(),
        "authChoice": "skip",
        "gateway": gateway,
        "installDaemon": false,
        "skipSkills": args.skip_skills,
        "skipHealth": args.skip_health,
        "stateDir": state.root().display().to_string(),
        "configPath": ctx.locations.config_path.display().to_string(),
        "configCreated": created,
        "configFilledIn": filled,
        "workspaceCreated": init.created_dir,
        "workspaceBrandNew": init.brand_new,
        "workspaceFilesWritten": init.written,
    })
}

fn print_text(ctx: &RunContext, state: &StateDir, outcome: &ConfigOutcome, init: &WorkspaceInit) {
    let config_path = &ctx.locations.config_path;
    render::out(&format!("State directory: {} (mode 700)", ctx.short(state.root())));
    match outcome {
        ConfigOutcome::Created => {
            render::out(&format!("Wrote hardened config: {} (mode 600)", ctx.short(config_path)));
            render::out("  gateway: local mode, loopback only, token auth (token in gateway.auth.token)");
            render::out("  DMs: pairing; sessions isolated per channel and sender");
            render::out("  tools: messaging profile; exec, filesystem, runtime and automation tools denied");
        }
        ConfigOutcome::Kept(paths) if paths.is_empty() => {
            render::out(&format!("Kept existing config: {} (nothing missing, unchanged)", ctx.short(config_path)));
        }
        ConfigOutcome::Kept(paths) => {
            render::out(&format!("Kept existing config: {}; filled in missing keys:", ctx.short(config_path)));
            for path in paths {
                render::out(&format!("  {path}"));
            }
        }
    }
    render::out(&workspace_line(ctx, &init.dir, init));
    render::out("Next: `openclaw doctor` to check the setup, then `openclaw gateway run`.");
}

fn workspace_line(ctx: &RunContext, dir: &Path, init: &WorkspaceInit) -> String {
    let created = if init.created_dir { "created" } else { "existing" };
    let files = if init.written.is_empty() {
        "all starter files already present".to_owned()
    } else {
        format!("wrote {}", init.written.join(", "))
    };
    format!("Workspace: {} ({created}; {files})", ctx.short(dir))
}
