//! Streamed downloads: the crate generated from `fixtures/corpus/downloads.yaml` runs
//! `behaviour/downloads.rs`, which checks on loopback servers that a binary response's
//! `…_stream` method hands out the first chunk before the server sends the rest, sends the
//! buffered method's exact request, decodes typed error bodies, retries only before the first
//! chunk, ends with an `Err` item on a cut connection, and times out per chunk.

use integration_tests::{fixture, root, run_behaviour_test};

#[test]
fn binary_responses_stream_as_they_arrive() {
    run_behaviour_test(
        &fixture("corpus/downloads.yaml"),
        &root().join("tests/behaviour/downloads.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}
