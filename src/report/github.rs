//! GitHub Actions workflow commands: one `::error file=...,line=...::message` per diagnostic,
//! which the runner turns into annotations on the pull request.

use std::io::{self, Write};

use super::{located, Files};
use super::{RenderOptions, Renderer};
use crate::diagnostic::{printable, Severity};

/// Escapes a command's message, as the runner expects. Other control characters (an ANSI
/// escape from a decoded token name) are shown as `\u{..}`, so file content can neither
/// colour the log nor start a workflow command of its own.
fn escape_data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    printable(&text)
}

/// Escapes a property value: the message escapes plus `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: annotations on pull requests.
pub struct Github;

impl Renderer for Github {
    fn render(
        &self,
        files: &mut Files<'_>,
        options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let _ = options;
        let mut out = io::BufWriter::with_capacity(64 * 1024, out);
        for file in files {
            for l in located(&file) {
                let d = l.diagnostic;
                let command = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Note => "notice",
                };
                let message = d.message_with_help();
                writeln!(
                    out,
                    "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                    escape_property(l.path),
                    l.start.line,
                    l.start.column,
                    l.end.line,
                    l.end.column,
                    escape_property(&format!("cf-token-lint({})", d.rule)),
                    escape_data(&message)
                )?;
            }
        }
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_requires() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("docs/a:b,c%.md"), "docs/a%3Ab%2Cc%25.md");
    }
}
