//! The command line as users meet it: exit codes, JSON contract, standard input, colour.

mod common;

use common::{cmd, json_report, repo, summary};
use predicates::prelude::*;

#[test]
fn exit_codes_follow_the_contract() {
    cmd().args(["check", "fixtures/good"]).assert().code(0);
    cmd().args(["check", "fixtures/bad"]).assert().code(1);
    cmd()
        .args(["check", "--fail-on", "warning", "fixtures/good"])
        .assert()
        .code(1);
    cmd()
        .args(["check", "--fail-on", "error", "fixtures/bad/over-broad.md"])
        .assert()
        .code(0);
    cmd()
        .args(["check", "no/such/path.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/path.md: no such file or directory",
        ));
    cmd().args(["check", "--format", "yaml"]).assert().code(2);
    cmd().args(["--no-such-flag"]).assert().code(2);
}

#[test]
fn bare_invocation_means_check() {
    let bare = cmd()
        .args(["--format", "json", "fixtures/bad"])
        .output()
        .unwrap();
    let check = cmd()
        .args(["check", "--format", "json", "fixtures/bad"])
        .output()
        .unwrap();
    assert_eq!(bare.stdout, check.stdout);
    assert_eq!(bare.status.code(), Some(1));
}

#[test]
fn json_report_matches_the_schema_and_is_sorted() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("report-v1.schema.json")).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for args in [
        vec!["fixtures/bad"],
        vec!["fixtures/good"],
        vec!["fixtures"],
    ] {
        let (report, _) = json_report(&args);
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:?}");
        let keys: Vec<(String, u64, String)> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["path"].as_str().unwrap().into(),
                    d["byte_start"].as_u64().unwrap(),
                    d["rule"].as_str().unwrap().into(),
                )
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "diagnostics sorted by path, byte_start, rule");
    }
}

#[test]
fn schema_copy_extends_the_shared_contract() {
    let Some(shared) = common::shared() else {
        return;
    };
    let theirs: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("schemas/report-v1.schema.json")).unwrap(),
    )
    .expect("the shared schema is JSON");
    let ours: serde_json::Value =
        serde_json::from_str(include_str!("report-v1.schema.json")).expect("schema is JSON");
    let mut breaks = Vec::new();
    schema_extends(&ours, &theirs, "", &mut breaks);
    assert!(
        breaks.is_empty(),
        "our schema must keep every constraint of the shared v1 contract and only add optional \
         properties: {breaks:?}"
    );
    // What we write is valid under the shared contract itself, not only under our copy.
    let validator = jsonschema::validator_for(&theirs).expect("shared schema compiles");
    let (report, _) = json_report(&["fixtures"]);
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// `ours` extends `theirs` when it states every constraint `theirs` states, unchanged, and adds
/// only properties (version 1 grows by optional fields, DESIGN.md section 5).
fn schema_extends(
    ours: &serde_json::Value,
    theirs: &serde_json::Value,
    at: &str,
    breaks: &mut Vec<String>,
) {
    match (ours, theirs) {
        (serde_json::Value::Object(ours), serde_json::Value::Object(theirs)) => {
            for (key, their_value) in theirs {
                let here = format!("{at}/{key}");
                match ours.get(key) {
                    // Prose may differ; constraints may not.
                    Some(_) if key == "title" || key == "description" => {}
                    Some(our_value) => schema_extends(our_value, their_value, &here, breaks),
                    None => breaks.push(format!("{here} is missing")),
                }
            }
        }
        _ if ours == theirs => {}
        _ => breaks.push(format!("{at}: {ours} differs from {theirs}")),
    }
}

