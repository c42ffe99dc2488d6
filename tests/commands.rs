//! The commands besides `check`: `explain`, `new`, `rules`, `completions` and `man`, checked
//! against Cloudflare's own template URL page where it is present.

mod common;

use common::{cmd, repo, shared};
use serde_json::Value;

/// The example URLs of the template URL page (seed 002), as the page writes them (Markdown,
/// so `_` is `\_`), with the kind, permissions and name each encodes.
struct SeedUrl {
    written: String,
    account: bool,
    permissions: Vec<(String, String)>,
    name: String,
}

fn seed_urls() -> Option<Vec<SeedUrl>> {
    let text = std::fs::read_to_string(shared()?.join("seeds/002_8400f32ba4cf9cd0.txt")).unwrap();
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        if !word.starts_with("https://dash.cloudflare.com/") || !word.contains("%5B") {
            continue;
        }
        let plain = word.replace("\\_", "_");
        let query = &plain[plain.find('?').unwrap() + 1..];
        let mut permissions = Vec::new();
        let mut name = String::new();
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            match k.as_ref() {
                "permissionGroupKeys" => {
                    let list: Value = serde_json::from_str(&v).unwrap();
                    for p in list.as_array().unwrap() {
                        permissions.push((
                            p["key"].as_str().unwrap().to_string(),
                            p["type"].as_str().unwrap().to_string(),
                        ));
                    }
                }
                "name" => name = v.into_owned(),
                _ => {}
            }
        }
        out.push(SeedUrl {
            account: plain.contains("?to=/:account/"),
            written: word.to_string(),
            permissions,
            name,
        });
    }
    assert_eq!(out.len(), 16, "the seed page's example URLs");
    Some(out)
}

fn new_args(url: &SeedUrl) -> Vec<String> {
    let mut args = vec![
        "new".to_string(),
        "--isolated".into(),
        if url.account { "--account" } else { "--user" }.into(),
    ];
    for (key, ty) in &url.permissions {
        args.push("-p".into());
        args.push(format!("{key}:{ty}"));
    }
    args.push("--name".into());
    args.push(url.name.clone());
    args
}

#[test]
fn new_reproduces_the_seed_pages_urls_byte_for_byte() {
    let Some(urls) = seed_urls() else { return };
    for url in &urls {
        let out = cmd().args(new_args(url)).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("{}\n", url.written.replace("\\_", "_"))
        );
        // The Markdown link carries the URL exactly as the (Markdown) page writes it.
        let out = cmd()
            .args(new_args(url))
            .arg("--markdown")
            .output()
            .unwrap();
        let link = String::from_utf8(out.stdout).unwrap();
        assert!(
            link.ends_with(&format!("]({})\n", url.written)),
            "{link} does not end with the page's {}",
            url.written
        );
    }
}

