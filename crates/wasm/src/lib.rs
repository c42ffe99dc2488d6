//! cf-token-lint in the browser: the playground's binding to the library.
//!
//! Every call takes text and returns a JSON string (parsed by `playground/app.js`), so the
//! binding needs nothing beyond `wasm-bindgen` and the library's own `serde_json`. Offsets are
//! given twice: in bytes of the UTF-8 text (as the CLI's JSON report gives them) and in UTF-16
//! code units, which is what a JavaScript string indexes.
//!
//! The functions are plain Rust too ([`lint_json`], [`explain_json`], ...), so the native tests
//! below check them without a browser.

use cf_token_lint::config::Config;
use cf_token_lint::diagnostic::Diagnostic;
use cf_token_lint::explain::{explain, Explanation};
use cf_token_lint::source::LineIndex;
use cf_token_lint::syntax::FileKind;
use serde::Serialize;
use serde_json::{json, Value};
use wasm_bindgen::prelude::wasm_bindgen;

mod guess;
pub use guess::guess_syntax;

fn syntax_name(kind: FileKind) -> &'static str {
    kind.name()
}

fn config() -> Config {
    // No configuration file in a browser: the built-in catalog and default severities. The
    // root only anchors file globs, which a single text never meets.
    Config::defaults(std::path::Path::new("/"))
}

/// UTF-16 offsets of byte offsets into `text`, computed in one pass. An offset inside a
/// character (never produced by the linter) counts as that character's start.
struct Utf16Map {
    /// (byte offset, utf-16 offset) at every character start, plus the end.
    marks: Vec<(usize, usize)>,
}

impl Utf16Map {
    fn new(text: &str) -> Utf16Map {
        let mut marks = Vec::with_capacity(text.len() + 1);
        let mut units = 0;
        for (i, c) in text.char_indices() {
            marks.push((i, units));
            units += c.len_utf16();
        }
        marks.push((text.len(), units));
        Utf16Map { marks }
    }

    fn at(&self, byte: usize) -> usize {
        let i = self.marks.partition_point(|&(b, _)| b <= byte);
        self.marks[i.saturating_sub(1)].1
    }
}

fn diagnostic_json(d: &Diagnostic, src: &str, lines: &LineIndex, utf16: &Utf16Map) -> Value {
    let start = lines.position(src.as_bytes(), d.span.start);
    let end = lines.position(src.as_bytes(), d.span.end);
    json!({
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
        "label": d.label,
        "help": d.help,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "byte_start": d.span.start,
        "byte_end": d.span.end,
        "start": utf16.at(d.span.start),
        "end": utf16.at(d.span.end),
        "text": src.get(d.span.clone()).unwrap_or(""),
        "url": d.url.as_ref().map(|u| json!({"start": utf16.at(u.start), "end": utf16.at(u.end)})),
        "fix": d.fix.as_ref().map(|f| json!({
            "description": f.description,
            "edits": f.edits.iter().map(|e| json!({
                "start": utf16.at(e.span.start),
                "end": utf16.at(e.span.end),
                "replacement": e.replacement,
            })).collect::<Vec<_>>(),
        })),
    })
}

/// How the catalog knows a key: the evidence behind a row of the permissions table.
fn evidence(config: &Config, key: Option<&str>) -> Value {
    match key.and_then(|k| config.catalog.key(k)) {
        Some(info) => json!({
            "kind": info.evidence().as_str(),
            "text": info.evidence_text(),
            "source": info.source,
        }),
        None => json!({"kind": "unknown", "text": "not in the catalog", "source": null}),
    }
}

#[derive(Serialize)]
struct UrlOut {
    #[serde(flatten)]
    explanation: Explanation,
    start: usize,
    end: usize,
    /// The URL as written in the text.
    text: String,
    /// The same URL after `--fix`, or `null` when nothing in it is fixable.
    fixed: Option<String>,
    /// One per permission row: how the catalog knows its key.
    evidence: Vec<Value>,
}

