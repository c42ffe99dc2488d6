//! reviewdog's Diagnostic Format (rdjson): one `DiagnosticResult` whose diagnostics carry
//! their rule as `code` and each safe fix as `suggestions`, which reviewdog turns into
//! one-click suggestions in a pull request review. Columns count UTF-8 bytes, 1-based, as the
//! format defines them.

use std::cell::RefCell;
use std::io::{self, Write};

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Value};

use super::{FileOutcome, Files, RenderOptions, Renderer};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::LineIndex;

/// Where the rule pages are published.
const RULES_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/rules/");

/// reviewdog's Diagnostic Format.
pub struct Rdjson;

impl Renderer for Rdjson {
    fn render(
        &self,
        files: &mut Files<'_>,
        _options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let result = Result(RefCell::new(files));
        super::write_json(out, &result)
    }
}

/// The `DiagnosticResult`, its diagnostics written one at a time as the files come. Keys
/// come sorted, as a `serde_json::Value` writes them.
struct Result<'f, 'a>(RefCell<&'f mut Files<'a>>);

impl Serialize for Result<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("diagnostics", &Diagnostics(&self.0))?;
        map.serialize_entry(
            "source",
            &json!({"name": "cf-token-lint", "url": env!("CARGO_PKG_REPOSITORY")}),
        )?;
        map.end()
    }
}

struct Diagnostics<'r, 'f, 'a>(&'r RefCell<&'f mut Files<'a>>);

impl Serialize for Diagnostics<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let mut files = self.0.borrow_mut();
        for file in &mut **files {
            if file.diagnostics.is_empty() {
                continue;
            }
            let lines = LineIndex::new(&file.source);
            for d in &file.diagnostics {
                seq.serialize_element(&diagnostic(&file, &lines, d))?;
            }
        }
        seq.end()
    }
}

/// One diagnostic: a small value, made when the writer gets to it.
fn diagnostic(file: &FileOutcome, lines: &LineIndex, d: &Diagnostic) -> Value {
    // Columns are bytes here: the line's start is all a position needs.
    let position = |offset: usize| {
        let offset = offset.min(file.source.len());
        let line = lines.line(offset);
        let start = lines.line_range(line, file.source.len()).start;
        json!({"line": line + 1, "column": offset - start + 1})
    };
    let range = |span: &std::ops::Range<usize>| json!({"start": position(span.start), "end": position(span.end)});
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
    // Only a safe fix becomes a one-click suggestion: a suggestion may change what a token
    // grants.
    if let Some(fix) = d.safe_fix() {
        let suggestions: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| json!({"range": range(&e.span), "text": e.replacement}))
            .collect();
        diagnostic["suggestions"] = Value::Array(suggestions);
    }
    diagnostic
}
