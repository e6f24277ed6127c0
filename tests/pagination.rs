//! Pagination beyond page numbers: the crate generated from `fixtures/corpus/pagination.yaml`
//! runs `behaviour/pagination.rs`, which walks a list of each style (cursor, cursor in a
//! `next_page` object, `has_more` with the last id, `Link` header, offset) over three pages of a
//! loopback mock server, and checks the exact requests, the items, the loop guard and an empty
//! first page.

use integration_tests::{fixture, root, run_behaviour_test};

#[test]
fn every_paging_style_walks_each_page_once() {
    run_behaviour_test(
        &fixture("corpus/pagination.yaml"),
        &root().join("tests/behaviour/pagination.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}
