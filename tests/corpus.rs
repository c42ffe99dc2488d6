//! cf-token-lint's own corpus (`tests/corpus/links.tsv`): template URLs in the shapes people
//! publish, each with the findings a correct linter gives it and the evidence for that verdict.
//! The linter is held to every row, and plain `--fix` on the corpus rewrites no key by
//! similarity.

mod common;

use cf_token_lint::config::Config;
use cf_token_lint::syntax::FileKind;
use cf_token_lint::{lint, lint_source};
use common::{decoded_keys, is_certain_rewrite, repo, run_in};

struct Case {
    expect: Vec<String>,
    url: String,
    evidence: String,
}

fn corpus() -> Vec<Case> {
    let text = std::fs::read_to_string(repo().join("tests/corpus/links.tsv")).unwrap();
    let mut rows = text.lines().filter(|l| !l.starts_with('#'));
    assert_eq!(rows.next(), Some("expect\turl\tevidence"));
    rows.map(|line| {
        let [expect, url, evidence] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("not three columns: {line}");
        };
        let mut expect: Vec<String> = match expect {
            "-" => Vec::new(),
            list => list.split(' ').map(str::to_string).collect(),
        };
        expect.sort();
        Case {
            expect,
            url: url.to_string(),
            evidence: evidence.to_string(),
        }
    })
    .collect()
}

/// The corpus as one Markdown page, a URL a line.
fn page(cases: &[Case]) -> String {
    cases.iter().map(|c| format!("{}\n", c.url)).collect()
}

#[test]
fn every_url_gets_the_severity_its_evidence_supports() {
    let cases = corpus();
    assert!(cases.len() >= 40, "the corpus holds {} URLs", cases.len());
    let text = page(&cases);
    let lint = lint_source(text.as_bytes(), FileKind::Markdown, &Config::default());
    let mut starts = Vec::new();
    let mut at = 0;
    for case in &cases {
        starts.push(at);
        at += case.url.len() + 1;
    }
    let mut mismatches = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let range = starts[i]..starts[i] + case.url.len();
        let mut got: Vec<String> = lint
            .diagnostics
            .iter()
            .filter(|d| range.contains(&d.span.start))
            .map(|d| format!("{}:{}", d.rule, d.severity))
            .collect();
        got.sort();
        if got != case.expect {
            mismatches.push(format!(
                "row {} ({}): expected {:?}, got {got:?}\n  {}",
                i + 1,
                case.evidence,
                case.expect,
                case.url
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert_eq!(lint.urls_checked, cases.len());
}

#[test]
fn plain_fix_rewrites_keys_only_where_the_meaning_is_certain() {
    let text = page(&corpus());
    let config = Config::default();
    let before = decoded_keys(text.as_bytes(), FileKind::Markdown);
    let safe = lint::fix_source(text.as_bytes(), FileKind::Markdown, &config, false);
    let after = decoded_keys(&safe.source, FileKind::Markdown);
    assert_eq!(before.len(), after.len());
    let mut rewritten = Vec::new();
    for (old_keys, new_keys) in before.iter().zip(&after) {
        if old_keys.len() != new_keys.len() {
            // A renamed entry whose new key the list already held is merged into it: each
            // key gone is certainly rewritten to one still there.
            for old in old_keys.iter().filter(|k| !new_keys.contains(k)) {
                let new = new_keys.iter().find(|new| is_certain_rewrite(old, new));
                let new = new.unwrap_or_else(|| panic!("--fix dropped `{old}` from {old_keys:?}"));
                rewritten.push(format!("{old} -> {new} (merged)"));
            }
            continue;
        }
        for (old, new) in old_keys.iter().zip(new_keys) {
            if old != new {
                assert!(
                    is_certain_rewrite(old, new),
                    "--fix turned `{old}` into `{new}`"
                );
                rewritten.push(format!("{old} -> {new}"));
            }
        }
    }
    assert_eq!(
        rewritten,
        [
            "zone_dns -> dns",
            "workers_kv -> workers_kv_storage",
            "cache_purge -> cache",
            "DNS Write -> dns",
            "DNS -> dns",
            "4755a26eedb94da69e1066d98aa820be -> dns",
            "workers_kv -> workers_kv_storage (merged)",
            "zone_dns -> dns",
        ]
    );
    // The suggestions, applied on request.
    let all = lint::fix_source(&safe.source, FileKind::Markdown, &config, true);
    let suggested: Vec<String> = after
        .iter()
        .flatten()
        .zip(
            decoded_keys(&all.source, FileKind::Markdown)
                .iter()
                .flatten(),
        )
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{a} -> {b}"))
        .collect();
    assert_eq!(
        suggested,
        [
            "cloudflare_tunnel -> argotunnel",
            "workers_r2_storage -> workers_r2",
            "pages -> page",
            "zero_trust -> teams",
            "dnss -> dns",
            "analyticz -> analytics",
            "workers_scritps -> workers_scripts",
            "queus -> queues",
            "hyperdriv -> hyperdrive",
        ]
    );
}

#[test]
fn diff_sets_the_suggested_fixes_apart() {
    let dir = tempfile::tempdir().unwrap();
    let url = |key: &str| {
        format!("https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22{key}%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all&name=T")
    };
    std::fs::write(
        dir.path().join("doc.md"),
        format!("{}\n\n{}\n", url("zone_dns"), url("dnss")),
    )
    .unwrap();
    let (out, err, code) = run_in(dir.path(), &["check", "--isolated", "--diff", "doc.md"]);
    assert_eq!(code, 1);
    assert!(out.contains("+https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22"), "{out}");
    assert!(!out.contains("suggested fixes"), "{out}");
    assert_eq!(
        err,
        "Would fix 1 problem in 1 file (run with --fix to apply).\n\
         1 problem has a suggested fix not shown: it may change what the token grants (see it with --diff --unsafe-fixes).\n"
    );
    let (out, err, _) = run_in(
        dir.path(),
        &["check", "--isolated", "--diff", "--unsafe-fixes", "doc.md"],
    );
    let (safe, suggested) = out
        .split_once("# cf-token-lint: suggested fixes (--unsafe-fixes); they may change what the token grants\n")
        .unwrap_or_else(|| panic!("no heading: {out}"));
    // The safe diff renames `zone_dns` and leaves `dnss` alone (at most as context).
    let changed = |diff: &str, key: &str| {
        diff.lines().any(|l| {
            l.starts_with('-') && !l.starts_with("---") && l.contains(&format!("%22{key}%22"))
        })
    };
    assert!(
        changed(safe, "zone_dns") && !changed(safe, "dnss"),
        "{safe}"
    );
    assert!(
        suggested.starts_with("--- a/doc.md\n+++ b/doc.md\n"),
        "{suggested}"
    );
    assert!(
        changed(suggested, "dnss") && !changed(suggested, "zone_dns"),
        "{suggested}"
    );
    assert_eq!(
        err,
        "Would fix 2 problems in 1 file, 1 of them by suggested fixes shown apart (run with --fix --unsafe-fixes to apply).\n"
    );
    // Applied, and said so.
    let (out, _, code) = run_in(
        dir.path(),
        &["check", "--isolated", "--fix", "--unsafe-fixes", "doc.md"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Fixed 2 problems in 1 file (1 by unsafe fixes)."),
        "{out}"
    );
}
