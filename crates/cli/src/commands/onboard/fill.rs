//! What `onboard` adds to a config that already exists: only what is missing, never a change to
//! a value the operator set (OpenClaw's onboarding rewrites the gateway block and rotates the
//! token; we keep both, because a rotated token locks out every paired client).

use openclaw_config::{Edit, KeyPath};
use serde_json::Value;

/// The facts the decision needs; the caller reads them from the config and the environment.
pub struct Existing<'a> {
    /// The config tree after includes and `${VAR}`.
    pub resolved: &'a Value,
    /// `OPENCLAW_GATEWAY_TOKEN` or `OPENCLAW_GATEWAY_PASSWORD` is set: the gateway already has a
    /// shared secret, so none is added to the file.
    pub env_auth: bool,
}

/// The edits that fill the gaps, in order. `workspace` is written when the config has none, or
/// when the operator passed `--workspace` explicitly (as OpenClaw does). `token` is called only
/// when the config has no gateway auth at all.
pub fn missing_edits(
    existing: &Existing<'_>,
    workspace: &str,
    workspace_explicit: bool,
    token: impl FnOnce() -> anyhow::Result<String>,
) -> anyhow::Result<Vec<Edit>> {
    let has = |path: &str| existing.resolved.pointer(path).is_some_and(|v| !v.is_null());
    let set = |path: &str, value: Value| -> anyhow::Result<Edit> {
        Ok(Edit::Set(KeyPath::parse(path).map_err(anyhow::Error::msg)?, value))
    };
    let mut edits = Vec::new();
    if !has("/gateway/mode") {
        edits.push(set("gateway.mode", "local".into())?);
    }
    if !has("/gateway/bind") {
        edits.push(set("gateway.bind", "loopback".into())?);
    }
    let auth_configured =
        has("/gateway/auth/mode") || has("/gateway/auth/token") || has("/gateway/auth/password") || existing.env_auth;
    if !auth_configured {
        edits.push(set("gateway.auth.mode", "token".into())?);
        edits.push(set("gateway.auth.token", token()?.into())?);
    }
    if !has("/session/dmScope") {
        edits.push(set("session.dmScope", "per-channel-peer".into())?);
    }
    let current_workspace = existing.resolved.pointer("/agents/defaults/workspace").and_then(Value::as_str);
    let workspace_differs = current_workspace != Some(workspace);
    if current_workspace.is_none() || (workspace_explicit && workspace_differs) {
        edits.push(set("agents.defaults.workspace", workspace.into())?);
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    fn paths(resolved: Value, env_auth: bool, explicit: bool) -> Vec<String> {
        let existing = Existing { resolved: &resolved, env_auth };
        missing_edits(&existing, "/w", explicit, || Ok("t".into()))
            .unwrap()
            .iter()
            .map(|e| match e {
                Edit::Set(p, v) => format!("{p}={v}"),
                Edit::Unset(p) => format!("-{p}"),
            })
            .collect()
    }

    #[test]
    fn an_empty_config_gets_every_onboarding_key() {
        assert_eq!(
            paths(json!({}), false, false),
            [
                r#"gateway.mode="local""#,
                r#"gateway.bind="loopback""#,
                r#"gateway.auth.mode="token""#,
                r#"gateway.auth.token="t""#,
                r#"session.dmScope="per-channel-peer""#,
                r#"agents.defaults.workspace="/w""#,
            ]
        );
    }

    #[test]
    fn set_values_are_never_changed_even_weaker_looking_ones() {
        let full = json!({
            "gateway": {"mode": "remote", "bind": "lan", "auth": {"mode": "password", "password": "p"}},
            "session": {"dmScope": "main"},
            "agents": {"defaults": {"workspace": "/w"}},
        });
        assert_eq!(paths(full, false, true), Vec::<String>::new());
    }

    #[test]
    fn any_existing_secret_counts_as_auth() {
        for auth in [json!({"token": "x"}), json!({"password": "x"}), json!({"mode": "none"})] {
            let got = paths(json!({"gateway": {"auth": auth.clone()}}), false, false);
            assert!(!got.iter().any(|p| p.starts_with("gateway.auth")), "{auth}: {got:?}");
        }
        let got = paths(json!({}), true, false);
        assert!(!got.iter().any(|p| p.starts_with("gateway.auth")), "env token: {got:?}");
    }

    #[test]
    fn an_explicit_workspace_replaces_the_configured_one() {
        let config = json!({"agents": {"defaults": {"workspace": "/old"}}});
        assert!(!paths(config.clone(), false, false).iter().any(|p| p.starts_with("agents.")));
        assert!(paths(config, false, true).contains(&r#"agents.defaults.workspace="/w""#.to_owned()));
    }
}
