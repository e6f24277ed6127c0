//! `cargo xtask codegen [--spec F] [--overlay O]... [--out D] [--check] [--skip-invalid]`
//! `cargo xtask api-diff [--base REV] [--spec F] [--deny-breaking]`
//!
//! Argument parsing only: the work is the generator library's. A library target so tests can
//! run the exact command line without a subprocess.

use std::io::Write;
use std::path::{Path, PathBuf};

mod guard;

use clap::{Parser, Subcommand};
use generator::{lower::Options, write, Input};

#[derive(Parser)]
#[command(name = "xtask", about = "Project automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client crate from the OpenAPI spec.
    Codegen {
        /// The OpenAPI 3.0 or 3.1 document (YAML or JSON).
        /// [default: spec/cloudflare-identity.yaml in the workspace]
        #[arg(long)]
        spec: Option<PathBuf>,
        /// OpenAPI Overlay documents to apply to the spec first, in order.
        #[arg(long = "overlay")]
        overlays: Vec<PathBuf>,
        /// Where the crate goes.
        /// [default: generated/ in the workspace]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write nothing; exit 1 if the output directory differs from what would be generated.
        #[arg(long)]
        check: bool,
        /// Skip operations that cannot be generated (one warning each) instead of failing.
        #[arg(long)]
        skip_invalid: bool,
        /// Emit only the component schemas that operations use (every one by default).
        #[arg(long)]
        only_used: bool,
        /// Models drop the fields of a response the spec does not list, instead of keeping
        /// them in an `extra` field and sending them back.
        #[arg(long)]
        strict_models: bool,
        /// Codegen config file (`skip-invalid`, `only-used`, `strict-models`, `overlays`).
        /// [default: codegen.yaml beside the spec, if there is one]
        #[arg(long)]
        config: Option<PathBuf>,
        /// Print warnings too.
        #[arg(long, short)]
        verbose: bool,
        /// Allow the crate's package name to change where workspace members depend on it,
        /// renaming their dependency entries too.
        #[arg(long)]
        rename: bool,
    },
    /// Report API changes between the spec at a git revision and the working tree, each
    /// marked breaking or not for a crate that uses the generated client.
    ApiDiff {
        /// The git revision to compare against.
        #[arg(long, default_value = "HEAD")]
        base: String,
        /// The OpenAPI document, read from the working tree and (at the same path) from the
        /// base revision. [default: spec/cloudflare-identity.yaml in the workspace]
        #[arg(long)]
        spec: Option<PathBuf>,
        /// Exit 1 when any change is breaking.
        #[arg(long)]
        deny_breaking: bool,
    },
}

