//! Recursion of every shape decodes real JSON: the crate generated from
//! `fixtures/corpus/recursion-shapes.yaml` runs `behaviour/recursion_shapes.rs`.

use integration_tests::{fixture, root, run_behaviour_test};

#[test]
fn recursive_types_decode_and_re_encode_real_json() {
    run_behaviour_test(
        &fixture("corpus/recursion-shapes.yaml"),
        &root().join("tests/behaviour/recursion_shapes.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}
