//! Integration tests of the gateway over real sockets on 127.0.0.1: each test starts a
//! gateway in-process on port 0 with its own state directory and talks to it as a client would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::disallowed_methods)]

mod suite;
