//! `openclaw-testkit`: what tests need to exercise the real product without touching the real
//! machine: a throwaway home with its own state directory, a way to run the `openclaw`
//! binary inside it with a clean environment, a scripted fake model server
//! ([`fake_model`]) that speaks the OpenAI (Chat Completions and Responses) and Anthropic wire
//! formats, and fakes of the channel APIs ([`fake_channels`]: Telegram Bot API, Discord REST,
//! Slack Web API). Only ever a dev-dependency; the layering test checks that no shipped crate
//! depends on it.

#![allow(clippy::disallowed_methods)] // test fixtures drive real child processes

pub mod fake_channels;
pub mod fake_model;
pub mod thread_server;
pub mod wire_client;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary `HOME` with `~/.openclaw` inside; removed on drop.
pub struct TempHome {
    dir: tempfile::TempDir,
}

impl TempHome {
    pub fn new() -> std::io::Result<Self> {
        Ok(Self { dir: tempfile::Builder::new().prefix("openclaw-test-").tempdir()? })
    }

    pub fn home(&self) -> &Path {
        self.dir.path()
    }

    pub fn state_dir(&self) -> PathBuf {
        self.home().join(".openclaw")
    }

    pub fn config_path(&self) -> PathBuf {
        self.state_dir().join("openclaw.json")
    }

    /// Writes the config file (creating the state dir, 0700) and returns its path.
    pub fn write_config(&self, text: &str) -> std::io::Result<PathBuf> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir_all(self.state_dir())?;
        std::fs::set_permissions(self.state_dir(), std::fs::Permissions::from_mode(0o700))?;
        let path = self.config_path();
        std::fs::write(&path, text)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        Ok(path)
    }

    pub fn read_config(&self) -> std::io::Result<String> {
        std::fs::read_to_string(self.config_path())
    }

    /// A command for `bin` that sees only this home: a minimal environment, cwd = home.
    pub fn command(&self, bin: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(bin);
        cmd.env_clear()
            .env("HOME", self.home())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            .env("TMPDIR", self.home())
            .current_dir(self.home());
        cmd
    }

    /// Runs `bin args…` and captures its output.
    pub fn run<I, S>(&self, bin: impl AsRef<OsStr>, args: I) -> std::io::Result<Run>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let out = self.command(bin).args(args).output()?;
        Ok(Run::from(out))
    }
}

/// The outcome of one run of the binary, with text decoded for assertions.
#[derive(Debug, Clone)]
pub struct Run {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.status == Some(0)
    }

    /// stdout parsed as JSON (Null if it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or(serde_json::Value::Null)
    }

    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

impl From<Output> for Run {
    fn from(out: Output) -> Self {
        Self {
            status: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}
