//! The daily loop a ruff or markdownlint user expects: the configuration nearest to each file,
//! rule selection, statistics, a report file, `init`, the reviewdog and GitLab formats, and a
//! run that reports a missing path and lints the rest.

mod common;

use std::path::Path;

use common::run_in;
use serde_json::{json, Value};

/// A renamed key (`zone_dns`, now `dns`): an error with a safe fix. `é` before the URL makes
/// byte and character columns differ.
const DOC: &str = "# Tokens\n\nCréez [a token](https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22zone_dns%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all) now.\n";

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("docs/deep")).unwrap();
    std::fs::write(site.join("docs/deep/a.md"), DOC).unwrap();
    std::fs::write(site.join("b.md"), DOC).unwrap();
    std::fs::write(
        site.join("docs/cf-token-lint.toml"),
        "[rules]\nunknown-key = \"note\"\nmissing-name = \"off\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn each_file_takes_the_configuration_nearest_to_it_not_the_working_directorys() {
    let dir = tree();
    let elsewhere = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let deep = site.join("docs/deep/a.md");
    let (out, _, code) = run_in(
        elsewhere.path(),
        &[
            "--format",
            "compact",
            "-q",
            deep.to_str().unwrap(),
            site.join("b.md").to_str().unwrap(),
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].ends_with("b.md:3:17: note[missing-name]: template URL has no `name`: the token will be named by the form's default"), "{out}");
    assert!(lines[1].contains("b.md:3:105: error[unknown-key]"), "{out}");
    // docs/cf-token-lint.toml: unknown-key is a note, missing-name is off.
    assert!(
        lines[2].contains("deep/a.md:3:105: note[unknown-key]"),
        "{out}"
    );
    assert_eq!(code, 1, "b.md's error decides");
    // Walking the tree gives each file the same answer.
    let (walked, _, _) = run_in(&site, &["--format", "compact", "-q", "."]);
    assert!(
        walked.contains("docs/deep/a.md:3:105: note[unknown-key]"),
        "{walked}"
    );
    assert!(
        walked.contains("b.md:3:105: error[unknown-key]"),
        "{walked}"
    );
    // --config wins over every file.
    let (forced, _, _) = run_in(
        &site,
        &["--format", "compact", "-q", "--isolated", "docs/deep/a.md"],
    );
    assert!(forced.contains("error[unknown-key]"), "{forced}");
}

#[test]
fn show_settings_names_the_file_and_each_rules_severity() {
    let dir = tree();
    let site = dir.path().join("site");
    let (out, _, code) = run_in(&site, &["--show-settings", "docs/deep/a.md"]);
    assert_eq!(code, 0);
    let expected_source = format!(
        "configuration: {} (the nearest above the file)",
        Path::new("docs").join("cf-token-lint.toml").display()
    );
    assert!(out.starts_with("Settings for docs/deep/a.md\n"), "{out}");
    assert!(out.contains(&expected_source), "{out}");
    assert!(
        out.contains("  unknown-key          note (default: error)\n"),
        "{out}"
    );
    assert!(
        out.contains("  missing-name         off (default: "),
        "{out}"
    );
    assert!(out.contains("  bad-type             error\n"), "{out}");
    let (top, _, _) = run_in(&site, &["--show-settings", "b.md", "--ignore", "bad-type"]);
    assert!(
        top.contains("configuration: none found above the file"),
        "{top}"
    );
    assert!(
        top.contains("--ignore: bad-type\n")
            && top.contains("  bad-type             off (default: error)\n"),
        "{top}"
    );
}

