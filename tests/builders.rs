//! Which models get a builder: users build what they send (`new` plus a `with_*` setter per
//! field) and read what only responses carry. A type only responses carry keeps `new` for its
//! required fields, so a test can still make one, and derives `Default` when it has none.

use integration_tests::{fixture, generate_files};

/// The `impl` block of `name` in `models.rs`, if it has one.
fn impl_block(models: &str, name: &str) -> Option<String> {
    let start = models.find(&format!("\nimpl {name} {{\n"))?;
    let end = models[start + 1..].find("\n}\n")? + start + 1;
    Some(models[start..end].to_owned())
}

fn models() -> String {
    generate_files(&fixture("corpus/builders.yaml"))
        .into_iter()
        .find(|f| f.path == "src/models.rs")
        .expect("models.rs")
        .contents
}

#[test]
fn what_requests_carry_has_a_full_builder() {
    let models = models();
    for name in ["NoteInput", "Label"] {
        let block = impl_block(&models, name).unwrap_or_else(|| panic!("{name} has no builder"));
        assert!(block.contains("pub fn new("), "{name}:\n{block}");
        assert!(block.contains("pub fn with_"), "{name}:\n{block}");
    }
}

#[test]
fn what_only_responses_carry_has_no_setters() {
    let models = models();
    let note = impl_block(&models, "Note").expect("Note keeps `new` for its required `id`");
    assert!(note.contains("pub fn new(id: impl Into<String>)"), "{note}");
    assert!(!note.contains("pub fn with_"), "{note}");
    assert_eq!(
        impl_block(&models, "Audit"),
        None,
        "Audit has no required field: `Default` makes one"
    );
    assert!(
        models.contains(
            "#[derive(Clone, PartialEq, Debug, Default)]\n#[non_exhaustive]\npub struct Audit"
        ),
        "Audit derives Default"
    );
}

#[test]
fn a_component_no_operation_uses_keeps_its_builder() {
    let block = impl_block(&models(), "Vocabulary").expect("Vocabulary has a builder");
    assert!(block.contains("pub fn with_word("), "{block}");
}

#[test]
fn no_builder_allows_a_lint() {
    assert!(!models().contains("new_without_default"));
}
