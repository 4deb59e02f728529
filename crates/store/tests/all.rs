//! Integration tests for `openclaw-store`, built as one test binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod suite {
    mod permissions;
    mod state_dir;
}
