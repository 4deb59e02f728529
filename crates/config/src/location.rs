//! Where the state directory and the config file are, following OpenClaw's rules.
//!
//! Pure: the environment, the working directory and "does this path exist" are arguments, so
//! every rule is testable without touching the real home directory.

use std::path::{Path, PathBuf};

use crate::env::EnvMap;

const STATE_DIR_NAME: &str = ".openclaw";
const LEGACY_STATE_DIR_NAMES: [&str; 3] = [".clawdbot", ".moldbot", ".moltbot"];
pub const CONFIG_FILE_NAME: &str = "openclaw.json";
const LEGACY_CONFIG_FILE_NAMES: [&str; 3] = ["clawdbot.json", "moldbot.json", "moltbot.json"];
/// `--dev` uses its own port so it can run beside a normal gateway.
pub const DEV_GATEWAY_PORT: u16 = 19001;

/// What the command line said about locations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileArgs {
    pub profile: Option<String>,
    pub dev: bool,
}

impl ProfileArgs {
    /// The effective profile name; `--dev` is the profile "dev". Errors are one line for the CLI.
    pub fn effective(&self) -> Result<Option<String>, String> {
        match (&self.profile, self.dev) {
            (Some(p), true) if p != "dev" => Err("cannot combine --dev with --profile".to_owned()),
            (_, true) => Ok(Some("dev".to_owned())),
            (Some(p), false) => {
                let valid = !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                if valid {
                    Ok(Some(p.clone()))
                } else {
                    Err(format!("invalid --profile {p:?} (use letters, numbers, \"_\" and \"-\" only)"))
                }
            }
            (None, false) => Ok(None),
        }
    }
}

/// Resolved locations for this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    pub home: PathBuf,
    pub state_dir: PathBuf,
    pub config_path: PathBuf,
    pub profile: Option<String>,
    /// Port implied by the profile (`--dev`), unless `OPENCLAW_GATEWAY_PORT` is set.
    pub profile_port: Option<u16>,
}

/// Applies, in order: `--profile`/`--dev` (which only fill in what the environment leaves unset),
/// `OPENCLAW_STATE_DIR` (legacy `CLAWDBOT_STATE_DIR`), `~/.openclaw` or an existing legacy dir,
/// then `OPENCLAW_CONFIG_PATH` or the first existing config name in the state dir.
pub fn resolve(
    env: &EnvMap,
    args: &ProfileArgs,
    cwd: &Path,
    exists: &dyn Fn(&Path) -> bool,
) -> Result<Locations, String> {
    let home = home_dir(env, cwd);
    let profile = args.effective()?;
    let expand = |raw: &str| expand_user(raw, &home, cwd);

    let explicit_state = env.non_empty("OPENCLAW_STATE_DIR").or_else(|| env.non_empty("CLAWDBOT_STATE_DIR"));
    let state_dir = match (explicit_state, &profile) {
        (Some(dir), _) => expand(dir),
        (None, Some(p)) if !p.eq_ignore_ascii_case("default") => home.join(format!("{STATE_DIR_NAME}-{p}")),
        _ => default_state_dir(&home, exists),
    };

    let explicit_config = env.non_empty("OPENCLAW_CONFIG_PATH").or_else(|| env.non_empty("CLAWDBOT_CONFIG_PATH"));
    let config_path = match explicit_config {
        Some(path) => expand(path),
        None if profile.is_some() => state_dir.join(CONFIG_FILE_NAME),
        None => std::iter::once(CONFIG_FILE_NAME)
            .chain(LEGACY_CONFIG_FILE_NAMES)
            .map(|name| state_dir.join(name))
            .find(|p| exists(p))
            .unwrap_or_else(|| state_dir.join(CONFIG_FILE_NAME)),
    };

    let profile_port = (profile.as_deref() == Some("dev") && env.non_empty("OPENCLAW_GATEWAY_PORT").is_none())
        .then_some(DEV_GATEWAY_PORT);
    Ok(Locations { home, state_dir, config_path, profile, profile_port })
}

fn default_state_dir(home: &Path, exists: &dyn Fn(&Path) -> bool) -> PathBuf {
    let new_dir = home.join(STATE_DIR_NAME);
    if exists(&new_dir) {
        return new_dir;
    }
    LEGACY_STATE_DIR_NAMES.iter().map(|name| home.join(name)).find(|p| exists(p)).unwrap_or(new_dir)
}

/// `OPENCLAW_HOME` (with `~` meaning `$HOME`) overrides the home directory.
pub fn home_dir(env: &EnvMap, cwd: &Path) -> PathBuf {
    let plain_home = env.non_empty("HOME").map(|h| h.trim().to_owned());
    if let Some(explicit) = env.non_empty("OPENCLAW_HOME") {
        let explicit = explicit.trim();
        if let Some(rest) = explicit.strip_prefix('~')
            && (rest.is_empty() || rest.starts_with('/'))
            && let Some(home) = &plain_home
        {
            return absolute(&PathBuf::from(format!("{home}{rest}")), cwd);
        }
        return absolute(Path::new(explicit), cwd);
    }
    plain_home.map(|h| absolute(Path::new(&h), cwd)).unwrap_or_else(|| cwd.to_path_buf())
}

