//! Configuration files, inline suppressions and baselines, through the real binary.

mod common;

use std::path::Path;

use common::{cmd, repo};
use predicates::prelude::*;
use serde_json::Value;

const DNS_EDIT: &str = "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22edit%22%7D%5D&name=DNS";
const TYPO: &str = "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B%7B%22key%22%3A%22dnss%22%2C%22type%22%3A%22read%22%7D%5D&name=DNS";

fn json_in(dir: &Path, args: &[&str]) -> (Value, i32) {
    let out = cmd()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (report, out.status.code().unwrap())
}

fn rules(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                d["path"].as_str().unwrap(),
                d["rule"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn broken_configs_fail_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    for (text, message) in [
        ("[rules]\nover-broad = \"fatal\"\n", "cf-token-lint.toml:2:14: unknown variant `fatal`, expected one of `off`, `note`, `warning`, `error`"),
        ("[rulez]\n", "cf-token-lint.toml:1:2: unknown field `rulez`, expected one of `rules`, `files`, `catalog`, `policy`"),
        ("[policy]\nmax-type = { dns = \"write\" }\n", "cf-token-lint.toml:2:20: unknown type `write`; types are"),
        ("[rules\n", "cf-token-lint.toml:1:7:"),
    ] {
        std::fs::write(dir.path().join("cf-token-lint.toml"), text).unwrap();
        cmd()
            .current_dir(dir.path())
            .arg("check")
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with(format!("cf-token-lint: error: {message}")));
    }
    cmd()
        .args(["check", "--config", "no/such.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such.toml: cannot read the configuration",
        ));
}

#[test]
fn config_is_found_in_ancestors_under_either_name_and_can_be_chosen_or_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("a.md"), format!("{DNS_EDIT}\n")).unwrap();
    std::fs::write(
        dir.path().join(".cf-token-lint.toml"),
        "[policy]\nmax-type = { dns = \"read\" }\n",
    )
    .unwrap();
    // From a subdirectory, the hidden name in the parent applies.
    let (report, code) = json_in(&docs, &["a.md"]);
    assert_eq!((code, rules(&report)), (1, vec!["a.md:policy".to_string()]));
    // --isolated ignores it; --config picks another.
    assert_eq!(json_in(&docs, &["--isolated", "a.md"]).1, 0);
    std::fs::write(
        dir.path().join("other.toml"),
        "[policy]\ndeny = [\"dns:*\"]\n",
    )
    .unwrap();
    let (report, _) = json_in(&docs, &["--config", "../other.toml", "a.md"]);
    assert!(report["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("denied"));
    // cf-token-lint.toml wins over .cf-token-lint.toml in the same directory.
    std::fs::write(
        dir.path().join("cf-token-lint.toml"),
        "[rules]\npolicy = \"off\"\n",
    )
    .unwrap();
    assert_eq!(json_in(&docs, &["a.md"]).1, 0);
    // --config and --isolated together make no sense.
    cmd()
        .current_dir(&docs)
        .args(["check", "--isolated", "--config", "../other.toml"])
        .assert()
        .code(2);
}

#[test]
fn stdin_finds_the_config_from_its_file_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("site/docs")).unwrap();
    std::fs::write(
        dir.path().join("site/cf-token-lint.toml"),
        "[policy]\nmax-type = { dns = \"read\" }\n",
    )
    .unwrap();
    let out = cmd()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "site/docs/page.md",
            "-",
        ])
        .write_stdin(format!("{DNS_EDIT}\n"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "site/docs/page.md:1:120: error[policy]: the policy allows at most `read` on `dns`, not `edit`\n");
}

#[test]
fn rules_section_sets_severities_and_turns_rules_off() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), format!("{TYPO}\n")).unwrap();
    std::fs::write(
        dir.path().join("cf-token-lint.toml"),
        "[rules]\nunknown-key = \"note\"\n",
    )
    .unwrap();
    let (report, code) = json_in(dir.path(), &[]);
    assert_eq!(code, 0, "a note is below --fail-on error");
    assert_eq!(report["diagnostics"][0]["severity"], "note");
    assert_eq!(json_in(dir.path(), &["--fail-on", "note"]).1, 1);
    std::fs::write(
        dir.path().join("cf-token-lint.toml"),
        "[rules]\nunknown-key = \"off\"\n",
    )
    .unwrap();
    let (report, code) = json_in(dir.path(), &[]);
    assert_eq!(
        (code, report["diagnostics"].as_array().unwrap().len()),
        (0, 0)
    );
}

