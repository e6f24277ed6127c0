//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// A file under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// Reads a fixture as a string.
pub fn read_fixture(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// `shared/` beside the repository (the upstream spec slice lives there).
pub fn shared(rel: &str) -> PathBuf {
    root().join("../shared").join(rel)
}

/// The files generated from `spec`, panicking with the generator's message on failure.
pub fn generate_files(spec: &Path) -> Vec<generator::OutputFile> {
    let input = generator::Input {
        spec: spec.to_path_buf(),
        ..Default::default()
    };
    generator::generate(&input)
        .unwrap_or_else(|e| panic!("{e}"))
        .files
}

/// Runs `cargo xtask` with `args` in-process; returns the exit code and what it printed.
pub fn xtask(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let mut err = Vec::new();
    let argv = std::iter::once(std::ffi::OsStr::new("xtask")).chain(args.iter().copied());
    let code = xtask::run(argv, &mut err);
    (code, String::from_utf8_lossy(&err).into_owned())
}

/// Generates a crate from `spec` (with `overlays`) into a fresh directory under the system
/// temp dir (outside this workspace, so cargo treats it as its own root).
pub fn generate_into_temp(spec: &Path, overlays: &[PathBuf]) -> tempfile::TempDir {
    generate_into_temp_with(spec, overlays, generator::lower::Options::default())
}

/// [`generate_into_temp`] with lowering `options`.
pub fn generate_into_temp_with(
    spec: &Path,
    overlays: &[PathBuf],
    options: generator::lower::Options,
) -> tempfile::TempDir {
    let input = generator::Input {
        spec: spec.to_path_buf(),
        overlays: overlays.to_vec(),
        options,
        ..Default::default()
    };
    let generated = generator::generate(&input).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().expect("temp dir");
    generator::write::write_atomic(&dir.path().join("crate"), &generated.files).expect("write");
    dir
}

/// Builds the crate at `dir` with warnings denied, sharing one target directory between all
/// such builds (and reusing this workspace's lock file, so dependencies are built once).
pub fn build_crate(dir: &Path) -> Result<(), String> {
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    cargo_in(dir, &["build", "--offline", "--all-targets", "--quiet"])
}

/// Runs the doc examples of every crate of the workspace at `dir` (`cargo test --doc`; a
/// `no_run` example is compiled, not run), with warnings denied, sharing [`build_crate`]'s
/// target directory. Call it after [`build_crate`] or [`check_workspace`] wrote the manifest.
pub fn doc_test_workspace(dir: &Path) -> Result<(), String> {
    cargo_in(
        dir,
        &["test", "--offline", "--workspace", "--doc", "--quiet"],
    )
}

/// Runs `cargo args` in `dir` with warnings denied and the target directory the generated
/// crates share; on failure, what cargo printed.
fn cargo_in(dir: &Path, args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = std::process::Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/generated-crates"))
        .env("RUSTFLAGS", "-Dwarnings")
        .env("RUSTDOCFLAGS", "-Dwarnings")
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The warnings generating `spec` gives, one a line, as a user sees them.
pub fn warnings_of(spec: &Path) -> String {
    let input = generator::Input {
        spec: spec.to_path_buf(),
        ..Default::default()
    };
    let generated = generator::generate(&input).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = generated
        .warnings
        .warnings()
        .map(ToString::to_string)
        .collect();
    warnings.join("\n")
}

/// Makes `dir` a workspace of the crates in its subfolders `members`, so one cargo invocation
/// builds them all in parallel.
pub fn write_workspace(dir: &Path, members: &[String]) {
    let quoted: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        quoted.join(", ")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write the workspace manifest");
}

/// Makes `dir` a workspace of the crates in its subfolders `members` and runs `cargo check` on
/// all of them with warnings denied, in one target directory shared with [`build_crate`].
/// Every crate is checked even when one fails (`--keep-going`); the error lists them all.
pub fn check_workspace(dir: &Path, members: &[String]) -> Result<(), String> {
    write_workspace(dir, members);
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    cargo_in(
        dir,
        &[
            "check",
            "--offline",
            "--all-targets",
            "--keep-going",
            "--message-format",
            "short",
            "--quiet",
        ],
    )
}

/// Generates a crate from `spec` and runs `test_file` as one of its integration tests (its
/// `tests/` file), with `wiremock` and `tokio` as dev-dependencies: behaviour tests of a
/// generated crate that this workspace does not depend on. Builds share one target directory
/// and this workspace's lock file, as [`build_crate`] does; returns cargo's output on failure.
pub fn run_behaviour_test(spec: &Path, test_file: &Path) -> Result<(), String> {
    run_behaviour_test_with(spec, test_file, generator::lower::Options::default())
}

/// [`run_behaviour_test`] on the crate generated with lowering `options`.
pub fn run_behaviour_test_with(
    spec: &Path,
    test_file: &Path,
    options: generator::lower::Options,
) -> Result<(), String> {
    let err = |e: std::io::Error| e.to_string();
    let dir = generate_into_temp_with(spec, &[], options);
    let krate = dir.path().join("crate");
    let name = test_file
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| format!("{} has no file name", test_file.display()))?;
    std::fs::create_dir_all(krate.join("tests")).map_err(err)?;
    std::fs::copy(test_file, krate.join("tests").join(format!("{name}.rs"))).map_err(err)?;
    let manifest_path = krate.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).map_err(err)?;
    const DEV_DEPENDENCIES: &str = "wiremock = \"0.6.5\"\n\
        tokio = { version = \"1.44\", features = [\"macros\", \"rt-multi-thread\", \"time\"] }\n";
    let manifest = match manifest.split_once("[dev-dependencies]\n") {
        // The generated manifest's own `tokio` dev-dependency is replaced, not repeated.
        Some((head, tail)) => {
            let rest: String = tail
                .lines()
                .filter(|l| !l.starts_with("tokio") && !l.starts_with("wiremock"))
                .map(|l| format!("{l}\n"))
                .collect();
            format!("{head}[dev-dependencies]\n{DEV_DEPENDENCIES}{rest}")
        }
        None => format!("{manifest}\n[dev-dependencies]\n{DEV_DEPENDENCIES}"),
    };
    std::fs::write(&manifest_path, manifest).map_err(err)?;
    std::fs::copy(root().join("Cargo.lock"), krate.join("Cargo.lock")).map_err(err)?;
    cargo_in(&krate, &["test", "--offline", "--quiet", "--test", name])
}

