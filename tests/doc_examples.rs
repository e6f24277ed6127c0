//! Doc examples pass values taken from the spec: a parameter's `example`, else its schema's,
//! else a string its `pattern` matches, else a placeholder named after the parameter. (The corpus test runs these examples as doctests.)

use integration_tests::{fixture, generate_files};

fn resources() -> String {
    generate_files(&fixture("corpus/doc-examples.yaml"))
        .into_iter()
        .find(|f| f.path == "src/resources.rs")
        .expect("resources.rs")
        .contents
}

#[test]
fn an_example_wins_then_the_pattern_makes_one() {
    let text = resources();
    assert!(
        text.contains(r#".get("acct_example", "note_0123456789ab")"#),
        "{text}"
    );
}

#[test]
fn without_either_a_placeholder_names_the_parameter() {
    let text = resources();
    assert!(text.contains(r#".get("<shelf_id>")"#), "{text}");
}