#[test]
fn catalog_section_teaches_new_keys() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        format!("{}\n", TYPO.replace("dnss", "email_routing_rules")),
    )
    .unwrap();
    assert_eq!(rules(&json_in(dir.path(), &[]).0), ["a.md:unknown-key"]);
    std::fs::write(
        dir.path().join("cf-token-lint.toml"),
        "[catalog.keys.email_routing_rules]\nscope = \"zone\"\ntypes = [\"edit\"]\nrisk = \"high\"\n",
    )
    .unwrap();
    // Known now, with its own types: `read` is not one of them.
    assert_eq!(rules(&json_in(dir.path(), &[]).0), ["a.md:bad-type"]);
}

#[test]
fn files_section_excludes_and_includes_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for f in [
        "docs/a.md",
        "docs/drafts/b.md",
        "vendor/c.md",
        "node_modules/d.md",
        "notes/e.txt",
        "CHANGELOG.md",
    ] {
        std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
        std::fs::write(root.join(f), format!("{TYPO}\n")).unwrap();
    }
    let paths = |report: &Value| -> Vec<String> {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect()
    };
    // Defaults: node_modules is skipped.
    assert_eq!(
        paths(&json_in(root, &[]).0),
        [
            "CHANGELOG.md",
            "docs/a.md",
            "docs/drafts/b.md",
            "notes/e.txt",
            "vendor/c.md"
        ]
    );
    std::fs::write(
        root.join("cf-token-lint.toml"),
        "[files]\nextend-exclude = [\"drafts/\", \"/CHANGELOG.md\"]\n",
    )
    .unwrap();
    assert_eq!(
        paths(&json_in(root, &[]).0),
        ["docs/a.md", "notes/e.txt", "vendor/c.md"]
    );
    // Globs are relative to the config's directory, also when linting from below it.
    assert_eq!(paths(&json_in(&root.join("docs"), &["."]).0), ["a.md"]);
    std::fs::write(
        root.join("cf-token-lint.toml"),
        "[files]\nexclude = [\"vendor/\"]\ninclude = [\"*.md\"]\n",
    )
    .unwrap();
    assert_eq!(
        paths(&json_in(root, &[]).0),
        [
            "CHANGELOG.md",
            "docs/a.md",
            "docs/drafts/b.md",
            "node_modules/d.md"
        ]
    );
    // A file named on the command line is linted anyway, unless --force-exclude.
    assert_eq!(paths(&json_in(root, &["vendor/c.md"]).0), ["vendor/c.md"]);
    assert_eq!(
        json_in(root, &["--force-exclude", "vendor/c.md"]).0["diagnostics"],
        Value::Array(vec![])
    );
    let out = cmd()
        .current_dir(root)
        .args([
            "check",
            "--format",
            "compact",
            "--force-exclude",
            "--stdin-filename",
            "vendor/x.md",
            "-",
        ])
        .write_stdin(format!("{TYPO}\n"))
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"");
}

#[test]
fn every_suppression_form_silences_its_finding() {
    // The good fixtures with suppressions are silent ...
    for file in [
        "suppressed.md",
        "suppressed.mdx",
        "suppressed.yaml",
        "suppressed.html",
    ] {
        let rel = format!("fixtures/good/{file}");
        let (report, code) = json_in(&repo(), &[&rel]);
        assert_eq!(
            (code, report["diagnostics"].as_array().unwrap().len()),
            (0, 0),
            "{file}"
        );
        // ... and without their comments they are not.
        let text = std::fs::read_to_string(repo().join(&rel)).unwrap();
        let stripped: String = text
            .lines()
            .filter(|l| !l.contains("cf-token-lint"))
            .map(|l| format!("{l}\n"))
            .collect();
        let out = cmd()
            .args(["check", "--format", "json", "--stdin-filename", &rel, "-"])
            .write_stdin(stripped)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            !report["diagnostics"].as_array().unwrap().is_empty(),
            "{file}: nothing to suppress"
        );
    }
}

#[test]
fn unused_suppressions_of_rules_that_are_off_are_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("fixtures/bad/unused-suppression.md"),
        dir.path().join("u.md"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("cf-token-lint.toml"),
        "[rules]\nover-broad = \"off\"\n",
    )
    .unwrap();
    let (report, _) = json_in(dir.path(), &[]);
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "suppression names unknown rule `overbroad`; did you mean `over-broad`?",
            "`cf-token-lint-enable bad-type` has no matching disable before it"
        ]
    );
}

