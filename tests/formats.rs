//! Formats: the crate generated from `fixtures/corpus/formats.yaml` runs `behaviour/formats.rs`,
//! which round-trips each integer width's extremes and sends them as parameters.

use integration_tests::{fixture, root, run_behaviour_test};

#[test]
fn integer_formats_decode_and_encode_their_whole_range() {
    run_behaviour_test(
        &fixture("corpus/formats.yaml"),
        &root().join("tests/behaviour/formats.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}
