//! `cargo xtask codegen [--spec F] [--overlay O]... [--out D] [--check] [--skip-invalid]`
//!
//! Argument parsing only: the work is the generator library's.

use std::path::PathBuf;
use std::process::ExitCode;

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

fn main() -> ExitCode {
    let Cli { command } = Cli::parse();
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
                    eprint!("{failure}");
                    return ExitCode::FAILURE;
                }
            };
            let warnings = generated.warnings.warnings().count();
            if verbose || skip_invalid {
                for w in generated.warnings.warnings() {
                    eprintln!("  {w}");
                }
            } else if warnings > 0 {
                eprintln!("{warnings} warning(s); run with --verbose to see them");
            }
            if check {
                match write::check(&out, &generated.files) {
                    Ok(drift) if drift.is_empty() => {
                        eprintln!("{} is up to date", out.display());
                        ExitCode::SUCCESS
                    }
                    Ok(drift) => {
                        eprintln!(
                            "{} is stale: run `cargo xtask codegen` and commit the result\n{drift}",
                            out.display()
                        );
                        ExitCode::FAILURE
                    }
                    Err(e) => {
                        eprintln!("cannot read {}: {e}", out.display());
                        ExitCode::FAILURE
                    }
                }
            } else {
                match write::write_atomic(&out, &generated.files) {
                    Ok(()) => {
                        eprintln!("wrote {} files to {}", generated.files.len(), out.display());
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!(
                            "cannot write {}: {e} (the previous output is untouched)",
                            out.display()
                        );
                        ExitCode::FAILURE
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
