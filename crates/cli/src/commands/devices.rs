//! `openclaw devices list|approve|reject|remove|rotate|revoke`: device pairing on a running
//! gateway through `device.pair.*` and `device.token.*`, with OpenClaw's output. Approval shows
//! what a request asks for before granting it, and connects with no more scope than the grant
//! needs, because a pairer can only hand out scopes it holds itself.

mod access;
mod table;
#[cfg(test)]
mod tests;

use std::io::IsTerminal as _;

use serde_json::{Value, json};

use self::access::{Access, ApprovalState};
use self::table::Column;
use crate::args::{DevicesCommand, DevicesRpcArgs};
use crate::context::RunContext;
use crate::failure::Failure;
use crate::gateway_client::{self, Call, CallError, PAIRING_SCOPE, RpcOptions, TargetFlags, now_ms};
use crate::render::{self, paint};

pub fn run(ctx: &RunContext, cmd: DevicesCommand) -> anyhow::Result<()> {
    match cmd {
        DevicesCommand::List(rpc) => list(ctx, &rpc),
        DevicesCommand::Approve { request_id, latest, rpc } => approve(ctx, request_id.as_deref(), latest, &rpc),
        DevicesCommand::Reject { request_id, rpc } => reject(ctx, &request_id, &rpc),
        DevicesCommand::Remove { device_id, rpc } => remove(ctx, &device_id, &rpc),
        DevicesCommand::Rotate { device, role, scopes, no_scopes, rpc } => {
            let requested = if no_scopes { Some(Vec::new()) } else { (!scopes.is_empty()).then_some(scopes) };
            manage_token(ctx, "device.token.rotate", &device, &role, requested, &rpc)
        }
        DevicesCommand::Revoke { device, role, rpc } => {
            manage_token(ctx, "device.token.revoke", &device, &role, None, &rpc)
        }
    }
}

fn options(rpc: &DevicesRpcArgs) -> RpcOptions {
    RpcOptions {
        target: TargetFlags {
            url: rpc.url.clone(),
            port: None,
            token: rpc.token.clone(),
            password: rpc.password.clone(),
        },
        timeout_ms: rpc.timeout,
        expect_final: false,
    }
}

fn call(
    ctx: &RunContext,
    rpc: &DevicesRpcArgs,
    method: &str,
    params: Value,
    scopes: Option<Vec<String>>,
) -> Result<Value, CallError> {
    gateway_client::call(ctx, &options(rpc), &Call { method, params: Some(params), scopes })
}

/// Reports a failed call: transport failures in OpenClaw's transport shape, anything else as a
/// CLI error carrying the gateway's reason.
fn fail(err: &CallError, json: bool) -> anyhow::Error {
    if json {
        let body = match err {
            CallError::Transport { .. } => err.to_json(),
            other => json!({"ok": false, "error": {"type": "cli_error", "message": other.text()}}),
        };
        render::json(&body);
    } else if err.is_expected() {
        eprintln!("{}", err.text());
    } else {
        eprintln!("error: {}", err.text());
    }
    Failure::Silent(1).into()
}

/// Prints `message` on stderr and exits 1 (usage-level refusals that are not call failures).
fn refuse(message: &str) -> anyhow::Error {
    eprintln!("{message}");
    Failure::Silent(1).into()
}

struct PairingList {
    pending: Vec<Value>,
    paired: Vec<Value>,
}

impl PairingList {
    fn parse(value: &Value) -> Self {
        let list = |key: &str| value.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
        Self { pending: list("pending"), paired: list("paired") }
    }

    fn fetch(ctx: &RunContext, rpc: &DevicesRpcArgs, scopes: Option<Vec<String>>) -> Result<Self, CallError> {
        call(ctx, rpc, "device.pair.list", json!({}), scopes).map(|v| Self::parse(&v))
    }