#[test]
fn select_ignore_and_extend_select_choose_the_rules() {
    let dir = tree();
    let site = dir.path().join("site");
    let rules_of = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--format", "json", "b.md"];
        all.extend_from_slice(args);
        let (out, _, _) = run_in(&site, &all);
        let report: Value = serde_json::from_str(&out).unwrap();
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules_of(&[]), ["missing-name", "unknown-key"]);
    assert_eq!(rules_of(&["--select", "missing-name"]), ["missing-name"]);
    assert_eq!(
        rules_of(&["--ignore", "missing-name,stray-param"]),
        ["unknown-key"]
    );
    assert_eq!(
        rules_of(&["--select", "unknown-key", "--extend-select", "missing-name"]),
        ["missing-name", "unknown-key"]
    );
    // A rule the configuration turns off runs again when selected, at its default severity.
    let (deep, _, _) = run_in(
        &site,
        &[
            "--format",
            "compact",
            "-q",
            "--extend-select",
            "missing-name",
            "docs/deep/a.md",
        ],
    );
    assert!(deep.contains("note[missing-name]"), "{deep}");
    let (_, err, code) = run_in(&site, &["--select", "unknown-kye", "b.md"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "cf-token-lint: error: --select: unknown rule `unknown-kye`; did you mean `unknown-key`?\n"
    );
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = tree();
    let site = dir.path().join("site");
    let (out, err, code) = run_in(&site, &["--statistics", "."]);
    assert_eq!(
        out,
        "    1  unknown-key   error  [fixable]\n    1  missing-name  note\n    1  unknown-key   note  [fixable]\n\
         Found 1 error, 0 warnings and 2 notes in 2 files (2 template URLs checked in 3 files).\n\
         2 of them can be fixed with --fix (see how with --diff).\n"
    );
    assert_eq!(err, "");
    assert_eq!(code, 1);
    let (json_out, _, _) = run_in(&site, &["--statistics", "--format", "json", "-q", "b.md"]);
    let rows: Value = serde_json::from_str(&json_out).unwrap();
    assert_eq!(
        rows,
        json!([
            {"rule": "unknown-key", "severity": "error", "count": 1, "fixable": 1},
            {"rule": "missing-name", "severity": "note", "count": 1, "fixable": 0}
        ])
    );
}

#[test]
fn output_file_takes_the_report_and_the_summary_goes_to_standard_error() {
    let dir = tree();
    let site = dir.path().join("site");
    let (out, err, code) = run_in(&site, &["--format", "json", "-o", "report.json", "b.md"]);
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(
        err.starts_with("Found 1 error, 0 warnings and 1 note"),
        "{err}"
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(site.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["summary"]["errors"], 1);
    let (_, human_err, _) = run_in(&site, &["-o", "report.txt", "--color", "always", "b.md"]);
    let text = std::fs::read_to_string(site.join("report.txt")).unwrap();
    assert!(
        text.contains("error[unknown-key]") && !text.contains('\u{1b}'),
        "no colour in a file: {text}"
    );
    assert!(human_err.starts_with("Found 1 error"), "{human_err}");
}

#[test]
fn init_writes_a_starter_configuration_once() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _, code) = run_in(dir.path(), &["init"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Wrote ./cf-token-lint.toml: every setting in it is commented out; uncomment what you need.\n"
    );
    let written = std::fs::read_to_string(dir.path().join("cf-token-lint.toml")).unwrap();
    assert!(
        written.contains("# missing-scope-param = \"error\""),
        "{written}"
    );
    let (_, err, code) = run_in(dir.path(), &["init"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "cf-token-lint: error: ./cf-token-lint.toml already exists; init never overwrites a configuration\n"
    );
    // The starter changes nothing: the same findings as no configuration.
    std::fs::write(dir.path().join("a.md"), DOC).unwrap();
    let (with, _, _) = run_in(dir.path(), &["--format", "compact", "-q", "a.md"]);
    let (without, _, _) = run_in(
        dir.path(),
        &["--format", "compact", "-q", "--isolated", "a.md"],
    );
    assert_eq!(with, without);
}

#[test]
fn rdjson_has_byte_columns_the_rule_and_safe_fixes_as_suggestions() {
    let dir = tree();
    let site = dir.path().join("site");
    let (out, _, code) = run_in(&site, &["--format", "rdjson", "-q", "b.md"]);
    assert_eq!(code, 1);
    let result: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(result["source"]["name"], "cf-token-lint");
    assert_eq!(result["diagnostics"][0]["code"]["value"], "missing-name");
    assert_eq!(result["diagnostics"][0]["severity"], "INFO");
    let first = &result["diagnostics"][1];
    // `zone_` starts at character 105 of line 3, byte 106 (`é` is two bytes).
    assert_eq!(
        *first,
        json!({
            "message": "permission key `zone_dns` was renamed to `dns`, and the form drops the old name",
            "location": {"path": "b.md", "range": {
                "start": {"line": 3, "column": 106}, "end": {"line": 3, "column": 114}}},
            "severity": "ERROR",
            "code": {"value": "unknown-key",
                     "url": "https://github.com/cf-token-lint/cf-token-lint/blob/main/rules/unknown-key.md"},
            "suggestions": [{"range": {"start": {"line": 3, "column": 106}, "end": {"line": 3, "column": 111}}, "text": ""}]
        })
    );
    assert!(result["diagnostics"][0].get("suggestions").is_none());
    // Applying the suggestion as reviewdog would gives what --fix writes.
    let line = DOC.lines().nth(2).unwrap().as_bytes();
    let fixed = [&line[..105], &line[110..]].concat();
    assert!(String::from_utf8(fixed)
        .unwrap()
        .contains("%22key%22%3A%22dns%22"));
    let validator = jsonschema::validator_for(&rdjson_schema()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&result)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// The shape reviewdog's DiagnosticResult schema gives, with the fields reviewdog needs to
/// place a comment made required.
fn rdjson_schema() -> Value {
    let position = json!({"type": "object", "required": ["line", "column"],
        "properties": {"line": {"type": "integer", "minimum": 1}, "column": {"type": "integer", "minimum": 1}}});
    let range = json!({"type": "object", "required": ["start"],
        "properties": {"start": position, "end": position}});
    json!({
        "type": "object", "required": ["diagnostics"],
        "properties": {
            "source": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "url": {"type": "string"}}},
            "diagnostics": {"type": "array", "items": {
                "type": "object", "required": ["message", "location", "severity", "code"],
                "properties": {
                    "message": {"type": "string"},
                    "location": {"type": "object", "required": ["path"],
                        "properties": {"path": {"type": "string"}, "range": range}},
                    "severity": {"enum": ["ERROR", "WARNING", "INFO"]},
                    "code": {"type": "object", "required": ["value"], "properties": {"value": {"type": "string"}, "url": {"type": "string"}}},
                    "suggestions": {"type": "array", "items": {"type": "object", "required": ["range", "text"],
                        "properties": {"range": range, "text": {"type": "string"}}}}
                }
            }}
        }
    })
}

