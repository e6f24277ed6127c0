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
