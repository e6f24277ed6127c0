//! `cargo xtask codegen` through the real binary, as a user runs it: its exit codes, what it
//! prints on stderr, and what it writes (or does not).
//!
//! The binary is built once per run (`cargo build -p xtask`, the same build `cargo xtask` makes),
//! then run as a child process in temporary directories.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use integration_tests::{fixture, root};

/// The `xtask` executable, built on first use.
fn xtask_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let out = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "--package",
                "xtask",
                "--bin",
                "xtask",
                "--message-format=json",
            ])
            .current_dir(root())
            .output()
            .expect("cargo runs");
        assert!(
            out.status.success(),
            "cargo build -p xtask failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find_map(|m| {
                let is_bin = m["target"]["name"] == "xtask"
                    && m["target"]["kind"]
                        .as_array()
                        .is_some_and(|k| k.iter().any(|k| k == "bin"));
                is_bin
                    .then(|| m["executable"].as_str().map(PathBuf::from))
                    .flatten()
            })
            .expect("cargo reported the xtask executable")
    })
}

/// Runs `xtask codegen <args>` in `dir`: exit code and stderr.
fn codegen(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(xtask_bin())
        .arg("codegen")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("xtask runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.stdout.is_empty(),
        "messages go to stderr, stdout stays empty: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    (out.status.code().expect("exit code, not a signal"), stderr)
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let e = e.expect("entry");
            if e.file_type().expect("file type").is_dir() {
                stack.push(e.path());
            } else {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .expect("under dir")
                    .display()
                    .to_string();
                out.insert(rel, std::fs::read(e.path()).expect("read"));
            }
        }
    }
    out
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn check_exits_1_on_drift_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let spec = fixture("corpus/recursive.yaml");
    let (code, msg) = codegen(tmp.path(), &["--spec", s(&spec), "--out", s(&out)]);
    assert_eq!(code, 0, "{msg}");

    let (code, msg) = codegen(
        tmp.path(),
        &["--spec", s(&spec), "--out", s(&out), "--check"],
    );
    assert_eq!(code, 0, "{msg}");
    assert!(msg.contains("is up to date"), "{msg}");

    // Drift of every kind: an edited file, a missing one, one the generator does not make.
    let models = out.join("src/models.rs");
    let edited = std::fs::read_to_string(&models).expect("models.rs") + "\n// edited\n";
    std::fs::write(&models, edited).expect("edit");
    std::fs::remove_file(out.join("src/lib.rs")).expect("remove");
    write(&out.join("src/extra.rs"), "// not generated\n");
    let before = tree(&out);
    let (code, msg) = codegen(
        tmp.path(),
        &["--spec", s(&spec), "--out", s(&out), "--check"],
    );
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("is stale"), "{msg}");
    for file in ["src/models.rs", "src/lib.rs", "src/extra.rs"] {
        assert!(msg.contains(file), "{file} not named:\n{msg}");
    }
    assert_eq!(tree(&out), before, "--check wrote to the output directory");
    let entries: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(entries, ["out"], "--check left something beside the output");
}

/// A spec with one operation that cannot be generated, a component overlays extend, and a
/// array without `items` (a warning).
const SPEC: &str = r#"
openapi: 3.0.3
info: {title: CLI, version: 1.0.0, x-sdk-crate-name: cli-fixture}
servers: [{url: 'https://api.example.com'}]
paths:
  /chains:
    get:
      operationId: get-chain
      responses:
        '200':
          description: Fine.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/chain'}
  /broken:
    get:
      operationId: get-broken
      responses:
        '200':
          description: Refers to a component that was never published.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/never-published'}
components:
  schemas:
    chain:
      type: object
      properties:
        anything: {type: array, description: no items, so any JSON (a warning)}
"#;

