//! Diagnostics: values that flow out of every stage.
//!
//! A [`Diagnostic`] has a stable kebab-case `code` (documented in the README),
//! a severity, the vault-relative file it is about, a 1-based line (0 when the
//! whole file or the whole site is meant) and a message. Stages never print;
//! they return diagnostics, and `check` prints them while `build` summarises.

use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build is wrong: `check` exits 1.
    Error,
    /// The author should know; `check --strict` exits 1.
    Warning,
    /// Informational (for example, a repair that was made).
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// One finding about the vault.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    /// Vault-relative path (`/`-separated), or the config file, or "" for the site.
    pub file: String,
    /// 1-based line in the file; 0 when no line applies.
    pub line: usize,
    /// 1-based column; 0 when no column applies.
    #[serde(skip_serializing_if = "is_zero")]
    pub col: usize,
    /// Stable kebab-case code, e.g. `broken-link`.
    pub code: &'static str,
    /// Error, warning or info.
    pub severity: Severity,
    /// What is wrong, and where it helps, how to fix it.
    pub message: String,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Diagnostic {
    /// A new diagnostic.
    pub fn new(
        code: &'static str,
        severity: Severity,
        file: impl Into<String>,
        line: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            col: 0,
            code,
            severity,
            message: message.into(),
        }
    }

    /// A warning.
    pub fn warning(
        code: &'static str,
        file: impl Into<String>,
        line: usize,
        message: impl Into<String>,
    ) -> Self {
        Self::new(code, Severity::Warning, file, line, message)
    }

    /// An error.
    pub fn error(
        code: &'static str,
        file: impl Into<String>,
        line: usize,
        message: impl Into<String>,
    ) -> Self {
        Self::new(code, Severity::Error, file, line, message)
    }

    /// An informational note.
    pub fn info(
        code: &'static str,
        file: impl Into<String>,
        line: usize,
        message: impl Into<String>,
    ) -> Self {
        Self::new(code, Severity::Info, file, line, message)
    }

    /// With a column.
    pub fn at_col(mut self, col: usize) -> Self {
        self.col = col;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = if self.file.is_empty() {
            "<site>"
        } else {
            &self.file
        };
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            file,
            self.line.max(1),
            self.col.max(1),
            self.severity,
            self.code,
            self.message
        )
    }
}

/// Sort diagnostics the way `check` prints them: by file, line, column, code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.file.as_str(), a.line, a.col, a.code, a.message.as_str()).cmp(&(
            b.file.as_str(),
            b.line,
            b.col,
            b.code,
            b.message.as_str(),
        ))
    });
}

/// Errors and other diagnostics among `diagnostics`.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diagnostics.len() - errors)
}
