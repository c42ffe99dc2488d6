//! Machine formats: SARIF against the official schema, GitHub workflow commands, the compact
//! line format with its problem matcher and Vim errorformat, and exit control.

mod common;

use common::{cmd, json_report, repo};
use predicates::prelude::*;
use serde_json::Value;

fn stdout_of(args: &[&str]) -> String {
    let out = cmd().args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: Value = serde_json::from_str(include_str!("sarif-2.1.0.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("SARIF schema compiles");
    for target in ["fixtures", "fixtures/good", "fixtures/bad/malformed-url.md"] {
        let sarif: Value =
            serde_json::from_str(&stdout_of(&["check", "--format", "sarif", target])).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{target}: {errors:#?}");
    }
    // The validator does reject what the schema forbids.
    let mut broken: Value =
        serde_json::from_str(&stdout_of(&["check", "--format", "sarif", "fixtures/bad"])).unwrap();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_matches_the_json_report_result_for_result() {
    let sarif: Value =
        serde_json::from_str(&stdout_of(&["check", "--format", "sarif", "fixtures"])).unwrap();
    let (report, _) = json_report(&["fixtures"]);
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "cf-token-lint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let expected: Vec<&str> = cf_token_lint::rules::descriptors().map(|d| d.id).collect();
    assert_eq!(ids, expected);
    for (rule, d) in rules.iter().zip(cf_token_lint::rules::descriptors()) {
        assert_eq!(
            rule["help"]["markdown"], d.doc,
            "help comes from rules/{}.md",
            d.id
        );
        assert_eq!(rule["shortDescription"]["text"], d.summary());
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            d.default_severity.as_str()
        );
    }
    let results = run["results"].as_array().unwrap();
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(results.len(), diags.len());
    for (r, d) in results.iter().zip(diags) {
        assert_eq!(r["ruleId"], d["rule"]);
        assert_eq!(
            ids[r["ruleIndex"].as_u64().unwrap() as usize],
            d["rule"].as_str().unwrap()
        );
        assert_eq!(r["level"], d["severity"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], d["path"]);
        let region = &loc["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endLine"], d["end_line"]);
        assert_eq!(region["endColumn"], d["end_column"]);
        assert_eq!(region["byteOffset"], d["byte_start"]);
        assert_eq!(
            region["byteLength"].as_u64().unwrap(),
            d["byte_end"].as_u64().unwrap() - d["byte_start"].as_u64().unwrap()
        );
    }
}

#[test]
fn sarif_is_deterministic() {
    let a = stdout_of(&["check", "--format", "sarif", "fixtures"]);
    let b = stdout_of(&["check", "--format", "sarif", "fixtures"]);
    assert_eq!(a, b);
}

#[test]
fn github_workflow_commands_are_pinned() {
    let out = stdout_of(&[
        "check",
        "--format",
        "github",
        "fixtures/bad/stray-param.md",
        "fixtures/bad/over-broad.md",
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn github_escapes_properties_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a,b:c%.md";
    std::fs::write(
        dir.path().join(name),
        "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22write%22%7D%5D&name=DNS%20edit\n",
    )
    .unwrap();
    let out = cmd()
        .current_dir(dir.path())
        .args(["check", "--format", "github", name])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "::warning file=a%2Cb%3Ac%25.md,line=1,col=120,endLine=1,endColumn=125,title=cf-token-lint(bad-type)::\
         `write` works on account-token URLs, but `edit` is the documented type and the only one user-token URLs accept%0Ahelp: use `edit`\n"
    );
}

#[test]
fn compact_lines_are_pinned_and_the_summary_goes_to_stderr() {
    cmd()
        .args(["check", "--format", "compact", "fixtures/bad/bad-type.md"])
        .assert()
        .code(1)
        .stdout(
            "fixtures/bad/bad-type.md:3:140: error[bad-type]: user-token URLs need `edit`, not `write`: the form drops the permission silently\n\
             fixtures/bad/bad-type.md:5:153: error[bad-type]: `edit` is not a type of `cache`, which takes `purge`\n\
             fixtures/bad/bad-type.md:7:151: error[bad-type]: `account` is not a type of `d1`, which takes `read` or `edit`\n\
             fixtures/bad/bad-type.md:9:144: error[unknown-key]: unknown permission key `dnss`: no permission group has this name, and the form drops it\n\
             fixtures/bad/bad-type.md:9:170: error[bad-type]: `admin` is not a permission type: types are `read`, `edit`, `revoke`, `run` or `purge`\n",
        )
        .stderr("Found 5 errors, 0 warnings and 0 notes in 1 file (4 template URLs checked in 1 file).\n3 of them can be fixed with --fix (see how with --diff). 1 more has a suggested fix that only --unsafe-fixes applies (see it with --diff --unsafe-fixes).\n");
}

#[test]
fn machine_formats_keep_stdout_parseable() {
    for format in ["json", "sarif"] {
        let out = cmd()
            .args(["check", "--format", format, "fixtures"])
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap_or_else(|e| panic!("{format}: {e}"));
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("Found "),
            "{format}"
        );
    }
}

#[test]
fn quiet_and_exit_zero() {
    cmd()
        .args(["check", "--quiet", "--format", "compact", "fixtures/bad"])
        .assert()
        .code(1)
        .stderr("");
    cmd()
        .args([
            "check",
            "--quiet",
            "--color",
            "never",
            "fixtures/good/flagship.md",
        ])
        .assert()
        .code(0)
        .stdout("");
    cmd()
        .args(["check", "--exit-zero", "fixtures/bad"])
        .assert()
        .code(0);
    cmd()
        .args(["check", "--exit-zero", "no/such/dir"])
        .assert()
        .code(2);
}

/// The problem matcher shipped for VS Code and GitHub Actions reads every compact line, with
/// and without colour.
#[test]
fn problem_matcher_reads_compact_output_with_and_without_colour() {
    let matcher: Value =
        serde_json::from_str(include_str!("../editors/problem-matcher.json")).unwrap();
    let pattern = &matcher["problemMatcher"][0]["pattern"][0];
    let tasks: Value = serde_json::from_str(include_str!("../editors/vscode/tasks.json")).unwrap();
    assert_eq!(
        tasks["tasks"][0]["problemMatcher"]["pattern"]["regexp"],
        pattern["regexp"]
    );
    let re = regex::Regex::new(pattern["regexp"].as_str().unwrap()).unwrap();
    let (report, _) = json_report(&["fixtures/bad"]);
    let diags = report["diagnostics"].as_array().unwrap();
    for color in ["never", "always"] {
        let out = stdout_of(&[
            "check",
            "--format",
            "compact",
            "--color",
            color,
            "fixtures/bad",
        ]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), diags.len());
        if color == "always" {
            assert!(out.contains('\u{1b}'));
        }
        for (line, d) in lines.iter().zip(diags) {
            let caps = re
                .captures(line)
                .unwrap_or_else(|| panic!("no match: {line:?}"));
            let group = |key: &str| {
                caps.get(pattern[key].as_u64().unwrap() as usize)
                    .unwrap()
                    .as_str()
                    .to_string()
            };
            assert_eq!(group("file"), d["path"].as_str().unwrap());
            assert_eq!(group("line"), d["line"].to_string());
            assert_eq!(group("column"), d["column"].to_string());
            assert_eq!(group("severity"), d["severity"].as_str().unwrap());
            assert_eq!(group("code"), d["rule"].as_str().unwrap());
            assert_eq!(group("message"), d["message"].as_str().unwrap());
        }
    }
}

/// The Vim snippet, sourced by a real Vim: `:make` fills the quickfix list with our findings.
#[test]
fn vim_snippet_fills_the_quickfix_list() {
    let Some(vim) = common::which("vim") else {
        common::skip(format_args!("vim is not installed"));
        return;
    };
    let path = common::path_with_binary();
    let out_file = tempfile::NamedTempFile::new().unwrap();
    let status = std::process::Command::new(vim)
        .current_dir(repo())
        .env("PATH", path)
        .args(["-Es", "-N", "-u", "NONE", "-i", "NONE", "fixtures/bad/bad-type.md"])
        .args(["-c", "source editors/vim/cf-token-lint.vim"])
        .args(["-c", "silent make"])
        .args([
            "-c",
            &format!(
                "call writefile(map(filter(getqflist(), 'v:val.valid'), 'bufname(v:val.bufnr) . \":\" . v:val.lnum . \":\" . v:val.col . \":\" . v:val.type . \":\" . v:val.text'), '{}')",
                out_file.path().display()
            ),
        ])
        .args(["-c", "qa!"])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let got = std::fs::read_to_string(out_file.path()).unwrap();
    assert_eq!(
        got,
        "fixtures/bad/bad-type.md:3:140:e:user-token URLs need `edit`, not `write`: the form drops the permission silently\n\
         fixtures/bad/bad-type.md:5:153:e:`edit` is not a type of `cache`, which takes `purge`\n\
         fixtures/bad/bad-type.md:7:151:e:`account` is not a type of `d1`, which takes `read` or `edit`\n\
         fixtures/bad/bad-type.md:9:144:e:unknown permission key `dnss`: no permission group has this name, and the form drops it\n\
         fixtures/bad/bad-type.md:9:170:e:`admin` is not a permission type: types are `read`, `edit`, `revoke`, `run` or `purge`\n"
    );
}

#[test]
fn stdin_name_is_the_path_in_every_format() {
    let md = std::fs::read(repo().join("fixtures/bad/bad-type.md")).unwrap();
    for (format, needle) in [
        ("compact", "docs/x.md:3:140:"),
        ("github", "file=docs/x.md,"),
        ("sarif", "\"uri\": \"docs/x.md\""),
        ("json", "\"path\": \"docs/x.md\""),
        ("human", "┌─ docs/x.md:3:140"),
    ] {
        cmd()
            .args([
                "check",
                "--color",
                "never",
                "--format",
                format,
                "--stdin-filename",
                "docs/x.md",
                "-",
            ])
            .write_stdin(md.clone())
            .assert()
            .code(1)
            .stdout(predicate::str::contains(needle));
    }
}
