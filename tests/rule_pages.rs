//! Every rule has a page under rules/, and the page's examples do what it says: the Bad
//! example fires the rule, the Good example is silent.

use cf_token_lint::catalog::Catalog;
use cf_token_lint::filetype::FileKind;
use cf_token_lint::lint_source;
use cf_token_lint::rules::ALL;

/// The first fenced block after the heading `## {section}`.
fn example(page: &str, section: &str) -> String {
    let heading = format!("## {section}\n");
    let after = &page[page
        .find(&heading)
        .unwrap_or_else(|| panic!("no {section} section"))
        + heading.len()..];
    let open = after.find("```").expect("a fenced example");
    let body_start = open + after[open..].find('\n').unwrap() + 1;
    let close = after[body_start..].find("```").expect("closed fence");
    after[body_start..body_start + close].to_string()
}

#[test]
fn each_rule_page_has_the_sections_and_its_examples_hold() {
    for rule in ALL {
        let page = rule.doc;
        assert!(
            page.starts_with(&format!("# {}\n", rule.id)),
            "{}: page title",
            rule.id
        );
        assert!(
            page.contains(&format!("Default severity: **{}**", rule.default_severity)),
            "{}",
            rule.id
        );
        for section in [
            "## What it catches",
            "## Why it matters",
            "## Bad",
            "## Good",
            "## How to fix",
        ] {
            assert!(page.contains(section), "{}: no `{section}`", rule.id);
        }
        let bad = lint_source(
            example(page, "Bad").as_bytes(),
            FileKind::Markdown,
            Catalog::builtin(),
        );
        assert!(
            bad.diagnostics.iter().any(|d| d.rule == rule.id),
            "{}: the Bad example does not fire it",
            rule.id
        );
        let good = lint_source(
            example(page, "Good").as_bytes(),
            FileKind::Markdown,
            Catalog::builtin(),
        );
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
}

#[test]
fn every_page_under_rules_belongs_to_a_rule() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(id) = name.strip_suffix(".md") {
            assert!(
                cf_token_lint::rules::find(id).is_some(),
                "rules/{name} has no rule"
            );
        }
    }
}
