//! `openclaw doctor`: is the config valid, are the state files private, can clients authenticate?
//!
//! `--fix` repairs only what cannot widen access: it tightens modes (never loosens, never follows
//! symlinks) and removes config keys neither OpenClaw nor this gateway knows (after a backup).

use openclaw_config::write::{self, Edit};
use openclaw_config::{KeyPath, Severity, Snapshot};
use openclaw_store::StateDir;
use serde_json::{Value, json};

use crate::args::DoctorArgs;
use crate::context::RunContext;
use crate::failure::Failure;
use crate::render;
use crate::secrets;

struct Finding {
    level: Severity,
    area: &'static str,
    message: String,
}

pub fn run(ctx: &RunContext, args: DoctorArgs) -> anyhow::Result<()> {
    let mut findings = Vec::new();
    let mut actions: Vec<String> = Vec::new();
    let state = StateDir::new(ctx.state_dir().clone());

    let mut snap = openclaw_config::load(&ctx.load)?;
    if args.fix
        && let Some(fixed) = remove_unknown_keys(ctx, &snap, &mut actions)?
    {
        snap = fixed;
    }
    if args.generate_gateway_token {
        if !snap.is_valid() {
            return Err(Failure::invalid_config(&snap).into());
        }
        let token = secrets::generate_token()?;
        let path = KeyPath::parse("gateway.auth.token").map_err(anyhow::Error::msg)?;
        let outcome = write::apply(
            &ctx.load,
            &[Edit::Set(path, Value::String(token.clone()))],
            &who("cli:doctor --generate-gateway-token"),
            false,
        )?;
        snap = outcome.snapshot;
        actions.push("wrote a new 256-bit token to gateway.auth.token".to_owned());
        if !args.json {
            render::out(&format!("Gateway token: {token}"));
        }
    }

    check_config(&snap, &mut findings);
    check_auth(&snap, &mut findings);
    check_permissions(ctx, &state, args.fix, &mut findings, &mut actions)?;

    let errors = findings.iter().filter(|f| f.level == Severity::Error).count();
    if args.json {
        render::json(&json!({
            "ok": errors == 0,
            "configPath": snap.path.display().to_string(),
            "stateDir": ctx.state_dir().display().to_string(),
            "findings": findings.iter().map(|f| json!({"level": f.level, "area": f.area, "message": f.message})).collect::<Vec<_>>(),
            "fixed": actions,
        }));
    } else {
        render::out(&format!(
            "openclaw doctor — state {}, config {}",
            ctx.short(ctx.state_dir()),
            ctx.short(&snap.path)
        ));
        for f in &findings {
            let (mark, code) = match f.level {
                Severity::Error => ("×", "31"),
                Severity::Warning => ("!", "33"),
                Severity::Notice => ("·", "2"),
            };
            render::out(&format!("  {} [{}] {}", render::paint(ctx.color, code, mark), f.area, f.message));
        }
        for a in &actions {
            render::out(&format!("  {} fixed: {a}", render::paint(ctx.color, "32", "✓")));
        }
        if findings.is_empty() {
            render::out(&format!("  {} everything looks right", render::paint(ctx.color, "32", "✓")));
        } else if errors > 0 && !args.fix {
            render::out("Run `openclaw doctor --fix` to repair what can be repaired safely.");
        }
    }
    if errors == 0 { Ok(()) } else { Err(Failure::Silent(1).into()) }
}

