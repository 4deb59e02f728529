//! `openclaw gateway call|health|probe`: client commands against a running gateway (ours or
//! OpenClaw's), with OpenClaw's text and `--json` output. Running a gateway and discovering one
//! are separate commands.

mod health_lines;
mod probe;

use serde_json::Value;

use std::path::PathBuf;

use crate::args::{GatewayArgs, GatewayCallArgs, GatewayCommand, GatewayRpcArgs};
use crate::context::RunContext;
use crate::failure::Failure;
use crate::gateway_client::{self, Call, CallError, RpcOptions, TargetFlags};
use crate::render;

pub fn run(ctx: &RunContext, args: GatewayArgs, log_file: Option<PathBuf>) -> anyhow::Result<()> {
    match args.command {
        None => super::gateway_run::run(ctx, args.run, log_file),
        Some(GatewayCommand::Run(run)) => super::gateway_run::run(ctx, run, log_file),
        Some(GatewayCommand::Discover(d)) => super::gateway_discover::run(ctx, d.timeout.as_deref(), d.json),
        Some(GatewayCommand::Call(args)) => call(ctx, args),
        Some(GatewayCommand::Health(args)) => health(ctx, &args),
        Some(GatewayCommand::Probe(args)) => probe::run(ctx, &args),
    }
}

impl GatewayRpcArgs {
    pub fn options(&self) -> RpcOptions {
        RpcOptions {
            target: TargetFlags {
                url: self.url.clone(),
                port: self.port,
                token: self.token.clone(),
                password: self.password.clone(),
            },
            timeout_ms: self.timeout,
            expect_final: self.expect_final,
        }
    }
}

fn call(ctx: &RunContext, args: GatewayCallArgs) -> anyhow::Result<()> {
    let json = args.rpc.json;
    let Ok(params) = serde_json::from_str::<Value>(&args.params) else {
        return Err(fail(
            &CallError::Failed("--params must be valid JSON.".to_owned()),
            json,
            Some("Gateway call failed"),
        ));
    };
    let request = Call { method: &args.method, params: Some(params), scopes: None };
    let result = gateway_client::call(ctx, &args.rpc.options(), &request)
        .map_err(|err| fail(&err, json, Some("Gateway call failed")))?;
    if !json {
        render::out(&format!(
            "{}: {}",
            render::paint(ctx.color, "1", "Gateway call"),
            render::paint(ctx.color, "2", &args.method)
        ));
    }
    render::json(&result);
    Ok(())
}

fn health(ctx: &RunContext, args: &GatewayRpcArgs) -> anyhow::Result<()> {
    let request = Call { method: "health", params: None, scopes: None };
    let result = gateway_client::call(ctx, &args.options(), &request).map_err(|err| fail(&err, args.json, None))?;
    if args.json {
        render::json(&result);
        return Ok(());
    }
    render::out(&render::paint(ctx.color, "1", "Gateway Health"));
    let duration = result.get("durationMs").and_then(Value::as_f64).map(|ms| format!(" ({ms}ms)")).unwrap_or_default();
    render::out(&format!("{}{duration}", render::paint(ctx.color, "32", "OK")));
    if result.get("channels").is_some_and(Value::is_object) {
        for line in health_lines::channel_lines(&result) {
            render::out(&line);
        }
    }
    Ok(())
}

/// Prints a failed call the way OpenClaw does (the `--json` body on stdout, or one message on
/// stderr, labelled unless it already explains itself) and yields the exit status 1.
pub fn fail(err: &CallError, json: bool, label: Option<&str>) -> anyhow::Error {
    if json {
        render::json(&err.to_json());
    } else {
        match label {
            Some(label) if !err.is_expected() => eprintln!("{label}: {}", err.text()),
            _ => eprintln!("{}", err.text()),
        }
    }
    Failure::Silent(1).into()
}
