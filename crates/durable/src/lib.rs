//! `openclaw-durable` owns the crash-safe file primitives every on-disk store of the gateway is built
//! from: atomic replace (temp file, fsync, rename, directory fsync), rotating backups, advisory file
//! locks, private modes (files 0600, directories 0700) and append-only JSON lines that survive
//! `kill -9` with at most the last partial line dropped.
//!
//! Use it whenever bytes reach the disk under the state directory; the layouts and formats built on top
//! live in `openclaw-config` and `openclaw-store`. It knows nothing about OpenClaw itself, decides no
//! policy and depends on no other workspace crate.
//!
//! Locks are advisory and cooperative: a writer that replaces a shared file takes
//! [`lock_exclusive`] first, then [`rotate_backups`] and [`write_atomic`]. JSON-lines appenders need no
//! lock because each line is a single `O_APPEND` write.

mod atomic;
mod backup;
mod error;
mod jsonl;
mod lock;
mod mode;
mod paths;

pub use atomic::write_atomic;
pub use backup::rotate_backups;
pub use error::{DurableError, Result};
pub use jsonl::{JsonlRead, append_line, read_jsonl, repair_jsonl};
pub use lock::{FileLock, lock_exclusive, try_lock_exclusive};
pub use mode::{PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, ensure_private_dir, mode_of};
