//! `openclaw gateway` / `gateway run`: the gateway in the foreground. Flags override the
//! config for this run only (`--port`, `--bind`, `--auth`, `--token`, `--password`,
//! `--password-file`); `OPENCLAW_GATEWAY_PORT` applies when `--port` is not given. The
//! process prints one line once it listens and runs until SIGINT/SIGTERM.

use std::net::IpAddr;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use openclaw_config::model::gateway::BindMode;
use openclaw_gateway::tailscale::TailscaleCli;
use openclaw_gateway::{Clock, Overrides, RunOptions};
use openclaw_policy::gateway::auth::{AuthMode, AuthOverride};

use crate::args::GatewayRunArgs;
use crate::context::RunContext;

pub fn run(ctx: &RunContext, args: GatewayRunArgs, log_file: Option<PathBuf>) -> anyhow::Result<()> {
    let env = &ctx.load.process_env;
    let port =
        match args.port {
            Some(port) => Some(port),
            None => match env.non_empty("OPENCLAW_GATEWAY_PORT") {
                Some(raw) => Some(raw.trim().parse::<u16>().map_err(|_| {
                    anyhow::anyhow!("OPENCLAW_GATEWAY_PORT must be a port number (0-65535), got {raw:?}")
                })?),
                None => ctx.locations.profile_port,
            },
        };
    let bind = args.bind.as_deref().map(parse_bind).transpose()?;
    let mode = args.auth.as_deref().map(parse_auth).transpose()?;
    let password_file = match &args.password_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read --password-file {}", path.display()))?;
            let trimmed = text.trim().to_owned();
            if trimmed.is_empty() {
                bail!("--password-file {} is empty", path.display());
            }
            Some(trimmed)
        }
        None => None,
    };
    let overrides = Overrides {
        port,
        bind,
        auth: AuthOverride { mode, token: args.token.clone(), password: args.password.clone(), password_file },
        allow_unconfigured: args.allow_unconfigured,
    };
    let host = openclaw_gateway::discovery::system_hostname().unwrap_or_else(|| "localhost".to_owned());
    // The agent runtime is sized from the config at start (its global lane), the one logging
    // was set up from; a config that does not load is reported by the gateway itself a moment
    // later, so an empty one will do here.
    let initial = match ctx.shared_snapshot() {
        Ok(snapshot) => snapshot.clone(),
        Err(_) => Arc::new(openclaw_config::load_text(&ctx.load, false, String::new())),
    };
    let agent = crate::agent_host::AgentHost::new(
        openclaw_store::StateDir::new(ctx.load.state_dir.clone()),
        initial,
        ctx.load.cwd.clone(),
        ctx.locations.home.clone(),
        host.clone(),
    );
    let tmp = env.non_empty("TMPDIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"));
    let opts = RunOptions {
        load: ctx.load.clone(),
        overrides,
        lock_dir: tmp,
        uid: process_uid(),
        clock: Clock::system(),
        whois: Arc::new(TailscaleCli::new(env.non_empty("OPENCLAW_TAILSCALE_BIN").unwrap_or("tailscale"))),
        interfaces: interfaces(),
        in_container: openclaw_gateway::discovery::running_in_container(env),
        log_file,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        host,
        agent: Some(Arc::new(agent)),
        url_fetch: Default::default(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(openclaw_gateway::run(opts, |listening| {
        let urls: Vec<String> = listening.addrs.iter().map(|a| format!("ws://{a}")).collect();
        #[allow(clippy::print_stdout)] // the one line a supervisor or a test waits for
        {
            println!("openclaw gateway listening on {} (auth: {})", urls.join(", "), listening.auth_mode);
        }
    }))?;
    Ok(())
}

fn parse_bind(raw: &str) -> anyhow::Result<BindMode> {
    Ok(match raw {
        "loopback" => BindMode::Loopback,
        "lan" => BindMode::Lan,
        "tailnet" => BindMode::Tailnet,
        "auto" => BindMode::Auto,
        "custom" => BindMode::Custom,
        other => bail!("--bind must be one of loopback, lan, tailnet, auto, custom (got {other:?})"),
    })
}

fn parse_auth(raw: &str) -> anyhow::Result<AuthMode> {
    AuthMode::parse(raw)
        .ok_or_else(|| anyhow::anyhow!("--auth must be one of none, token, password, trusted-proxy (got {raw:?})"))
}

/// The effective uid, read from `/proc/self` (owned by it) so no libc call is needed.
fn process_uid() -> u32 {
    std::fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(0)
}

/// This host's interface addresses (for `lan`/`tailnet`/`custom` binds and local detection).
fn interfaces() -> Vec<(String, IpAddr)> {
    match if_addrs::get_if_addrs() {
        Ok(list) => list.into_iter().map(|i| (i.name.clone(), i.ip())).collect(),
        Err(err) => {
            tracing::warn!(error = %err, "cannot list network interfaces; assuming loopback only");
            Vec::new()
        }
    }
}
