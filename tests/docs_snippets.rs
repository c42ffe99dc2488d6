//! The README shows exactly the snippets the tests exercise: the editor files under
//! editors/, the workflow and pre-commit examples under examples/.

mod common;

use common::repo;
use yaml_rust2::YamlLoader;

fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md")).unwrap()
}

#[test]
fn readme_quotes_every_snippet_verbatim() {
    let readme = readme();
    for file in [
        "editors/vim/cf-token-lint.vim",
        "editors/neovim/cf-token-lint.lua",
        "editors/neovim/cf-token-lint-0.11.lua",
        "editors/vscode/settings.json",
        "editors/helix/languages.toml",
        "editors/emacs/cf-token-lint-eglot.el",
        "editors/vscode/tasks.json",
        "editors/emacs/cf-token-lint.el",
        "editors/helix/config.toml",
        "editors/problem-matcher.json",
        "examples/github-workflow.yml",
        "examples/reviewdog-workflow.yml",
        "examples/gitlab-ci.yml",
        "examples/pre-commit-config.yaml",
        "examples/package.json",
    ] {
        let text = std::fs::read_to_string(repo().join(file)).unwrap();
        assert!(
            readme.contains(&text),
            "README.md does not quote {file} verbatim"
        );
    }
}

/// A README edited by script once kept a second copy of seven sections: each heading and each
/// long paragraph (outside code blocks, which may repeat a line on purpose) appears once.
#[test]
fn readme_says_each_thing_once() {
    let readme = readme();
    let mut seen = std::collections::HashSet::new();
    let mut in_fence = false;
    for block in readme.split("\n\n") {
        let fences = block
            .lines()
            .filter(|l| l.trim_start().starts_with("```"))
            .count();
        let starts_in_fence = in_fence;
        in_fence ^= fences % 2 == 1;
        if starts_in_fence || fences > 0 || block.trim().len() < 200 && !block.starts_with("## ") {
            continue;
        }
        assert!(
            seen.insert(block.trim()),
            "README.md says this twice:\n{}",
            block.trim()
        );
    }
}

#[test]
fn workflow_example_uses_the_actions_inputs() {
    let text = std::fs::read_to_string(repo().join("examples/github-workflow.yml")).unwrap();
    let workflow = YamlLoader::load_from_str(&text).unwrap().remove(0);
    let action_text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    let action = YamlLoader::load_from_str(&action_text).unwrap().remove(0);
    let steps = workflow["jobs"]["template-urls"]["steps"].as_vec().unwrap();
    let ours = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.contains("/cf-token-lint@"))
        })
        .unwrap();
    for (key, _) in ours["with"].as_hash().unwrap() {
        let key = key.as_str().unwrap();
        assert!(
            !action["inputs"][key].is_badvalue(),
            "the example passes `{key}`, which action.yml lacks"
        );
    }
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))
        })
        .unwrap();
    assert_eq!(
        upload["with"]["sarif_file"].as_str(),
        ours["with"]["sarif-file"].as_str()
    );
}

#[test]
fn pre_commit_example_names_hooks_that_exist() {
    let text = std::fs::read_to_string(repo().join("examples/pre-commit-config.yaml")).unwrap();
    let config = YamlLoader::load_from_str(&text).unwrap().remove(0);
    let hooks_text = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks = YamlLoader::load_from_str(&hooks_text).unwrap().remove(0);
    let ids: Vec<&str> = hooks
        .as_vec()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    for hook in config["repos"][0]["hooks"].as_vec().unwrap() {
        assert!(ids.contains(&hook["id"].as_str().unwrap()));
    }
    assert!(
        text.contains("# - id: cf-token-lint-system"),
        "the system hook is shown as the alternative"
    );
}

/// The README's first set-up command says how it ends; keep that true.
#[test]
fn readme_states_what_linting_the_fixtures_prints() {
    let out = common::cmd()
        .args(["--color", "never", "fixtures/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    for last in &lines[lines.len() - 2..] {
        assert!(
            readme().contains(&format!("`{last}`")),
            "README.md does not quote: {last}"
        );
    }
    assert!(
        lines[lines.len() - 2].starts_with("Found "),
        "the summary comes before the fixable count"
    );
}
