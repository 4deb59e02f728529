//! Integration tests for `openclaw-durable`, built as one test binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod suite {
    mod atomic;
    mod backup;
    mod crash;
    mod jsonl;
    mod lock;
    mod mode;
}
