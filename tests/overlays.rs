//! Overlays on a corpus fixture: RFC 9535 filters pick what to change, Overlay 1.1 `copy`
//! duplicates a path item, and a bad JSONPath names the overlay file and the action.

use integration_tests::{fixture, xtask};

fn resources(overlays: &[&str]) -> String {
    let input = generator::Input {
        spec: fixture("corpus/runtime-names.yaml"),
        overlays: overlays.iter().map(|o| fixture(o)).collect(),
        ..Default::default()
    };
    let generated = generator::generate(&input).unwrap_or_else(|e| panic!("{e}"));
    generated
        .files
        .iter()
        .find(|f| f.path.ends_with("resources.rs"))
        .map(|f| f.contents.clone())
        .expect("resources.rs is generated")
}

/// The methods of the resource struct `resource`: its `impl` block.
fn methods_of<'a>(resources: &'a str, resource: &str) -> &'a str {
    let start = resources
        .find(&format!("impl<'a> {resource}<'a> {{"))
        .unwrap_or_else(|| panic!("no resource {resource} in:\n{resources}"));
    let rest = &resources[start..];
    let end = rest[1..].find("\nimpl").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

/// The `#[deprecated]` line right above `fn name` of `resource`, if any.
fn deprecated(resources: &str, resource: &str, name: &str) -> bool {
    let methods = methods_of(resources, resource);
    let Some(at) = methods.find(&format!("pub async fn {name}(")) else {
        panic!("no fn {name} in:\n{methods}");
    };
    methods[..at]
        .trim_end()
        .lines()
        .last()
        .is_some_and(|l| l.contains("#[deprecated"))
}

#[test]
fn filters_and_copy_change_the_generated_client_as_intended() {
    let before = resources(&[]);
    assert!(before.contains("pub fn option(&self)"), "{before}");
    assert!(!deprecated(&before, "ErrorResource", "get"));
    assert!(!deprecated(&before, "BoxResource", "clone2"));
    assert!(!before.contains("clone_again"), "{before}");

    let after = resources(&["overlays/runtime-names.overlay.yaml"]);
    // `[?@.operationId == 'clone' || @.operationId == 'get-error']` under every path item.
    assert!(deprecated(&after, "ErrorResource", "get"), "{after}");
    assert!(deprecated(&after, "BoxResource", "clone2"), "{after}");
    assert!(!deprecated(&after, "ClientResource", "list"), "{after}");
    // `$.paths[?@.get.operationId == 'list-options']` removed the whole path item (and with
    // it the only operation of the `option` resource).
    assert!(!after.contains("pub fn option(&self)"), "{after}");
    // `/clones` is a copy of `/vecs` (deprecated by then), renamed and undeprecated after.
    assert!(after.contains("`GET /clones`"), "{after}");
    assert!(!deprecated(&after, "BoxResource", "clone_again"), "{after}");
}

#[test]
fn a_bad_jsonpath_names_the_overlay_and_the_action() {
    let spec = fixture("corpus/runtime-names.yaml");
    let overlay = fixture("overlays/bad-path.overlay.yaml");
    let out = tempfile::tempdir().unwrap();
    let (code, msg) = xtask(&[
        "codegen".as_ref(),
        "--spec".as_ref(),
        spec.as_ref(),
        "--overlay".as_ref(),
        overlay.as_ref(),
        "--out".as_ref(),
        out.path().join("crate").as_ref(),
    ]);
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("bad-path.overlay.yaml"), "{msg}");
    assert!(msg.contains("#/actions/1/target"), "{msg}");
    assert!(
        msg.contains("invalid JSONPath `$.paths[?@.get.operationId ==]`: at position"),
        "{msg}"
    );
}

/// `models.rs` of the crate generated from `spec` with `overlay`.
fn models_of(spec: std::path::PathBuf, overlay: std::path::PathBuf) -> String {
    let input = generator::Input {
        spec,
        overlays: vec![overlay],
        ..Default::default()
    };
    let generated = generator::generate(&input).unwrap_or_else(|e| panic!("{e}"));
    generated
        .files
        .iter()
        .find(|f| f.path.ends_with("models.rs"))
        .map(|f| f.contents.clone())
        .expect("models.rs is generated")
}

/// Overlays apply to the resolved document: a target inside another file's content is
/// reached, and a file `$ref` the overlay writes is the type that file already made.
#[test]
fn overlays_apply_after_other_files_are_resolved() {
    let models = models_of(
        fixture("multifile/split/api.yaml"),
        fixture("overlays/split.overlay.yaml"),
    );
    assert!(models.contains("/// The pet's call name."), "{models}");
    assert!(
        models.contains("pub best_friend: Option<Box<Pet>>")
            || models.contains("pub best_friend: Option<Pet>"),
        "{models}"
    );
    assert!(!models.contains("Pet2"), "{models}");
}

/// On a 3.1 document, what an overlay writes is 3.1 too, and is converted like the rest.
#[test]
fn what_an_overlay_writes_into_a_31_document_is_read_as_31() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = dir.path().join("o.yaml");
    std::fs::write(
        &overlay,
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components.schemas.Owner.properties\n    update:\n      phone: {type: [string, 'null'], examples: ['+44']}\n",
    )
    .unwrap();
    let models = models_of(fixture("corpus/openapi-3.1.yaml"), overlay);
    assert!(models.contains("pub phone: Option<String>"), "{models}");
}
