//! Human output: each diagnostic drawn by `codespan-reporting` with its label under the exact
//! bytes, and a `help:` line where there is a fix. (The summary line is added by the caller.)

use std::io::{self, Write};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Buffer, Config};

use super::Report;
use super::{RenderOptions, Renderer};
use crate::diagnostic::{printable, Applicability, Severity};
use crate::source::display_text;

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Note => CsSeverity::Note,
    }
}

/// Renders the report; `color` adds ANSI colours.
/// Diagnostics drawn under their source lines, with help lines.
pub struct Human;

impl Renderer for Human {
    fn render(
        &self,
        report: &Report,
        options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        out.write_all(&to_bytes(report, options.color))
    }
}

fn to_bytes(report: &Report, color: bool) -> Vec<u8> {
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
        let shown = SimpleFile::new(printable(&file.path), display_text(&file.source));
        for d in &file.diagnostics {
            if d.is_file_level() {
                // A file-level diagnostic (an unreadable file) has no bytes to point at.
                let diagnostic = CsDiagnostic::<()>::new(severity(d.severity))
                    .with_code(d.rule)
                    .with_message(format!("{}: {}", printable(&file.path), d.message));
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
                .with_notes(
                    d.help
                        .iter()
                        .map(|h| format!("help: {h}"))
                        .chain(
                            d.fix.iter().map(|f| match f.applicability {
                                Applicability::Safe => format!("fix: {} (--fix)", f.description),
                                Applicability::Unsafe => format!(
                                    "suggested fix: {} (--unsafe-fixes: it may change what the token grants)",
                                    f.description
                                ),
                            }),
                        )
                        .collect(),
                );
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
    buf.into_inner()
}
