//! The README's walkthrough ("Adopting it"), step by step on a copy of fixtures/: each
//! configuration change, the inline suppression and the baseline change the output exactly as
//! the README says, and the README quotes exactly these commands and lines.

mod common;

use std::path::Path;

use common::{copy_dir, repo, run_in as run};

fn append(path: &Path, text: &str) {
    let mut old = std::fs::read_to_string(path).unwrap_or_default();
    old.push_str(text);
    std::fs::write(path, old).unwrap();
}

/// Adds `text` on the line after the `[table]` header, as the README tells the reader to.
fn add_under(path: &Path, table: &str, text: &str) {
    let old = std::fs::read_to_string(path).unwrap();
    let header = format!("{table}\n");
    assert!(
        old.contains(&header),
        "the starter configuration has {table}"
    );
    std::fs::write(path, old.replacen(&header, &format!("{header}{text}"), 1)).unwrap();
}

const STEP_1: &str = "over-broad = \"off\"\n";
const STEP_2: &str =
    "[catalog.keys.quantum_teleporter]\nscope = \"account\"\ntypes = [\"read\", \"edit\"]\n";
const STEP_3: &str = "max-type = { dns = \"read\" }\n";
const SUPPRESSION: &str = "<!-- cf-token-lint-disable-next-line unknown-key -->";
const BROKEN: &str = "over-broad = \"fatal\"";

const LINES: &[&str] = &[
    "Wrote ./cf-token-lint.toml: every setting in it is commented out; uncomment what you need.",
    "Found 0 errors, 4 warnings and 0 notes in 1 file (4 template URLs checked in 1 file).",
    "No problems found (4 template URLs checked in 1 file).",
    "good/config.json:3:126: error[policy]: the policy allows at most `read` on `dns`, not `edit`",
    "   14  unknown-key  error  [5 fixable]",
    "Wrote 90 findings to baseline.json.",
    "No problems found (73 template URLs checked in 22 files; 90 findings hidden by the baseline).",
    "cf-token-lint: error: cf-token-lint.toml:7:14: unknown variant `fatal`, expected one of `off`, `note`, `warning`, `error` (in [rules])",
];

#[test]
fn the_readme_walkthrough_holds() {
    let dir = tempfile::tempdir().unwrap();
    let try_dir = dir.path().join("try");
    copy_dir(&repo().join("fixtures"), &try_dir);
    let config = try_dir.join("cf-token-lint.toml");

    let (out, _, code) = run(&try_dir, &["init"]);
    assert_eq!(
        (out.as_str(), code),
        (format!("{}\n", LINES[0]).as_str(), 0)
    );

    let (out, _, code) = run(&try_dir, &["bad/over-broad.md"]);
    let summary = out.lines().find(|l| l.starts_with("Found"));
    assert_eq!((summary, code), (Some(LINES[1]), 0));

    add_under(&config, "[rules]", STEP_1);
    let (out, _, code) = run(&try_dir, &["bad/over-broad.md"]);
    assert_eq!(
        (out.as_str(), code),
        (format!("{}\n", LINES[2]).as_str(), 0)
    );

    let (before, _, _) = run(&try_dir, &["--format", "compact", "bad/unknown-key.md"]);
    assert!(before.contains("unknown permission key `quantum_teleporter`"));
    assert_eq!(before.lines().count(), 5);
    append(&config, STEP_2);
    let (after, _, _) = run(&try_dir, &["--format", "compact", "bad/unknown-key.md"]);
    assert_eq!(after.lines().count(), 4);
    assert!(!after.contains("quantum_teleporter"));

    add_under(&config, "[policy]", STEP_3);
    let (out, _, code) = run(&try_dir, &["--format", "compact", "good/config.json"]);
    assert_eq!(
        (out.as_str(), code),
        (format!("{}\n", LINES[3]).as_str(), 1)
    );

    let page = try_dir.join("bad/unknown-key.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    assert!(lines[2].contains("dnss"), "line 3 holds the typo");
    lines.insert(2, SUPPRESSION);
    std::fs::write(&page, lines.join("\n") + "\n").unwrap();
    let (out, _, _) = run(&try_dir, &["--format", "compact", "bad/unknown-key.md"]);
    assert_eq!(out.lines().count(), 3);
    assert!(!out.contains("dnss"));

    let (out, _, _) = run(
        &try_dir,
        &["--select", "unknown-key", "--statistics", "bad/"],
    );
    assert_eq!(out.lines().next(), Some(LINES[4]), "{out}");

    let (_, err, code) = run(&try_dir, &["--write-baseline", "baseline.json", "bad/"]);
    assert_eq!(
        (err.as_str(), code),
        (format!("{}\n", LINES[5]).as_str(), 0)
    );
    let (out, _, code) = run(&try_dir, &["--baseline", "baseline.json", "bad/"]);
    assert_eq!(
        (out.as_str(), code),
        (format!("{}\n", LINES[6]).as_str(), 0)
    );

    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace(STEP_1.trim_end(), BROKEN)).unwrap();
    let (_, err, code) = run(&try_dir, &["bad/"]);
    assert_eq!(
        (err.as_str(), code),
        (format!("{}\n", LINES[7]).as_str(), 2)
    );
}

#[test]
fn the_readme_quotes_the_walkthrough() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for line in LINES {
        assert!(readme.contains(line), "README.md lacks: {line}");
    }
    for block in [STEP_1, STEP_2, STEP_3] {
        let indented: String = block.lines().map(|l| format!("   {l}\n")).collect();
        assert!(
            readme.contains(&indented),
            "README.md lacks the block:\n{block}"
        );
    }
    for command in [
        "cp -r fixtures /tmp/try && cd /tmp/try",
        "cf-token-lint bad/over-broad.md",
        "cf-token-lint --format compact good/config.json",
        "cf-token-lint init",
        "cf-token-lint --select unknown-key --statistics bad/",
        BROKEN,
        SUPPRESSION,
        "cf-token-lint --write-baseline baseline.json bad/",
        "cf-token-lint --baseline baseline.json bad/",
    ] {
        assert!(readme.contains(command), "README.md lacks: {command}");
    }
}
