//! What the caller has to look at before [`super::run_audit`] can run: which environment
//! variables, agent state paths, workspaces and bind-mount sources matter for this config.
//! Pure, so the fact gathering in the CLI and the checks here agree by construction.

use serde_json::Value;

use super::agents;
use super::channels;
use super::gateway_auth::{ENV_PASSWORD, ENV_TOKEN, is_secret_ref};
use super::models::WEB_SEARCH_ENV;
use super::sandbox;
use super::tree;

/// Environment variables the checks read: gateway secrets, web-search and channel keys, and
/// every variable an env SecretRef in the config names.
pub fn env_names(cfg: &Value) -> Vec<String> {
    let mut names: Vec<String> =
        [ENV_TOKEN, ENV_PASSWORD, "OPENCLAW_SERVICE_KIND"].iter().map(|s| (*s).to_owned()).collect();
    names.extend(WEB_SEARCH_ENV.iter().map(|s| (*s).to_owned()));
    names.extend(channels::env_names().map(str::to_owned));
    collect_env_refs(cfg, &mut names);
    tree::unique(names)
}

fn collect_env_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if is_secret_ref(v) && map.get("source").and_then(Value::as_str) == Some("env") {
                if let Some(id) = map.get("id").and_then(Value::as_str) {
                    out.push(id.to_owned());
                }
                return;
            }
            map.values().for_each(|child| collect_env_refs(child, out));
        }
        Value::Array(items) => items.iter().for_each(|child| collect_env_refs(child, out)),
        _ => {}
    }
}

/// Agent ids whose auth profiles and session stores are checked (and tightened by `--fix`).
pub fn state_agent_ids(cfg: &Value) -> Vec<String> {
    agents::state_ids(cfg)
}

/// `logging.file` as written (`~` not yet expanded).
pub fn log_file(cfg: &Value) -> Option<String> {
    tree::trimmed(tree::at(cfg, "logging.file")).map(str::to_owned)
}

/// Normalized absolute sandbox bind sources to resolve through existing ancestors.
pub fn bind_sources(cfg: &Value) -> Vec<String> {
    sandbox::bind_sources(cfg)
}

/// Agent workspaces (as written, `~` not expanded): the default agent's, then each agent's.
pub fn workspace_dirs(cfg: &Value, state_dir: &str) -> Vec<String> {
    let defaults = tree::trimmed(tree::at(cfg, "agents.defaults.workspace")).map(str::to_owned);
    let owner = agents::default_id(cfg);
    let mut out = vec![defaults.clone().unwrap_or_else(|| format!("{state_dir}/workspace"))];
    for id in agents::ids(cfg) {
        let own = agents::find(cfg, &id).and_then(|e| tree::trimmed(tree::get(e, "workspace"))).map(str::to_owned);
        let dir = match (own, &defaults) {
            (Some(dir), _) => dir,
            (None, _) if owner.as_deref() == Some(id.as_str()) => {
                defaults.clone().unwrap_or_else(|| format!("{state_dir}/workspace"))
            }
            (None, Some(base)) => format!("{}/{id}", base.trim_end_matches('/')),
            (None, None) => format!("{state_dir}/workspace-{id}"),
        };
        out.push(dir);
    }
    tree::unique(out)
}
