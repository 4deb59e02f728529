//! How a command fails: the message printed and the exit status, decided in one place.

use std::path::PathBuf;

use openclaw_config::{ConfigError, Issue, Snapshot};

/// Failures that need more than "error: <message>" on stderr.
#[derive(Debug)]
pub enum Failure {
    /// The config has errors; each is printed on its own line.
    InvalidConfig { path: PathBuf, issues: Vec<Issue> },
    /// The command already printed its report; exit with this status.
    Silent(u8),
    /// A feature this build does not have (channel delivery, the embedded agent): exit 2, so
    /// scripts can tell "not available here" from "tried and failed".
    Unsupported(String),
}

impl Failure {
    /// The errors of a config that does not validate.
    pub fn invalid_config(snapshot: &Snapshot) -> Self {
        Failure::InvalidConfig { path: snapshot.path.clone(), issues: snapshot.errors().cloned().collect() }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::InvalidConfig { path, issues } => {
                write!(f, "config {} is invalid ({} problems)", path.display(), issues.len())
            }
            Failure::Silent(code) => write!(f, "exit status {code}"),
            Failure::Unsupported(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Failure {}

/// Prints `err` to stderr and returns the process exit status.
pub fn report(err: &anyhow::Error, color: bool) -> u8 {
    let short = |p: &std::path::Path| p.display().to_string();
    if let Some(failure) = err.downcast_ref::<Failure>() {
        return match failure {
            Failure::Silent(code) => *code,
            Failure::InvalidConfig { path, issues } => {
                print_invalid(path, issues, color, short);
                1
            }
            Failure::Unsupported(message) => {
                eprintln!("{}", crate::render::paint(color, "31", &format!("error: {message}")));
                2
            }
        };
    }
    if let Some(ConfigError::Invalid { path, issues }) = err.downcast_ref::<ConfigError>() {
        print_invalid(path, issues, color, short);
        return 1;
    }
    let mut line = format!("error: {err}");
    for cause in err.chain().skip(1) {
        line.push_str(&format!(": {cause}"));
    }
    eprintln!("{}", crate::render::paint(color, "31", &line));
    1
}

fn print_invalid(
    path: &std::path::Path,
    issues: &[Issue],
    color: bool,
    short: impl Fn(&std::path::Path) -> String + Copy,
) {
    eprintln!("Config invalid at {}:", path.display());
    for issue in issues {
        eprintln!("{}", crate::render::issue_line(color, issue, short));
    }
    eprintln!("Run `openclaw doctor --fix` to repair, or fix the keys above manually.");
}
