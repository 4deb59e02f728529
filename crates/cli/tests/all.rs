//! Integration tests of the `openclaw` binary: each runs the real executable in a throwaway home.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::disallowed_methods)]

mod suite;
