//! The pre-commit hooks, proven with the real pre-commit: a commit with a broken template URL
//! is refused with our diagnostic, a good one goes through. Skipped (with a message) where
//! pre-commit is not installed; `.ci/run` installs it, so CI runs these.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::repo;
use yaml_rust2::{Yaml, YamlLoader};

// A renamed key: an error that plain --fix mends (a misspelling would be a suggestion only).
const BAD: &str = "[token](https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22zone_dns%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&zoneId=all)\n";
const GOOD: &str = "[token](https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&zoneId=all)\n";

fn hooks() -> Vec<Yaml> {
    let text = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    let docs = YamlLoader::load_from_str(&text).expect(".pre-commit-hooks.yaml is YAML");
    docs[0].as_vec().expect("a list of hooks").clone()
}

#[test]
fn hooks_file_declares_the_python_source_and_system_hooks() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "cf-token-lint",
            "cf-token-lint-source",
            "cf-token-lint-system"
        ]
    );
    for (hook, language) in hooks.iter().zip(["python", "rust", "system"]) {
        assert_eq!(hook["language"].as_str(), Some(language));
        assert_eq!(
            hook["entry"].as_str(),
            Some("cf-token-lint check --force-exclude")
        );
        assert_eq!(hook["require_serial"].as_bool(), Some(true));
        assert_eq!(hook["minimum_pre_commit_version"].as_str(), Some("2.21.0"));
        assert!(
            hook["language_version"].is_badvalue(),
            "language_version must stay unset"
        );
        let types: Vec<&str> = hook["types_or"]
            .as_vec()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(types, HOOK_TYPES);
    }
}

/// What the hooks pass to the linter: the types a directory walk reads, by pre-commit's
/// (identify's) names.
const HOOK_TYPES: [&str; 28] = [
    "markdown",
    "mdx",
    "html",
    "yaml",
    "json",
    "json5",
    "toml",
    "rst",
    "asciidoc",
    "plain-text",
    "javascript",
    "jsx",
    "ts",
    "tsx",
    "vue",
    "svelte",
    "astro",
    "python",
    "ruby",
    "php",
    "go",
    "rust",
    "java",
    "kotlin",
    "c#",
    "swift",
    "shell",
    "powershell",
];

fn find_pre_commit() -> Option<PathBuf> {
    if let Some(explicit) = std::env::var_os("PRE_COMMIT_BIN") {
        return Some(PathBuf::from(explicit));
    }
    common::which("pre-commit")
}

fn run(dir: &Path, program: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    // Outer git hooks must not redirect the throwaway repository's git.
    for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] {
        cmd.env_remove(var);
    }
    cmd.output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()))
}

fn git(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    run(dir, Path::new("git"), args, env)
}

/// The commit this checkout's hooks will be cloned at, if it is a git checkout whose HEAD has
/// the hooks file (pre-commit reads the repository at a commit, not the working tree).
fn checkout_head() -> Option<String> {
    let out = git(&repo(), &["rev-parse", "HEAD"], &[]);
    let head = String::from_utf8(out.stdout).ok()?.trim().to_string();
    let has_hooks = git(
        &repo(),
        &["cat-file", "-e", "HEAD:.pre-commit-hooks.yaml"],
        &[],
    )
    .status
    .success();
    (out.status.success() && has_hooks).then_some(head)
}

/// A throwaway git repository whose pre-commit configuration uses `hook` (the lines under
/// `- id:`) from this checkout; `None` (with a message) where pre-commit or the hooks file
/// is missing.
fn repository_with_hook(hook: &str, env: &[(&str, String)]) -> Option<tempfile::TempDir> {
    let Some(pre_commit) = find_pre_commit() else {
        common::skip(format_args!(
            "pre-commit is not installed (.ci/run installs it)"
        ));
        return None;
    };
    let Some(head) = checkout_head() else {
        common::skip(format_args!(
            "this checkout's HEAD has no .pre-commit-hooks.yaml to clone"
        ));
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    for args in [
        &["init", "-q"][..],
        &["config", "user.email", "docs@example.com"],
        &["config", "user.name", "Docs"],
        &["config", "commit.gpgsign", "false"],
    ] {
        assert!(git(work, args, env).status.success());
    }
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {head}\n    hooks:\n      - id: {hook}\n",
        repo().display()
    );
    std::fs::write(work.join(".pre-commit-config.yaml"), config).unwrap();
    let install = run(work, &pre_commit, &["install"], env);
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );
    Some(dir)
}