#[test]
fn baseline_hides_known_findings_through_edits_and_shows_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let page = root.join("page.md");
    let dns_write = DNS_EDIT.replace("edit", "write");
    std::fs::write(&page, format!("# Tokens\n\n{TYPO}\n\n{dns_write}\n")).unwrap();
    cmd()
        .current_dir(root)
        .args(["check", "--write-baseline", "baseline.json"])
        .assert()
        .code(0)
        .stderr("Wrote 2 findings to baseline.json.\n");
    let (report, code) = json_in(root, &["--baseline", "baseline.json"]);
    assert_eq!(
        (code, report["summary"]["baselined"].as_u64()),
        (0, Some(2))
    );

    // Text added above the findings moves them; they stay hidden.
    std::fs::write(
        &page,
        format!("# Tokens\n\nA new paragraph.\nAnd another.\n\n{TYPO}\n\n{dns_write}\n"),
    )
    .unwrap();
    let (report, code) = json_in(root, &["--baseline", "baseline.json"]);
    assert_eq!(
        (code, report["diagnostics"].as_array().unwrap().len()),
        (0, 0)
    );

    // Fix one, add a different one: exactly the new one shows.
    let zone_write = DNS_EDIT.replace("dns", "zone").replace("edit", "admin");
    std::fs::write(
        &page,
        format!(
            "# Tokens\n\nA new paragraph.\n\n{}\n\n{dns_write}\n\n{zone_write}\n",
            TYPO.replace("dnss", "dns")
        ),
    )
    .unwrap();
    let (report, code) = json_in(root, &["--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1);
    assert_eq!(
        (diags[0]["rule"].as_str(), diags[0]["line"].as_u64()),
        (Some("bad-type"), Some(9))
    );
    assert_eq!(report["summary"]["baselined"], 1);
    cmd()
        .current_dir(root)
        .args(["check", "--color", "never", "--baseline", "baseline.json"])
        .assert()
        .stdout(predicate::str::ends_with("Found 1 error, 0 warnings and 0 notes in 1 file (3 template URLs checked in 2 files; 1 finding hidden by the baseline).\n1 of them can be fixed with --fix (see how with --diff).\n"));
    // A baseline that is not one is a failed run.
    std::fs::write(
        root.join("broken.json"),
        "{\"version\": 1, \"findings\": [}",
    )
    .unwrap();
    cmd()
        .current_dir(root)
        .args(["check", "--baseline", "broken.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.json:1:"));
}

#[test]
fn config_schema_accepts_the_example_and_rejects_mistakes() {
    let schema: Value =
        serde_json::from_str(include_str!("../schemas/cf-token-lint.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let example: Value = toml::from_str(
        &std::fs::read_to_string(repo().join("fixtures/policy/cf-token-lint.toml")).unwrap(),
    )
    .unwrap();
    assert!(validator.is_valid(&example));
    let readme_example: Value = toml::from_str(
        &std::fs::read_to_string(repo().join("examples/cf-token-lint.toml")).unwrap(),
    )
    .unwrap();
    assert!(
        validator.is_valid(&readme_example),
        "{:?}",
        validator
            .iter_errors(&readme_example)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    for bad in [
        "[rulez]\n",
        "[rules]\nover-broad = \"fatal\"\n",
        "[policy]\ndeny = [\"billing\"]\n",
    ] {
        let value: Value = toml::from_str(bad).unwrap();
        assert!(!validator.is_valid(&value), "{bad}");
    }
    // The schema knows exactly the rules the linter knows.
    let ids: Vec<&str> = schema["properties"]["rules"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected: Vec<&str> = cf_token_lint::rules::descriptors().map(|d| d.id).collect();
    let mut ids_sorted = ids.clone();
    ids_sorted.sort();
    expected.sort();
    assert_eq!(ids_sorted, expected);
}

#[test]
fn the_readme_example_configuration_loads() {
    let config = cf_token_lint::config::Config::load(&repo().join("examples/cf-token-lint.toml"))
        .expect("the example is valid");
    assert_eq!(config.policy.max_permissions, Some(6));
    assert!(config.catalog.key("email_routing_rules").is_some());
}
