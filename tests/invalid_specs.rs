//! Bad input: a clear message that says what and where, exit status 1, nothing written.

use std::collections::BTreeMap;
use std::path::Path;

use integration_tests::{fixture, root, xtask};

/// Every file under `dir`, with contents.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in snapshot(from) {
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, bytes).unwrap();
    }
}

/// Runs `cargo xtask codegen` on a bad spec against a copy of `generated/`; returns the
/// exit code and message, and checks the copy is byte-identical afterwards.
fn codegen_on(spec: &str) -> (i32, String) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    copy_dir(&root().join("generated/src"), &out.join("src"));
    let before = snapshot(&out);
    let spec_path = fixture(spec);
    let (code, msg) = xtask(&[
        "codegen".as_ref(),
        "--spec".as_ref(),
        spec_path.as_ref(),
        "--out".as_ref(),
        out.as_ref(),
    ]);
    assert_eq!(
        snapshot(&out),
        before,
        "{spec}: the output directory changed"
    );
    let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
    assert_eq!(leftovers, 1, "{spec}: staging directories left behind");
    (code, msg)
}

#[test]
fn a_dangling_ref_names_the_pointer_and_where_it_was_used() {
    let (code, msg) = codegen_on("invalid/dangling-ref.yaml");
    assert_eq!(code, 1, "{msg}");
    assert!(
        msg.contains("#/components/schemas/owner-never-published"),
        "{msg}"
    );
    assert!(msg.contains("points nowhere"), "{msg}");
    assert!(
        msg.contains("#/components/schemas/thing/properties/owner"),
        "{msg}"
    );
}

#[test]
fn a_yaml_syntax_error_gives_line_and_column() {
    let (code, msg) = codegen_on("invalid/yaml-syntax.yaml");
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("YAML syntax error"), "{msg}");
    assert!(msg.contains("line 10"), "{msg}");
    assert!(msg.contains("yaml-syntax.yaml"), "{msg}");
}

#[test]
fn a_json_syntax_error_gives_line_and_column() {
    let (code, msg) = codegen_on("invalid/json-syntax.json");
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("JSON syntax error"), "{msg}");
    assert!(msg.contains("line 11"), "{msg}");
    assert!(msg.contains("json-syntax.json"), "{msg}");
}

/// One run lists every problem, each where it is, not just the first.
#[test]
fn every_problem_is_listed() {
    let (code, msg) = codegen_on("invalid/several-errors.yaml");
    assert_eq!(code, 1, "{msg}");
    let expected = [
        (
            "#/components/parameters/never-published-param",
            "#/paths/~1things/get/parameters/0",
        ),
        (
            "#/components/schemas/never-published-thing",
            "#/paths/~1things/get/responses/200",
        ),
        (
            "#/components/schemas/never-published-body",
            "#/paths/~1things/post/requestBody",
        ),
        (
            "#/components/schemas/never-published-owner",
            "#/components/schemas/thing/properties/owner",
        ),
        ("reference cycle", "loop-"),
    ];
    let errors: Vec<&str> = msg.lines().filter(|l| l.contains("error:")).collect();
    for (what, at) in expected {
        assert!(
            errors.iter().any(|e| e.contains(what) && e.contains(at)),
            "no error about {what} at {at}:\n{msg}"
        );
    }
    assert!(
        msg.lines()
            .next()
            .is_some_and(|l| l.contains(&format!("{} errors", errors.len()))),
        "{msg}"
    );

    // `$ref`s to pointers outside `components` are resolved while reading: all of those are
    // listed too (and stop the run before lowering).
    let (code, msg) = codegen_on("invalid/several-pointer-errors.yaml");
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("2 errors"), "{msg}");
    assert!(msg.contains("no-such-property"), "{msg}");
    assert!(msg.contains("#/x-defs/nothing-here"), "{msg}");
}

#[test]
fn unsupported_versions_say_what_was_found() {
    let (code, msg) = codegen_on("invalid/openapi-3.2.yaml");
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("found OpenAPI 3.2.0"), "{msg}");
    assert!(
        msg.contains("only OpenAPI 3.0.x and 3.1.x are supported"),
        "{msg}"
    );
    assert!(msg.contains("line 1"), "{msg}");

    let (code, msg) = codegen_on("invalid/swagger-2.0.yaml");
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("Swagger/OpenAPI 2.0"), "{msg}");
}

