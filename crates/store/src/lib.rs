//! `openclaw-store` owns the OpenClaw state directory (`~/.openclaw` or `$OPENCLAW_STATE_DIR`): where
//! each file lives, the formats of the files in it, the locks that serialize writers, and the facts
//! about file modes that `doctor` and `security audit` judge.
//!
//! Use [`StateDir`] for every path under the state directory instead of joining strings, so the layout
//! stays in one place and agent ids can never climb out of it. Bytes reach the disk only through
//! `openclaw-durable` (atomic writes, 0600 files, 0700 directories). This crate never decides policy:
//! it reports what is on disk and carries out a requested change, and whether a mode is acceptable or
//! who may pair is `openclaw-policy`'s call. It does use the policy's pure rules for the formats it
//! stores (the pairing file model, safe file-name keys, allowFrom merging, ISO timestamps), so each
//! rule is written once. It must not depend on the gateway, the network or tokio.
//!
//! Besides the layout it holds the device files: this host's identity ([`DeviceIdentity`]) and its
//! token cache ([`DeviceAuthCache`]) for the client side, and the gateway's paired-device store
//! ([`DeviceStore`]). What a scope list covers is asked of the caller through [`ScopeRules`], so the
//! implication table lives only in the policy.
//!
//! Channel senders are paired through [`PairingStore`] (pending codes and allowFrom lists under
//! `credentials/`), conversations live in [`SessionStore`] (`sessions.json`) and [`Transcript`]
//! (append-only JSONL). Where those need a decision — a pairing code, a cap, which fields survive a
//! reset — the caller passes it in as a closure that runs under the store's lock.

mod agent_id;
pub mod auth_profiles;
mod device_auth_cache;
pub mod devices;
mod entropy;
mod error;
mod identity;
mod json_file;
pub mod pairing;
mod permissions;
mod scope_list;
pub mod sessions;
mod state_dir;
pub mod transcript;

pub use agent_id::AgentId;
pub use auth_profiles::{
    AuthProfileStore, AuthProfiles, Credential, FailureReason, ProfileUsageStats, SecretRef, SecretString,
};
pub use device_auth_cache::{CachedDeviceToken, DeviceAuthCache};
pub use devices::DeviceStore;
pub use error::{Result, StoreError};
pub use identity::{DeviceIdentity, SigningSeed, device_id_for_public_key};
pub use pairing::PairingStore;
pub use permissions::{PathFacts, PathKind, PathRole, PermissionChange};
pub use scope_list::{ExactScopes, ScopeRules};
pub use sessions::SessionStore;
pub use state_dir::StateDir;
pub use transcript::{Appended, SyncPolicy, Transcript, TranscriptHeader};
