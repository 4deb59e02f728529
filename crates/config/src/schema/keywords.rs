//! Keywords our build step writes into the built-in schema and the compiler reads. build.rs
//! includes this file too, so it depends on nothing.

/// A `required` list the overlay adds and that always counts (plain `required` in the reference
/// schema lists defaulted fields and is ignored; see `compile::RequiredMode`).
pub(crate) const OVERLAY_REQUIRED: &str = "x-openclaw-required";

/// `{"x-openclaw-piece": n}` stands for a subschema build.rs cut out into built-in piece `n`
/// (see `split.rs`); the compiler turns it into a node that compiles that piece on first use.
pub(crate) const PIECE: &str = "x-openclaw-piece";
