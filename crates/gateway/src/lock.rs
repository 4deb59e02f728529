//! The single-instance lock: one gateway per config file. OpenClaw keeps it in
//! `<tmp>/openclaw-<uid>/gateway.<sha256(config path)[..8]>.lock`; we use the same place so an
//! OpenClaw gateway and ours refuse to run side by side on the same config. The lock is an
//! advisory `flock` held for the life of the process, so a crashed gateway never leaves a stale lock.

use std::path::{Path, PathBuf};

use openclaw_durable::{FileLock, ensure_private_dir, try_lock_exclusive};
use sha2::{Digest, Sha256};

use crate::error::{GatewayError, Result};

/// Held while the gateway runs.
#[derive(Debug)]
pub struct InstanceLock {
    _lock: FileLock,
    pub path: PathBuf,
}

/// `<tmp>/openclaw-<uid>/gateway.<hash>.lock` for `config_path`.
pub fn lock_path(tmp_dir: &Path, uid: u32, config_path: &Path) -> PathBuf {
    let digest = Sha256::digest(config_path.to_string_lossy().as_bytes());
    let hash = hex::encode(&digest[..4]);
    tmp_dir.join(format!("openclaw-{uid}")).join(format!("gateway.{hash}"))
}

/// Takes the lock or reports who holds it.
pub fn acquire(tmp_dir: &Path, uid: u32, config_path: &Path) -> Result<InstanceLock> {
    let base = lock_path(tmp_dir, uid, config_path);
    if let Some(dir) = base.parent() {
        ensure_private_dir(dir)?;
    }
    // durable's lock appends ".lock" to the path it is given.
    match try_lock_exclusive(&base) {
        Ok(lock) => Ok(InstanceLock { path: lock.path().to_path_buf(), _lock: lock }),
        Err(openclaw_durable::DurableError::Locked { path }) => {
            Err(GatewayError::AlreadyRunning { config: config_path.to_path_buf(), lock: path })
        }
        Err(err) => Err(err.into()),
    }
}