/// Files of a generated crate worth a reviewer's eye: everything but the runtime modules,
/// which are copied verbatim from `templates/runtime/` and identical in every crate.
pub fn reviewable_source(files: &[generator::OutputFile]) -> String {
    const RUNTIME: &[&str] = &[
        "src/auth.rs",
        "src/client.rs",
        "src/de.rs",
        "src/download.rs",
        "src/envelope.rs",
        "src/error.rs",
        "src/extra.rs",
        "src/options.rs",
        "src/pagination.rs",
        "src/pagination/plain.rs",
        "src/params.rs",
        "src/response.rs",
        "src/tag.rs",
    ];
    files
        .iter()
        .filter(|f| !RUNTIME.contains(&f.path.as_str()))
        .map(|f| format!("=== {} ===\n{}", f.path, f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Root files of the multi-file specs under `../shared/specs/real/`, each in a folder of its own.
pub const MULTI_FILE_ROOTS: &[&str] = &["lichess/doc/specs/lichess-api.yaml"];

/// The published specs under `../shared/specs/real/`: the files at the top of the folder,
/// then the roots of the multi-file specs that are there (one that is absent is skipped with
/// a notice on stderr).
pub fn real_specs() -> Vec<PathBuf> {
    use std::io::Write;
    let dir = shared("specs/real");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        })
        .collect();
    specs.sort();
    for root in MULTI_FILE_ROOTS {
        let path = dir.join(root);
        if path.is_file() {
            specs.push(path);
        } else {
            // Straight to stderr: the harness captures `println!` of a passing test.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {root}: not in ../shared/specs/real"
            );
        }
    }
    specs
}

/// The generated files (path, line) that mention Cloudflare or its `cf-ray` header, case
/// aside: a crate generated from another API's spec must not.
pub fn cloudflare_mentions(files: &[generator::OutputFile]) -> Vec<String> {
    files
        .iter()
        .flat_map(|f| {
            f.contents
                .lines()
                .enumerate()
                .filter(|(_, line)| {
                    let line = line.to_ascii_lowercase();
                    line.contains("cloudflare") || line.contains("cf-ray")
                })
                .map(move |(n, line)| format!("{}:{}: {}", f.path, n + 1, line.trim()))
        })
        .collect()
}
