//! Overlays on a corpus fixture: RFC 9535 filters pick what to change, Overlay 1.1 `copy`
//! duplicates a path item, and a bad JSONPath names the overlay file and the action.

use integration_tests::{fixture, xtask};

fn resources(overlays: &[&str]) -> String {
    let input = generator::Input {
        spec: fixture("corpus/runtime-names.yaml"),
        overlays: overlays.iter().map(|o| fixture(o)).collect(),
        options: Default::default(),
    };
    let generated = generator::generate(&input).unwrap_or_else(|e| panic!("{e}"));
    generated
        .files
        .iter()
        .find(|f| f.path.ends_with("resources.rs"))
        .map(|f| f.contents.clone())
        .expect("resources.rs is generated")
}

/// The `#[deprecated]` line right above `fn name`, if any.
fn deprecated(resources: &str, name: &str) -> bool {
    let Some(at) = resources.find(&format!("pub async fn {name}(")) else {
        panic!("no fn {name} in:\n{resources}");
    };
    resources[..at]
        .trim_end()
        .lines()
        .last()
        .is_some_and(|l| l.contains("#[deprecated"))
}

#[test]
fn filters_and_copy_change_the_generated_client_as_intended() {
    let before = resources(&[]);
    assert!(before.contains("pub async fn list_options("), "{before}");
    assert!(!deprecated(&before, "get_error"));
    assert!(!deprecated(&before, "clone2"));
    assert!(!before.contains("clone_again"), "{before}");

    let after = resources(&["overlays/runtime-names.overlay.yaml"]);
    // `[?@.operationId == 'clone' || @.operationId == 'get-error']` under every path item.
    assert!(deprecated(&after, "get_error"), "{after}");
    assert!(deprecated(&after, "clone2"), "{after}");
    assert!(!deprecated(&after, "list_clients"), "{after}");
    // `$.paths[?@.get.operationId == 'list-options']` removed the whole path item.
    assert!(!after.contains("list_options"), "{after}");
    // `/clones` is a copy of `/vecs` (deprecated by then), renamed and undeprecated after.
    assert!(after.contains("`GET /clones`"), "{after}");
    assert!(!deprecated(&after, "clone_again"), "{after}");
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
