//! Secret provider rules (`SecretsExecProviderSchema` in `src/config/zod-schema.core.ts`): an
//! `exec` provider runs a command with the gateway's privileges, so the command must be an
//! absolute path free of shell syntax (`isSafeExecutableValue`, `src/infra/exec-safety.ts`).

use crate::issue::Issue;
use crate::model::RawConfig;
use crate::model::secret::SecretSource;

use super::keys;

pub(super) fn check(raw: &RawConfig, issues: &mut Vec<Issue>) {
    let Some(secrets) = &raw.secrets else { return };
    for (alias, provider) in &secrets.providers {
        if provider.source != Some(SecretSource::Exec) {
            continue;
        }
        let base = keys(&["secrets", "providers", alias]);
        if let Some(command) = provider.command.as_deref() {
            if !is_safe_executable(command) {
                issues.push(Issue::error(
                    base.key("command"),
                    "secrets.providers.*.command is unsafe (no shell metacharacters, quotes or newlines)",
                ));
            } else if !is_absolute(command.trim()) {
                issues.push(Issue::error(base.key("command"), "secrets.providers.*.command must be an absolute path."));
            }
        }
        for (index, dir) in provider.trusted_dirs.iter().flatten().enumerate() {
            if !is_absolute(dir.trim()) {
                issues.push(Issue::error(
                    base.key("trustedDirs").index(index),
                    "trustedDirs entries must be absolute paths.",
                ));
            }
        }
    }
}

fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    let windows_drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && matches!(bytes[2], b'/' | b'\\');
    path.starts_with('/') || path.starts_with("\\\\") || windows_drive
}

/// OpenClaw's `isSafeExecutableValue`: no NUL, newlines, shell metacharacters or quotes; paths
/// are accepted, bare names must look like program names.
fn is_safe_executable(value: &str) -> bool {
    let trimmed = value.trim();
    if trimmed.is_empty() || trimmed.contains(['\0', '\r', '\n']) {
        return false;
    }
    if trimmed.contains([';', '&', '|', '`', '$', '<', '>', '"', '\'']) {
        return false;
    }
    let looks_like_path = trimmed.starts_with('.') || trimmed.starts_with('~') || trimmed.contains(['/', '\\']);
    if looks_like_path || is_absolute(trimmed) {
        return true;
    }
    !trimmed.starts_with('-')
        && trimmed.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-'))
}
