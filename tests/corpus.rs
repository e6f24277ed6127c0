//! The fixture corpus: small specs that each exercise one thing. Every fixture's output is
//! snapshot-tested (a reviewer sees the exact diff of a generator or template change) and
//! compiled with warnings denied, its doc examples too (as doctests).

use integration_tests::{
    build_crate, cloudflare_mentions, doc_test_workspace, fixture, generate_files as generate,
    reviewable_source, root, warnings_of, write_workspace,
};

#[test]
fn corpus_output_matches_the_snapshots() {
    insta::glob!("fixtures/corpus/*.yaml", |path| {
        let source = reviewable_source(&generate(path));
        insta::assert_snapshot!(source);
    });
}

#[test]
fn spec_output_matches_the_snapshot() {
    let source = reviewable_source(&generate(&root().join("spec/cloudflare-identity.yaml")));
    insta::assert_snapshot!("cloudflare_identity", source);
}

/// A crate generated from another API's spec says nothing of Cloudflare: not in its runtime,
/// errors, docs or examples (only `spec/cloudflare-identity.yaml` may bring Cloudflare in); and
/// only a spec with an envelope gets the envelope's types.
#[test]
fn no_fixture_crate_mentions_cloudflare() {
    insta::glob!("fixtures/corpus/*.yaml", |path| {
        let files = generate(path);
        let mentions = cloudflare_mentions(&files);
        assert!(
            mentions.is_empty(),
            "{} mentions Cloudflare:\n{}",
            path.display(),
            mentions.join("\n")
        );
        // Only a spec with an envelope gets the envelope's runtime, and only one with plain
        // lists that name their next page gets their walk; `pagination.rs` serves both.
        let enveloped = path.ends_with("envelope-allof.yaml");
        let paged = path.ends_with("pagination.yaml");
        for (file, expected) in [
            ("src/envelope.rs", enveloped),
            ("src/pagination/plain.rs", paged),
            ("src/pagination.rs", enveloped || paged),
        ] {
            assert_eq!(
                files.iter().any(|f| f.path == file),
                expected,
                "{}: {file}",
                path.display()
            );
        }
        let error = files.iter().find(|f| f.path == "src/error.rs");
        let has_api_variant = error.is_some_and(|f| f.contents.contains("    Api {"));
        assert_eq!(has_api_variant, enveloped, "{}: Error::Api", path.display());
    });
    // The check itself finds what it looks for.
    let cloudflare = generate(&root().join("spec/cloudflare-identity.yaml"));
    assert!(!cloudflare_mentions(&cloudflare).is_empty());
}

#[test]
fn every_fixture_compiles_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    let mut specs: Vec<_> = std::fs::read_dir(fixture("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    for spec in specs {
        let name = spec.file_stem().unwrap().to_string_lossy().into_owned();
        generator::write::write_atomic(&dir.path().join(&name), &generate(&spec)).unwrap();
        members.push(name);
    }
    write_workspace(dir.path(), &members);
    build_crate(dir.path()).unwrap_or_else(|e| panic!("a fixture crate does not compile:\n{e}"));
    // The doc examples (every operation's, the crate's) are doctests: compiled, as users copy
    // them. One `cargo test --doc` for the whole workspace, on the build above.
    doc_test_workspace(dir.path())
        .unwrap_or_else(|e| panic!("a fixture crate's doc examples do not compile:\n{e}"));
}

/// What real specs get wrong is tolerated, each with a warning that names its pointer.
#[test]
fn real_world_mess_is_generated_with_one_warning_per_problem() {
    insta::assert_snapshot!(warnings_of(&fixture("corpus/real-world-mess.yaml")));
}

/// What the typed model cannot read (no `responses`, no response `description`, bounds past
/// 64 bits, draft-3 `required: true`) is read anyway, each with a warning naming its pointer.
#[test]
fn load_quirks_are_read_with_one_warning_each() {
    insta::assert_snapshot!(warnings_of(&fixture("corpus/load-quirks.yaml")));
}

/// `format: password` and `x-sensitive` redact in `Debug`; `x-enum-varnames` names variants:
/// `behaviour/secrets_and_varnames.rs` runs against the crate of `secrets-and-varnames.yaml`.
#[test]
fn secrets_are_redacted_and_enum_variants_named_as_the_spec_says() {
    integration_tests::run_behaviour_test(
        &fixture("corpus/secrets-and-varnames.yaml"),
        &root().join("tests/behaviour/secrets_and_varnames.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}
