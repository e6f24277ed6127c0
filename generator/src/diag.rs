//! Diagnostics: every problem found in a spec, each tied to where it is.
//!
//! Lowering does not stop at the first problem: it records a diagnostic and carries on with a
//! placeholder, so a user sees every problem of a spec in one run.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation went on; the output may be less precise than the spec intended.
    Warning,
    /// The spec cannot be generated as it stands.
    Error,
}

/// One problem, located by a JSON pointer into the spec (and a line when we know it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// JSON pointer (RFC 6901) of the offending node, e.g. `#/components/schemas/foo`.
    pub pointer: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// 1-based line and column, when the problem comes from the parser.
    pub line_col: Option<(usize, usize)>,
}

impl Diagnostic {
    /// A fatal problem at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            pointer: pointer.into(),
            message: message.into(),
            line_col: None,
        }
    }

    /// A tolerated problem at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            pointer: pointer.into(),
            message: message.into(),
            line_col: None,
        }
    }

    /// Attaches a parser position.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line_col = Some((line, column));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.message)?;
        match (self.line_col, self.pointer.is_empty()) {
            (Some((l, c)), true) => write!(f, " (line {l}, column {c})"),
            (Some((l, c)), false) => write!(f, " (at {}, line {l}, column {c})", self.pointer),
            (None, false) => write!(f, " (at {})", self.pointer),
            (None, true) => Ok(()),
        }
    }
}

/// The problems found so far, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records an error.
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::error(pointer, message));
    }

    /// Records a warning.
    pub fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Diagnostic::warning(pointer, message));
    }

    /// True when any recorded problem is fatal.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Every recorded problem.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The fatal problems only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Moves another set of problems into this one.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends `token` to `pointer`.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}
