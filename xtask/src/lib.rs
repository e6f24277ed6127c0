//! `cargo xtask codegen [--spec F] [--overlay O]... [--out D] [--check] [--skip-invalid]`
//! `cargo xtask api-diff [--base REV] [--spec F] [--deny-breaking]`
//!
//! Argument parsing only: the work is the generator library's. A library target so tests can
//! run the exact command line without a subprocess.

use std::io::Write;
use std::path::PathBuf;

mod api_diff;
mod guard;
mod revision;

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
        /// Strings of format `date-time`, `date`, `uuid` and `uri` stay `String`, instead of
        /// becoming `DateTime`, `time::Date`, `uuid::Uuid` and `url::Url`.
        #[arg(long)]
        formats_as_strings: bool,
        /// Codegen config file (`skip-invalid`, `only-used`, `strict-models`,
        /// `formats-as-strings`, `overlays`, `roots`).
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
        /// base revision, each with its own referenced files and `codegen.yaml`.
        /// [default: spec/cloudflare-identity.yaml in the workspace]
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
            formats_as_strings,
            config,
            verbose,
            rename,
        } => {
            // Defaults live in the workspace, wherever cargo was run from; paths given on the
            // command line are taken as the user wrote them.
            let root = workspace_root();
            let spec = spec.unwrap_or_else(|| root.join("spec/cloudflare-identity.yaml"));
            let mut input = match configured_input(spec, config) {
                Ok(input) => input,
                Err(message) => {
                    let _ = write!(err, "{message}");
                    return 1;
                }
            };
            input.overlays.extend(overlays);
            input.options.skip_invalid |= skip_invalid;
            input.options.only_used |= only_used;
            input.options.strict_models |= strict_models;
            input.options.formats_as_strings |= formats_as_strings;
            let skip_invalid = input.options.skip_invalid;
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
            api_diff::run(&base, &spec, deny_breaking, err)
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

/// What `codegen` and `api-diff` read for `spec`: the config (`config`, or `codegen.yaml`
/// beside the spec) gives overlays, extra roots and options.
fn configured_input(spec: PathBuf, config: Option<PathBuf>) -> Result<Input, String> {
    let config = match config.or_else(|| generator::config::default_path(&spec)) {
        Some(path) => generator::config::load(&path)
            .map_err(|diags| diags.iter().map(|d| format!("{d}\n")).collect::<String>())?,
        None => Default::default(),
    };
    Ok(Input {
        spec,
        overlays: config.overlays,
        roots: config.roots,
        options: Options {
            skip_invalid: config.skip_invalid,
            only_used: config.only_used,
            strict_models: config.strict_models,
            formats_as_strings: config.formats_as_strings,
        },
    })
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}
