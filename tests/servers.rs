//! Servers: the crates generated from `fixtures/corpus/servers.yaml` and
//! `fixtures/corpus/servers-relative.yaml` run `behaviour/servers.rs` and
//! `behaviour/servers_relative.rs`, which check the exact URL each request goes to (defaults,
//! variables set, a server chosen by index or name) and the errors of a client that has no
//! usable server, against a loopback mock server.

use integration_tests::{fixture, root, run_behaviour_test};

#[test]
fn server_variables_and_choices_make_the_request_url() {
    run_behaviour_test(
        &fixture("corpus/servers.yaml"),
        &root().join("tests/behaviour/servers.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}

#[test]
fn a_relative_server_url_needs_a_base_url() {
    run_behaviour_test(
        &fixture("corpus/servers-relative.yaml"),
        &root().join("tests/behaviour/servers_relative.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}
