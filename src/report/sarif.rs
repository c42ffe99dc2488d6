//! SARIF 2.1.0, as GitHub code scanning reads it: the rules with their help pages in
//! `tool.driver.rules`, one result per diagnostic, regions with line/column (in Unicode code
//! points) and byte offsets.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{located, Report};
use super::{RenderOptions, Renderer};
use crate::diagnostic::{Applicability, Severity};
use crate::rules::{descriptors, Descriptor};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// `unknown-key` -> `UnknownKey`: SARIF's readable rule name.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn rule_descriptor(d: &Descriptor) -> Value {
    json!({
        "id": d.id,
        "name": pascal_case(d.id),
        "shortDescription": {"text": d.summary()},
        "fullDescription": {"text": d.section("What it catches").unwrap_or(d.summary())},
        "help": {"text": d.doc, "markdown": d.doc},
        "defaultConfiguration": {"level": level(d.default_severity)},
    })
}

/// A path as a URI reference: relative paths stay relative (to the working directory),
/// absolute ones become `file://` URIs.
pub fn artifact_uri(path: &str) -> String {
    // A WebAssembly build has no file system, nor `file://` paths.
    #[cfg(not(target_family = "wasm"))]
    {
        let p = std::path::Path::new(path);
        if p.is_absolute() {
            if let Ok(url) = url::Url::from_file_path(p) {
                return url.to_string();
            }
        }
    }
    path.split('/')
        .map(|segment| {
            segment
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// SARIF 2.1.0.
pub struct Sarif;

impl Renderer for Sarif {
    fn render(
        &self,
        report: &Report,
        options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let _ = options;
        out.write_all(to_text(report).as_bytes())
    }
}

fn to_text(report: &Report) -> String {
    let all: Vec<&Descriptor> = descriptors().collect();
    let rules: Vec<Value> = all.iter().map(|d| rule_descriptor(d)).collect();
    let results: Vec<Value> = located(report)
        .into_iter()
        .map(|l| {
            let d = l.diagnostic;
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut physical = json!({"artifactLocation": {"uri": artifact_uri(l.path)}});
            if !d.is_file_level() {
                physical["region"] = json!({
                    "startLine": l.start.line,
                    "startColumn": l.start.column,
                    "endLine": l.end.line,
                    "endColumn": l.end.column,
                    "byteOffset": d.span.start,
                    "byteLength": d.span.len(),
                });
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{"physicalLocation": physical}],
            });
            if let Some(index) = all.iter().position(|r| r.id == d.rule) {
                result["ruleIndex"] = json!(index);
            }
            // Only safe fixes: a SARIF consumer may apply `fixes` without asking.
            if let Some(fix) = d.fix.as_ref().filter(|f| f.applicability == Applicability::Safe) {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": {"byteOffset": e.span.start, "byteLength": e.span.len()},
                            "insertedContent": {"text": e.replacement},
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": {"text": fix.description},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": artifact_uri(l.path)},
                        "replacements": replacements,
                    }],
                }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": env!("CARGO_PKG_NAME"),
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_HOMEPAGE"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(artifact_uri("docs/a b.md"), "docs/a%20b.md");
        assert_eq!(artifact_uri("docs/ü.md"), "docs/%C3%BC.md");
        assert_eq!(artifact_uri("/tmp/x.md"), "file:///tmp/x.md");
        assert_eq!(pascal_case("missing-scope-param"), "MissingScopeParam");
    }
}
