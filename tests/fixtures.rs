//! The fixtures tree: every bad fixture fires exactly the expected rules on exactly the
//! expected bytes; every good fixture stays silent.

mod common;

use common::{described, json_report, repo, summary};

fn row(file: &str, line: u64, rule: &str, text: &str) -> (String, u64, String, String) {
    (file.to_string(), line, rule.to_string(), text.to_string())
}

#[test]
fn bad_fixtures_fire_on_the_exact_bytes() {
    let (report, code) = json_report(&["fixtures/bad"]);
    assert_eq!(code, 1);
    let got = described(&report, &repo());
    let expected = vec![
        row("bad-scope-value.md", 3, "bad-scope-value", "all"),
        row("bad-scope-value.md", 3, "bad-scope-value", "*"),
        row("bad-scope-value.md", 5, "bad-scope-value", "example.com"),
        row("bad-type.md", 3, "bad-type", "write"),
        row("bad-type.md", 5, "bad-type", "edit"),
        row("bad-type.md", 7, "bad-type", "account"),
        row("bad-type.md", 9, "unknown-key", "dnss"),
        row("bad-type.md", 9, "bad-type", "admin"),
        row("crlf-non-ascii.md", 3, "unknown-key", "dnss"),
        row("malformed-url.md", 3, "malformed-url", "%ed"),
        row("malformed-url.md", 5, "malformed-url", "d"),
        row("malformed-url.md", 8, "missing-name", "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=[{\"key\":\"dns\","),
        row("malformed-url.md", 8, "missing-scope-param", "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=[{\"key\":\"dns\","),
        row("malformed-url.md", 8, "missing-scope-param", "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=[{\"key\":\"dns\","),
        row("malformed-url.md", 8, "not-encoded", "[{\""),
        row("malformed-url.md", 8, "malformed-url", ","),
        row("malformed-url.md", 11, "malformed-url", "access"),
        row("malformed-url.md", 13, "malformed-url", "%27"),
        row("malformed-url.md", 15, "malformed-url", "%7B"),
        row("missing-name.md", 3, "missing-name", "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&zoneId=all"),
        row("missing-name.md", 5, "missing-name", "name=test"),
        row("missing-permissions.md", 3, "missing-permissions", "https://dash.cloudflare.com/profile/api-tokens?accountId=*&zoneId=all&name=Empty"),
        row("missing-permissions.md", 5, "missing-permissions", "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B%5D&name=Empty"),
        row("missing-permissions.md", 7, "missing-permissions", "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKey=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&name=DNS"),
        row("missing-permissions.md", 7, "stray-param", "permissionGroupKey=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D"),
        row("missing-scope-param.md", 3, "missing-scope-param", "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&name=DNS%20Read"),
        row("missing-scope-param.md", 3, "missing-scope-param", "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&name=DNS%20Read"),
        row("missing-scope-param.md", 5, "missing-scope-param", "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&name=DNS%20Read"),
        row("not-encoded.md", 4, "not-encoded", "[{\""),
        row("not-encoded.md", 8, "not-encoded", " "),
        row("over-broad.md", 3, "over-broad", "edit"),
        row("over-broad.md", 5, "over-broad", "edit"),
        row("over-broad.md", 7, "over-broad", "read"),
        row("over-broad.md", 9, "over-broad", "edit"),
        row("shapes.md", 4, "wrong-path", "/profile/api-tokens/create"),
        row("shapes.md", 4, "unknown-key", "dnss"),
        row("shapes.md", 7, "wrong-path", "?"),
        row("shapes.md", 7, "bad-type", "write"),
        row("shapes.md", 10, "missing-permissions", "https://dash.cloudflare.com/profile/api-tokens?permissionGroups=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all&name=DNS"),
        row("shapes.md", 10, "stray-param", "permissionGroups=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22edit%22%7D%5D"),
        row("shapes.md", 13, "malformed-url", "dns:edit"),
        row("shapes.md", 14, "malformed-url", "analytics_read"),
        row("shapes.md", 15, "malformed-url", "workers_scripts:edit,zone:read"),
        row("shapes.md", 18, "malformed-url", "%7B%22key%22%3A%22dns%22%7D"),
        row("shapes.md", 19, "malformed-url", "%22dns%3Aedit%22"),
        row("shapes.md", 19, "malformed-url", "%22zone%3Aread%22"),
        row("shapes.md", 22, "stray-param", "accountId=*"),
        row("stray-param.md", 3, "stray-param", "accountId=*"),
        row("stray-param.md", 3, "stray-param", "zoneId=all"),
        row("stray-param.md", 5, "stray-param", "zoneID=all"),
        row("stray-param.md", 7, "stray-param", "name=Other"),
        row("suspicious-host.md", 3, "suspicious-host", "dash.cloudflare.co"),
        row("suspicious-host.md", 5, "suspicious-host", "dash-cloudflare.com"),
        row("suspicious-host.md", 7, "suspicious-host", "dash.cIoudflare.com"),
        row("suspicious-host.md", 9, "suspicious-host", "dash.cloudflare.com.example.net"),
        row("suspicious-host.md", 11, "suspicious-host", "dash.cloudflare.com@example.net"),
        row("suspicious-host.md", 13, "suspicious-host", "dаsh.cloudflare.com"),
        row("suspicious-host.md", 15, "suspicious-host", "http"),
        row("suspicious-host.md", 17, "suspicious-host", "8443"),
        row("syntax.html", 1, "unknown-key", "dnss"),
        row("syntax.html", 1, "stray-param", "zoneId=all"),
        row("syntax.html", 2, "bad-type", "write"),
        row("syntax.json", 2, "unknown-key", "dnss"),
        row("syntax.json", 3, "bad-type", "write"),
        row("syntax.mdx", 1, "unknown-key", "workers_kv"),
        row("syntax.mdx", 4, "unknown-key", "dnss"),
        row("syntax.toml", 2, "bad-type", "write"),
        row("syntax.toml", 2, "stray-param", "accountId=*"),
        row("syntax.toml", 3, "unknown-key", "dnss"),
        row("syntax.yaml", 2, "unknown-key", "dnss"),
        row("syntax.yaml", 3, "unknown-key", "zone_dns"),
        row("syntax.yaml", 4, "bad-type", "write"),
        row("token-kinds.md", 3, "unknown-key", "4755a26eedb94da69e1066d98aa820be"),
        row("token-kinds.md", 5, "unknown-key", "0123456789abcdef0123456789abcdef"),
        row("token-kinds.md", 7, "bad-type", "read"),
        row("token-kinds.md", 9, "bad-type", "write"),
        row("unencoded.txt", 1, "not-encoded", "[{\""),
        row("unencoded.txt", 1, "bad-type", "write"),
        row("unknown-key.md", 3, "unknown-key", "dnss"),
        row("unknown-key.md", 5, "unknown-key", "zone_dns"),
        row("unknown-key.md", 7, "unknown-key", "DNS%20Write"),
        row("unknown-key.md", 13, "unknown-key", "workers\\_script"),
        row("unknown-key.md", 15, "unknown-key", "quantum_teleporter"),
        row("unused-suppression.md", 5, "unused-suppression", "over-broad"),
        row("unused-suppression.md", 10, "unused-suppression", "overbroad"),
        row("unused-suppression.md", 15, "unused-suppression", "bad-type"),
        row("wrong-path.md", 3, "wrong-path", "/profile/api-token"),
        row("wrong-path.md", 5, "wrong-path", "/profile/apitokens"),
        row("wrong-path.md", 7, "wrong-path", "/:account/api-token"),
    ];
    assert_eq!(got, expected);
    assert_eq!(summary(&report, "urls_checked"), 73);
}