#[test]
fn explain_reads_each_seed_url_into_its_permissions() {
    let Some(urls) = seed_urls() else { return };
    for url in &urls {
        let out = cmd()
            .args(["explain", "--isolated", "--format", "json", &url.written])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let explained = &report["urls"][0];
        assert_eq!(
            explained["kind"],
            if url.account { "account" } else { "user" }
        );
        assert_eq!(explained["name"], url.name.as_str());
        let rows = explained["permissions"].as_array().unwrap();
        let got: Vec<(String, String)> = rows
            .iter()
            .map(|r| {
                (
                    r["key"].as_str().unwrap().into(),
                    r["type"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(got, url.permissions, "{}", url.written);
        for row in rows {
            assert_eq!(row["known"], true, "{row}");
            assert!(row["scope"].is_string() && row["risk"].is_string(), "{row}");
        }
    }
}

#[test]
fn explain_prints_the_permission_table_and_the_diagnostics() {
    let out = cmd()
        .args([
            "explain",
            "--isolated",
            "--color",
            "never",
            "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22write%22%7D%5D&accountId=*&name=DNS%20edit",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "errors make explain exit 1");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "**Account token template** — name: DNS edit\n\n\
         - `accountId=*`: ignored: an account token's resources are chosen in the form\n\n\
         | Key | Type | Permission group | Scope | Risk | Evidence |\n\
         | --- | --- | --- | --- | --- | --- |\n\
         | dns | write | DNS Write (4755a26e…) | zone | low | documented as a template key |\n"
        ),
        "{text}"
    );
    assert!(text.contains("warning[bad-type]"), "{text}");
    assert!(text.contains("error[stray-param]"), "{text}");
    // No URL at all is a failed run, with a message that says what was expected.
    let out = cmd()
        .args(["explain", "https://example.com/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no API token template URL"));
}

#[test]
fn the_readme_examples_of_explain_and_new_are_what_they_print() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let block_after = |command: &str| -> String {
        let at = readme
            .find(command)
            .unwrap_or_else(|| panic!("README lacks {command}"));
        let rest = &readme[at..];
        let open = rest.find("```text\n").unwrap() + "```text\n".len();
        let close = rest[open..].find("```").unwrap();
        rest[open..open + close].to_string()
    };
    let explain_url = "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22edit%22%7D%2C%7B%22key%22%3A%22zone%22%2C%22type%22%3A%22read%22%7D%5D&name=DNS%20edit";
    let out = cmd()
        .args(["explain", "--isolated", explain_url])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        block_after(&format!("cf-token-lint explain '{explain_url}'"))
    );
    let out = cmd()
        .args([
            "new",
            "--isolated",
            "--account",
            "-p",
            "dns:edit",
            "-p",
            "zone:read",
            "--name",
            "DNS edit",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        block_after("cf-token-lint new --account -p dns:edit -p zone:read --name \"DNS edit\"")
    );
    // What `new` prints lints clean.
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn new_refuses_unknown_keys_and_types_with_a_suggestion() {
    let out = cmd()
        .args(["new", "--isolated", "--user", "-p", "dnss:edit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "cf-token-lint: error: unknown permission key `dnss`: did you mean `dns`?\n"
    );
    let out = cmd()
        .args(["new", "--isolated", "--user", "-p", "dns:write"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use `edit`"));
    let out = cmd()
        .args(["new", "--isolated", "--user", "-p", "dns"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not KEY:TYPE"));
    // A high-risk permission is built, with the warning on standard error.
    let out = cmd()
        .args([
            "new",
            "--isolated",
            "--account",
            "-p",
            "account_api_tokens:edit",
            "--name",
            "Minter",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning[over-broad]"));
    // Exactly one kind.
    cmd().args(["new", "-p", "dns:read"]).assert().code(2);
    cmd()
        .args(["new", "--user", "--account", "-p", "dns:read"])
        .assert()
        .code(2);
}

#[test]
fn rules_lists_and_prints_pages_from_the_single_source() {
    let out = cmd().args(["rules", "--format", "json"]).output().unwrap();
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let known: Vec<&str> = cf_token_lint::rules::descriptors().map(|d| d.id).collect();
    assert_eq!(listed, known);
    let bad_type = &rules[3];
    assert_eq!(
        (
            bad_type["id"].as_str(),
            bad_type["default_severity"].as_str(),
            bad_type["fixable"].as_str()
        ),
        (Some("bad-type"), Some("error"), Some("sometimes"))
    );
    let page = cmd().args(["rules", "bad-type"]).output().unwrap();
    assert_eq!(
        page.stdout,
        std::fs::read(repo().join("rules/bad-type.md")).unwrap()
    );
    let out = cmd().args(["rules", "bad-typo"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `bad-type`?"));
    let human = cmd().arg("rules").output().unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("bad-type ") && l.contains(" sometimes ")),
        "{text}"
    );
}

#[test]
fn completions_and_the_man_page_come_from_the_cli_definitions() {
    for (shell, marker) in [
        ("bash", "_cf__token__lint()"),
        ("zsh", "#compdef cf-token-lint"),
        ("fish", "complete -c cf-token-lint"),
    ] {
        let out = cmd().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: {marker}");
        assert!(
            script.contains("--fix") && script.contains("explain"),
            "{shell} completes options and commands"
        );
    }
    let out = cmd().arg("man").output().unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH cf-token-lint"),
        "{}",
        &page[..200.min(page.len())]
    );
    assert!(page.contains(".TH cf-token-lint 1"));
    assert!(page.contains("explain"));
    // Every page cf-token-lint(1) refers to is one `man SUBCOMMAND` prints.
    for line in page.lines() {
        let Some(name) = line
            .strip_prefix("cf\\-token\\-lint\\-")
            .and_then(|rest| rest.strip_suffix("(1)"))
        else {
            continue;
        };
        let sub = name.replace("\\-", "-");
        let out = cmd().args(["man", &sub]).output().unwrap();
        assert!(out.status.success(), "man {sub}");
        let sub_page = String::from_utf8(out.stdout).unwrap();
        assert!(
            sub_page.contains(&format!(".TH cf-token-lint-{sub} 1")),
            "{sub}"
        );
    }
    let out = cmd().args(["man", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// A real bash loads the completion script and completes the subcommands.
#[test]
fn bash_completes_subcommands() {
    if common::which("bash").is_none() {
        common::skip(format_args!("no bash"));
        return;
    }
    let out = cmd().args(["completions", "bash"]).output().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("c.bash");
    std::fs::write(&script, out.stdout).unwrap();
    let probe = format!(
        "source {}; COMP_WORDS=(cf-token-lint ex); COMP_CWORD=1; _cf__token__lint cf-token-lint ex cf-token-lint; echo \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &probe])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "explain");
}
