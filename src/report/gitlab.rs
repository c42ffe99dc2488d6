//! GitLab's Code Quality report: a JSON array of issues, each with a description, the rule as
//! `check_name`, a fingerprint that stays the same while the finding does (GitLab compares
//! reports across pipelines by it), a severity, and the path and line.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::fingerprint::{fingerprint, fnv1a};
use super::{located, RenderOptions, Renderer, Report};
use crate::diagnostic::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// GitLab's Code Quality report.
pub struct Gitlab;

impl Renderer for Gitlab {
    fn render(
        &self,
        report: &Report,
        _options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let sources: HashMap<&str, &[u8]> = report
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.source.as_slice()))
            .collect();
        // Two identical findings in one file (the same URL twice) are told apart by their
        // order, so each fingerprint is unique and survives edits elsewhere.
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        let issues: Vec<Issue> = located(report)
            .into_iter()
            .map(|l| {
                let d = l.diagnostic;
                let base = fingerprint(sources.get(l.path).copied().unwrap_or_default(), d);
                let n = seen.entry((l.path.to_string(), base.clone())).or_default();
                *n += 1;
                let description = match &d.help {
                    Some(help) => format!("{} (help: {help})", d.message),
                    None => d.message.clone(),
                };
                Issue {
                    description,
                    check_name: d.rule,
                    fingerprint: fnv1a(&[l.path.as_bytes(), base.as_bytes(), &n.to_le_bytes()]),
                    severity: match d.severity {
                        Severity::Error => "major",
                        Severity::Warning => "minor",
                        Severity::Note => "info",
                    },
                    location: Location {
                        path: l.path,
                        lines: Lines {
                            begin: l.start.line,
                        },
                    },
                }
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &issues)?;
        out.write_all(b"\n")
    }
}