/// Runs the command line `args` (program name first); messages go to `err`.
/// Returns the process exit code.
pub fn run<I, T>(args: I, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let command = match Cli::try_parse_from(args) {
        Ok(Cli { command }) => command,
        Err(e) => {
            let _ = write!(err, "{e}");
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match command {
        Command::Codegen {
            spec,
            overlays,
            out,
            check,
            skip_invalid,
            only_used,
            strict_models,
            config,
            verbose,
            rename,
        } => {
            // Defaults live in the workspace, wherever cargo was run from; paths given on the
            // command line are taken as the user wrote them.
            let root = workspace_root();
            let spec = spec.unwrap_or_else(|| root.join("spec/cloudflare-identity.yaml"));
            let config = match config.or_else(|| generator::config::default_path(&spec)) {
                Some(path) => match generator::config::load(&path) {
                    Ok(c) => c,
                    Err(diags) => {
                        for d in diags.iter() {
                            let _ = writeln!(err, "{d}");
                        }
                        return 1;
                    }
                },
                None => Default::default(),
            };
            let skip_invalid = skip_invalid || config.skip_invalid;
            let input = Input {
                spec,
                overlays: config.overlays.into_iter().chain(overlays).collect(),
                options: Options {
                    skip_invalid,
                    only_used: only_used || config.only_used,
                    strict_models: strict_models || config.strict_models,
                },
            };
            let out = out.unwrap_or_else(|| root.join("generated"));
            let generated = match generator::generate(&input) {
                Ok(g) => g,
                Err(failure) => {
                    let _ = write!(err, "{failure}");
                    return 1;
                }
            };
            let warnings = generated.warnings.warnings().count();
            if verbose || skip_invalid {
                for w in generated.warnings.warnings() {
                    let _ = writeln!(err, "  {w}");
                }
            } else if warnings > 0 {
                let _ = writeln!(err, "{warnings} warning(s); run with --verbose to see them");
            }
            if check {
                match write::check(&out, &generated.files) {
                    Ok(drift) if drift.is_empty() => {
                        let _ = writeln!(err, "{} is up to date", out.display());
                        0
                    }
                    Ok(drift) => {
                        let _ =
                            writeln!(err,
                            "{} is stale: run `cargo xtask codegen` and commit the result\n{drift}",
                            out.display()
                        );
                        1
                    }
                    Err(e) => {
                        let _ = writeln!(err, "cannot read {}: {e}", out.display());
                        1
                    }
                }
            } else {
                let new_name = generated.crate_name.as_str();
                let verdict = guard::check(&out, new_name);
                if let guard::Verdict::Breaks {
                    old_name,
                    dependents,
                } = &verdict
                {
                    if !rename {
                        let _ = writeln!(
                            err,
                            "{}",
                            guard::refusal(&out, new_name, old_name, dependents)
                        );
                        return 1;
                    }
                }
                match write::write_atomic(&out, &generated.files) {
                    Ok(()) => {
                        let _ = writeln!(
                            err,
                            "wrote {} files to {}",
                            generated.files.len(),
                            out.display()
                        );
                        match verdict {
                            guard::Verdict::Breaks {
                                old_name,
                                dependents,
                            } => rename_dependents(&dependents, &old_name, new_name, err),
                            guard::Verdict::Safe => 0,
                        }
                    }
                    Err(e) => {
                        let _ = writeln!(
                            err,
                            "cannot write {}: {e} (the previous output is untouched)",
                            out.display()
                        );
                        1
                    }
                }
            }
        }
        Command::ApiDiff {
            base,
            spec,
            deny_breaking,
        } => {
            let spec =
                spec.unwrap_or_else(|| workspace_root().join("spec/cloudflare-identity.yaml"));
            api_diff(&base, &spec, deny_breaking, err)
        }
    }
}

/// After a deliberate `--rename`: the dependents' entries follow the crate.
fn rename_dependents(
    dependents: &[guard::Dependent],
    old_name: &str,
    new_name: &str,
    err: &mut dyn Write,
) -> i32 {
    match guard::rename_dependents(dependents, old_name, new_name) {
        Ok(()) => {
            for d in dependents {
                let _ = writeln!(
                    err,
                    "renamed the dependency `{old_name}` to `{new_name}` in {}",
                    d.manifest.display()
                );
            }
            0
        }
        Err(e) => {
            let _ = writeln!(
                err,
                "the crate was renamed, but its dependents could not be updated ({e}): rename \
                 `{old_name}` to `{new_name}` in {} by hand",
                dependents
                    .iter()
                    .map(|d| d.manifest.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            1
        }
    }
}

/// `api-diff`: the report goes to `err` like every other message of this tool. Exit codes: 0
/// (whatever changed), 1 (breaking changes and `--deny-breaking`), 2 (a spec could not be read
/// or lowered).
fn api_diff(base: &str, spec: &Path, deny_breaking: bool, err: &mut dyn Write) -> i32 {
    let (label, old_text) = match spec_at_revision(base, spec) {
        Ok(found) => found,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return 2;
        }
    };
    let old = load_and_lower(SpecSource::Text(&old_text), &label);
    let new = load_and_lower(SpecSource::File(spec), &spec.display().to_string());
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            for failure in [old.err(), new.err()].into_iter().flatten() {
                let _ = write!(err, "{failure}");
            }
            return 2;
        }
    };
    let report = generator::diff::diff(&old, &new);
    let _ = writeln!(err, "API changes from {label} to {}:", spec.display());
    let _ = write!(err, "{report}");
    if deny_breaking && report.has_breaking() {
        let breaking = report.breaking().count();
        let _ = writeln!(
            err,
            "\n{breaking} breaking change{} and --deny-breaking: failing",
            if breaking == 1 { "" } else { "s" }
        );
        1
    } else {
        0
    }
}

/// Where `api-diff` reads one side from.
enum SpecSource<'a> {
    /// Spec text (from git).
    Text(&'a str),
    /// A spec file.
    File(&'a Path),
}

/// Loads and lowers a spec as `codegen` would; any error fails the comparison, with a message.
fn load_and_lower(source: SpecSource<'_>, label: &str) -> Result<generator::ir::Ir, String> {
    let failure = |diags: &generator::Diagnostics| {
        let mut message = format!("{label}: cannot be compared\n");
        for d in diags.errors() {
            message.push_str(&format!("  {d}\n"));
        }
        message
    };
    let doc = match source {
        SpecSource::Text(text) => generator::load::load_str(text),
        SpecSource::File(path) => generator::load::load_file(path, &[]),
    };
    let doc = doc.map_err(|diags| failure(&diags))?;
    let (ir, diags) = generator::lower::lower(&doc, &Options::default());
    if diags.has_errors() {
        return Err(failure(&diags));
    }
    Ok(ir)
}

/// The text of `spec` at git revision `rev` (`git show <rev>:<path from the repository root>`),
/// with a label for messages.
fn spec_at_revision(rev: &str, spec: &Path) -> Result<(String, String), String> {
    let absolute = spec
        .canonicalize()
        .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let dir = absolute.parent().unwrap_or(Path::new("/"));
    let git = |args: &[&str]| -> Result<String, String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if out.status.success() {
            String::from_utf8(out.stdout).map_err(|_| format!("git {}: not UTF-8", args.join(" ")))
        } else {
            Err(format!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let top = Path::new(top.trim())
        .canonicalize()
        .map_err(|e| format!("cannot read the repository root {}: {e}", top.trim()))?;
    let relative = absolute.strip_prefix(&top).map_err(|_| {
        format!(
            "{} is not inside the repository {}",
            spec.display(),
            top.display()
        )
    })?;
    let relative = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let object = format!("{rev}:{relative}");
    let text = git(&["show", &object])?;
    Ok((object, text))
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}