fn lint_value(text: &str, kind: FileKind) -> Value {
    let config = config();
    let src = text.as_bytes();
    let lint = cf_token_lint::lint_source(src, kind, &config);
    let lines = LineIndex::new(src);
    let utf16 = Utf16Map::new(text);
    let mut urls = Vec::new();
    cf_token_lint::for_each_template(src, kind, |url| {
        let explanation = explain(&url, &config);
        let written = text.get(url.span.clone()).unwrap_or("").to_string();
        let fixed = cf_token_lint::lint::fix_source(written.as_bytes(), kind, &config, false);
        let evidence = explanation
            .permissions
            .iter()
            .map(|row| evidence(&config, row.resolved_key.as_deref()))
            .collect();
        urls.push(UrlOut {
            start: utf16.at(url.span.start),
            end: utf16.at(url.span.end),
            fixed: (fixed.applied > 0).then(|| String::from_utf8_lossy(&fixed.source).into_owned()),
            text: written,
            evidence,
            explanation,
        });
    });
    let fixed = cf_token_lint::lint::fix_source(src, kind, &config, false);
    let count = |s: &str| {
        lint.diagnostics
            .iter()
            .filter(|d| d.severity.as_str() == s)
            .count()
    };
    json!({
        "syntax": syntax_name(kind),
        "summary": {
            "urls_checked": lint.urls_checked,
            "errors": count("error"),
            "warnings": count("warning"),
            "notes": count("note"),
            "fixable": lint.diagnostics.iter().filter(|d| d.fix.is_some()).count(),
        },
        "diagnostics": lint.diagnostics.iter()
            .map(|d| diagnostic_json(d, text, &lines, &utf16)).collect::<Vec<_>>(),
        "urls": urls,
        "fixed": (fixed.applied > 0).then(|| String::from_utf8_lossy(&fixed.source).into_owned()),
        "fixes_applied": fixed.applied,
    })
}

/// Lints `text` as the file `file_name` (its extension picks the host syntax, as the CLI's
/// `--stdin-filename` does; no extension reads Markdown): the diagnostics, every template
/// URL explained, and the text as `--fix` writes it.
pub fn lint_json(text: &str, file_name: &str) -> String {
    let path = std::path::Path::new(file_name);
    let kind = if path.extension().is_none() {
        FileKind::Markdown
    } else {
        FileKind::from_path(path)
    };
    lint_value(text, kind).to_string()
}

/// Explains one pasted URL (or a text holding URLs, read as Markdown, as
/// `cf-token-lint explain -` does).
pub fn explain_json(url: &str) -> String {
    lint_value(url.trim(), FileKind::Markdown).to_string()
}

/// Every rule: id, default severity, fixable, summary and its page (Markdown).
pub fn rules_json() -> String {
    let rules: Vec<Value> = cf_token_lint::rules::descriptors()
        .map(|d| {
            json!({
                "id": d.id,
                "severity": d.default_severity.as_str(),
                "fixable": d.fixable(),
                "summary": d.summary(),
                "doc": d.doc,
            })
        })
        .collect();
    Value::Array(rules).to_string()
}

#[wasm_bindgen]
pub fn lint(text: &str, file_name: &str) -> String {
    lint_json(text, file_name)
}

#[wasm_bindgen]
pub fn explain_url(url: &str) -> String {
    explain_json(url)
}

#[wasm_bindgen]
pub fn rules() -> String {
    rules_json()
}

/// The syntax a text most likely is in, for the playground's "guess" choice.
#[wasm_bindgen]
pub fn guess(text: &str) -> String {
    guess_syntax(text).to_string()
}

