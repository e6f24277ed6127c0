//! Typed error bodies: the crate generated from `fixtures/corpus/error-bodies.yaml` runs
//! `behaviour/error_bodies.rs`, which checks the type each error status decodes into (a
//! specific code, a range, `default`) and that a body that fits none keeps its bytes, against
//! a loopback mock server.

use integration_tests::{fixture, root, run_behaviour_test};

#[test]
fn error_statuses_decode_into_their_declared_types() {
    run_behaviour_test(
        &fixture("corpus/error-bodies.yaml"),
        &root().join("tests/behaviour/error_bodies.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}

/// Statuses that decode into one type share a match arm; a range keeps its own arm after every
/// specific code, so a code of another type still wins over it.
#[test]
fn codes_of_one_type_share_an_arm() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("api.yaml");
    let error = |code: &str| {
        format!(
            "        \"{code}\":\n          description: Failed.\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/{}\"\n",
            if code == "409" { "Conflict" } else { "Problem" }
        )
    };
    let responses: String = ["400", "404", "409", "5XX"]
        .iter()
        .map(|c| error(c))
        .collect();
    std::fs::write(
        &spec,
        format!(
            "openapi: 3.0.3\ninfo: {{title: Arms, version: '1'}}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      responses:\n        \"204\":\n          description: Done.\n{responses}components:\n  schemas:\n    Problem:\n      type: object\n      properties: {{title: {{type: string}}}}\n    Conflict:\n      type: object\n      properties: {{id: {{type: string}}}}\n"
        ),
    )
    .unwrap();
    let resources = integration_tests::generate_files(&spec)
        .into_iter()
        .find(|f| f.path == "src/resources.rs")
        .unwrap()
        .contents;
    let arms: Vec<&str> = resources
        .lines()
        .map(str::trim)
        .filter(|l| l.contains(" => ") && l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(arms.len(), 3, "{resources}");
    assert!(arms[0].starts_with("400 | 404 =>"), "{arms:?}");
    assert!(arms[1].starts_with("409 =>"), "{arms:?}");
    assert!(arms[2].starts_with("500..=599 =>"), "{arms:?}");
}