#[test]
fn bad_fixture_byte_offsets_are_pinned() {
    // The exact numbers of every span, reviewed once and kept stable by this snapshot.
    let (report, _) = json_report(&["fixtures/bad"]);
    let spans: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}-{}:{} bytes {}..{} url {}..{} {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["end_line"],
                d["end_column"],
                d["byte_start"],
                d["byte_end"],
                d["url"]["byte_start"],
                d["url"]["byte_end"],
                d["rule"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!(spans.join("\n"));
}

#[test]
fn good_fixtures_give_no_errors() {
    let (report, code) = json_report(&["fixtures/good"]);
    assert_eq!(code, 0);
    assert_eq!(summary(&report, "errors"), 0);
    // Cloudflare's own "Access full management" example grants edit on identity providers:
    // a warning, by design, and nothing else.
    let got = described(&report, &repo());
    assert_eq!(
        got,
        vec![
            row("seed-002-shapes.md", 49, "over-broad", "edit"),
            row("seed-002-shapes.md", 60, "over-broad", "edit"),
        ]
    );
}

#[test]
fn every_good_fixture_holds_template_urls_except_the_non_templates() {
    for entry in std::fs::read_dir(repo().join("fixtures/good")).unwrap() {
        let path = entry.unwrap().path();
        let rel = path
            .strip_prefix(repo())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let (report, _) = json_report(&[&rel]);
        let urls = summary(&report, "urls_checked");
        if rel.ends_with("not-templates.md") {
            assert_eq!(urls, 0, "{rel}");
        } else {
            assert!(
                urls > 0,
                "{rel} has no template URL: the scanner missed its shape"
            );
        }
    }
}

#[test]
fn seed_shapes_fixture_checks_every_url_of_the_seed_page() {
    let (report, _) = json_report(&["fixtures/good/seed-002-shapes.md"]);
    // 4 placeholder URLs in fenced blocks, 16 in tables, 4 more in code spans.
    assert_eq!(summary(&report, "urls_checked"), 24);
}

#[test]
fn every_rule_has_a_bad_fixture_with_its_name() {
    for rule in cf_token_lint::rules::descriptors() {
        if rule.id == "unreadable-file" {
            continue; // made by tests/robustness.rs: no file in the repository can be unreadable
        }
        // The policy rule needs a policy: its fixture is a directory with a configuration.
        let (dir, file) = if rule.id == "policy" {
            ("fixtures/policy", "tokens.md".to_string())
        } else {
            (".", format!("fixtures/bad/{}.md", rule.id))
        };
        assert!(
            repo().join(dir).join(&file).is_file(),
            "no fixture for {}",
            rule.id
        );
        let out = common::cmd()
            .current_dir(repo().join(dir))
            .args(["check", "--format", "json", &file])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let fired = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == rule.id);
        assert!(fired, "{} does not fire on its own fixture", rule.id);
    }
}

