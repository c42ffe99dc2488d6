//! The GitHub Action: action.yml is a composite action whose lint step runs
//! scripts/action-lint.sh; the script, run here as the runner would, annotates and writes SARIF.

mod common;

use std::process::Command;

use common::repo;
use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

fn action() -> Yaml {
    let text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    YamlLoader::load_from_str(&text)
        .expect("action.yml is YAML")
        .remove(0)
}

#[test]
fn action_is_composite_with_the_documented_inputs() {
    let action = action();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let inputs: Vec<&str> = action["inputs"]
        .as_hash()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert_eq!(inputs, ["paths", "args", "sarif-file", "version"]);
    assert_eq!(action["inputs"]["paths"]["default"].as_str(), Some("."));
    let steps = action["runs"]["steps"].as_vec().unwrap();
    assert_eq!(steps.len(), 4);
    for step in [&steps[0], &steps[2], &steps[3]] {
        assert_eq!(step["shell"].as_str(), Some("bash"));
    }
    assert_eq!(
        steps[0]["run"].as_str(),
        Some("bash \"$GITHUB_ACTION_PATH/scripts/action-install.sh\" plan >> \"$GITHUB_OUTPUT\"")
    );
    assert_eq!(steps[1]["uses"].as_str(), Some("actions/cache@v5"));
    assert_eq!(
        steps[2]["run"].as_str(),
        Some("bash \"$GITHUB_ACTION_PATH/scripts/action-install.sh\"")
    );
    assert_eq!(
        steps[2]["env"]["CF_TOKEN_LINT_VERSION"].as_str(),
        Some("${{ inputs.version }}")
    );
    let lint = &steps[3];
    assert_eq!(
        lint["run"].as_str(),
        Some("bash \"$GITHUB_ACTION_PATH/scripts/action-lint.sh\"")
    );
    // Inputs reach the script only through the environment.
    assert_eq!(
        lint["env"]["INPUT_PATHS"].as_str(),
        Some("${{ inputs.paths }}")
    );
    assert_eq!(
        lint["env"]["INPUT_ARGS"].as_str(),
        Some("${{ inputs.args }}")
    );
    assert_eq!(
        lint["env"]["INPUT_SARIF_FILE"].as_str(),
        Some("${{ inputs.sarif-file }}")
    );
    assert_eq!(
        lint["env"]["CF_TOKEN_LINT"].as_str(),
        Some("${{ steps.install.outputs.path }}")
    );
}

fn run_script(paths: &str, args: &str, sarif: Option<&std::path::Path>) -> (String, i32) {
    let mut cmd = Command::new("bash");
    cmd.current_dir(repo())
        .arg("scripts/action-lint.sh")
        .env("CF_TOKEN_LINT", env!("CARGO_BIN_EXE_cf-token-lint"))
        .env("INPUT_PATHS", paths)
        .env("INPUT_ARGS", args)
        .env(
            "INPUT_SARIF_FILE",
            sarif.map(|p| p.display().to_string()).unwrap_or_default(),
        );
    let out = cmd.output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn lint_step_annotates_and_writes_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let sarif_path = dir.path().join("cf-token-lint.sarif");
    let (out, code) = run_script(
        "fixtures/bad/stray-param.md\nfixtures/good",
        "--fail-on warning",
        Some(&sarif_path),
    );
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "{out}");
    assert!(
        lines[0].starts_with("::error file=fixtures/bad/stray-param.md,line=3,col=180,"),
        "{out}"
    );
    assert!(
        lines[5].starts_with("::warning file=fixtures/good/seed-002-shapes.md,line=60,"),
        "{out}"
    );

    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif_path).unwrap()).unwrap();
    let schema: Value = serde_json::from_str(include_str!("sarif-2.1.0.schema.json")).unwrap();
    assert!(jsonschema::validator_for(&schema).unwrap().is_valid(&sarif));
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 6);
}

#[test]
fn lint_step_exit_codes() {
    assert_eq!(
        run_script("fixtures/good/flagship.md", "", None),
        (String::new(), 0)
    );
    assert_eq!(run_script("fixtures/good", "--fail-on warning", None).1, 1);
    assert_eq!(run_script("no/such/dir", "", None).1, 2);
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run_script("no/such/dir", "", Some(&dir.path().join("x.sarif"))).1,
        2
    );
    // Globs in inputs are not expanded by the shell.
    assert_eq!(run_script("fixtures/*", "", None).1, 2);
}
