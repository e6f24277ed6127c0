//! A generated crate carries only the runtime its spec needs: the tag-finding decoder only with
//! tagged unions, `Extra` only with models that keep unknown members, the shared decoding
//! helpers (`de.rs`) only where enums, extras, unions or secrets use them, and each of those in
//! the parts that are used (the crates are checked with warnings denied, so a helper left
//! unused fails).

use std::path::Path;

use integration_tests::{check_workspace, fixture, root};

fn generate(spec: &Path, strict_models: bool) -> Vec<generator::OutputFile> {
    let input = generator::Input {
        spec: spec.to_path_buf(),
        options: generator::lower::Options {
            strict_models,
            ..Default::default()
        },
        ..Default::default()
    };
    generator::generate(&input)
        .unwrap_or_else(|e| panic!("{e}"))
        .files
}

fn paths(files: &[generator::OutputFile]) -> Vec<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

fn file<'a>(files: &'a [generator::OutputFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

#[test]
fn a_crate_without_unions_has_no_tag_decoder() {
    let files = generate(&fixture("corpus/builders.yaml"), false);
    assert!(
        !paths(&files).contains(&"src/tag.rs"),
        "{:?}",
        paths(&files)
    );
    assert!(!file(&files, "src/lib.rs").contains("mod tag;"));
    // Its models keep unknown members: `Extra` and the field-by-field helpers.
    assert!(paths(&files).contains(&"src/extra.rs"));
    assert!(file(&files, "src/de.rs").contains("pub(crate) fn field<"));
}

#[test]
fn a_crate_with_a_tagged_union_has_it() {
    let files = generate(&fixture("corpus/discriminated-oneof.yaml"), false);
    assert!(paths(&files).contains(&"src/tag.rs"));
    assert!(file(&files, "src/lib.rs").contains("mod tag;"));
}

#[test]
fn strict_plain_models_need_no_decoding_helpers() {
    let files = generate(&fixture("corpus/builders.yaml"), true);
    for path in ["src/de.rs", "src/tag.rs", "src/extra.rs"] {
        assert!(
            !paths(&files).contains(&path),
            "{path}: {:?}",
            paths(&files)
        );
    }
    let lib = file(&files, "src/lib.rs");
    assert!(
        !lib.contains("mod de;") && !lib.contains("mod extra;"),
        "{lib}"
    );
}

#[test]
fn strict_unions_take_only_the_helpers_they_use() {
    let files = generate(&root().join("spec/cloudflare-identity.yaml"), true);
    assert!(paths(&files).contains(&"src/tag.rs"));
    let de = file(&files, "src/de.rs");
    assert!(
        !de.contains("fn field<"),
        "no model reads fields one by one:\n{de}"
    );
    assert!(
        de.contains("struct Str<"),
        "enums and the tag read borrowed strings"
    );
}

/// Each trimmed crate compiles with warnings denied: nothing it carries is unused.
#[test]
fn trimmed_crates_compile_without_warnings() {
    for spec in [
        fixture("corpus/builders.yaml"),
        root().join("spec/cloudflare-identity.yaml"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let files = generate(&spec, true);
        generator::write::write_atomic(&dir.path().join("strict"), &files).unwrap();
        check_workspace(dir.path(), &["strict".to_owned()]).unwrap_or_else(|e| {
            panic!(
                "{} with strict models does not compile cleanly:\n{e}",
                spec.display()
            )
        });
    }
}

#[test]
fn only_a_crate_with_binary_responses_has_byte_streams() {
    let files = generate(&fixture("corpus/downloads.yaml"), false);
    assert!(paths(&files).contains(&"src/download.rs"));
    assert!(file(&files, "src/lib.rs").contains("pub use download::ByteStream;"));
    assert!(file(&files, "src/client.rs").contains("async fn execute_stream("));
    let files = generate(&fixture("corpus/pagination.yaml"), false);
    assert!(!paths(&files).contains(&"src/download.rs"));
    assert!(!file(&files, "src/client.rs").contains("ByteStream"));
    assert!(!file(&files, "Cargo.toml").contains("bytes"));
}