#[test]
fn an_empty_file_and_a_ref_cycle_are_errors() {
    let (code, msg) = codegen_on("invalid/empty.yaml");
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("the file is empty"), "{msg}");

    let (code, msg) = codegen_on("invalid/ref-cycle.yaml");
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("reference cycle: a -> b -> a"), "{msg}");
}

#[test]
fn a_missing_spec_file_is_an_error_not_a_panic() {
    let (code, msg) = codegen_on("invalid/does-not-exist.yaml");
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("cannot read"), "{msg}");
}

/// Strict by default; `--skip-invalid` drops the broken operation and the types only it
/// needed, with one warning naming the pointer and the reason, and generates the rest.
#[test]
fn one_broken_operation_is_skipped_only_when_asked() {
    let (code, msg) = codegen_on("partial/one-broken-operation.yaml");
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("never-published"), "{msg}");

    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    let spec = fixture("partial/one-broken-operation.yaml");
    let (code, msg) = xtask(&[
        "codegen".as_ref(),
        "--skip-invalid".as_ref(),
        "--spec".as_ref(),
        spec.as_ref(),
        "--out".as_ref(),
        out.as_ref(),
    ]);
    assert_eq!(code, 0, "{msg}");
    assert!(msg.contains("skipped operation GET /broken"), "{msg}");
    assert!(
        msg.contains("#/components/schemas/broken-wrapper/properties/inner"),
        "{msg}"
    );
    let resources = std::fs::read_to_string(out.join("src/resources.rs")).unwrap();
    let models = std::fs::read_to_string(out.join("src/models.rs")).unwrap();
    // Untagged operations group by path: `GET /good` is `client.good().get()`.
    assert!(resources.contains("pub fn good(&self)"), "{resources}");
    assert!(resources.contains("pub fn also_good(&self)"), "{resources}");
    assert!(!resources.contains("pub fn broken(&self)"), "{resources}");
    assert!(!models.contains("BrokenWrapper"), "{models}");
}

/// A type that a skipped operation shares with a kept one stays; one only the skipped
/// operation needed goes with it, with or without `--only-used`, whichever operation comes
/// first in the spec.
#[test]
fn skipping_keeps_a_type_a_kept_operation_shares() {
    let broken_first = integration_tests::read_fixture("partial/shared-type.yaml");
    let good = &broken_first
        [broken_first.find("  /good:").unwrap()..broken_first.find("components:").unwrap()];
    let good_first = broken_first
        .replace(good, "")
        .replace("paths:\n", &format!("paths:\n{good}"));
    assert_ne!(good_first, broken_first);
    for (order, text) in [("broken first", &broken_first), ("good first", &good_first)] {
        for only_used in [false, true] {
            let tmp = tempfile::tempdir().unwrap();
            let spec = tmp.path().join("spec.yaml");
            std::fs::write(&spec, text).unwrap();
            let out = tmp.path().join("generated");
            let mut args: Vec<&std::ffi::OsStr> = vec![
                "codegen".as_ref(),
                "--skip-invalid".as_ref(),
                "--spec".as_ref(),
                spec.as_ref(),
                "--out".as_ref(),
                out.as_ref(),
            ];
            if only_used {
                args.push("--only-used".as_ref());
            }
            let (code, msg) = xtask(&args);
            let case = format!("{order}, only_used: {only_used}");
            assert_eq!(code, 0, "{case}: {msg}");
            assert!(
                msg.contains("skipped operation POST /broken"),
                "{case}: {msg}"
            );
            let resources = std::fs::read_to_string(out.join("src/resources.rs")).unwrap();
            let models = std::fs::read_to_string(out.join("src/models.rs")).unwrap();
            // Untagged operations group by path: `GET /good` is `client.good().get()`.
            assert!(
                resources.contains("pub fn good(&self)"),
                "{case}: {resources}"
            );
            assert!(
                !resources.contains("pub fn broken(&self)"),
                "{case}: {resources}"
            );
            assert!(models.contains("pub struct Shared "), "{case}: {models}");
            assert!(resources.contains("models::Shared"), "{case}: {resources}");
            assert!(!models.contains("OnlyForBroken"), "{case}: {models}");
        }
    }
}

