//! Integration tests for `openclaw-store`, built as one test binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod suite {
    mod device_auth_cache;
    mod devices;
    mod devices_concurrency;
    mod identity;
    mod pairing;
    mod pairing_concurrency;
    mod permissions;
    mod sessions;
    mod state_dir;
    mod transcript;
    mod transcript_crash;
}
