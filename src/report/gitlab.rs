//! GitLab's Code Quality report: a JSON array of issues, each with a description, the rule as
//! `check_name`, a fingerprint that stays the same while the finding does (GitLab compares
//! reports across pipelines by it), a severity, and the path and line.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{self, Write};

use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;

use super::fingerprint::{fingerprint, fnv1a};
use super::{located, Files, RenderOptions, Renderer};
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
        files: &mut Files<'_>,
        _options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        super::write_json(out, &Issues(RefCell::new(files)))
    }
}

/// The issues, each made when the writer gets to it, as the files come.
struct Issues<'f, 'a>(RefCell<&'f mut Files<'a>>);

impl Serialize for Issues<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let mut files = self.0.borrow_mut();
        // Two identical findings under one path (the same URL twice) are told apart by their
        // order, so each fingerprint is unique and survives edits elsewhere. Files come in
        // path order: what was seen is forgotten when the path changes.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut seen_path = String::new();
        for file in &mut **files {
            if file.path != seen_path {
                seen.clear();
                seen_path.clone_from(&file.path);
            }
            for l in located(&file) {
                let d = l.diagnostic;
                let base = fingerprint(&file.source, d);
                let description = match &d.help {
                    Some(help) => format!("{} (help: {help})", d.message),
                    None => d.message.to_string(),
                };
                let n = seen.entry(base.clone()).or_default();
                *n += 1;
                seq.serialize_element(&Issue {
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
                })?;
            }
        }
        seq.end()
    }
}
