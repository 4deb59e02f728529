//! Finding the reference OpenClaw (2026.9.6) for differential and interop tests: the shared
//! install script prints the path of a wrapper that runs it with its own Node.js.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The install script: `OPENCLAW_REFERENCE_SCRIPT`, else `shared/tools/reference-openclaw.sh`
/// beside any directory above this crate (the checkout's `../shared`, wherever it was cloned).
fn script() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("OPENCLAW_REFERENCE_SCRIPT") {
        return Ok(PathBuf::from(path));
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join("shared/tools/reference-openclaw.sh"))
        .find(|candidate| candidate.exists())
        .ok_or_else(|| format!("no shared/tools/reference-openclaw.sh above {}", manifest.display()))
}

/// The wrapper's path, installing the reference on first use.
pub fn wrapper() -> Result<PathBuf, String> {
    let script = script()?;
    let out = Command::new("bash").arg(&script).stderr(Stdio::inherit()).output().map_err(|e| e.to_string())?;
    let path = String::from_utf8_lossy(&out.stdout).trim().lines().last().unwrap_or("").to_owned();
    if !out.status.success() || path.is_empty() {
        return Err(format!("{} failed ({})", script.display(), out.status));
    }
    Ok(PathBuf::from(path))
}
