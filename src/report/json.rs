//! The versioned JSON report (README "JSON output"; schema in the tests).

use std::io::{self, Write};

use super::pretty::Hand;
use super::{located, Files, Located};
use super::{RenderOptions, Renderer};

pub const VERSION: u32 = 1;

/// The report, written as the run finishes the files: the diagnostics one file at a time,
/// then the summary of them all (so it comes last).
fn write_report(hand: &mut Hand, files: &mut Files<'_>, fixing: bool) -> io::Result<()> {
    hand.open_object();
    hand.key("version");
    hand.number(VERSION as usize);
    hand.key("tool");
    hand.open_object();
    hand.key("name");
    hand.string(env!("CARGO_PKG_NAME"));
    hand.key("version");
    hand.string(env!("CARGO_PKG_VERSION"));
    hand.close_object();
    hand.key("diagnostics");
    hand.open_array();
    for file in &mut *files {
        for l in located(&file) {
            hand.element();
            write_diagnostic(hand, &l);
            hand.flush_when_full()?;
        }
    }
    hand.close_array();
    hand.key("summary");
    write_summary(hand, files, fixing);
    hand.close_object();
    Ok(())
}

fn write_summary(hand: &mut Hand, files: &Files<'_>, fixing: bool) {
    let s = files.summary();
    hand.open_object();
    for (key, count) in [
        ("files_scanned", s.files_scanned),
        ("urls_checked", s.urls_checked),
        ("errors", s.errors),
        ("warnings", s.warnings),
        ("notes", s.notes),
        // Diagnostics that `--fix` can fix.
        ("fixable", s.fixable),
        // Diagnostics with a suggested fix that only `--unsafe-fixes` applies.
        ("fixable_unsafe", s.fixable_unsafe),
    ] {
        hand.key(key);
        hand.number(count);
    }
    // Only with `--fix`: how many fixes were applied.
    if fixing {
        hand.key("fixed");
        hand.number(s.fixed);
    }
    // Only when a baseline is in use: how many findings it hid.
    if let Some(baselined) = s.baselined {
        hand.key("baselined");
        hand.number(baselined);
    }
    hand.close_object();
}

/// One diagnostic, its fields in the order the README's "JSON output" gives them.
fn write_diagnostic(hand: &mut Hand, l: &Located<'_>) {
    let d = l.diagnostic;
    hand.open_object();
    hand.key("rule");
    hand.string(d.rule);
    hand.key("severity");
    hand.string(d.severity.as_str());
    hand.key("message");
    hand.string(&d.message);
    hand.key("help");
    hand.optional_string(d.help.as_deref());
    hand.key("path");
    hand.string(l.path);
    for (key, n) in [
        ("line", l.start.line),
        ("column", l.start.column),
        ("end_line", l.end.line),
        ("end_column", l.end.column),
    ] {
        hand.key(key);
        hand.number(n);
    }
    write_span(hand, &d.span);
    hand.key("url");
    match &d.url {
        Some(url) => {
            hand.open_object();
            write_span(hand, url);
            hand.close_object();
        }
        None => hand.null(),
    }
    // What `--fix` (or, when `applicability` is "unsafe", `--unsafe-fixes`) would change;
    // `null` when the finding has no fix.
    hand.key("fix");
    match &d.fix {
        Some(fix) => {
            hand.open_object();
            hand.key("description");
            hand.string(&fix.description);
            hand.key("applicability");
            hand.string(fix.applicability.as_str());
            hand.key("edits");
            hand.open_array();
            for edit in &fix.edits {
                hand.element();
                hand.open_object();
                write_span(hand, &edit.span);
                hand.key("replacement");
                hand.string(&edit.replacement);
                hand.close_object();
            }
            hand.close_array();
            hand.close_object();
        }
        None => hand.null(),
    }
    hand.close_object();
}

fn write_span(hand: &mut Hand, span: &std::ops::Range<usize>) {
    hand.key("byte_start");
    hand.number(span.start);
    hand.key("byte_end");
    hand.number(span.end);
}

/// One diagnostic as the JSON report writes it (`explain --format json` lists the same).
pub fn diagnostic_value(l: &Located<'_>) -> serde_json::Value {
    let mut written = Vec::new();
    let mut hand = Hand::new(&mut written);
    write_diagnostic(&mut hand, l);
    hand.finish().unwrap_or_default();
    serde_json::from_slice(&written).unwrap_or_default()
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
        let mut hand = Hand::new(out);
        write_report(&mut hand, files, options.fixing)?;
        hand.finish()
    }
}
