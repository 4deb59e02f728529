//! Config hot reload (`gateway.reload`): watch the config file, debounce, reload, and decide
//! per changed key whether the running gateway can take it as is (most keys are read per use),
//! or needs a restart (`gateway.*` except `gateway.reload`/`gateway.remote`, `discovery`,
//! `canvasHost`, `plugins`). Modes: `hybrid` (default: hot when possible, else restart),
//! `hot` (never restart; restart-required changes wait for a manual restart), `restart`
//! (restart on any change), `off`. An invalid new config is never applied: the gateway keeps
//! running on the last good one and logs why.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use openclaw_config::key_path::KeyPath;
use openclaw_config::model::gateway::ReloadMode;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::runtime::Runtime;
use crate::state::{GatewayState, Stop};

/// What a set of changed keys requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    None,
    Hot,
    Restart,
}

/// Keys whose change needs a restart (prefix match on whole segments).
const RESTART_PREFIXES: &[&str] = &["gateway", "discovery", "canvasHost", "plugins"];
/// Exceptions under those prefixes that are read per use.
const HOT_EXCEPTIONS: &[&str] = &["gateway.reload", "gateway.remote"];

/// The strictest requirement among `paths`.
pub fn classify(paths: &[KeyPath]) -> ChangeKind {
    paths.iter().map(classify_one).max().unwrap_or(ChangeKind::None)
}

fn classify_one(path: &KeyPath) -> ChangeKind {
    let text = path.to_string();
    let under = |prefix: &str| {
        text == prefix || text.starts_with(&format!("{prefix}.")) || text.starts_with(&format!("{prefix}["))
    };
    if HOT_EXCEPTIONS.iter().any(|p| under(p)) {
        return ChangeKind::Hot;
    }
    if RESTART_PREFIXES.iter().any(|p| under(p)) {
        return ChangeKind::Restart;
    }
    ChangeKind::Hot
}

/// Paths (objects recursed, anything else compared whole) where `old` and `new` differ.
pub fn changed_paths(old: &Value, new: &Value) -> Vec<KeyPath> {
    let mut out = Vec::new();
    diff(old, new, &KeyPath::root(), &mut out);
    out
}

fn diff(old: &Value, new: &Value, path: &KeyPath, out: &mut Vec<KeyPath>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                match b.get(k) {
                    Some(vb) => diff(va, vb, &path.key(k), out),
                    None => out.push(path.key(k)),
                }
            }
            for k in b.keys().filter(|k| !a.contains_key(*k)) {
                out.push(path.key(k));
            }
        }
        (a, b) if a == b => {}
        _ => out.push(if path.is_root() { KeyPath::root() } else { path.clone() }),
    }
}

/// Starts watching the config file; the task ends when the gateway stops.
///
/// The watch is in place when this returns (not whenever the task first runs), and one check
/// runs right away: an edit made between loading the config and watching it is applied too.
pub fn spawn(state: Arc<GatewayState>) -> tokio::task::JoinHandle<()> {
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let watcher = if state.runtime().config.gateway.reload.mode == ReloadMode::Off {
        None
    } else {
        watch(&state.load.config_path, tx.clone())
    };
    let _ = tx.send(());
    tokio::spawn(async move {
        let Some(_watcher) = watcher else { return };
        loop {
            if rx.recv().await.is_none() {
                return;
            }
            let debounce = Duration::from_millis(state.runtime().config.gateway.reload.debounce_ms);
            tokio::time::sleep(debounce).await;
            while rx.try_recv().is_ok() {}
            reload_once(&state);
        }
    })
}

