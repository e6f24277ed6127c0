//! Parameters of every shape and style: the crate generated from
//! `fixtures/corpus/param-styles.yaml` runs `behaviour/param_styles.rs`, which checks the exact
//! path, query string and headers each operation sends to a loopback mock server.

use integration_tests::{fixture, root, run_behaviour_test};

#[test]
fn parameters_are_sent_per_the_openapi_style_rules() {
    run_behaviour_test(
        &fixture("corpus/param-styles.yaml"),
        &root().join("tests/behaviour/param_styles.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}