/// A `$ref`'d path item (3.0: to any pointer; 3.1: into `components/pathItems`) is resolved,
/// its operations generated; one that points nowhere is an error, not a skipped path.
#[test]
fn a_refd_path_item_is_resolved_and_one_pointing_nowhere_is_an_error() {
    // The path item's text, indented by `pad`.
    let item = |pad: &str| {
        [
            "get:",
            "  operationId: list-things",
            "  responses:",
            "    '200':",
            "      description: ok",
            "      content:",
            "        application/json:",
            "          schema: {type: array, items: {type: string}}",
        ]
        .iter()
        .map(|l| format!("{pad}{l}\n"))
        .collect::<String>()
    };
    let head = |version: &str| {
        format!(
            "openapi: {version}\ninfo: {{title: t, version: '1', x-sdk-crate-name: refd-paths}}\n\
             servers: [{{url: 'https://api.example.com'}}]\n"
        )
    };
    let v30 = format!(
        "{}paths:\n  /things: {{$ref: '#/x-path-items/things'}}\nx-path-items:\n  things:\n{}",
        head("3.0.3"),
        item("    ")
    );
    let v31 = format!(
        "{}paths:\n  /things: {{$ref: '#/components/pathItems/things'}}\n\
         components:\n  pathItems:\n    things:\n{}",
        head("3.1.0"),
        item("      ")
    );
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in [("v30", &v30), ("v31", &v31)] {
        let spec = tmp.path().join(format!("{name}.yaml"));
        std::fs::write(&spec, text).unwrap();
        let generated = generator::generate(&generator::Input {
            spec: spec.clone(),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        let resources = generated
            .files
            .iter()
            .find(|f| f.path == "src/resources.rs")
            .unwrap();
        assert!(
            resources.contents.contains("pub fn things(&self)")
                && resources.contents.contains("pub async fn list("),
            "{name}: {}",
            resources.contents
        );

        let dangling = text
            .replace("pathItems/things'", "pathItems/nowhere'")
            .replace("x-path-items/things'", "x-path-items/nowhere'");
        assert_ne!(&dangling, text);
        std::fs::write(&spec, &dangling).unwrap();
        let e = generator::generate(&generator::Input {
            spec,
            ..Default::default()
        })
        .expect_err(name)
        .to_string();
        assert!(e.contains("/nowhere` points nowhere"), "{name}: {e}");
        assert!(e.contains("#/paths/~1things"), "{name}: {e}");
    }
}

/// The same switch, from a config file beside the spec.
#[test]
fn skipping_can_be_set_in_a_config_file() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("spec.yaml");
    std::fs::copy(fixture("partial/one-broken-operation.yaml"), &spec).unwrap();
    std::fs::write(tmp.path().join("codegen.yaml"), "skip-invalid: true\n").unwrap();
    let out = tmp.path().join("out");
    let (code, msg) = xtask(&[
        "codegen".as_ref(),
        "--spec".as_ref(),
        spec.as_ref(),
        "--out".as_ref(),
        out.as_ref(),
    ]);
    assert_eq!(code, 0, "{msg}");
    assert!(msg.contains("skipped operation GET /broken"), "{msg}");
}

/// The message of every bad spec in `tests/fixtures/invalid/`, as a user sees it.
#[test]
fn every_invalid_fixture_has_its_message_snapshotted() {
    insta::glob!("fixtures/invalid/*.{yaml,json}", |path| {
        let rel = path
            .strip_prefix(fixture(""))
            .unwrap()
            .display()
            .to_string();
        let (code, msg) = codegen_on(&rel);
        assert_eq!(code, 1, "{msg}");
        let shown = msg.replace(&fixture("").display().to_string(), "tests/fixtures/");
        insta::assert_snapshot!(shown);
    });
}

/// Components no operation uses are generated too, so a broken one is an error; `--only-used`
/// generates what the operations use and leaves them out.
#[test]
fn unused_components_are_checked_unless_only_used_is_asked() {
    let (code, msg) = codegen_on("invalid/unused-component-errors.yaml");
    assert_eq!(code, 1, "{msg}");
    assert!(
        msg.contains("#/components/schemas/event/properties/payload"),
        "{msg}"
    );
    assert!(
        msg.contains("reference cycle: alias-b -> alias-a -> alias-b"),
        "{msg}"
    );
    assert!(msg.contains("`itself` refers to itself"), "{msg}");

    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let spec = fixture("invalid/unused-component-errors.yaml");
    let (code, msg) = xtask(&[
        "codegen".as_ref(),
        "--only-used".as_ref(),
        "--spec".as_ref(),
        spec.as_ref(),
        "--out".as_ref(),
        out.as_ref(),
    ]);
    assert_eq!(code, 0, "{msg}");
    let models = std::fs::read_to_string(out.join("src/models.rs")).unwrap();
    assert!(!models.contains("Event"), "{models}");
}