/// The file name the playground lints a syntax's text as.
#[wasm_bindgen]
pub fn file_name_for(syntax: &str) -> String {
    // Every syntax the linter reads, by the name the page's list gives it.
    cf_token_lint::syntax::ALL
        .iter()
        .map(|kind| kind.syntax())
        .find(|s| s.name == syntax)
        .and_then(|s| s.extensions.first())
        .map_or("playground.md".to_string(), |ext| {
            format!("playground.{ext}")
        })
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DNSS: &str = "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dnss%22%2C%22type%22%3A%22write%22%7D%5D&accountId=*&zoneId=all&name=DNS";

    fn parse(s: String) -> Value {
        serde_json::from_str(&s).unwrap()
    }

    #[test]
    fn explain_reports_rules_table_and_fix() {
        let out = parse(explain_json(DNSS));
        let rules: Vec<&str> = out["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        assert!(rules.contains(&"unknown-key"), "{rules:?}");
        assert!(rules.contains(&"bad-type"), "{rules:?}");
        let unknown = out["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "unknown-key")
            .unwrap();
        // The span is the key's bytes inside `%22dnss%22`, in UTF-16 and bytes alike.
        assert_eq!(unknown["text"], "dnss");
        let start = unknown["start"].as_u64().unwrap() as usize;
        assert_eq!(&DNSS[start..start + 4], "dnss");
        let url = &out["urls"][0];
        assert_eq!(url["kind"], "user");
        assert_eq!(url["permissions"][0]["key"], "dnss");
        assert_eq!(url["permissions"][0]["known"], false);
        assert_eq!(url["evidence"][0]["kind"], "unknown");
        // --fix writes `edit` for `write`; `dns` is only a suggestion for `dnss`.
        let fixed = url["fixed"].as_str().unwrap();
        assert!(
            fixed.contains("%22dnss%22%2C%22type%22%3A%22edit%22"),
            "{fixed}"
        );
    }

    #[test]
    fn a_good_url_has_its_groups_and_evidence() {
        let good = "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22edit%22%7D%5D&name=DNS%20edit";
        let out = parse(explain_json(good));
        assert_eq!(out["diagnostics"], json!([]));
        let url = &out["urls"][0];
        assert_eq!(url["kind"], "account");
        assert_eq!(url["name"], "DNS edit");
        assert_eq!(url["permissions"][0]["display_name"], "DNS Write");
        assert_eq!(url["permissions"][0]["scope"], "zone");
        assert_eq!(url["evidence"][0]["kind"], "documented");
        assert_eq!(url["fixed"], Value::Null);
    }

    #[test]
    fn utf16_offsets_count_code_units() {
        // "é" is 2 bytes and 1 unit; "😀" 4 bytes and 2 units.
        let text = format!("é 😀 [link]({DNSS})\n");
        let out = parse(lint_json(&text, "doc.md"));
        let d = out["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "unknown-key")
            .unwrap();
        let units: Vec<u16> = text.encode_utf16().collect();
        let (s, e) = (
            d["start"].as_u64().unwrap() as usize,
            d["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(String::from_utf16(&units[s..e]).unwrap(), "dnss");
        assert_eq!(d["line"], 1);
    }

    #[test]
    fn the_file_name_picks_the_syntax() {
        let html = format!("<a href=\"{}\">t</a>", DNSS.replace('&', "&amp;"));
        let out = parse(lint_json(&html, "page.html"));
        assert_eq!(out["syntax"], "html");
        assert!(out["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "unknown-key"));
        assert_eq!(parse(lint_json("x", "README"))["syntax"], "markdown");
        // Every syntax the page lists lints as itself; a source literal's escapes are read.
        for kind in cf_token_lint::syntax::ALL {
            let name = kind.name();
            assert_eq!(parse(lint_json("x", &file_name_for(name)))["syntax"], name);
        }
        let js = format!("const u = \"{}\";", DNSS.replace('&', "\\u0026"));
        let out = parse(lint_json(&js, &file_name_for("javascript")));
        assert!(out["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "unknown-key"));
    }

    #[test]
    fn rules_have_pages() {
        let rules = parse(rules_json());
        let ids: Vec<&str> = rules
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert!(ids.contains(&"unknown-key") && ids.contains(&"over-broad"));
        assert!(rules[0]["doc"].as_str().unwrap().starts_with("# "));
    }
}
