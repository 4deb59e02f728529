//! Integration tests of `openclaw-config`, built as one binary.
//!
//! The suite is an inline module rather than `tests/suite.rs`: Cargo would build a `tests/*.rs`
//! file as a test crate of its own, where `mod schema;` cannot find `suite/schema.rs`.

mod suite {
    mod loader_props;
    mod schema;
    mod schema_security;
}
