//! Every rule has a page under rules/, and the page's examples do what it says: the Bad
//! example fires the rule, the Good example is silent.

use cf_token_lint::config::Config;
use std::path::Path;

use cf_token_lint::filetype::FileKind;
use cf_token_lint::lint_source;
use cf_token_lint::rules::{descriptors, Descriptor};

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

/// The configuration a page's examples run with: its `## Configuration` block, if any.
fn page_config(rule: &Descriptor) -> Config {
    match rule.section("Configuration") {
        Some(section) => Config::parse(example(section), Path::new("example.toml"), Path::new("/"))
            .expect("the page's configuration is valid"),
        None => Config::default(),
    }
}

#[test]
fn every_page_with_examples_has_a_bad_one_that_fires_and_a_good_one_that_is_silent() {
    let mut pages_with_examples = 0;
    for rule in descriptors() {
        let Some(bad) = rule.section("Bad") else {
            assert_eq!(
                rule.id, "unreadable-file",
                "only unreadable-file cannot be shown in a document"
            );
            continue;
        };
        pages_with_examples += 1;
        let config = page_config(rule);
        let bad = lint_source(example(bad).as_bytes(), FileKind::Markdown, &config);
        assert!(
            bad.diagnostics.iter().any(|d| d.rule == rule.id),
            "{}: the Bad example does not fire it: {:?}",
            rule.id,
            bad.diagnostics
        );
        let good = example(rule.section("Good").expect("a Good section"));
        let good = lint_source(good.as_bytes(), FileKind::Markdown, &config);
        assert_eq!(
            good.urls_checked, 1,
            "{}: the Good example holds one template URL",
            rule.id
        );
        assert!(
            good.diagnostics.is_empty(),
            "{}: the Good example is not silent: {:?}",
            rule.id,
            good.diagnostics
        );
    }
    assert_eq!(pages_with_examples, cf_token_lint::rules::ALL.len() + 1);
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
