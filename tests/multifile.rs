//! Multi-file specs: `$ref`s to other files under the root spec's directory become one
//! document; what would read outside it is refused with a located error.

use std::path::Path;

use integration_tests::{build_crate, fixture, generate_files as generate, reviewable_source};

/// The message of a spec that must not generate.
fn error_of(spec: &Path) -> String {
    let input = generator::Input {
        spec: spec.to_path_buf(),
        ..Default::default()
    };
    match generator::generate(&input) {
        Ok(_) => panic!("{} generated", spec.display()),
        // Paths relative to the repository, so the snapshot is the same on every machine.
        Err(e) => e
            .to_string()
            .replace(&fixture("").display().to_string(), "tests/fixtures/"),
    }
}

#[test]
fn multifile_output_matches_the_snapshots() {
    insta::glob!("fixtures/multifile/*/api.yaml", |path| {
        insta::assert_snapshot!(reviewable_source(&generate(path)));
    });
}

#[test]
fn every_multifile_fixture_compiles_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    let mut cases: Vec<_> = std::fs::read_dir(fixture("multifile"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        generator::write::write_atomic(&dir.path().join(&name), &generate(&case.join("api.yaml")))
            .unwrap();
        members.push(format!("{name:?}"));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    build_crate(dir.path()).unwrap_or_else(|e| panic!("a fixture crate does not compile:\n{e}"));
}

#[test]
fn each_error_class_is_located() {
    insta::glob!("fixtures/multifile-errors/*/api.yaml", |path| {
        insta::assert_snapshot!(error_of(path));
    });
}

/// A secret outside the root, reached by `..`, an absolute path and a symlink: refused,
/// and its content never appears.
#[test]
fn nothing_outside_the_root_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = tmp.path().join("secret.yaml");
    std::fs::write(&secret, "Leaked: {type: string, description: TOPSECRET}\n").unwrap();
    let root = tmp.path().join("a/b");
    std::fs::create_dir_all(&root).unwrap();
    let spec = |target: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    X: {{$ref: '{target}'}}\n"
        )
    };
    let abs = format!("{}#/Leaked", secret.display());
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, root.join("link.yaml")).unwrap();
    let mut cases = vec![
        ("../../secret.yaml#/Leaked", "leaves the spec's directory"),
        ("/etc/passwd", "an absolute path"),
        (abs.as_str(), "an absolute path"),
        ("https://example.com/x.yaml", "no network access"),
        ("file:///etc/passwd", "no network access"),
    ];
    if cfg!(unix) {
        cases.push(("link.yaml#/Leaked", "through a symlink"));
    }
    for (target, why) in cases {
        let path = root.join("api.yaml");
        std::fs::write(&path, spec(target)).unwrap();
        let message = error_of(&path);
        assert!(message.contains(why), "{target}: {message}");
        let file = target.split('#').next().unwrap();
        assert!(message.contains(file), "{target}: {message}");
        assert!(!message.contains("TOPSECRET"), "{target}: {message}");
        assert!(!message.contains("root:"), "{target}: {message}");
    }
}

#[test]
fn text_without_a_directory_cannot_refer_to_files() {
    let err = generator::load::load_str(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {X: {$ref: 'x.yaml'}}}\n",
    )
    .unwrap_err();
    let text = err
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        text.contains("no base directory to resolve `x.yaml` against"),
        "{text}"
    );
}
