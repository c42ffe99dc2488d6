//! actionlint over every workflow (.github/workflows/ and the README's example), and ShellCheck
//! over the scripts the Action, CI and the release run. Skipped, saying why, where the tools are
//! missing; `.ci/install-dist-tools.sh` installs both for CI.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::repo;

fn files(dir: &str, ext: &[&str]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(repo().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| ext.iter().any(|x| e == *x)))
        .collect();
    found.sort();
    found
}

#[test]
fn actionlint_passes_on_every_workflow() {
    let Some(actionlint) = common::which("actionlint") else {
        common::skip(format_args!(
            "actionlint is not on PATH (.ci/install-dist-tools.sh installs it)"
        ));
        return;
    };
    let mut workflows = files(".github/workflows", &["yml", "yaml"]);
    assert!(!workflows.is_empty());
    workflows.push(repo().join("examples/github-workflow.yml"));
    workflows.push(repo().join("examples/reviewdog-workflow.yml"));
    if common::which("shellcheck").is_none() {
        eprintln!("note: shellcheck is not on PATH, so actionlint does not check run: scripts");
    }
    let out = Command::new(actionlint)
        .arg("-no-color")
        .args(&workflows)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn shellcheck_passes_on_the_scripts() {
    let Some(shellcheck) = common::which("shellcheck") else {
        common::skip(format_args!(
            "shellcheck is not on PATH (.ci/install-dist-tools.sh installs it)"
        ));
        return;
    };
    let mut scripts = files("scripts", &["sh"]);
    scripts.extend(files(".ci", &["sh"]));
    scripts.push(repo().join(".ci/run"));
    let out = Command::new(shellcheck)
        .args(&scripts)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