#[test]
fn gitlab_issues_have_stable_unique_fingerprints() {
    let dir = tree();
    let site = dir.path().join("site");
    std::fs::write(site.join("twice.md"), format!("{DOC}{DOC}")).unwrap();
    let issues = |site: &Path| -> Value {
        let (out, _, _) = run_in(site, &["--format", "gitlab", "-q", "twice.md"]);
        serde_json::from_str(&out).unwrap()
    };
    let before = issues(&site);
    let list = before.as_array().unwrap();
    assert_eq!(list.len(), 4);
    assert_eq!(list[1]["check_name"], "unknown-key");
    assert_eq!(list[1]["severity"], "major");
    assert_eq!(list[0]["severity"], "info");
    assert_eq!(
        list[1]["location"],
        json!({"path": "twice.md", "lines": {"begin": 3}})
    );
    assert_eq!(
        list[1]["description"],
        "permission key `zone_dns` was renamed to `dns`, and the form drops the old name (help: use key `dns`)"
    );
    let validator = jsonschema::validator_for(&gitlab_schema()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&before)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let prints: std::collections::BTreeSet<&str> = list
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), 4, "unique, even for the same URL twice");
    // A line added above moves the issues, not their fingerprints.
    std::fs::write(site.join("twice.md"), format!("intro\n\n{DOC}{DOC}")).unwrap();
    let after = issues(&site);
    for (a, b) in list.iter().zip(after.as_array().unwrap()) {
        assert_eq!(a["fingerprint"], b["fingerprint"]);
        assert_eq!(
            a["location"]["lines"]["begin"].as_u64().unwrap() + 2,
            b["location"]["lines"]["begin"].as_u64().unwrap()
        );
    }
}

/// GitLab's Code Quality report as its documentation specifies it: an array of issues, each
/// with these fields required, the severity one of its five words.
fn gitlab_schema() -> Value {
    json!({
        "type": "array",
        "items": {
            "type": "object",
            "required": ["description", "check_name", "fingerprint", "severity", "location"],
            "properties": {
                "description": {"type": "string", "minLength": 1},
                "check_name": {"type": "string", "minLength": 1},
                "fingerprint": {"type": "string", "minLength": 1},
                "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
                "location": {
                    "type": "object",
                    "required": ["path", "lines"],
                    "properties": {
                        "path": {"type": "string", "minLength": 1},
                        "lines": {"type": "object", "required": ["begin"],
                                  "properties": {"begin": {"type": "integer", "minimum": 1}}}
                    }
                }
            }
        }
    })
}