#[test]
fn policy_fixture_fires_every_policy_check() {
    let out = common::cmd()
        .current_dir(repo().join("fixtures/policy"))
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got = described(&report, &repo().join("fixtures/policy"));
    let account = "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=";
    assert_eq!(
        got,
        vec![
            row("tokens.md", 3, "policy", "edit"),
            row("tokens.md", 5, "policy", "read"),
            row("tokens.md", 7, "policy", &format!("{account}%5B%7B%22key%22%3A%22zone%22%2C%22type%22%3A%22read%22%7D%5D")),
            row("tokens.md", 9, "policy", "accountId=*&zoneId=all"),
            row(
                "tokens.md",
                11,
                "policy",
                "%5B%7B%22key%22%3A%22zone%22%2C%22type%22%3A%22read%22%7D%2C%7B%22key%22%3A%22analytics%22%2C%22type%22%3A%22read%22%7D%2C%7B%22key%22%3A%22logs%22%2C%22type%22%3A%22read%22%7D%2C%7B%22key%22%3A%22stream%22%2C%22type%22%3A%22read%22%7D%5D"
            ),
            row("tokens.md", 15, "over-broad", "edit"),
            row("tokens.md", 17, "stray-param", "zoneId=all"),
        ]
    );
    assert_eq!(
        report["diagnostics"][6]["severity"], "warning",
        "[rules] stray-param = \"warning\""
    );
}