    fn pending_by_id(&self, request_id: &str) -> Option<&Value> {
        self.pending.iter().find(|r| text(r, "requestId") == Some(request_id))
    }
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn list(ctx: &RunContext, rpc: &DevicesRpcArgs) -> anyhow::Result<()> {
    let list =
        PairingList::fetch(ctx, rpc, Some(vec![PAIRING_SCOPE.to_owned()])).map_err(|err| fail(&err, rpc.json))?;
    if rpc.json {
        render::json(&json!({"pending": list.pending, "paired": list.paired}));
        return Ok(());
    }
    // Like Node's `stdout.columns`, the terminal width only counts when stdout is a terminal.
    let columns = if std::io::stdout().is_terminal() { ctx.load.process_env.get("COLUMNS") } else { None };
    for line in list_lines(&list, rpc, ctx.color, table::terminal_width(columns)) {
        render::out(&line);
    }
    Ok(())
}

fn list_lines(list: &PairingList, rpc: &DevicesRpcArgs, color: bool, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let count = |n: usize| paint(color, "2", &format!("({n})"));
    if !list.pending.is_empty() {
        lines.push(format!("{} {}", paint(color, "1", "Pending"), count(list.pending.len())));
        let columns = [
            Column { header: "Request", min_width: 10, flex: false },
            Column { header: "Device", min_width: 16, flex: true },
            Column { header: "Requested", min_width: 20, flex: true },
            Column { header: "Approved", min_width: 20, flex: true },
            Column { header: "Age", min_width: 8, flex: false },
            Column { header: "Status", min_width: 12, flex: false },
        ];
        let rows: Vec<Vec<String>> = list
            .pending
            .iter()
            .map(|request| {
                let state = ApprovalState::of(request, access::paired_for(&list.paired, request));
                let mut status = state.label().to_owned();
                if request.get("isRepair").and_then(Value::as_bool) == Some(true) {
                    status.push_str(", repair");
                }
                let ip = text(request, "remoteIp").map(|ip| format!(" · {ip}")).unwrap_or_default();
                let age =
                    request.get("ts").and_then(Value::as_i64).map(|ts| time_ago(now_ms() - ts)).unwrap_or_default();
                vec![
                    text(request, "requestId").unwrap_or("").to_owned(),
                    format!("{}{ip}", pending_identity(request)),
                    Access::summary(Some(&state.requested)),
                    Access::summary(state.approved.as_ref()),
                    age,
                    status,
                ]
            })
            .collect();
        lines.extend(table::render(&columns, &rows, width));
    }
    if !list.paired.is_empty() {
        lines.push(format!("{} {}", paint(color, "1", "Paired"), count(list.paired.len())));
        let columns = [
            Column { header: "Device", min_width: 16, flex: true },
            Column { header: "Device ID", min_width: 12, flex: true },
            Column { header: "Roles", min_width: 12, flex: true },
            Column { header: "Scopes", min_width: 12, flex: true },
            Column { header: "Tokens", min_width: 12, flex: true },
            Column { header: "IP", min_width: 12, flex: false },
        ];
        let joined = |device: &Value, key: &str| {
            device
                .get(key)
                .and_then(Value::as_array)
                .map_or(String::new(), |items| items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "))
        };
        let rows: Vec<Vec<String>> = list
            .paired
            .iter()
            .map(|device| {
                let name = ["operatorLabel", "displayName", "clientId", "deviceId"]
                    .iter()
                    .find_map(|key| text(device, key))
                    .unwrap_or("");
                vec![
                    name.to_owned(),
                    text(device, "deviceId").unwrap_or("").to_owned(),
                    joined(device, "roles"),
                    joined(device, "scopes"),
                    token_summary(device),
                    text(device, "remoteIp").unwrap_or("").to_owned(),
                ]
            })
            .collect();
        lines.extend(table::render(&columns, &rows, width));
        lines.push(paint(color, "2", "Full device IDs"));
        for row in &rows {
            lines.push(format!("  {}  {}", row[1], row[0]));
        }
        for device in &list.paired {
            if let Some(notice) = node_approval_notice(device, rpc) {
                lines.push(paint(color, "33", &notice));
            }
        }
    }
    if list.pending.is_empty() && list.paired.is_empty() {
        lines.push(paint(color, "2", "No device pairing entries."));
    }
    lines
}

fn pending_identity(request: &Value) -> String {
    text(request, "displayName").or_else(|| text(request, "deviceId")).unwrap_or("").to_owned()
}

/// `operator, node (revoked)`: each token's role, sorted; `none` without tokens.
fn token_summary(device: &Value) -> String {
    let tokens: Vec<&Value> = match device.get("tokens") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Object(map)) => map.values().collect(),
        _ => Vec::new(),
    };
    if tokens.is_empty() {
        return "none".to_owned();
    }
    let mut labels: Vec<String> = tokens
        .iter()
        .map(|t| {
            let revoked = t.get("revokedAtMs").is_some_and(|v| !v.is_null());
            format!("{}{}", text(t, "role").unwrap_or(""), if revoked { " (revoked)" } else { "" })
        })
        .collect();
    labels.sort();
    labels.join(", ")
}

