//! `cargo xtask api-diff`: the spec at a git revision against the working tree, each read
//! with its own files, config and overlays, as `codegen` would read it.

use std::io::Write;
use std::path::{Path, PathBuf};

use generator::ir::Ir;

use crate::revision::Checkout;

/// The report goes to `err` like every other message of this tool. Exit codes: 0 (whatever
/// changed), 1 (breaking changes and `--deny-breaking`), 2 (a spec could not be read or
/// lowered).
pub fn run(base: &str, spec: &Path, deny_breaking: bool, err: &mut dyn Write) -> i32 {
    let (checkout, old_spec) = match Checkout::of_spec(base, spec) {
        Ok(found) => found,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return 2;
        }
    };
    let label = checkout.label(&old_spec);
    let old = old_input(&checkout, old_spec).and_then(|input| load_and_lower(&input, &label));
    let new = crate::configured_input(spec.to_path_buf(), None)
        .and_then(|input| load_and_lower(&input, &spec.display().to_string()));
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

/// The base revision's input: its own config, whose overlays and roots are unpacked too.
fn old_input(checkout: &Checkout, spec: PathBuf) -> Result<generator::Input, String> {
    let input = crate::configured_input(spec, None)?;
    for path in input.roots.iter().chain(&input.overlays) {
        checkout.include(path)?;
    }
    Ok(input)
}

/// Loads and lowers a spec as `codegen` would; any error fails the comparison, with a message.
fn load_and_lower(input: &generator::Input, label: &str) -> Result<Ir, String> {
    let failure = |diags: &generator::Diagnostics| {
        let mut message = format!("{label}: cannot be compared\n");
        for d in diags.errors() {
            message.push_str(&format!("  {d}\n"));
        }
        message
    };
    let overlays: Vec<&Path> = input.overlays.iter().map(PathBuf::as_path).collect();
    let (doc, _) = generator::load::load_file_within(&input.spec, &overlays, &input.roots)
        .map_err(|diags| failure(&diags))?;
    let (ir, diags) = generator::lower::lower(&doc, &input.options);
    if diags.has_errors() {
        return Err(failure(&diags));
    }
    Ok(ir)
}
