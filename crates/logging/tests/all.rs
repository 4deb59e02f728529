//! Integration tests for `openclaw-logging`, built as one binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod suite {
    mod canary;
    mod fixture;
    mod json_shape;
    mod levels;
    mod modes;
    mod prune;
    mod rolling;
    mod size_cap;
}