/// A paired device whose node surface waits for approval (nodes are approved separately).
fn node_approval_notice(device: &Value, rpc: &DevicesRpcArgs) -> Option<String> {
    let pending = device.get("pendingNodeSurface")?;
    let request_id = text(pending, "requestId")?;
    let action = if device.get("nodeSurface").is_some_and(|v| !v.is_null()) { "reapproval" } else { "approval" };
    let label = text(device, "operatorLabel")
        .or_else(|| text(pending, "displayName"))
        .or_else(|| device.get("nodeSurface").and_then(|n| text(n, "displayName")))
        .or_else(|| text(device, "displayName"))
        .or_else(|| text(device, "deviceId"))
        .unwrap_or("");
    Some(format!("Node {action} pending for {label}. Run {}", approve_command("nodes", request_id, rpc, false)))
}

/// `openclaw <group> approve <id>` plus the flags that must be repeated (never the secret).
fn approve_command(group: &str, request_id: &str, rpc: &DevicesRpcArgs, json: bool) -> String {
    let mut args = vec!["openclaw".to_owned(), group.to_owned(), "approve".to_owned(), quote(request_id)];
    if let Some(url) = rpc.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        args.push("--url".to_owned());
        args.push(quote(url));
    }
    if rpc.timeout != 10_000 {
        args.push("--timeout".to_owned());
        args.push(rpc.timeout.to_string());
    }
    if json {
        args.push("--json".to_owned());
    }
    args.join(" ")
}

