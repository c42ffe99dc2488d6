//! `path:line:col: severity[rule]: message`, one line per diagnostic: the shape Vim's
//! `errorformat`, Emacs' compilation mode and VS Code problem matchers read.

use std::io::{self, Write};

use super::{located, Report};
use super::{RenderOptions, Renderer};
use crate::diagnostic::{printable, Severity};

fn colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Note => "\x1b[1;36m",
    }
}

/// `path:line:col: severity[rule]: message`, one line each, for editors' error formats.
pub struct Compact;

impl Renderer for Compact {
    fn render(
        &self,
        report: &Report,
        options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        out.write_all(to_text(report, options.color).as_bytes())
    }
}

fn to_text(report: &Report, color: bool) -> String {
    let mut out = String::new();
    for l in located(report) {
        let d = l.diagnostic;
        // One line each: a path or message with a line break would split it.
        let path = printable(l.path);
        let message = printable(&d.message);
        let severity = if color {
            format!("{}{}\x1b[0m", colour(d.severity), d.severity)
        } else {
            d.severity.to_string()
        };
        out.push_str(&format!(
            "{path}:{}:{}: {severity}[{}]: {message}\n",
            l.start.line, l.start.column, d.rule
        ));
    }
    out
}