#[test]
fn a_missing_path_is_reported_and_the_rest_is_linted() {
    let dir = tree();
    let site = dir.path().join("site");
    let (out, err, code) = run_in(&site, &["--format", "compact", "-q", "gone.md", "b.md"]);
    assert_eq!(code, 2, "the run was incomplete");
    assert!(out.contains("b.md:3:105: error[unknown-key]"), "{out}");
    assert_eq!(
        err,
        "cf-token-lint: error: gone.md: no such file or directory\n"
    );
    let (_, typo, code) = run_in(&site, &["chek", "b.md"]);
    assert_eq!(code, 2);
    assert!(
        typo.contains("chek: no such file or directory (did you mean the subcommand `check`?)"),
        "{typo}"
    );
}

#[test]
fn a_broken_configuration_below_the_walk_is_said_once_and_its_files_left_out() {
    let dir = tree();
    let site = dir.path().join("site");
    std::fs::write(
        site.join("docs/cf-token-lint.toml"),
        "[rules]\nunknown-key = \"fatal\"\n",
    )
    .unwrap();
    std::fs::write(site.join("docs/deep/c.md"), DOC).unwrap();
    let (out, err, code) = run_in(&site, &["--format", "compact", "-q", "."]);
    assert_eq!(code, 2);
    assert!(
        out.contains("b.md:3:105: error[unknown-key]"),
        "the rest is linted: {out}"
    );
    assert!(!out.contains("docs/deep"), "{out}");
    let expected = format!(
        "cf-token-lint: error: {}:2:15: unknown variant `fatal`, expected one of `off`, `note`, `warning`, `error` (in [rules])\n",
        Path::new("docs").join("cf-token-lint.toml").display()
    );
    assert_eq!(err, expected, "once, for two files under it");
}

#[test]
fn disable_line_works_in_each_comment_syntax_and_typos_get_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let url = "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22zone_dns%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all&name=Deploy%20DNS";
    let files = [
        (
            "a.md",
            format!("[t]({url}) <!-- cf-token-lint-disable-line unknown-key -->\n"),
        ),
        (
            "a.mdx",
            format!("[t]({url}) {{/* cf-token-lint-disable-line unknown-key */}}\n"),
        ),
        (
            "a.js",
            format!("const u = \"{url}\"; // cf-token-lint: disable-line unknown-key\n"),
        ),
        (
            "a.py",
            format!("URL = \"{url}\"  # cf-token-lint: disable-line unknown-key\n"),
        ),
        (
            "a.yaml",
            format!("url: \"{url}\" # cf-token-lint: disable-line unknown-key\n"),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
        let (out, _, code) = run_in(dir.path(), &["--format", "compact", "-q", name]);
        assert_eq!((out.as_str(), code), ("", 0), "{name}");
    }
    std::fs::write(
        dir.path().join("typo.md"),
        format!("[t]({url}) <!-- cf-token-lint-disable-line unknwon-key -->\n"),
    )
    .unwrap();
    let (out, _, _) = run_in(dir.path(), &["--format", "compact", "-q", "typo.md"]);
    assert!(out.contains("error[unknown-key]"), "{out}");
    assert!(
        out.contains("warning[unused-suppression]: suppression names unknown rule `unknwon-key`; did you mean `unknown-key`?"),
        "{out}"
    );
}

#[test]
fn smaller_things_behave() {
    let dir = tree();
    let site = dir.path().join("site");
    // Sizes take units.
    let (out, _, _) = run_in(
        &site,
        &[
            "--format",
            "compact",
            "-q",
            "--max-file-size",
            "100B",
            "b.md",
        ],
    );
    assert!(
        out.contains("over the 100-byte limit (--max-file-size)"),
        "{out}"
    );
    let (_, err, code) = run_in(&site, &["--max-file-size", "1KB/s", "b.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown unit `kb/s`"), "{err}");
    // --stdin-filename without `-` does not silently ignore standard input.
    let (_, err, code) = run_in(&site, &["--stdin-filename", "x.json", "b.md"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--stdin-filename names standard input"),
        "{err}"
    );
}
