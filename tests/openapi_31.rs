//! OpenAPI 3.1: the crate generated from `fixtures/corpus/openapi-3.1.yaml` runs
//! `behaviour/openapi_31.rs`, which decodes and re-encodes a real payload for each JSON Schema
//! 2020-12 feature the load stage maps to the 3.0 shape (`generator/src/load/v31.rs`).

use integration_tests::{fixture, root, run_behaviour_test, warnings_of};

#[test]
fn openapi_31_payloads_decode_into_the_expected_rust_types() {
    run_behaviour_test(
        &fixture("corpus/openapi-3.1.yaml"),
        &root().join("tests/behaviour/openapi_31.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}

/// What 3.1 can say and 3.0 cannot is warned about, each warning naming its JSON pointer.
#[test]
fn openapi_31_constructs_without_a_3_0_shape_are_warned_about() {
    insta::assert_snapshot!(warnings_of(&fixture("corpus/openapi-3.1.yaml")));
}
