//! Security schemes: the crate generated from `fixtures/corpus/security-schemes.yaml` runs
//! `behaviour/security_schemes.rs`, which checks the credentials every kind of scheme puts in
//! a request (header, query, cookie, `Authorization` values), per operation, against a
//! loopback mock server.

use integration_tests::{fixture, root, run_behaviour_test};

#[test]
fn every_scheme_sends_its_credential_where_the_spec_says() {
    run_behaviour_test(
        &fixture("corpus/security-schemes.yaml"),
        &root().join("tests/behaviour/security_schemes.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}