fn quote(arg: &str) -> String {
    if !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c)) {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// `just now`, `5m ago`, `3h ago`, `2d ago`.
fn time_ago(ms: i64) -> String {
    if ms < 0 {
        return "unknown".to_owned();
    }
    let seconds = (ms as f64 / 1000.0).round();
    let minutes = (seconds / 60.0).round();
    if minutes < 1.0 {
        return "just now".to_owned();
    }
    if minutes < 60.0 {
        return format!("{minutes}m ago");
    }
    let hours = (minutes / 60.0).round();
    if hours < 48.0 {
        return format!("{hours}h ago");
    }
    format!("{}d ago", (hours / 24.0).round())
}

fn approve(ctx: &RunContext, request_id: Option<&str>, latest: bool, rpc: &DevicesRpcArgs) -> anyhow::Result<()> {
    let explicit = request_id.map(str::trim).filter(|id| !id.is_empty());
    match explicit {
        Some(id) if !latest => approve_exact(ctx, id, rpc),
        _ => show_latest(ctx, rpc),
    }
}

/// Without a request id OpenClaw does not approve anything: it shows the newest request and the
/// exact command to approve it, so nobody grants access to a device they have not looked at.
fn show_latest(ctx: &RunContext, rpc: &DevicesRpcArgs) -> anyhow::Result<()> {
    let list =
        PairingList::fetch(ctx, rpc, Some(vec![PAIRING_SCOPE.to_owned()])).map_err(|err| fail(&err, rpc.json))?;
    let ts = |r: &Value| r.get("ts").and_then(Value::as_i64).unwrap_or(0);
    let Some(request) = list.pending.iter().fold(None, |best: Option<&Value>, r| match best {
        Some(b) if ts(r) <= ts(b) => Some(b),
        _ => Some(r),
    }) else {
        return Err(refuse("No pending device pairing requests to approve"));
    };
    let id = text(request, "requestId").unwrap_or("");
    let state = ApprovalState::of(request, access::paired_for(&list.paired, request));
    let command = approve_command("devices", id, rpc, rpc.json);
    let has = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    if rpc.json {
        render::json(&json!({
            "selected": request,
            "approvalState": {
                "kind": state.kind,
                "requested": state.requested.to_json(),
                "approved": state.approved.as_ref().map(Access::to_json),
            },
            "approveCommand": command,
            "requiresAuthFlags": {"token": has(&rpc.token), "password": has(&rpc.password)},
        }));
        return Err(Failure::Silent(1).into());
    }
    let color = ctx.color;
    render::out(&format!("{} {}", paint(color, "33", "Selected pending device request"), paint(color, "36", id)));
    render::out(&format!("  Device: {}", pending_identity(request)));
    render::out(&format!("  Requested: {}", Access::summary(Some(&state.requested))));
    if let Some(approved) = &state.approved {
        render::out(&format!("  Approved: {}", Access::summary(Some(approved))));
    }
    if let Some(ip) = text(request, "remoteIp") {
        render::out(&format!("  IP:     {ip}"));
    }
    render::out(match state.kind {
        "scope-upgrade" => {
            "  Note:   Already paired. Requested scopes exceed the current approval, so reconnect stays blocked until you approve this upgrade."
        }
        "role-upgrade" => {
            "  Note:   Already paired. Requested role exceeds the current approval, so reconnect stays blocked until you approve this upgrade."
        }
        "re-approval" => {
            "  Note:   Already paired. Approval-bound device details changed, so OpenClaw created a fresh request instead of silently reusing the old approval."
        }
        _ => "  Note:   First-time device pairing request.",
    });
    eprintln!("Approve this exact request with: {command}");
    let flags: Vec<&str> = [("--token", has(&rpc.token)), ("--password", has(&rpc.password))]
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(f, _)| f)
        .collect();
    if !flags.is_empty() {
        let plural = if flags.len() == 1 { "" } else { "s" };
        eprintln!("Reuse the same {} option{plural} when rerunning.", flags.join("/"));
    }
    Err(Failure::Silent(1).into())
}

fn is_unknown_request(err: &CallError) -> bool {
    matches!(err, CallError::Request(e) if e.code == "INVALID_REQUEST" && e.message.to_lowercase().contains("unknown requestid"))
}

