//! Multi-file specs: `$ref`s to other files under the root spec's directory become one
//! document; what would read outside it is refused with a located error.

use std::path::Path;

use integration_tests::{
    build_crate, fixture, generate_files as generate, reviewable_source, write_workspace,
};

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
        members.push(name);
    }
    write_workspace(dir.path(), &members);
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

/// `roots:` in the codegen config lets references read a directory beside the spec's; without
/// it the same reference is refused, and a root does not open anything beyond itself.
#[test]
fn config_roots_allow_more_directories_and_no_more() {
    let spec = fixture("multifile-roots/spec/api.yaml");
    let message = error_of(&spec);
    assert!(
        message.contains("refused `../common/errors.yaml`: it leaves the spec's directory"),
        "{message}"
    );

    let out = tempfile::tempdir().unwrap();
    let mut err = Vec::new();
    let code = xtask::run(
        [
            "xtask",
            "codegen",
            "--spec",
            spec.to_str().unwrap(),
            "--out",
            out.path().join("crate").to_str().unwrap(),
        ],
        &mut err,
    );
    let err = String::from_utf8(err).unwrap();
    assert_eq!(code, 0, "{err}");
    let models = std::fs::read_to_string(out.path().join("crate/src/models.rs")).unwrap();
    assert!(models.contains("pub struct Problem {"), "{models}");
    assert!(
        models.contains("What went wrong, for a person."),
        "{models}"
    );

    // Beyond the allowed root: refused all the same.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("secret.yaml"),
        "S: {description: TOPSECRET}\n",
    )
    .unwrap();
    for dir in ["repo/spec", "repo/common"] {
        std::fs::create_dir_all(tmp.path().join(dir)).unwrap();
    }
    let spec = tmp.path().join("repo/spec/api.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    X: {$ref: '../common/../../secret.yaml#/S'}\n",
    )
    .unwrap();
    let input = generator::Input {
        spec,
        roots: vec![tmp.path().join("repo/spec/../common")],
        ..Default::default()
    };
    let message = generator::generate(&input).unwrap_err().to_string();
    assert!(
        message.contains("it leaves the spec's directory and the allowed roots"),
        "{message}"
    );
    assert!(!message.contains("TOPSECRET"), "{message}");

    // A root that does not exist is an error, not a silent no-op.
    let input = generator::Input {
        roots: vec![tmp.path().join("nowhere")],
        ..input
    };
    let message = generator::generate(&input).unwrap_err().to_string();
    assert!(message.contains("the allowed root"), "{message}");
    assert!(message.contains("nowhere"), "{message}");
}

/// `api-diff --base REV` reads the spec at REV with REV's own files: a change made only in a
/// referenced file, and one in a file under a config root, are found.
#[test]
fn api_diff_reads_each_revision_with_its_own_files() {
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.invalid",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
    };
    let write = |path: &str, text: &str| {
        let path = repo.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "spec/api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'models/pet.yaml'}\n",
    );
    write("spec/codegen.yaml", "roots: [../shared]\n");
    write(
        "spec/models/pet.yaml",
        "type: object\nproperties:\n  name: {type: string}\n  color: {type: string}\n  problem: {$ref: '../../shared/problem.yaml'}\n",
    );
    write(
        "shared/problem.yaml",
        "type: object\nproperties:\n  title: {type: string}\n",
    );
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "old"]);
    write(
        "spec/models/pet.yaml",
        "type: object\nproperties:\n  name: {type: string}\n  problem: {$ref: '../../shared/problem.yaml'}\n",
    );
    write(
        "shared/problem.yaml",
        "type: object\nproperties:\n  title: {type: string}\n  detail: {type: string}\n",
    );
    let spec = repo.path().join("spec/api.yaml");
    let mut err = Vec::new();
    let code = xtask::run(
        ["xtask", "api-diff", "--spec", spec.to_str().unwrap()],
        &mut err,
    );
    let out = String::from_utf8(err).unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("API changes from HEAD:spec/api.yaml to "),
        "{out}"
    );
    assert!(out.contains("removed field      Pet.color"), "{out}");
    assert!(out.contains("Problem.detail"), "{out}");
    assert!(
        out.contains("1 breaking change, 1 non-breaking change"),
        "{out}"
    );
}