/// Watches the directory (editors and atomic writers replace the file by rename). When the
/// kernel's inotify instances run out (a per-user limit, 128 by default), it falls back to
/// polling the directory once a second rather than silently dropping hot reload.
fn watch(path: &Path, tx: mpsc::UnboundedSender<()>) -> Option<Box<dyn notify::Watcher + Send>> {
    use notify::{RecursiveMode, Watcher};
    let dir = path.parent()?.to_path_buf();
    let name = path.file_name()?.to_owned();
    let handler = move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && event.paths.iter().any(|p| p.file_name() == Some(name.as_os_str()))
        {
            let _ = tx.send(());
        }
    };
    let native = notify::recommended_watcher(handler.clone()).and_then(|mut w| {
        w.watch(&dir, RecursiveMode::NonRecursive)?;
        Ok(w)
    });
    match native {
        Ok(watcher) => Some(Box::new(watcher)),
        Err(err) => {
            tracing::warn!(error = %err, "cannot use inotify for config hot reload; polling the config directory instead");
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(true);
            let mut poller = notify::PollWatcher::new(handler, config)
                .map_err(|err| tracing::warn!(error = %err, "config hot reload disabled: cannot watch the config"))
                .ok()?;
            if let Err(err) = poller.watch(&dir, RecursiveMode::NonRecursive) {
                tracing::warn!(error = %err, dir = %dir.display(), "config hot reload disabled: cannot watch the config directory");
                return None;
            }
            Some(Box::new(poller))
        }
    }
}

const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// Loads the file once and applies it according to `gateway.reload.mode`.
pub fn reload_once(state: &Arc<GatewayState>) {
    let current = state.runtime();
    let next = match Runtime::load(&state.load, &state.overrides) {
        Ok(next) => next,
        Err(err) => {
            tracing::warn!(error = %err, "config change not applied; still running on the last good config");
            return;
        }
    };
    if next.snapshot.hash == current.snapshot.hash {
        return;
    }
    let old = current.snapshot.resolved.clone().unwrap_or(Value::Null);
    let new = next.snapshot.resolved.clone().unwrap_or(Value::Null);
    let changed = changed_paths(&old, &new);
    let kind = classify(&changed);
    let mode = next.config.gateway.reload.mode;
    let names: Vec<String> = changed.iter().map(ToString::to_string).collect();
    match (mode, kind) {
        (_, ChangeKind::None) => state.set_runtime(next),
        (ReloadMode::Off, _) => {}
        (ReloadMode::Restart, _) | (ReloadMode::Hybrid, ChangeKind::Restart) => {
            tracing::info!(changed = ?names, "config changed; restarting the gateway");
            state.request_stop(Stop::Restart { reason: "config change".into(), delay_ms: 0 });
        }
        (ReloadMode::Hot, ChangeKind::Restart) => {
            tracing::warn!(changed = ?names, "config changed keys that need a restart; applying the rest, restart to apply them");
            // Keep the listener and credentials of the running process; take the rest.
            let mut merged = next;
            merged.port = current.port;
            merged.bind = current.bind;
            merged.auth = current.auth.clone();
            state.set_runtime(merged);
        }
        (_, ChangeKind::Hot) => {
            tracing::info!(changed = ?names, "config reloaded");
            state.set_runtime(next);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn paths(list: &[&str]) -> Vec<KeyPath> {
        list.iter().map(|p| KeyPath::parse(p).unwrap()).collect()
    }

    #[test]
    fn gateway_keys_need_a_restart_except_reload_and_remote() {
        assert_eq!(classify(&paths(&["gateway.port"])), ChangeKind::Restart);
        assert_eq!(classify(&paths(&["gateway.auth.token"])), ChangeKind::Restart);
        assert_eq!(classify(&paths(&["discovery.mdns.mode"])), ChangeKind::Restart);
        assert_eq!(classify(&paths(&["gateway.reload.debounceMs"])), ChangeKind::Hot);
        assert_eq!(classify(&paths(&["gateway.remote.url"])), ChangeKind::Hot);
        assert_eq!(classify(&paths(&["channels.telegram.enabled", "agents.list"])), ChangeKind::Hot);
        assert_eq!(classify(&paths(&["gatewayish"])), ChangeKind::Hot);
        assert_eq!(classify(&[]), ChangeKind::None);
    }

    #[test]
    fn diff_reports_changed_added_and_removed_leaves() {
        let old = json!({"gateway": {"port": 1, "bind": "loopback"}, "tools": {"deny": ["a"]}});
        let new = json!({"gateway": {"port": 2, "bind": "loopback"}, "session": {"dmScope": "main"}});
        let got: Vec<String> = changed_paths(&old, &new).iter().map(ToString::to_string).collect();
        assert_eq!(got, vec!["gateway.port", "tools", "session"]);
    }
}
