//! Compile tests of the generated crate's API: what users should be able to write compiles,
//! and misuse is rejected by the type system with a helpful message.
//!
//! `tests/ui/pass/*.rs` must compile (and run: their `main` does nothing);
//! `tests/ui/fail/*.rs` must fail with the compiler output committed beside them as `.stderr`.
//! After an intended change, regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p integration-tests --test ui` and review the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
