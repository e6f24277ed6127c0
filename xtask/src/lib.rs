//! `cargo xtask codegen [--spec F] [--overlay O]... [--out D] [--check] [--skip-invalid]`
//!
//! Argument parsing only: the work is the generator library's. A library target so tests can
//! run the exact command line without a subprocess.

use std::io::Write;
use std::path::PathBuf;

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
        /// The OpenAPI 3.0 document (YAML or JSON).
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
        /// Print warnings too.
        #[arg(long, short)]
        verbose: bool,
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
            verbose,
        } => {
            // Defaults live in the workspace, wherever cargo was run from; paths given on the
            // command line are taken as the user wrote them.
            let root = workspace_root();
            let input = Input {
                spec: spec.unwrap_or_else(|| root.join("spec/cloudflare-identity.yaml")),
                overlays,
                options: Options { skip_invalid },
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
                match write::write_atomic(&out, &generated.files) {
                    Ok(()) => {
                        let _ = writeln!(
                            err,
                            "wrote {} files to {}",
                            generated.files.len(),
                            out.display()
                        );
                        0
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
    }
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}
