//! SARIF 2.1.0, as GitHub code scanning reads it: the rules with their help pages in
//! `tool.driver.rules`, one result per diagnostic, regions with line/column (in Unicode code
//! points) and byte offsets.

use std::io::{self, Write};

use std::cell::RefCell;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Value};

use super::{located, Files, Located};
use super::{RenderOptions, Renderer};
use crate::diagnostic::Severity;
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
    // A colon in the first segment would read as a scheme (`javascript:alert(1).md`), so
    // there it is percent-encoded, as RFC 3986 asks of a relative reference.
    path.split('/')
        .enumerate()
        .map(|(i, segment)| {
            segment
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric()
                        || b"-._~!$&'()*+,;=@".contains(&b)
                        || (b == b':' && i > 0)
                    {
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
        files: &mut Files<'_>,
        options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let _ = options;
        let log = Log {
            results: Results(RefCell::new(files)),
        };
        super::write_json(out, &log)
    }
}

/// The SARIF log, written as it is serialized: the results one at a time as the files come,
/// so memory does not grow with the report. Keys come in the order a `serde_json::Value` sorts
/// them, which is what the output always had.
struct Log<'f, 'a> {
    results: Results<'f, 'a>,
}

impl Serialize for Log<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("$schema", SCHEMA_URI)?;
        map.serialize_entry("runs", &[Run { log: self }])?;
        map.serialize_entry("version", "2.1.0")?;
        map.end()
    }
}

struct Run<'l, 'f, 'a> {
    log: &'l Log<'f, 'a>,
}

impl Serialize for Run<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rules: Vec<Value> = descriptors().map(rule_descriptor).collect();
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("columnKind", "unicodeCodePoints")?;
        map.serialize_entry("results", &self.log.results)?;
        map.serialize_entry(
            "tool",
            &json!({"driver": {
                "name": env!("CARGO_PKG_NAME"),
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_HOMEPAGE"),
                "rules": rules,
            }}),
        )?;
        map.end()
    }
}

struct Results<'f, 'a>(RefCell<&'f mut Files<'a>>);

impl Serialize for Results<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let all: Vec<&Descriptor> = descriptors().collect();
        let mut seq = serializer.serialize_seq(None)?;
        let mut files = self.0.borrow_mut();
        for file in &mut **files {
            for l in located(&file) {
                seq.serialize_element(&result(&l, &all))?;
            }
        }
        seq.end()
    }
}

/// One result: a small value, made when the writer gets to it.
fn result(l: &Located<'_>, all: &[&Descriptor]) -> Value {
    let d = l.diagnostic;
    let text = d.message_with_help();
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
    if let Some(fix) = d.safe_fix() {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(artifact_uri("docs/a b.md"), "docs/a%20b.md");
        assert_eq!(artifact_uri("docs/ü.md"), "docs/%C3%BC.md");
        assert_eq!(artifact_uri("/tmp/x.md"), "file:///tmp/x.md");
        assert_eq!(
            artifact_uri("javascript:alert(1).md"),
            "javascript%3Aalert(1).md"
        );
        assert_eq!(artifact_uri("docs/a:b.md"), "docs/a:b.md");
        assert_eq!(pascal_case("missing-scope-param"), "MissingScopeParam");
    }
}