fn who(source: &'static str) -> write::WriteSource<'static> {
    write::WriteSource { source, pid: std::process::id(), ts: jiff::Timestamp::now().to_string() }
}

/// Unknown keys are the one config error doctor repairs by itself: removing a key the gateway
/// would refuse cannot grant anything. Keys inside `$include` files are left for the user.
fn remove_unknown_keys(
    ctx: &RunContext,
    snap: &Snapshot,
    actions: &mut Vec<String>,
) -> anyhow::Result<Option<Snapshot>> {
    let unknown: Vec<KeyPath> = snap.errors().filter_map(openclaw_config::schema::unknown_key_path).collect();
    if unknown.is_empty() {
        return Ok(None);
    }
    let root_text = openclaw_config::syntax::parse(&snap.raw).map(|p| p.value).unwrap_or(Value::Null);
    let edits: Vec<Edit> =
        unknown.into_iter().filter(|p| write::lookup(&root_text, p).is_some()).map(Edit::Unset).collect();
    if edits.is_empty() {
        return Ok(None);
    }
    let names: Vec<String> = edits
        .iter()
        .map(|e| match e {
            Edit::Unset(p) | Edit::Set(p, _) => p.to_string(),
        })
        .collect();
    match write::apply(&ctx.load, &edits, &who("cli:doctor --fix"), true) {
        Ok(outcome) => {
            actions.push(format!(
                "removed unknown config keys: {} (backup in {}.bak)",
                names.join(", "),
                snap.path.display()
            ));
            Ok(Some(outcome.snapshot))
        }
        // Other errors remain: leave the file alone and report them below.
        Err(openclaw_config::ConfigError::Invalid { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn check_config(snap: &Snapshot, findings: &mut Vec<Finding>) {
    if !snap.exists {
        findings.push(Finding {
            level: Severity::Warning,
            area: "config",
            message: format!("{} does not exist; run `openclaw setup`", snap.path.display()),
        });
        return;
    }
    for issue in &snap.issues {
        if issue.severity == Severity::Notice {
            continue;
        }
        let at = issue.location.as_ref().map(|l| format!("{l}: ")).unwrap_or_default();
        findings.push(Finding {
            level: issue.severity,
            area: "config",
            message: format!("{at}{}: {}", issue.path, issue.message),
        });
    }
    if !snap.unsupported.is_empty() {
        let names: Vec<String> = snap.unsupported.iter().map(ToString::to_string).collect();
        findings.push(Finding {
            level: Severity::Notice,
            area: "config",
            message: format!("accepted, not supported yet (no effect in this gateway): {}", names.join(", ")),
        });
    }
}

fn check_auth(snap: &Snapshot, findings: &mut Vec<Finding>) {
    use openclaw_config::model::gateway::{AuthMode, BindMode};
    let Some(config) = &snap.config else { return };
    let auth = &config.gateway.auth;
    let from_env = |name: &str| snap.env.non_empty(name).is_some();
    let message = match auth.mode {
        AuthMode::Token if auth.token.is_none() && !from_env("OPENCLAW_GATEWAY_TOKEN") => Some((
            Severity::Warning,
            "gateway.auth.mode is token but no token is set: the gateway will refuse clients; run `openclaw doctor --generate-gateway-token`".to_owned(),
        )),
        AuthMode::Password if auth.password.is_none() && !from_env("OPENCLAW_GATEWAY_PASSWORD") => Some((
            Severity::Warning,
            "gateway.auth.mode is password but no password is set (gateway.auth.password or OPENCLAW_GATEWAY_PASSWORD)".to_owned(),
        )),
        AuthMode::None if config.gateway.bind != BindMode::Loopback => Some((
            Severity::Error,
            "gateway.auth.mode is none on a non-loopback bind: anyone who can reach the port controls the gateway".to_owned(),
        )),
        AuthMode::None => Some((
            Severity::Warning,
            "gateway.auth.mode is none: any local process (or a reverse proxy) can control the gateway".to_owned(),
        )),
        _ => None,
    };
    if let Some((level, message)) = message {
        findings.push(Finding { level, area: "gateway", message });
    }
}

fn check_permissions(
    ctx: &RunContext,
    state: &StateDir,
    fix: bool,
    findings: &mut Vec<Finding>,
    actions: &mut Vec<String>,
) -> anyhow::Result<()> {
    if !state.root().exists() {
        findings.push(Finding {
            level: Severity::Warning,
            area: "state",
            message: format!("state directory {} does not exist; run `openclaw setup`", ctx.short(state.root())),
        });
        return Ok(());
    }
    let facts = state.inspect(&ctx.locations.config_path)?;
    if fix {
        for change in state.tighten(&facts)? {
            actions.push(format!("{} mode {:o} -> {:o}", ctx.short(&change.path), change.from, change.to));
        }
    }
    let facts = state.inspect(&ctx.locations.config_path)?;
    for f in facts {
        if f.is_symlink {
            let target = f.symlink_target.as_ref().map(|t| t.display().to_string()).unwrap_or_default();
            findings.push(Finding {
                level: Severity::Warning,
                area: "permissions",
                message: format!(
                    "{} is a symlink to {target}; its target's permissions are not checked here",
                    ctx.short(&f.path)
                ),
            });
            continue;
        }
        let want = if f.kind == openclaw_store::PathKind::Dir { 0o700 } else { 0o600 };
        if f.mode & 0o077 != 0 {
            let level = if f.mode & 0o022 != 0 { Severity::Error } else { Severity::Warning };
            let what = if f.mode & 0o022 != 0 { "writable" } else { "readable" };
            findings.push(Finding {
                level,
                area: "permissions",
                message: format!(
                    "{} is {what} by other users (mode {:o}, want {:o})",
                    ctx.short(&f.path),
                    f.mode,
                    want
                ),
            });
        }
    }
    Ok(())
}
