//! Everything a command needs to know about where it runs: locations, environment, terminal.

use std::cell::OnceCell;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use openclaw_config::location::{self, Locations, ProfileArgs};
use openclaw_config::{EnvMap, LoadContext, Snapshot};

use crate::args::Cli;

pub struct RunContext {
    pub locations: Locations,
    pub load: LoadContext,
    pub color: bool,
    /// The config as it was when the command started, read at most once (shared, since the
    /// gateway's agent host keeps it past the command's borrow).
    snapshot: OnceCell<Arc<Snapshot>>,
}

impl RunContext {
    pub fn from_cli(cli: &Cli) -> anyhow::Result<Self> {
        let env = EnvMap::from_pairs(
            std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        );
        let cwd = std::env::current_dir().context("cannot determine the working directory")?;
        let args = ProfileArgs { profile: cli.profile.clone(), dev: cli.dev };
        let locations = location::resolve(&env, &args, &cwd, &|p: &Path| p.exists()).map_err(anyhow::Error::msg)?;
        let color = !cli.no_color && env.get("NO_COLOR").is_none() && std::io::stdout().is_terminal();
        let load = LoadContext {
            config_path: locations.config_path.clone(),
            state_dir: locations.state_dir.clone(),
            cwd,
            process_env: env,
        };
        Ok(Self { locations, load, color, snapshot: OnceCell::new() })
    }

    /// The config at start. Writers re-read under the config lock instead of using this.
    pub fn snapshot(&self) -> anyhow::Result<&Snapshot> {
        Ok(self.shared_snapshot()?)
    }

    /// [`snapshot`](Self::snapshot) for a holder that outlives the command's borrow.
    pub fn shared_snapshot(&self) -> anyhow::Result<&Arc<Snapshot>> {
        if let Some(snap) = self.snapshot.get() {
            return Ok(snap);
        }
        let snap = Arc::new(openclaw_config::load(&self.load)?);
        Ok(self.snapshot.get_or_init(|| snap))
    }

    pub fn state_dir(&self) -> &PathBuf {
        &self.locations.state_dir
    }

    /// `~/…` for paths under the home directory, as OpenClaw prints them.
    pub fn short(&self, path: &Path) -> String {
        match path.strip_prefix(&self.locations.home) {
            Ok(rest) => format!("~/{}", rest.display()),
            Err(_) => path.display().to_string(),
        }
    }
}
