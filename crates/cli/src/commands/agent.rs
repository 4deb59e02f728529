//! `openclaw agent`: one agent turn through the running gateway. It calls `agent` with a fresh
//! idempotency key and waits for the second, final response frame (`--expect-final`), then
//! prints the reply's payloads (or, with `--json`, the final response as it came).
//!
//! Unlike OpenClaw, there is no embedded fallback: when the gateway is not reachable the command
//! says so and how to start it, because a second agent runtime in the CLI would bypass the
//! gateway's session locks and policies. Channel delivery (`--deliver`) does not exist in this
//! build, so it is refused instead of being silently ignored.

mod plan;
#[cfg(test)]
mod tests;

use serde_json::{Value, json};

use crate::args::AgentArgs;
use crate::context::RunContext;
use crate::failure::Failure;
use crate::gateway_client::{self, CallError, ClientError, Connection, READ_SCOPE, RpcOptions};
use crate::render;

use plan::{Outcome, SessionChoice};

pub fn run(ctx: &RunContext, args: AgentArgs) -> anyhow::Result<()> {
    if args.deliver {
        return Err(Failure::Unsupported(
            "--deliver needs channel delivery, which this build does not have; drop --deliver to get the reply here"
                .to_owned(),
        )
        .into());
    }
    if args.local {
        return Err(Failure::Unsupported(
            "--local (an embedded agent in the CLI) is not available; start the gateway with `openclaw gateway` and retry without --local"
                .to_owned(),
        )
        .into());
    }
    let config = gateway_client::world_config(ctx);
    let plan = plan::plan(&args, &config, read_message_file)?;
    let options = RpcOptions { target: args.conn.target(), timeout_ms: plan.wait_ms, expect_final: true };
    let mut params = plan.params.clone();
    let mut scopes = gateway_client::scopes_for("agent", Some(&params));
    if matches!(plan.session, SessionChoice::ById { .. }) {
        scopes.push(READ_SCOPE.to_owned());
    }
    let json_out = args.json;
    let mut connection =
        gateway_client::connect(ctx, &options, "agent", &scopes).map_err(|err| call_failed(&err, json_out))?;
    let result = resolve_session(&mut connection, &plan.session, &mut params)
        .and_then(|()| wait_for_final(&mut connection, &params, json_out));
    connection.close();
    match result? {
        Waited::Final(response) => report(&response, json_out),
        Waited::Interrupted => Err(Failure::Silent(130).into()),
    }
}

enum Waited {
    Final(Value),
    /// A second Ctrl-C: the user wants out, whatever the run does.
    Interrupted,
}

/// Sends `agent` and waits for its final response frame, skipping the `accepted` one. The
/// first Ctrl-C asks the gateway to abort the run (`chat.abort`; the final answer then says
/// so), the second stops waiting.
fn wait_for_final(connection: &mut Connection, params: &Value, json_out: bool) -> anyhow::Result<Waited> {
    let interrupts = super::interrupts::Interrupts::watch();
    let id = connection.send("agent", params).map_err(|err| call_failed(&err, json_out))?;
    let mut session_key = params.get("sessionKey").and_then(Value::as_str).map(str::to_owned);
    let run_id = params.get("idempotencyKey").cloned().unwrap_or(Value::Null);
    let mut abort_sent = false;
    loop {
        match interrupts.count() {
            0 => {}
            1 if !abort_sent => {
                abort_sent = true;
                let key = session_key.clone().unwrap_or_else(|| "main".to_owned());
                connection
                    .send("chat.abort", &json!({"sessionKey": key, "runId": run_id}))
                    .map_err(|err| call_failed(&err, json_out))?;
                eprintln!("aborting the run (Ctrl-C again to stop waiting)");
            }
            1 => {}
            _ => return Ok(Waited::Interrupted),
        }
        let incoming = connection.poll(POLL_SLICE).map_err(|err| call_failed(&err, json_out))?;
        let Some(gateway_client::Incoming::Response { id: got, result }) = incoming else { continue };
        if got != id {
            continue;
        }
        let payload = result.map_err(|err| call_failed(&connection.fail(err), json_out))?;
        if payload.get("status").and_then(Value::as_str) == Some("accepted") {
            // The accepted frame names the session the gateway chose; aborts go there.
            if let Some(key) = payload.get("sessionKey").and_then(Value::as_str) {
                session_key = Some(key.to_owned());
            }
            continue;
        }
        return Ok(Waited::Final(payload));
    }
}

/// How long one wait for a frame lasts before Ctrl-C is looked at again.
const POLL_SLICE: std::time::Duration = std::time::Duration::from_millis(200);

/// Reads `--message-file`: UTF-8, at most 4 MiB, as OpenClaw.
fn read_message_file(path: &std::path::Path) -> anyhow::Result<String> {
    const MAX: u64 = 4 * 1024 * 1024;
    let size = std::fs::metadata(path).map_err(|err| anyhow::anyhow!("cannot read {}: {err}", path.display()))?.len();
    if size > MAX {
        anyhow::bail!("{} is larger than 4 MiB", path.display());
    }
    std::fs::read_to_string(path).map_err(|err| anyhow::anyhow!("cannot read {} as UTF-8 text: {err}", path.display()))
}

/// Turns `--session-id` into the session's key: our gateway routes `agent` by key only, so the
/// id is looked up among the agent's sessions (`sessions.list` rows carry their `sessionId`).
fn resolve_session(connection: &mut Connection, choice: &SessionChoice, params: &mut Value) -> anyhow::Result<()> {
    let SessionChoice::ById { session_id, agent } = choice else { return Ok(()) };
    let mut query = json!({"limit": 100_000});
    if let Some(agent) = agent {
        query["agentId"] = json!(agent);
    }
    let listed = connection.request("sessions.list", Some(&query), false).map_err(|err| call_failed(&err, false))?;
    match plan::key_for_session_id(&listed, session_id) {
        Some(key) => {
            params["sessionKey"] = json!(key);
            Ok(())
        }
        None => anyhow::bail!("no session with id \"{session_id}\" (see `openclaw sessions`)"),
    }
}

/// Prints the final response and decides the exit status: only `ok` succeeds.
fn report(response: &Value, json_out: bool) -> anyhow::Result<()> {
    let outcome = plan::outcome(response);
    if json_out {
        render::json(response);
        return match outcome {
            Outcome::Ok(_) => Ok(()),
            Outcome::Failed(_) => Err(Failure::Silent(1).into()),
        };
    }
    match outcome {
        Outcome::Ok(lines) => {
            for line in lines {
                render::out(&line);
            }
            Ok(())
        }
        Outcome::Failed(message) => Err(anyhow::anyhow!(message)),
    }
}

/// Reports a failed gateway call. A wait that ran out gets one line (the run may still finish
/// on the gateway); the rest are reported as `gateway call` reports them.
fn call_failed(err: &CallError, json_out: bool) -> anyhow::Error {
    if let CallError::Transport { error: ClientError::Timeout { .. }, timeout_ms, .. } = err
        && !json_out
    {
        return anyhow::anyhow!(
            "no final answer from the gateway within {}s; the run may still finish there (check with `openclaw gateway call agent.wait`)",
            timeout_ms / 1000
        );
    }
    super::gateway_cmd::fail(err, json_out, Some("Gateway agent failed"))
}