fn approve_exact(ctx: &RunContext, request_id: &str, rpc: &DevicesRpcArgs) -> anyhow::Result<()> {
    // Listing first tells which scopes the approval grants; if the list fails the approval still
    // runs with the method's default scope and the gateway decides.
    let scopes = PairingList::fetch(ctx, rpc, Some(vec![PAIRING_SCOPE.to_owned()])).ok().and_then(|list| {
        let request = list.pending_by_id(request_id)?;
        let paired = access::paired_for(&list.paired, request);
        access::pairing_call_scopes(&access::pending_operator_scopes(request, paired))
    });
    let params = json!({"requestId": request_id});
    let mut result = call(ctx, rpc, "device.pair.approve", params.clone(), scopes.clone());
    let denied = matches!(&result, Err(err) if err.text().to_lowercase().contains("device pairing approval denied"));
    if denied && !scopes.as_ref().is_some_and(|s| s.iter().any(|s| s == "operator.admin")) {
        result = call(ctx, rpc, "device.pair.approve", params, Some(vec!["operator.admin".to_owned()]));
    }
    let result = match result {
        Ok(result) => result,
        Err(err) if is_unknown_request(&err) => {
            return Err(refuse(&format!(
                "No pending device request matches {request_id}. Run openclaw devices list and retry with the current request ID."
            )));
        }
        Err(CallError::Request(error))
            if error.detail_code() == Some("PAIRING_REQUIRED")
                && error.details.as_ref().and_then(|d| d.get("reason")).and_then(Value::as_str)
                    == Some("scope-upgrade") =>
        {
            return Err(refuse(
                "This device can't approve its own scope upgrade. Approve it from the Control UI or another authorized device.",
            ));
        }
        Err(err) => return Err(fail(&err, rpc.json)),
    };
    if rpc.json {
        render::json(&result);
        return Ok(());
    }
    let approved_id = text(&result, "requestId").unwrap_or(request_id);
    let device = result.pointer("/device/deviceId").and_then(Value::as_str).unwrap_or("ok");
    render::out(&format!(
        "{} {} {}",
        paint(ctx.color, "32", "Approved"),
        paint(ctx.color, "36", device),
        paint(ctx.color, "2", &format!("({approved_id})"))
    ));
    Ok(())
}

fn reject(ctx: &RunContext, request_id: &str, rpc: &DevicesRpcArgs) -> anyhow::Result<()> {
    let id = request_id.trim();
    if id.is_empty() {
        return Err(refuse("requestId is required. Run openclaw devices list to choose a pending request."));
    }
    let result =
        call(ctx, rpc, "device.pair.reject", json!({"requestId": id}), None).map_err(|e| fail(&e, rpc.json))?;
    if rpc.json {
        render::json(&result);
        return Ok(());
    }
    let device = text(&result, "deviceId").unwrap_or("ok");
    render::out(&format!("{} {}", paint(ctx.color, "33", "Rejected"), paint(ctx.color, "36", device)));
    Ok(())
}

fn remove(ctx: &RunContext, device_id: &str, rpc: &DevicesRpcArgs) -> anyhow::Result<()> {
    let id = device_id.trim();
    if id.is_empty() {
        return Err(refuse("deviceId is required. Run openclaw devices list to choose a paired device."));
    }
    let result = call(ctx, rpc, "device.pair.remove", json!({"deviceId": id}), None).map_err(|e| fail(&e, rpc.json))?;
    if rpc.json {
        render::json(&result);
        return Ok(());
    }
    render::out(&format!("{} {}", paint(ctx.color, "33", "Removed"), paint(ctx.color, "36", id)));
    Ok(())
}

/// `rotate` and `revoke` print the gateway's answer as JSON whatever `--json` says (OpenClaw does).
fn manage_token(
    ctx: &RunContext,
    method: &str,
    device_id: &str,
    role: &str,
    requested: Option<Vec<String>>,
    rpc: &DevicesRpcArgs,
) -> anyhow::Result<()> {
    let (device_id, role) = (device_id.trim(), role.trim());
    if device_id.is_empty() || role.is_empty() {
        return Err(refuse("--device and --role are required. Run openclaw devices list to choose a paired device."));
    }
    let scopes = if role == "operator" {
        let list = PairingList::fetch(ctx, rpc, None).map_err(|e| fail(&e, true))?;
        access::token_management_scopes(&list.paired, device_id, role, requested.as_deref())
    } else {
        access::token_management_scopes(&[], device_id, role, None)
    };
    let mut params = json!({"deviceId": device_id, "role": role});
    if let Some(requested) = requested {
        params["scopes"] = json!(requested);
    }
    let result = call(ctx, rpc, method, params, scopes).map_err(|e| fail(&e, true))?;
    render::json(&result);
    Ok(())
}
