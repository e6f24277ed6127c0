//! Typed error bodies: the crate generated from `fixtures/corpus/error-bodies.yaml` runs
//! `behaviour/error_bodies.rs`, which checks the type each error status decodes into (a
//! specific code, a range, `default`) and that a body that fits none keeps its bytes, against
//! a loopback mock server.

use integration_tests::{fixture, root, run_behaviour_test};

#[test]
fn error_statuses_decode_into_their_declared_types() {
    run_behaviour_test(
        &fixture("corpus/error-bodies.yaml"),
        &root().join("tests/behaviour/error_bodies.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}
