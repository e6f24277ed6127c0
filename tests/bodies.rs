//! Bodies that are not JSON: the crate generated from `fixtures/corpus/bodies.yaml` runs
//! `behaviour/bodies.rs`, which checks the exact multipart, urlencoded, byte and text bodies
//! sent (and their Content-Type) and the bytes and strings returned, against a loopback mock
//! server.

use integration_tests::{fixture, root, run_behaviour_test};

#[test]
fn bodies_that_are_not_json_are_sent_and_read_as_typed() {
    run_behaviour_test(
        &fixture("corpus/bodies.yaml"),
        &root().join("tests/behaviour/bodies.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}
