//! Human output: each diagnostic drawn by `codespan-reporting` with its label under the exact
//! bytes, a `help:` line where there is a fix, and a one-line summary at the end.

use std::io::Write;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Buffer, Config};

use super::{plural, Report};
use crate::diagnostic::Severity;
use crate::source::display_text;

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Note => CsSeverity::Note,
    }
}

/// Renders the report; `color` adds ANSI colours.
pub fn render(report: &Report, color: bool) -> Vec<u8> {
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let config = Config::default();
    for file in &report.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let shown = SimpleFile::new(file.path.as_str(), display_text(&file.source));
        for d in &file.diagnostics {
            if d.url.is_none() {
                // A file-level diagnostic (an unreadable file) has no bytes to point at.
                let diagnostic = CsDiagnostic::<()>::new(severity(d.severity))
                    .with_code(d.rule)
                    .with_message(format!("{}: {}", file.path, d.message));
                let _ = term::emit_to_write_style(&mut buf, &config, &shown, &diagnostic);
                continue;
            }
            let mut label = Label::primary((), d.span.clone());
            if !d.label.is_empty() {
                label = label.with_message(&d.label);
            }
            let diagnostic = CsDiagnostic::new(severity(d.severity))
                .with_code(d.rule)
                .with_message(&d.message)
                .with_labels(vec![label])
                .with_notes(d.help.iter().map(|h| format!("help: {h}")).collect());
            if term::emit_to_write_style(&mut buf, &config, &shown, &diagnostic).is_err() {
                // A span outside the file would be a bug upstream; still say what was found.
                let _ = writeln!(
                    buf,
                    "{}[{}]: {}: {}",
                    d.severity, d.rule, file.path, d.message
                );
            }
        }
    }
    let s = report.summary();
    let checked = format!(
        "{} checked in {}",
        plural(s.urls_checked, "template URL"),
        plural(s.files_scanned, "file")
    );
    let found = s.errors + s.warnings + s.notes;
    let _ = if found == 0 {
        writeln!(buf, "No problems found ({checked}).")
    } else {
        writeln!(
            buf,
            "Found {}, {} and {} in {} ({checked}).",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.notes, "note"),
            plural(s.files_with_findings, "file")
        )
    };
    buf.into_inner()
}
