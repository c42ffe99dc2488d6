//! Every rule has a page under rules/, and the page's examples do what it says: the Bad
//! example fires the rule, the Good example is silent.

use cf_token_lint::config::Config;
use std::path::Path;

use cf_token_lint::report::{render, FileOutcome, Format, RenderOptions, Report};
use cf_token_lint::rules::{descriptors, Descriptor};
use cf_token_lint::syntax::FileKind;
use cf_token_lint::{lint, lint_source};

/// The first fenced block of a page section.
fn example(section: &str) -> &str {
    fenced(section).next().expect("a fenced example")
}

/// Every fenced block of a page section, in order.
fn fenced(section: &str) -> impl Iterator<Item = &str> {
    let mut rest = section;
    std::iter::from_fn(move || {
        let open = rest.find("```")?;
        let body_start = open + rest[open..].find('\n')? + 1;
        let close = rest[body_start..].find("```")?;
        let body = &rest[body_start..body_start + close];
        rest = &rest[body_start + close + 3..];
        Some(body)
    })
}

/// What `check --format compact` prints for a page example, named `example.md`.
fn compact(text: &str, config: &Config) -> String {
    let lint = lint_source(text.as_bytes(), FileKind::Markdown, config);
    let report = Report {
        files: vec![FileOutcome {
            source: text.as_bytes().to_vec(),
            diagnostics: lint.diagnostics,
            scanned: true,
            ..FileOutcome::new("example.md".into())
        }],
        baselined: None,
    };
    let mut out = Vec::new();
    render(
        Format::Compact,
        &report,
        &RenderOptions::default(),
        &mut out,
    )
    .expect("writing to memory");
    String::from_utf8(out).expect("compact output is UTF-8")
}

/// Every example on every page does what the page says: the Bad example reports exactly the
/// lines shown under it, and `--fix` turns it into exactly the text under "Autofix" (or, for
/// a rule that is not fixable, offers no fix).
#[test]
fn every_example_produces_what_its_page_says() {
    for rule in descriptors() {
        let Some(bad) = rule.section("Bad") else {
            continue;
        };
        let config = page_config(rule);
        let mut blocks = fenced(bad);
        let (text, reported) = (blocks.next().unwrap(), blocks.next());
        let reported =
            reported.unwrap_or_else(|| panic!("{}: no reported output under Bad", rule.id));
        assert_eq!(
            compact(text, &config),
            reported,
            "{}: the Bad example's report",
            rule.id
        );

        let autofix = rule
            .section("Autofix")
            .unwrap_or_else(|| panic!("{}: no Autofix section", rule.id));
        let fixed = lint::fix_source(text.as_bytes(), FileKind::Markdown, &config, false);
        match rule.fixable() {
            "no" => {
                assert!(
                    autofix.starts_with("`--fix` does not change"),
                    "{}",
                    rule.id
                );
                let lint = lint_source(text.as_bytes(), FileKind::Markdown, &config);
                assert!(
                    lint.diagnostics
                        .iter()
                        .all(|d| d.rule != rule.id || d.fix.is_none()),
                    "{}: the page says no fix, but one is offered",
                    rule.id
                );
            }
            "sometimes" | "yes" => {
                let mut shown_blocks = fenced(autofix);
                let shown = shown_blocks.next().expect("an Autofix example");
                assert_eq!(
                    String::from_utf8(fixed.source).unwrap(),
                    shown,
                    "{}: Autofix",
                    rule.id
                );
                // A second block is what `--unsafe-fixes` writes, suggestions included.
                if let Some(suggested) = shown_blocks.next() {
                    let all = lint::fix_source(text.as_bytes(), FileKind::Markdown, &config, true);
                    assert_eq!(
                        String::from_utf8(all.source).unwrap(),
                        suggested,
                        "{}: Autofix with --unsafe-fixes",
                        rule.id
                    );
                }
                assert_ne!(
                    shown, text,
                    "{}: the Autofix example shows a change",
                    rule.id
                );
            }
            other => panic!("{}: Fixable is `{other}`", rule.id),
        }
    }
}

/// A fix is only ever offered by a rule whose page says it fixes.
#[test]
fn only_rules_documented_as_fixable_offer_fixes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad");
    let mut offered = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let src = std::fs::read(&path).unwrap();
        for d in lint_source(&src, FileKind::from_path(&path), &Config::default()).diagnostics {
            if d.fix.is_some() {
                offered.insert(d.rule);
            }
        }
    }
    for rule in descriptors() {
        assert_eq!(
            offered.contains(rule.id),
            rule.fixable() != "no",
            "{}: fixes offered on fixtures/bad vs the page's Fixable",
            rule.id
        );
    }
}

/// The README's rule table is the one the pages make (`cf-token-lint rules` prints the same).
#[test]
fn the_readme_rule_table_is_generated_from_the_pages() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let table = cf_token_lint::commands::rules::markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's rule table is stale; it should be:\n{table}"
    );
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
            rule.doc.contains(&format!(
                "\n\nDefault severity: **{}** · Fixable: **{}**\n",
                rule.default_severity,
                rule.fixable()
            )),
            "{}",
            rule.id
        );
        let summary = rule.summary();
        assert!(
            !summary.is_empty() && !summary.contains('\n') && summary.ends_with('.'),
            "{}: the summary is one sentence under the title: {summary:?}",
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
