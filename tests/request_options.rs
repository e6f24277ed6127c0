//! Per-request options and raw responses: the crate generated from
//! `fixtures/corpus/request-options.yaml` runs `behaviour/request_options.rs`, which checks the
//! exact requests sent with and without options (headers, query, timeout, retries, idempotency
//! key), the status and headers returned beside the result, and cancellation on drop, against
//! loopback servers.

use integration_tests::{fixture, root, run_behaviour_test};

#[test]
fn options_apply_per_call_and_raw_responses_carry_status_and_headers() {
    run_behaviour_test(
        &fixture("corpus/request-options.yaml"),
        &root().join("tests/behaviour/request_options.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}
