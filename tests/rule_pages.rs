//! Every rule has a page under rules/, and the page's examples do what it says: the Bad
//! example fires the rule, the Good example is silent.

use cf_token_lint::catalog::Catalog;
use cf_token_lint::filetype::FileKind;
use cf_token_lint::lint_source;
use cf_token_lint::rules::{descriptors, ALL};

/// The fenced block of a page section.
fn example(section: &str) -> &str {
    let open = section.find("```").expect("a fenced example");
    let body_start = open + section[open..].find('\n').unwrap() + 1;
    let close = section[body_start..].find("```").expect("closed fence");
    &section[body_start..body_start + close]
}

#[test]
fn every_page_has_its_title_severity_and_sections() {
    for rule in descriptors() {
        assert!(
            rule.doc.starts_with(&format!("# {}\n", rule.id)),
            "{}: page title",
            rule.id
        );
        assert!(
            rule.doc
                .contains(&format!("Default severity: **{}**", rule.default_severity)),
            "{}",
            rule.id
        );
        for section in ["What it catches", "Why it matters", "How to fix"] {
            assert!(
                rule.section(section).is_some_and(|s| !s.is_empty()),
                "{}: no `{section}`",
                rule.id
            );
        }
    }
}

#[test]
fn each_rule_page_examples_hold() {
    for rule in ALL {
        let meta = &rule.meta;
        let bad = example(meta.section("Bad").expect("a Bad section"));
        let bad = lint_source(bad.as_bytes(), FileKind::Markdown, Catalog::builtin());
        assert!(
            bad.diagnostics.iter().any(|d| d.rule == meta.id),
            "{}: the Bad example does not fire it",
            meta.id
        );
        let good = example(meta.section("Good").expect("a Good section"));
        let good = lint_source(good.as_bytes(), FileKind::Markdown, Catalog::builtin());
        assert_eq!(
            good.urls_checked, 1,
            "{}: the Good example holds one template URL",
            meta.id
        );
        assert!(
            good.diagnostics.is_empty(),
            "{}: the Good example is not silent: {:?}",
            meta.id,
            good.diagnostics
        );
    }
}

#[test]
fn every_page_under_rules_belongs_to_a_rule() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(id) = name.strip_suffix(".md") {
            assert!(
                descriptors().any(|d| d.id == id),
                "rules/{name} has no rule"
            );
        }
    }
}