/// An overlay that needs the property `needs` (added by the overlay before it) and adds
/// `adds`: applied out of order, its target matches nothing, which is an error.
fn chained_overlay(needs: &str, adds: &str) -> String {
    format!(
        "overlay: 1.0.0\ninfo: {{title: {adds}, version: 1.0.0}}\nactions:\n  \
         - target: $.components.schemas.chain.properties.{needs}\n    \
           update: {{description: 'before {adds}'}}\n  \
         - target: $.components.schemas.chain.properties\n    \
           update: {{{adds}: {{type: string}}}}\n"
    )
}

/// `--config FILE` (not beside the spec) sets `skip-invalid` and lists overlays relative to
/// itself; they apply in order, then the repeated `--overlay`s in order.
#[test]
fn config_file_and_overlays_apply_in_order() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec = tmp.path().join("spec/api.yaml");
    write(&spec, SPEC);
    let conf = tmp.path().join("conf/custom.yaml");
    write(
        &conf,
        "skip-invalid: true\noverlays: [overlays/first.yaml, overlays/second.yaml]\n",
    );
    write(
        &tmp.path().join("conf/overlays/first.yaml"),
        &chained_overlay("anything", "first"),
    );
    write(
        &tmp.path().join("conf/overlays/second.yaml"),
        &chained_overlay("first", "second"),
    );
    let third = tmp.path().join("third.yaml");
    write(&third, &chained_overlay("second", "third"));
    let fourth = tmp.path().join("fourth.yaml");
    write(&fourth, &chained_overlay("third", "fourth"));
    let out = tmp.path().join("out");
    let run = |overlays: &[&Path], config: bool| {
        let mut args = vec!["--spec", s(&spec), "--out", s(&out)];
        if config {
            args.extend(["--config", s(&conf)]);
        }
        for o in overlays {
            args.extend(["--overlay", s(o)]);
        }
        codegen(tmp.path(), &args)
    };

    let (code, msg) = run(&[&third, &fourth], true);
    assert_eq!(code, 0, "{msg}");
    // skip-invalid came from the config file.
    assert!(msg.contains("skipped operation GET /broken"), "{msg}");
    let models = std::fs::read_to_string(out.join("src/models.rs")).expect("models.rs");
    for field in ["first", "second", "third", "fourth"] {
        assert!(
            models.contains(&format!("pub {field}: Option<String>")),
            "{models}"
        );
    }
    assert!(models.contains("before fourth"), "{models}");

    // The command-line overlays in the other order: the fourth needs the third's property.
    let (code, msg) = run(&[&fourth, &third], true);
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("fourth.yaml"), "{msg}");
    assert!(msg.contains("matches nothing"), "{msg}");

    // Without the config: no skip-invalid, and the third overlay finds nothing to extend.
    let (code, msg) = run(&[&third, &fourth], false);
    assert_eq!(code, 1, "{msg}");
    assert!(msg.contains("third.yaml"), "{msg}");
}

#[test]
fn verbose_prints_the_warnings() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec = tmp.path().join("api.yaml");
    let out = tmp.path().join("out");
    // `--skip-invalid` prints its warnings anyway: without it, the broken operation would stop
    // the run, so remove it.
    let fine = SPEC.replace("  /broken:", "  /broken-not:").replace(
        "{$ref: '#/components/schemas/never-published'}",
        "{type: string}",
    );
    write(&spec, &fine);

    let (code, msg) = codegen(tmp.path(), &["--spec", s(&spec), "--out", s(&out)]);
    assert_eq!(code, 0, "{msg}");
    assert!(
        msg.contains("warning(s); run with --verbose to see them"),
        "{msg}"
    );
    assert!(
        !msg.contains("#/components/schemas/chain/properties/anything"),
        "{msg}"
    );

    let (code, msg) = codegen(
        tmp.path(),
        &["--spec", s(&spec), "--out", s(&out), "--verbose"],
    );
    assert_eq!(code, 0, "{msg}");
    assert!(
        msg.contains("#/components/schemas/chain/properties/anything"),
        "{msg}"
    );
    assert!(!msg.contains("run with --verbose"), "{msg}");
}
