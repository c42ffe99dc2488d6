//! The versioned JSON report (README "JSON output"; schema in the tests).

use serde::Serialize;

use super::{locate, Report};
use crate::source::LineIndex;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
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
}

#[derive(Serialize)]
struct UrlSpan {
    byte_start: usize,
    byte_end: usize,
}

pub fn render(report: &Report) -> String {
    let s = report.summary();
    let mut diagnostics = Vec::new();
    for file in &report.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            let (start, end) = locate(&index, &file.source, d);
            diagnostics.push(JsonDiagnostic {
                rule: d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                path: &file.path,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                byte_start: d.span.start,
                byte_end: d.span.end,
                url: d.url.as_ref().map(|u| UrlSpan {
                    byte_start: u.start,
                    byte_end: u.end,
                }),
            });
        }
    }
    let out = JsonReport {
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
        },
        diagnostics,
    };
    let mut text =
        serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
