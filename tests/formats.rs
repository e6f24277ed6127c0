//! Formats: the crate generated from `fixtures/corpus/formats.yaml` runs `behaviour/formats.rs`,
//! which round-trips each integer width's extremes and each typed string format's real JSON,
//! and sends them as parameters and bodies; generated with `formats-as-strings`, it runs
//! `behaviour/formats_as_strings.rs`, which finds every such string a `String`.

use integration_tests::{fixture, root, run_behaviour_test, run_behaviour_test_with};

#[test]
fn integer_and_string_formats_decode_and_encode_as_their_types() {
    run_behaviour_test(
        &fixture("corpus/formats.yaml"),
        &root().join("tests/behaviour/formats.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}

#[test]
fn formats_as_strings_keeps_string_formats_as_strings() {
    let options = generator::lower::Options {
        formats_as_strings: true,
        ..Default::default()
    };
    run_behaviour_test_with(
        &fixture("corpus/formats.yaml"),
        &root().join("tests/behaviour/formats_as_strings.rs"),
        options,
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}

/// A dependency is added only for a format the spec uses: none with `formats-as-strings`, and
/// `time` and `uuid` (no `url`) for the Cloudflare spec, which has dates and UUIDs only.
#[test]
fn format_crates_are_dependencies_only_when_used() {
    let manifest = |options: generator::lower::Options, spec: &std::path::Path| {
        let input = generator::Input {
            spec: spec.to_path_buf(),
            options,
            ..Default::default()
        };
        let files = generator::generate(&input)
            .unwrap_or_else(|e| panic!("{e}"))
            .files;
        let get = |path: &str| {
            files
                .iter()
                .find(|f| f.path == path)
                .map(|f| f.contents.clone())
                .unwrap_or_default()
        };
        (get("Cargo.toml"), get("src/lib.rs"), get("src/formats.rs"))
    };
    let deps = |toml: &str| -> Vec<String> {
        ["time =", "uuid =", "url ="]
            .into_iter()
            .filter(|d| toml.lines().any(|l| l.starts_with(d)))
            .map(str::to_owned)
            .collect()
    };
    let formats = fixture("corpus/formats.yaml");
    let (toml, lib, runtime) = manifest(Default::default(), &formats);
    assert_eq!(deps(&toml), ["time =", "uuid =", "url ="]);
    assert!(lib.contains("pub use formats::DateTime;"), "{lib}");
    assert!(!runtime.is_empty());

    let strings = generator::lower::Options {
        formats_as_strings: true,
        ..Default::default()
    };
    let (toml, lib, runtime) = manifest(strings, &formats);
    assert!(deps(&toml).is_empty(), "{toml}");
    assert!(!lib.contains("formats"), "{lib}");
    assert!(runtime.is_empty(), "formats.rs emitted");

    let (toml, lib, _) = manifest(
        Default::default(),
        &root().join("spec/cloudflare-identity.yaml"),
    );
    assert_eq!(deps(&toml), ["time =", "uuid ="]);
    assert!(
        lib.contains("pub use uuid;") && !lib.contains("pub use url;"),
        "{lib}"
    );
}
