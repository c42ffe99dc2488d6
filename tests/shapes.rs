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