#[test]
fn json_fields_match_the_design_example() {
    let (report, _) = json_report(&["fixtures/bad/unknown-key.md"]);
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "cf-token-lint");
    assert_eq!(report["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(summary(&report, "files_scanned"), 1);
    assert_eq!(summary(&report, "urls_checked"), 5);
    assert_eq!(summary(&report, "fixable"), 2);
    assert_eq!(summary(&report, "fixable_unsafe"), 2);
    let first = &report["diagnostics"][0];
    let expected = serde_json::json!({
        "rule": "unknown-key",
        "severity": "error",
        "message": "unknown permission key `dnss`: no permission group has this name, and the form drops it",
        "help": "did you mean `dns`?",
        "path": "fixtures/bad/unknown-key.md",
        "line": 3, "column": 109, "end_line": 3, "end_column": 113,
        "byte_start": 123, "byte_end": 127,
        "url": {"byte_start": 35, "byte_end": 194},
        "fix": {
            "description": "replace `dnss` with `dns`",
        "applicability": "unsafe",
            "edits": [{"byte_start": 126, "byte_end": 127, "replacement": ""}]
        }
    });
    assert_eq!(first, &expected);
    let src = std::fs::read(repo().join("fixtures/bad/unknown-key.md")).unwrap();
    assert_eq!(&src[123..127], b"dnss");
}

#[test]
fn standard_input_takes_its_syntax_and_name_from_stdin_filename() {
    let json = std::fs::read(repo().join("fixtures/bad/syntax.json")).unwrap();
    let out = cmd()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "docs/x.json",
            "-",
        ])
        .write_stdin(json.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 2);
    assert!(diags.iter().all(|d| d["path"] == "docs/x.json"));
    // The same bytes as the file on disk: the JSON escapes were undone the same way.
    let (file_report, _) = json_report(&["fixtures/bad/syntax.json"]);
    for (a, b) in diags
        .iter()
        .zip(file_report["diagnostics"].as_array().unwrap())
    {
        assert_eq!(a["byte_start"], b["byte_start"]);
        assert_eq!(a["rule"], b["rule"]);
    }
    // --stdin-filename alone implies `-`; without a name, stdin is Markdown named <stdin>.
    cmd()
        .args(["--stdin-filename", "x.json"])
        .write_stdin(json)
        .assert()
        .code(1);
    let md = std::fs::read(repo().join("fixtures/bad/unknown-key.md")).unwrap();
    cmd()
        .args(["check", "-"])
        .write_stdin(md)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("┌─ <stdin>:3:109"));
}

#[test]
fn human_output_is_pinned() {
    let out = cmd()
        .args([
            "check",
            "--color",
            "never",
            "fixtures/bad/unknown-key.md",
            "fixtures/bad/over-broad.md",
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let coloured = cmd()
        .args(["check", "--color", "always", "fixtures/bad/bad-type.md"])
        .output()
        .unwrap();
    assert!(coloured.stdout.contains(&0x1b));
    let auto = cmd()
        .args(["check", "fixtures/bad/bad-type.md"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!auto.stdout.contains(&0x1b));
    let never = cmd()
        .args(["check", "--color", "never", "fixtures/bad/bad-type.md"])
        .output()
        .unwrap();
    assert!(!never.stdout.contains(&0x1b));
}

#[test]
fn summary_line_counts() {
    cmd()
        .args(["check", "--color", "never", "fixtures/good"])
        .assert()
        .stdout(predicate::str::ends_with(
            "Found 0 errors, 2 warnings and 0 notes in 1 file (56 template URLs checked in 19 files).\n",
        ));
    cmd()
        .args(["check", "--color", "never", "fixtures/good/flagship.md"])
        .assert()
        .stdout("No problems found (1 template URL checked in 1 file).\n");
}

#[test]
fn help_teaches_usage() {
    cmd().arg("--help").assert().code(0).stdout(
        predicate::str::contains("--stdin-filename").and(predicate::str::contains("Exit status")),
    );
}

#[test]
fn one_thread_gives_the_same_report_as_all_cores() {
    // A walked directory and files named one by one (the two ways files reach the threads).
    let named = [
        "fixtures/bad/bad-type.md",
        "fixtures/bad/syntax.json",
        "fixtures/good",
    ];
    for args in [vec!["fixtures"], named.to_vec()] {
        let run = |extra: &[&str]| {
            cmd()
                .args(["check", "--format", "json"])
                .args(extra)
                .args(&args)
                .output()
                .unwrap()
        };
        let default = run(&[]);
        assert_eq!(default.status.code(), Some(1), "{args:?}");
        for threads in [["-j", "1"], ["--threads", "3"]] {
            let other = run(&threads);
            assert_eq!(
                other.status.code(),
                default.status.code(),
                "{args:?} {threads:?}"
            );
            assert_eq!(
                String::from_utf8_lossy(&other.stdout),
                String::from_utf8_lossy(&default.stdout),
                "{args:?} {threads:?}"
            );
        }
    }
}
