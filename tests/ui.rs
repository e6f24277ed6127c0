//! Compile tests of the generated crate's API: what users should be able to write compiles,
//! and misuse is rejected by the type system with a helpful message.
//!
//! `tests/ui/pass/*.rs` must compile (and run: their `main` does nothing);
//! `tests/ui/fail/*.rs` must fail with the compiler output committed beside them as `.stderr`.
//! After an intended change, regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p integration-tests --test ui` and review the diff.
//!
//! The `.stderr` files are one rustc's wording: the version in `tests/ui/rustc-version`
//! (major.minor). With another rustc, `tests/build.rs` compiles the compile-fail test as ignored,
//! with the reason in `cargo test`'s output; the pass cases run on any toolchain. Update the
//! version file with the `.stderr` files when moving to a new toolchain.

#[test]
fn ui_pass() {
    trybuild::TestCases::new().pass("ui/pass/*.rs");
}

#[test]
#[cfg_attr(
    not(ui_stderr_toolchain),
    ignore = "the .stderr files are another rustc's wording (tests/ui/rustc-version)"
)]
fn ui_fail() {
    trybuild::TestCases::new().compile_fail("ui/fail/*.rs");
}
