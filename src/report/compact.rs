//! `path:line:col: severity[rule]: message`, one line per diagnostic: the shape Vim's
//! `errorformat`, Emacs' compilation mode and VS Code problem matchers read.

use std::io::{self, Write};

use super::{located, Files};
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
        files: &mut Files<'_>,
        options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut out = io::BufWriter::with_capacity(64 * 1024, out);
        for file in files {
            for l in located(&file) {
                let d = l.diagnostic;
                // One line each: a path or message with a line break would split it.
                let path = printable(l.path);
                let message = printable(&d.message);
                let (on, off) = match options.color {
                    true => (colour(d.severity), "\x1b[0m"),
                    false => ("", ""),
                };
                writeln!(
                    out,
                    "{path}:{}:{}: {on}{}{off}[{}]: {message}",
                    l.start.line, l.start.column, d.severity, d.rule
                )?;
            }
        }
        out.flush()
    }
}
