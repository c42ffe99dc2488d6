//! Cloudflare's own pages (in ../shared, present in CI, absent in a user's clone) must give
//! exactly what ../shared/corpus/cloudflare/README.md says a correct linter reports.

mod common;

use common::{cmd, shared, summary};
use serde_json::Value;

/// Lints `bytes` as standard input named `name` and returns the JSON report.
fn lint_as(name: &str, bytes: Vec<u8>) -> Value {
    let out = cmd()
        .args(["check", "--format", "json", "--stdin-filename", name, "-"])
        .write_stdin(bytes)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rules_of(report: &Value, severity: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == severity)
        .map(|d| {
            format!(
                "{}: {}",
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn seed_page_002_read_as_markdown_gives_no_errors() {
    let Some(shared) = shared() else { return };
    let page = std::fs::read(shared.join("seeds/002_8400f32ba4cf9cd0.txt")).unwrap();
    let report = lint_as("seed-002.md", page);
    assert_eq!(rules_of(&report, "error"), Vec::<String>::new());
    // Every URL of the page is decoded: 4 placeholder URLs and 16 in tables.
    assert_eq!(summary(&report, "urls_checked"), 20);
}

#[test]
fn cloudflare_corpus_gives_exactly_what_its_readme_says() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("corpus/cloudflare");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // The permission groups list is the catalog's source data, not a page.
        if name == "README.md" || name.ends_with(".tsv") {
            continue;
        }
        let rel = path.to_string_lossy().into_owned();
        let out = cmd()
            .args(["check", "--format", "json", &rel])
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors = rules_of(&report, "error");
        if name.starts_with("prometheus.") {
            // The two scope parameters the template URL docs require, and nothing else.
            assert_eq!(
                errors,
                vec![
                    "missing-scope-param: user-token URL has no `accountId`: the form cannot pre-fill the token's scope",
                    "missing-scope-param: user-token URL has no `zoneId`: the form cannot pre-fill the token's scope",
                ],
                "{name}"
            );
            assert_eq!(out.status.code(), Some(1), "{name}");
        } else {
            assert_eq!(errors, Vec::<String>::new(), "{name}");
            assert_eq!(out.status.code(), Some(0), "{name}");
        }
        let urls = summary(&report, "urls_checked");
        if name == "token-template-urls.older.excerpt.txt" {
            assert_eq!(urls, 0, "{name}: its URLs were lost in rendering");
        } else {
            assert!(urls >= 1, "{name}: no template URL found");
        }
        checked += 1;
    }
    assert_eq!(checked, 10, "the corpus has ten pages besides its README");
}

#[test]
fn flagship_pages_use_evaluate_and_scope_without_complaint() {
    let Some(shared) = shared() else { return };
    for name in [
        "flagship-api-tokens.md",
        "flagship-api-tokens.index.md",
        "flagship-api-tokens.html",
        "flagship-changelog.excerpt.md",
    ] {
        let rel = shared
            .join("corpus/cloudflare")
            .join(name)
            .to_string_lossy()
            .into_owned();
        let (report, code) = common::json_report(&[&rel]);
        assert_eq!(code, 0, "{name}");
        // `flagship_app`, `evaluate` and `scope` are all accepted; the page's link has no
        // `name`, which is worth a note and nothing more.
        let rules: Vec<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, ["missing-name"], "{name}");
        assert_eq!(report["diagnostics"][0]["severity"], "note");
        assert_eq!(summary(&report, "urls_checked"), 1, "{name}");
    }
}