/// Expands a leading `~` and makes the path absolute against `cwd`.
pub fn expand_user(raw: &str, home: &Path, cwd: &Path) -> PathBuf {
    let raw = raw.trim();
    if raw == "~" {
        return home.to_path_buf();
    }
    if let Some(rest) = raw.strip_prefix("~/") {
        return home.join(rest);
    }
    absolute(Path::new(raw), cwd)
}

fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn run(env: &[(&str, &str)], args: ProfileArgs, existing: &[&str]) -> Result<Locations, String> {
        let env = EnvMap::from_pairs(env.iter().copied());
        let existing: Vec<PathBuf> = existing.iter().map(PathBuf::from).collect();
        resolve(&env, &args, Path::new("/work"), &|p| existing.iter().any(|e| e == p))
    }

    fn dirs(l: &Locations) -> (String, String) {
        (l.state_dir.display().to_string(), l.config_path.display().to_string())
    }

    #[test]
    fn location_rules() {
        let none = ProfileArgs::default();
        let dev = ProfileArgs { profile: None, dev: true };
        let work = ProfileArgs { profile: Some("work".into()), dev: false };
        type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, ProfileArgs, Vec<&'a str>, (&'a str, &'a str));
        let cases: Vec<Case<'_>> = vec![
            ("default", vec![("HOME", "/h")], none.clone(), vec![], ("/h/.openclaw", "/h/.openclaw/openclaw.json")),
            (
                "state dir env",
                vec![("HOME", "/h"), ("OPENCLAW_STATE_DIR", "~/s")],
                none.clone(),
                vec![],
                ("/h/s", "/h/s/openclaw.json"),
            ),
            (
                "legacy state env",
                vec![("HOME", "/h"), ("CLAWDBOT_STATE_DIR", "rel")],
                none.clone(),
                vec![],
                ("/work/rel", "/work/rel/openclaw.json"),
            ),
            (
                "config path env",
                vec![("HOME", "/h"), ("OPENCLAW_CONFIG_PATH", "/etc/oc.json5")],
                none.clone(),
                vec![],
                ("/h/.openclaw", "/etc/oc.json5"),
            ),
            (
                "openclaw home",
                vec![("HOME", "/h"), ("OPENCLAW_HOME", "~/alt")],
                none.clone(),
                vec![],
                ("/h/alt/.openclaw", "/h/alt/.openclaw/openclaw.json"),
            ),
            (
                "legacy dir exists",
                vec![("HOME", "/h")],
                none.clone(),
                vec!["/h/.moltbot"],
                ("/h/.moltbot", "/h/.moltbot/openclaw.json"),
            ),
            (
                "new dir wins over legacy",
                vec![("HOME", "/h")],
                none.clone(),
                vec!["/h/.openclaw", "/h/.clawdbot"],
                ("/h/.openclaw", "/h/.openclaw/openclaw.json"),
            ),
            (
                "legacy config name",
                vec![("HOME", "/h")],
                none.clone(),
                vec!["/h/.openclaw", "/h/.openclaw/clawdbot.json"],
                ("/h/.openclaw", "/h/.openclaw/clawdbot.json"),
            ),
            (
                "profile",
                vec![("HOME", "/h")],
                work.clone(),
                vec![],
                ("/h/.openclaw-work", "/h/.openclaw-work/openclaw.json"),
            ),
            (
                "profile keeps explicit env",
                vec![("HOME", "/h"), ("OPENCLAW_STATE_DIR", "/s")],
                work,
                vec![],
                ("/s", "/s/openclaw.json"),
            ),
            ("dev", vec![("HOME", "/h")], dev, vec![], ("/h/.openclaw-dev", "/h/.openclaw-dev/openclaw.json")),
        ];
        for (name, env, args, existing, (state, config)) in cases {
            let got = run(&env, args, &existing).unwrap();
            assert_eq!(dirs(&got), (state.to_owned(), config.to_owned()), "{name}");
        }
    }

    #[test]
    fn dev_implies_port_unless_env_sets_one() {
        let dev = ProfileArgs { profile: None, dev: true };
        assert_eq!(run(&[("HOME", "/h")], dev.clone(), &[]).unwrap().profile_port, Some(19001));
        assert_eq!(run(&[("HOME", "/h"), ("OPENCLAW_GATEWAY_PORT", "1")], dev, &[]).unwrap().profile_port, None);
    }

    #[test]
    fn bad_profiles_are_refused() {
        let both = ProfileArgs { profile: Some("x".into()), dev: true };
        assert_eq!(run(&[("HOME", "/h")], both, &[]).unwrap_err(), "cannot combine --dev with --profile");
        let bad = ProfileArgs { profile: Some("a/b".into()), dev: false };
        assert!(run(&[("HOME", "/h")], bad, &[]).unwrap_err().contains("invalid --profile"));
    }
}
