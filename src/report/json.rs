//! The versioned JSON report (README "JSON output"; schema in the tests).

use std::io::{self, Write};

use std::cell::RefCell;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::Serialize;

use super::{located, Files, Located};
use super::{RenderOptions, Renderer};

pub const VERSION: u32 = 1;

/// The report, written as it is serialized: the diagnostics one file at a time as the run
/// finishes them, then the summary of them all (so it comes last).
struct JsonReport<'f, 'a> {
    files: RefCell<&'f mut Files<'a>>,
    fixing: bool,
}

impl Serialize for JsonReport<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("version", &VERSION)?;
        map.serialize_entry(
            "tool",
            &Tool {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
            },
        )?;
        map.serialize_entry("diagnostics", &Diagnostics(&self.files))?;
        let s = *self.files.borrow().summary();
        map.serialize_entry(
            "summary",
            &JsonSummary {
                files_scanned: s.files_scanned,
                urls_checked: s.urls_checked,
                errors: s.errors,
                warnings: s.warnings,
                notes: s.notes,
                fixable: s.fixable,
                fixable_unsafe: s.fixable_unsafe,
                fixed: self.fixing.then_some(s.fixed),
                baselined: s.baselined,
            },
        )?;
        map.end()
    }
}

/// The diagnostics, serialized one at a time as the files come.
struct Diagnostics<'r, 'f, 'a>(&'r RefCell<&'f mut Files<'a>>);

impl Serialize for Diagnostics<'_, '_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let mut files = self.0.borrow_mut();
        for file in &mut **files {
            for l in located(&file) {
                seq.serialize_element(&JsonDiagnostic::from(&l))?;
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonSummary {
    files_scanned: usize,
    urls_checked: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    /// Diagnostics that `--fix` can fix.
    fixable: usize,
    /// Diagnostics with a suggested fix that only `--unsafe-fixes` applies.
    fixable_unsafe: usize,
    /// Only with `--fix`: how many fixes were applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<usize>,
    /// Only when a baseline is in use: how many findings it hid.
    #[serde(skip_serializing_if = "Option::is_none")]
    baselined: Option<usize>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    url: Option<UrlSpan>,
    /// What `--fix` (or, when `applicability` is "unsafe", `--unsafe-fixes`) would change;
    /// `null` when the finding has no fix.
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    /// "safe" (`--fix` applies it) or "unsafe" (a suggestion: only `--unsafe-fixes`).
    applicability: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    byte_start: usize,
    byte_end: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct UrlSpan {
    byte_start: usize,
    byte_end: usize,
}

impl<'a> From<&Located<'a>> for JsonDiagnostic<'a> {
    fn from(l: &Located<'a>) -> Self {
        let d = l.diagnostic;
        JsonDiagnostic {
            rule: d.rule,
            severity: d.severity.as_str(),
            message: &d.message,
            help: d.help.as_deref(),
            path: l.path,
            line: l.start.line,
            column: l.start.column,
            end_line: l.end.line,
            end_column: l.end.column,
            byte_start: d.span.start,
            byte_end: d.span.end,
            url: d.url.as_ref().map(|u| UrlSpan {
                byte_start: u.start,
                byte_end: u.end,
            }),
            fix: d.fix.as_ref().map(|f| JsonFix {
                description: &f.description,
                applicability: f.applicability.as_str(),
                edits: f
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        byte_start: e.span.start,
                        byte_end: e.span.end,
                        replacement: &e.replacement,
                    })
                    .collect(),
            }),
        }
    }
}

/// One diagnostic as the JSON report writes it (`explain --format json` lists the same).
pub fn diagnostic_value(l: &Located<'_>) -> serde_json::Value {
    serde_json::to_value(JsonDiagnostic::from(l)).unwrap_or_default()
}

/// The versioned JSON report.
pub struct Json;

impl Renderer for Json {
    fn render(
        &self,
        files: &mut Files<'_>,
        options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let report = JsonReport {
            files: RefCell::new(files),
            fixing: options.fixing,
        };
        super::write_json(out, &report)
    }
}
