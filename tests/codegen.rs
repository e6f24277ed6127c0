//! The committed crate is exactly what the generator makes from the committed spec, and the
//! generator makes the same bytes every time.

use integration_tests::{generate_files, root};

fn generate() -> Vec<generator::OutputFile> {
    generate_files(&root().join("spec/cloudflare-identity.yaml"))
}

#[test]
fn generated_is_up_to_date_with_the_spec_and_templates() {
    let drift = generator::write::check(&root().join("generated"), &generate()).unwrap();
    assert!(
        drift.is_empty(),
        "generated/ is stale; run `cargo xtask codegen` and commit:\n{drift}"
    );
}

#[test]
fn generation_is_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    generator::write::write_atomic(a.path(), &generate()).unwrap();
    generator::write::write_atomic(b.path(), &generate()).unwrap();
    let files = generate();
    assert!(generator::write::check(a.path(), &files)
        .unwrap()
        .is_empty());
    assert!(generator::write::check(b.path(), &files)
        .unwrap()
        .is_empty());
    for f in &files {
        let x = std::fs::read(a.path().join(&f.path)).unwrap();
        let y = std::fs::read(b.path().join(&f.path)).unwrap();
        assert_eq!(x, y, "{} differs between runs", f.path);
    }
}

/// A workspace like ours: `generated/` holds a crate another member depends on by path.
fn workspace_with_a_dependent() -> tempfile::TempDir {
    use integration_tests::fixture;
    let dir = tempfile::tempdir().unwrap();
    let files = generate_files(&fixture("corpus/recursive.yaml"));
    generator::write::write_atomic(&dir.path().join("generated"), &files).unwrap();
    std::fs::create_dir_all(dir.path().join("user/src")).unwrap();
    std::fs::write(
        dir.path().join("user/Cargo.toml"),
        "[package]\nname = \"user\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
         [dependencies]\nfixture-recursive = { path = \"../generated\" }\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("user/src/lib.rs"), "").unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"generated\", \"user\"]\n",
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    dir
}

/// Cargo can still resolve the workspace (so `cargo xtask` could still run in it).
fn resolves(dir: &std::path::Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = std::process::Command::new(cargo)
        .args(["tree", "--offline", "--depth", "1"])
        .current_dir(dir)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Another spec into a crate the workspace depends on is refused with what and how; with
/// `--rename` it is written and the dependent follows, so the workspace still resolves.
#[test]
fn a_spec_that_would_rename_a_depended_on_crate_is_refused_unless_asked() {
    use integration_tests::{fixture, xtask};
    let ws = workspace_with_a_dependent();
    let out = ws.path().join("generated");
    let manifest_before = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    let other = fixture("corpus/keywords.yaml");
    let args = |rename: bool| {
        let mut a: Vec<std::ffi::OsString> = vec![
            "codegen".into(),
            "--spec".into(),
            other.clone().into(),
            "--out".into(),
            out.clone().into(),
        ];
        if rename {
            a.push("--rename".into());
        }
        a
    };
    let refused: Vec<std::ffi::OsString> = args(false);
    let refs: Vec<&std::ffi::OsStr> = refused.iter().map(|a| a.as_os_str()).collect();
    let (code, msg) = xtask(&refs);
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("holds the crate `fixture-recursive`"), "{msg}");
    assert!(msg.contains("user/Cargo.toml"), "{msg}");
    assert!(msg.contains("--out DIR"), "{msg}");
    assert!(msg.contains("--rename"), "{msg}");
    assert_eq!(
        std::fs::read_to_string(out.join("Cargo.toml")).unwrap(),
        manifest_before,
        "nothing may be written"
    );
    resolves(ws.path()).unwrap();

    let renamed: Vec<std::ffi::OsString> = args(true);
    let refs: Vec<&std::ffi::OsStr> = renamed.iter().map(|a| a.as_os_str()).collect();
    let (code, msg) = xtask(&refs);
    assert_eq!(code, 0, "{msg}");
    let user = std::fs::read_to_string(ws.path().join("user/Cargo.toml")).unwrap();
    assert!(
        user.contains("fixture-keywords = { path = \"../generated\" }"),
        "{user}"
    );
    resolves(ws.path()).unwrap_or_else(|e| panic!("the workspace no longer resolves:\n{e}"));
}

/// `--strict-models` (or `strict-models: true` in the codegen config) generates models that keep
/// no unknown members: no `extra` fields, no `Extra` type, serde's derives.
#[test]
fn strict_models_keep_no_unknown_members() {
    let spec = root().join("spec/cloudflare-identity.yaml");
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("codegen.yaml");
    std::fs::write(&config, "strict-models: true\n").unwrap();
    for flags in [
        vec!["--strict-models".into()],
        vec!["--config".into(), config.into_os_string()],
    ] {
        let out = tmp.path().join("out");
        let mut args: Vec<std::ffi::OsString> = vec!["codegen".into(), "--spec".into()];
        args.push(spec.clone().into_os_string());
        args.push("--out".into());
        args.push(out.clone().into_os_string());
        args.extend(flags);
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        let (code, msg) = integration_tests::xtask(&args);
        assert_eq!(code, 0, "{msg}");
        let models = std::fs::read_to_string(out.join("src/models.rs")).unwrap();
        assert!(!models.contains("Extra"), "{models}");
        assert!(
            models.contains("#[serde(tag = \"type\", rename = \"azureAD\")]"),
            "{models}"
        );
        assert!(!out.join("src/extra.rs").exists());
        let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
        assert!(!lib.contains("extra"), "{lib}");
    }
}
