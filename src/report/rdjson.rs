//! reviewdog's Diagnostic Format (rdjson): one `DiagnosticResult` whose diagnostics carry
//! their rule as `code` and each safe fix as `suggestions`, which reviewdog turns into
//! one-click suggestions in a pull request review. Columns count UTF-8 bytes, 1-based, as the
//! format defines them.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{RenderOptions, Renderer, Report};
use crate::diagnostic::{Applicability, Severity};
use crate::source::LineIndex;

/// Where the rule pages are published.
const RULES_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/rules/");

/// reviewdog's Diagnostic Format.
pub struct Rdjson;

impl Renderer for Rdjson {
    fn render(
        &self,
        report: &Report,
        _options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut diagnostics = Vec::new();
        for file in &report.files {
            let lines = LineIndex::new(&file.source);
            // Columns are bytes here: the line's start is all a position needs.
            let position = |offset: usize| {
                let offset = offset.min(file.source.len());
                let line = lines.line(offset);
                let start = lines.line_range(line, file.source.len()).start;
                json!({"line": line + 1, "column": offset - start + 1})
            };
            let range = |span: &std::ops::Range<usize>| json!({"start": position(span.start), "end": position(span.end)});
            for d in &file.diagnostics {
                let mut diagnostic = json!({
                    "message": d.message,
                    "location": {"path": file.path, "range": range(&d.span)},
                    "severity": match d.severity {
                        Severity::Error => "ERROR",
                        Severity::Warning => "WARNING",
                        Severity::Note => "INFO",
                    },
                    "code": {"value": d.rule, "url": format!("{RULES_URL}{}.md", d.rule)},
                });
                if d.is_file_level() {
                    // A file-level finding has no range: the file as a whole.
                    diagnostic["location"] = json!({"path": file.path});
                }
                // Only a safe fix becomes a one-click suggestion: a suggestion may change
                // what a token grants.
                if let Some(fix) = d
                    .fix
                    .as_ref()
                    .filter(|f| f.applicability == Applicability::Safe)
                {
                    let suggestions: Vec<Value> = fix
                        .edits
                        .iter()
                        .map(|e| json!({"range": range(&e.span), "text": e.replacement}))
                        .collect();
                    diagnostic["suggestions"] = Value::Array(suggestions);
                }
                diagnostics.push(diagnostic);
            }
        }
        let result = json!({
            "source": {"name": "cf-token-lint", "url": env!("CARGO_PKG_REPOSITORY")},
            "diagnostics": diagnostics,
        });
        serde_json::to_writer_pretty(&mut *out, &result)?;
        out.write_all(b"\n")
    }
}