/// Sets up a throwaway repository using `hook_id` from this checkout, then commits a bad file
/// (refused), a bad file of a type the hook does not take (accepted), and a good one.
fn commit_through_hook(hook_id: &str, env: &[(&str, String)]) {
    let Some(dir) = repository_with_hook(hook_id, env) else {
        return;
    };
    let work = dir.path();

    std::fs::create_dir(work.join("docs")).unwrap();
    std::fs::write(work.join("docs/tokens.md"), BAD).unwrap();
    git(work, &["add", "-A"], env);
    let refused = git(work, &["commit", "-q", "-m", "bad link"], env);
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&refused.stdout),
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(
        !refused.status.success(),
        "the bad commit went through:\n{output}"
    );
    assert!(
        output.contains("error[unknown-key]: permission key `zone_dns` was renamed to `dns`"),
        "{output}"
    );
    assert!(output.contains("docs/tokens.md:1:"), "{output}");

    // Source code is linted too: the same link in a Python string blocks the commit.
    std::fs::write(work.join("docs/tokens.md"), GOOD).unwrap();
    std::fs::write(
        work.join("script.py"),
        format!("TOKEN_URL = \"{}\"\n", BAD.trim()),
    )
    .unwrap();
    git(work, &["add", "-A"], env);
    let refused = git(work, &["commit", "-q", "-m", "bad link in code"], env);
    let output = String::from_utf8_lossy(&refused.stdout).into_owned()
        + &String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{output}");
    assert!(output.contains("script.py:1:"), "{output}");

    // A CSV file is not a type the hook lints, so the same text there does not block.
    std::fs::write(
        work.join("script.py"),
        format!("TOKEN_URL = \"{}\"\n", GOOD.trim()),
    )
    .unwrap();
    std::fs::write(work.join("links.csv"), BAD).unwrap();
    git(work, &["add", "-A"], env);
    let accepted = git(work, &["commit", "-q", "-m", "good link"], env);
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&accepted.stdout),
        String::from_utf8_lossy(&accepted.stderr)
    );
    assert!(
        accepted.status.success(),
        "the good commit was refused:\n{output}"
    );
}

/// With `args: [--fix]` (as the README shows), the hook mends the file, and pre-commit stops
/// the commit because a hook changed it, so the fix can be reviewed and staged.
#[test]
fn the_hook_with_fix_mends_the_file_and_stops_the_commit() {
    let env = [
        ("PATH", common::path_with_binary()),
        (
            "PRE_COMMIT_HOME",
            tempfile::tempdir().unwrap().keep().display().to_string(),
        ),
    ];
    let Some(dir) = repository_with_hook("cf-token-lint-system\n        args: [--fix]", &env)
    else {
        return;
    };
    let work = dir.path();
    std::fs::write(work.join("tokens.md"), BAD).unwrap();
    git(work, &["add", "-A"], &env);
    let stopped = git(work, &["commit", "-q", "-m", "typo"], &env);
    let output = String::from_utf8_lossy(&stopped.stdout).into_owned()
        + &String::from_utf8_lossy(&stopped.stderr);
    assert!(!stopped.status.success(), "{output}");
    assert!(
        output.contains("files were modified by this hook"),
        "{output}"
    );
    assert_eq!(
        std::fs::read_to_string(work.join("tokens.md")).unwrap(),
        GOOD
    );
    git(work, &["add", "-A"], &env);
    let again = git(work, &["commit", "-q", "-m", "fixed"], &env);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn system_hook_refuses_a_bad_commit_and_accepts_a_good_one() {
    let path = common::path_with_binary();
    let home = tempfile::tempdir().unwrap();
    commit_through_hook(
        "cf-token-lint-system",
        &[
            ("PATH", path),
            ("PRE_COMMIT_HOME", home.path().display().to_string()),
        ],
    );
}

/// pre-commit builds the linter from this repository with cargo (`language: rust`). The build
/// is cached under target/ so that reruns are quick. (The python hook is proven in tests/dist.rs,
/// from the wheel that scripts/dist.sh builds.)
#[test]
fn rust_hook_built_by_pre_commit_refuses_a_bad_commit() {
    let target = repo().join("target");
    commit_through_hook(
        "cf-token-lint-source",
        &[
            (
                "PRE_COMMIT_HOME",
                target.join("pre-commit-home").display().to_string(),
            ),
            (
                "CARGO_TARGET_DIR",
                target.join("pre-commit-cargo").display().to_string(),
            ),
        ],
    );
}
