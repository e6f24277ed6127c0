//! Turns an OpenAPI 3.0 or 3.1 document into a Rust client crate.
//!
//! ```text
//! spec --load--> openapiv3 --lower--> IR --render--> Rust text --format--> files --write
//! ```
//! Each stage is a module with plain data in and out; [`generate`] runs them in order and
//! writes nothing unless every stage succeeded.

pub mod config;
pub mod diag;
pub mod diff;
pub mod ir;
pub mod load;
pub mod lower;
pub mod overlay;
pub mod render;
pub mod write;

use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Diagnostics, Severity};
pub use render::OutputFile;

/// What to generate from.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// The OpenAPI document.
    pub spec: PathBuf,
    /// OpenAPI Overlay documents applied in order before reading.
    pub overlays: Vec<PathBuf>,
    /// Directories besides the spec's own that referenced files may be read from.
    pub roots: Vec<PathBuf>,
    /// Lowering knobs.
    pub options: lower::Options,
}

/// A successful generation: the files, plus any warnings.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The crate's package name.
    pub crate_name: String,
    /// Every file of the crate.
    pub files: Vec<OutputFile>,
    /// Problems tolerated on the way.
    pub warnings: Diagnostics,
}

/// A failed generation: every problem found, or a render failure.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The spec file, for messages.
    pub file: PathBuf,
    /// Problems (errors and warnings).
    pub diagnostics: Diagnostics,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let errors = self.diagnostics.errors().count();
        writeln!(
            f,
            "{}: {errors} error{} — nothing was written",
            self.file.display(),
            if errors == 1 { "" } else { "s" }
        )?;
        for d in self.diagnostics.errors() {
            writeln!(f, "  {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

/// Loads, lowers and renders; writes nothing.
pub fn generate(input: &Input) -> Result<Generated, Failure> {
    let fail = |diagnostics| Failure {
        file: input.spec.clone(),
        diagnostics,
    };
    let overlays: Vec<&Path> = input.overlays.iter().map(PathBuf::as_path).collect();
    let (doc, mut warnings) =
        load::load_file_within(&input.spec, &overlays, &input.roots).map_err(fail)?;
    let mut generated = generate_from_doc(&doc, &input.options).map_err(|d| {
        let mut all = warnings.clone();
        all.extend(d);
        fail(all)
    })?;
    warnings.extend(generated.warnings);
    generated.warnings = warnings;
    Ok(generated)
}

/// Lowers and renders an already parsed document.
pub fn generate_from_doc(
    doc: &openapiv3::OpenAPI,
    options: &lower::Options,
) -> Result<Generated, Diagnostics> {
    let (ir, diags) = lower::lower(doc, options);
    if diags.has_errors() {
        return Err(diags);
    }
    match render::render(&ir) {
        Ok(files) => Ok(Generated {
            crate_name: ir.api.crate_name.clone(),
            files,
            warnings: diags,
        }),
        Err(message) => {
            let mut diags = diags;
            diags.error("", message);
            Err(diags)
        }
    }
}
