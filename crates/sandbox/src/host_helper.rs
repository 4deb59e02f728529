//! Trusted host helpers: a fixed program with fixed arguments, no shell, stdin closed, output
//! captured up to a cap, killed at a deadline. Used for tools the gateway runs on its own
//! behalf (`tailscale whois`), never for commands an agent or a user supplies.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncReadExt;

use crate::error::{Result, SandboxError};

/// Output beyond this is dropped: helpers answer with a few KiB at most.
const MAX_OUTPUT_BYTES: u64 = 1024 * 1024;

/// What a helper printed and how it exited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperOutput {
    pub success: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `program args…` and waits at most `timeout`.
#[allow(clippy::disallowed_methods)] // this crate is the one place allowed to spawn
pub async fn run_host_helper(program: &str, args: &[&str], timeout: Duration) -> Result<HelperOutput> {
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|source| SandboxError::Spawn { program: program.to_owned(), source })?;
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let work = async {
        let mut out = Vec::new();
        let mut err = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.take(MAX_OUTPUT_BYTES).read_to_end(&mut out).await;
        }
        if let Some(s) = stderr.as_mut() {
            let _ = s.take(MAX_OUTPUT_BYTES).read_to_end(&mut err).await;
        }
        let status = child.wait().await.map_err(|source| SandboxError::Wait { program: program.to_owned(), source })?;
        Ok::<_, SandboxError>(HelperOutput {
            success: status.success(),
            code: status.code(),
            stdout: String::from_utf8_lossy(&out).into_owned(),
            stderr: String::from_utf8_lossy(&err).into_owned(),
        })
    };
    match tokio::time::timeout(timeout, work).await {
        Ok(result) => result,
        Err(_) => Err(SandboxError::Timeout {
            program: program.to_owned(),
            timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn captures_output_and_status() {
        let out =
            run_host_helper("sh", &["-c", "echo hi; echo oops >&2; exit 3"], Duration::from_secs(5)).await.unwrap();
        assert_eq!(out, HelperOutput { success: false, code: Some(3), stdout: "hi\n".into(), stderr: "oops\n".into() });
    }

    #[tokio::test]
    async fn deadline_kills_the_helper() {
        let err = run_host_helper("sleep", &["5"], Duration::from_millis(100)).await.unwrap_err();
        assert!(matches!(err, SandboxError::Timeout { .. }), "{err}");
    }

    #[tokio::test]
    async fn missing_program_is_a_spawn_error() {
        let err = run_host_helper("/nonexistent/helper", &[], Duration::from_secs(1)).await.unwrap_err();
        assert!(err.to_string().starts_with("cannot start /nonexistent/helper"), "{err}");
    }
}
