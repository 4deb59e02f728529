//! `openclaw pairing list|approve`: the operator's side of DM pairing. An unknown sender got an
//! 8-letter code from the gateway; `list` shows who is waiting, `approve` moves the sender into
//! the channel's allowFrom store. Expiry, matching and which allowFrom file gets the sender are
//! `openclaw_policy::inbound::pairing`'s rules, run under the pairing file's lock by
//! `openclaw_store::PairingStore`; this module only picks the channel and renders. `--notify`
//! then tells the sender on the channel ([`notify`]); a failed notice is a warning, since the
//! approval itself already happened.

mod notify;

use anyhow::{Context as _, bail};
use openclaw_policy::inbound::pairing::PairingRequest;
use openclaw_policy::inbound::timestamp::parse_iso_millis;
use openclaw_store::{PairingStore, StateDir};
use serde_json::{Value, json};

use crate::args::{PairingApproveArgs, PairingCommand, PairingListArgs};
use crate::context::RunContext;
use crate::gateway_client::now_ms;
use crate::render;

pub fn run(ctx: &RunContext, cmd: PairingCommand) -> anyhow::Result<()> {
    match cmd {
        PairingCommand::List(args) => list(ctx, &args),
        PairingCommand::Approve(args) => approve(ctx, &args),
    }
}

fn store(ctx: &RunContext) -> PairingStore {
    PairingStore::new(&StateDir::new(ctx.state_dir()))
}

fn list(ctx: &RunContext, args: &PairingListArgs) -> anyhow::Result<()> {
    if let (Some(flag), Some(positional)) = (&args.channel, &args.channel_arg)
        && flag.trim().to_lowercase() != positional.trim().to_lowercase()
    {
        bail!("conflicting channels: {positional} (argument) and {flag} (--channel)");
    }
    let channel = resolve_channel(ctx, args.channel.as_deref().or(args.channel_arg.as_deref()))?;
    let account = non_blank(args.account.as_deref());
    let store = store(ctx);
    let now = now_ms();
    let mut file = store.read(&channel).with_context(|| format!("reading the {channel} pairing requests"))?;
    // Listing prunes expired and excess requests as OpenClaw's does, but writes only when there
    // was something to prune: a look at an untouched channel must not create files or locks.
    if file.clone().prune(now) {
        file = store
            .update(&channel, |stored| {
                stored.prune(now);
                stored.clone()
            })
            .with_context(|| format!("pruning the {channel} pairing requests"))?;
    }
    let pending = file.pending(account);
    if args.json {
        let requests: Vec<Value> = pending.iter().map(|r| request_json(r)).collect();
        render::json(&json!({ "channel": channel, "requests": requests }));
        return Ok(());
    }
    if pending.is_empty() {
        render::out(&format!("No pending {channel} pairing requests."));
        return Ok(());
    }
    render::out(&list_text(&channel, &pending, now, ctx.color));
    Ok(())
}

fn approve(ctx: &RunContext, args: &PairingApproveArgs) -> anyhow::Result<()> {
    let (channel, code) = match (args.channel.as_deref(), args.positional.as_slice()) {
        (Some(_), [_, _]) => bail!("give the channel either as --channel or as the first argument, not both"),
        (flag, [code]) => (resolve_channel(ctx, flag)?, code.as_str()),
        (None, [channel, code]) => (resolve_channel(ctx, Some(channel))?, code.as_str()),
        _ => bail!("usage: openclaw pairing approve <channel> <code>"),
    };
    let account = non_blank(args.account.as_deref());
    let now = now_ms();
    let approved = store(ctx)
        .approve(&channel, |file| file.approve(code, account, now).approved)
        .with_context(|| format!("approving {channel} pairing code {code}"))?;
    let Some(done) = approved else {
        bail!("No pending pairing request found for code: {code}");
    };
    let target = done.approved.allow_from_account.as_deref().unwrap_or("default");
    render::out(&format!("Approved {channel} sender {}.", done.approved.sender_id));
    let already = if done.allow_from.changed { "" } else { " (it was already there)" };
    render::out(&format!("Added to the {channel} allowFrom store of account {target}{already}."));
    if args.notify {
        // The notice goes out as the bot of the account the sender asked on.
        let account = done.approved.allow_from_account.as_deref();
        if let Err(error) = notify::send(ctx, &channel, account, &done.approved.sender_id) {
            render::out(&render::paint(ctx.color, "33", &format!("Failed to notify requester: {error:#}")));
        }
    }
    Ok(())
}

