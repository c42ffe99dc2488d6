//! The shapes of template URLs seen in the wild (`fixtures/bad/shapes.md`): each gets the rule
//! and severity its evidence supports, and its other parameters are still checked.

mod common;

use common::{json_report, repo};

#[test]
fn each_shape_gets_its_rule_and_severity() {
    let (report, code) = json_report(&["fixtures/bad/shapes.md"]);
    assert_eq!(code, 1);
    let src = std::fs::read_to_string(repo().join("fixtures/bad/shapes.md")).unwrap();
    let got: Vec<(u64, String, String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let span = d["byte_start"].as_u64().unwrap() as usize
                ..d["byte_end"].as_u64().unwrap() as usize;
            let text = &src[span];
            (
                d["line"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                if text.len() > 60 {
                    "<url>".to_string()
                } else {
                    text.to_string()
                },
            )
        })
        .collect();
    let row = |line: u64, rule: &str, severity: &str, text: &str| {
        (
            line,
            rule.to_string(),
            severity.to_string(),
            text.to_string(),
        )
    };
    assert_eq!(
        got,
        vec![
            // `/profile/api-tokens/create`: not the documented path, may still open the form.
            row(4, "wrong-path", "warning", "/profile/api-tokens/create"),
            row(4, "unknown-key", "error", "dnss"),
            // A second `?`: the permissions are folded into `to`, and still checked.
            row(7, "wrong-path", "warning", "?"),
            row(7, "bad-type", "warning", "write"),
            // `permissionGroups=`: the form reads no permissions.
            row(10, "missing-permissions", "error", "<url>"),
            row(10, "stray-param", "error", "<url>"),
            // Not JSON at all.
            row(13, "malformed-url", "error", "dns:edit"),
            row(14, "malformed-url", "error", "analytics_read"),
            row(
                15,
                "malformed-url",
                "error",
                "workers_scripts:edit,zone:read"
            ),
            // An entry without `type`; strings instead of objects.
            row(18, "malformed-url", "error", "%7B%22key%22%3A%22dns%22%7D"),
            row(19, "malformed-url", "error", "%22dns%3Aedit%22"),
            row(19, "malformed-url", "error", "%22zone%3Aread%22"),
            // `&amp;accountId`: read as `accountId`, which account-token URLs ignore.
            row(22, "stray-param", "error", "accountId=*"),
        ]
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(messages[2].contains("second `?`"), "{}", messages[2]);
    assert!(messages[6].contains("not JSON"), "{}", messages[6]);
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["help"].as_str().unwrap_or(""))
        .collect();
    assert!(helps[4].contains("`permissionGroups`"), "{}", helps[4]);
    assert!(
        helps[7].ends_with(r#"[{"key":"analytics","type":"read"}]"#),
        "{}",
        helps[7]
    );
    assert!(
        helps[10].ends_with(r#"{"key":"dns","type":"edit"}"#),
        "{}",
        helps[10]
    );
}

/// (rule, severity, the source text under the span) of each finding on Markdown `text`.
fn findings_in_markdown(text: &str) -> Vec<(&'static str, String, &str)> {
    use cf_token_lint::syntax::FileKind;
    let config = cf_token_lint::config::Config::default();
    cf_token_lint::lint_source(text.as_bytes(), FileKind::Markdown, &config)
        .diagnostics
        .into_iter()
        .map(|d| (d.rule, d.severity.to_string(), &text[d.span]))
        .collect()
}

/// Markdown ends a link at whitespace: a link in prose whose raw JSON holds a space is cut
/// there when clicked (an error at the space); in a code block or a code span the same text
/// is only not encoded (a warning). `--fix` encodes the value and mends both.
#[test]
fn a_space_in_raw_json_breaks_a_markdown_link_only_where_it_is_a_link() {
    let url = r#"https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=[{"key":"dns","type":"read"}, {"key":"zone","type":"read"}]&accountId=*&zoneId=all&name=DNS%20read"#;
    let broken = [
        ("malformed-url", "error".to_string(), " "),
        ("not-encoded", "warning".to_string(), "[{\""),
    ];
    let not_encoded = [("not-encoded", "warning".to_string(), "[{\"")];
    let link = format!("[Create a token]({url})\n");
    let mut got = findings_in_markdown(&link);
    got.sort();
    assert_eq!(got, broken);
    let bare = format!("Open {url} to create it.\n");
    let mut got = findings_in_markdown(&bare);
    got.sort();
    assert_eq!(got, broken);
    let block = format!("```text\n{url}\n```\n");
    assert_eq!(findings_in_markdown(&block), not_encoded);
    let span = format!("Copy `{url}` into the address bar.\n");
    assert_eq!(findings_in_markdown(&span), not_encoded);
    // An illustration is not a link to click; an encoded space breaks nothing.
    let illustration = link.replace(r#"{"key":"zone","type":"read"}"#, "...");
    assert_eq!(findings_in_markdown(&illustration), []);
    let encoded = link.replace("}, {", "},%20{");
    assert_eq!(findings_in_markdown(&encoded), not_encoded);

    let config = cf_token_lint::config::Config::default();
    let fixed = cf_token_lint::lint::fix_source(
        link.as_bytes(),
        cf_token_lint::syntax::FileKind::Markdown,
        &config,
        false,
    );
    assert!(
        fixed.remaining.diagnostics.is_empty(),
        "{:?}",
        fixed.remaining.diagnostics
    );
    assert!(
        String::from_utf8_lossy(&fixed.source).contains("%7D%2C%20%7B%22key"),
        "{}",
        String::from_utf8_lossy(&fixed.source)
    );
}
