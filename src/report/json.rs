//! The versioned JSON report (README "JSON output"; schema in the tests).

use std::io::{self, Write};

use serde::Serialize;

use super::{located, Located, Report};
use super::{RenderOptions, Renderer};

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    summary: JsonSummary,
    diagnostics: Diagnostics<'a>,
}

/// The diagnostics, serialized one at a time as the writer takes them: the report never
/// exists whole in memory, however many findings it has.
struct Diagnostics<'a>(&'a [Located<'a>]);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(JsonDiagnostic::from))
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

/// `fixing`: the run applied fixes (`--fix`), so the summary says how many.
/// The versioned JSON report.
pub struct Json;

impl Renderer for Json {
    fn render(
        &self,
        report: &Report,
        options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        write(report, options.fixing, out)
    }
}

/// Streams the report to `out` (buffered), item by item.
fn write(report: &Report, fixing: bool, out: &mut dyn Write) -> io::Result<()> {
    let s = report.summary();
    let located = located(report);
    let diagnostics = Diagnostics(&located);
    let report = JsonReport {
        version: VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: JsonSummary {
            files_scanned: s.files_scanned,
            urls_checked: s.urls_checked,
            errors: s.errors,
            warnings: s.warnings,
            notes: s.notes,
            fixable: s.fixable,
            fixable_unsafe: s.fixable_unsafe,
            fixed: fixing.then_some(s.fixed),
            baselined: s.baselined,
        },
        diagnostics,
    };
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    serde_json::to_writer_pretty(&mut out, &report)?;
    out.write_all(b"\n")?;
    out.flush()
}