/// The channel named on the command line, or the only configured one. Names are checked like
/// OpenClaw checks extension channel ids, so a typo fails here instead of naming a new file.
fn resolve_channel(ctx: &RunContext, given: Option<&str>) -> anyhow::Result<String> {
    if let Some(raw) = given {
        let channel = raw.trim().to_lowercase();
        if !is_channel_name(&channel) {
            bail!("Invalid channel: {raw} (expected a name like telegram, whatsapp or discord)");
        }
        return Ok(channel);
    }
    let snapshot = ctx.snapshot()?;
    let configured: Vec<String> = match snapshot.config.as_ref() {
        Some(config) => config.channels.channels.keys().cloned().collect(),
        None => Vec::new(),
    };
    match configured.as_slice() {
        [only] => Ok(only.clone()),
        [] => bail!("Channel required. Use --channel <channel> or pass it as the first argument"),
        many => bail!(
            "Channel required. Use --channel <channel> or pass it as the first argument (expected one of: {})",
            many.join(", ")
        ),
    }
}

/// `^[a-z][a-z0-9_-]{0,63}$`.
fn is_channel_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && name.len() <= 64
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn non_blank(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|s| !s.is_empty())
}

/// The reference's request shape: the stored fields, in its order, without other versions' extras.
fn request_json(request: &PairingRequest) -> Value {
    json!({
        "id": request.id,
        "code": request.code,
        "createdAt": request.created_at,
        "lastSeenAt": request.last_seen_at,
        "meta": request.meta.clone().map_or(Value::Null, Value::Object),
    })
}

fn list_text(channel: &str, pending: &[&PairingRequest], now: i64, color: bool) -> String {
    let header = ["Code", "Sender", "Account", "Requested", "Details"].map(str::to_owned);
    let mut rows = vec![header.to_vec()];
    for request in pending {
        let requested = parse_iso_millis(&request.created_at)
            .map(|at| format!("{} ({})", request.created_at, age(now - at)))
            .unwrap_or_else(|| request.created_at.clone());
        let account = Some(request.account_id()).filter(|a| !a.is_empty()).unwrap_or_else(|| "default".to_owned());
        rows.push(vec![request.code.clone(), request.id.clone(), account, requested, details(request)]);
    }
    let mut lines = vec![format!(
        "{} {}",
        render::paint(color, "1", &format!("Pairing requests for {channel}")),
        render::paint(color, "2", &format!("({})", pending.len()))
    )];
    lines.extend(aligned(&rows, color));
    lines.join("\n")
}

/// `meta` without the account (it has its own column): `username=@ann, name=Ann`.
fn details(request: &PairingRequest) -> String {
    let Some(meta) = &request.meta else { return String::new() };
    meta.iter()
        .filter(|(key, _)| key.as_str() != "accountId")
        .map(|(key, value)| match value {
            Value::String(text) => format!("{key}={text}"),
            other => format!("{key}={other}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows padded into columns two spaces apart, the first (the header) dimmed on a terminal.
/// Shared with `sessions`, whose listing has the same plain layout.
pub fn aligned(rows: &[Vec<String>], color: bool) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| rows.iter().filter_map(|row| row.get(i)).map(|cell| cell.chars().count()).max().unwrap_or(0))
        .collect();
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let cells: Vec<String> = row.iter().zip(&widths).map(|(cell, width)| format!("{cell:<width$}")).collect();
            let line = cells.join("  ").trim_end().to_owned();
            if i == 0 { render::paint(color, "2", &line) } else { line }
        })
        .collect()
}

/// `just now`, `12m ago`, `3h ago`, `2d ago`.
pub fn age(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    match minutes {
        0 => "just now".to_owned(),
        1..60 => format!("{minutes}m ago"),
        60..2880 => format!("{}h ago", minutes / 60),
        _ => format!("{}d ago", minutes / 1440),
    }
}
