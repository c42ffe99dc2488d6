//! `--fix` and `--diff` on copies of fixtures/: what is fixed, what is left, that nothing else
//! changes, and how files are written.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{cmd, copy_dir, repo, run_in};
use serde_json::Value;

/// Every file under `dir`, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn report_in(dir: &Path, args: &[&str]) -> Value {
    let (out, _, _) = run_in(
        dir,
        &[&["check", "--isolated", "--format", "json"], args].concat(),
    );
    serde_json::from_str(&out).unwrap()
}

/// Whether `after` is `before` with only the bytes inside `spans` changed: every byte
/// outside them is still there, in order, with nothing added between them except at the
/// spans.
fn only_spans_changed(before: &[u8], after: &[u8], spans: &[(usize, usize)]) -> bool {
    let mut spans = spans.to_vec();
    spans.sort();
    let mut kept = Vec::new();
    let mut at = 0;
    for &(s, e) in &spans {
        if s >= at {
            kept.push(&before[at..s]);
        }
        at = at.max(e);
    }
    kept.push(&before[at..]);
    let (first, rest) = kept.split_first().unwrap();
    if !after.starts_with(first) {
        return false;
    }
    let mut pos = first.len();
    for (i, segment) in rest.iter().enumerate() {
        if i == rest.len() - 1 {
            return after.len() >= pos + segment.len() && after.ends_with(segment);
        }
        match after[pos..]
            .windows(segment.len().max(1))
            .position(|w| segment.is_empty() || w == *segment)
        {
            Some(found) => pos += found + segment.len(),
            None => return false,
        }
    }
    true
}

#[test]
fn fix_leaves_only_unfixable_findings_changes_only_fixed_spans_and_settles() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("fixtures");
    copy_dir(&repo().join("fixtures"), &root);
    let before = snapshot(&root);
    let first = report_in(dir.path(), &["fixtures"]);
    // Where the first round's fixes may write, per file.
    let mut fixable: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for d in first["diagnostics"].as_array().unwrap() {
        if let Some(edits) = d["fix"]["edits"].as_array() {
            let spans = fixable
                .entry(d["path"].as_str().unwrap().to_string())
                .or_default();
            for e in edits {
                spans.push((
                    e["byte_start"].as_u64().unwrap() as usize,
                    e["byte_end"].as_u64().unwrap() as usize,
                ));
            }
        }
    }
    assert!(
        fixable.len() >= 10,
        "fixtures have fixable findings: {fixable:?}"
    );

    // Safe and suggested fixes alike write only where their findings said.
    let (out, _, code) = run_in(
        dir.path(),
        &["check", "--isolated", "--fix", "--unsafe-fixes", "fixtures"],
    );
    assert_eq!(code, 1, "unfixable errors remain:\n{out}");
    assert!(
        out.contains("Fixed 80 problems in 33 files (24 by unsafe fixes)."),
        "{out}"
    );
    let after = snapshot(&root);

    for (rel, old) in &before {
        let new = &after[rel];
        let display = format!("fixtures/{}", rel.to_string_lossy());
        if old == new {
            continue;
        }
        let spans = fixable
            .get(&display)
            .unwrap_or_else(|| panic!("{display} changed without a fix"));
        assert!(
            only_spans_changed(old, new, spans),
            "{display}: bytes changed outside the fix spans {spans:?}"
        );
    }

    let remaining = report_in(dir.path(), &["fixtures"]);
    for d in remaining["diagnostics"].as_array().unwrap() {
        assert!(d["fix"].is_null(), "a fixable finding is left: {d}");
    }
    let (out, _, _) = run_in(
        dir.path(),
        &["check", "--isolated", "--fix", "--unsafe-fixes", "fixtures"],
    );
    assert!(out.contains("Nothing to fix."), "{out}");
    assert_eq!(snapshot(&root), after, "a second --fix changed bytes");
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("fixtures");
    copy_dir(&repo().join("fixtures"), &root);
    let before = snapshot(&root);
    let (out, err, code) = run_in(
        dir.path(),
        &["check", "--isolated", "--diff", "fixtures/bad"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "Would fix 27 problems in 14 files (run with --fix to apply).\n\
         10 problems have a suggested fix not shown: it may change what the token grants (see it with --diff --unsafe-fixes).\n"
    );
    assert_eq!(snapshot(&root), before);
    insta::assert_snapshot!(out);
    let (_, err, code) = run_in(
        dir.path(),
        &["check", "--diff", "fixtures/good/seed-002-shapes.md"],
    );
    assert_eq!((err.as_str(), code), ("Nothing to fix.\n", 0));
}

/// A file written in the host's escaping, one fix per syntax: the result keeps `\_`,
/// `&amp;`, `\u0026` and `%5F` exactly where they were.
#[test]
fn fixes_write_in_the_files_own_escaping() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "table.md",
            "| a | https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22workers\\_kv%22%2C%22type%22%3A%22write%22%7D%5D&accountId=*&zoneId=all&name=KV |\n",
            "| a | https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22workers\\_kv\\_storage%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all&name=KV |\n",
        ),
        (
            "page.html",
            "<a href=\"https://dash.cloudflare.com/?to=/:account/api-tokens&amp;permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22write%22%7D%5D&amp;accountId=*&amp;name=DNS%20edit\">x</a>\n",
            "<a href=\"https://dash.cloudflare.com/?to=/:account/api-tokens&amp;permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22edit%22%7D%5D&amp;name=DNS%20edit\">x</a>\n",
        ),
        (
            "data.json",
            "{\"u\": \"https://dash.cloudflare.com/?to=/:account/api-tokens\\u0026permissionGroupKeys=%5B%7B%22key%22%3A%22workers%5Fscritps%22%2C%22type%22%3A%22edit%22%7D%5D\\u0026zoneId=all\\u0026name=Workers\"}\n",
            "{\"u\": \"https://dash.cloudflare.com/?to=/:account/api-tokens\\u0026permissionGroupKeys=%5B%7B%22key%22%3A%22workers%5Fscripts%22%2C%22type%22%3A%22edit%22%7D%5D\\u0026name=Workers\"}\n",
        ),
    ];
    for (name, text, _) in &cases {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    // `workers_scritps` is a suggestion: the rewrite needs --unsafe-fixes.
    let (out, _, code) = run_in(
        dir.path(),
        &["check", "--isolated", "--fix", "--unsafe-fixes", "."],
    );
    assert_eq!(code, 0, "{out}");
    for (name, _, fixed) in &cases {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            *fixed,
            "{name}"
        );
    }
}

#[test]
fn untouched_files_keep_their_mtime_and_fixed_files_their_mode() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.md");
    let bad = dir.path().join("bad.md");
    std::fs::copy(repo().join("fixtures/good/seed-002-shapes.md"), &good).unwrap();
    std::fs::write(
        &bad,
        "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22write%22%7D%5D&name=DNS%20edit\n",
    )
    .unwrap();
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    for f in [&good, &bad] {
        std::fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let (_, _, code) = run_in(dir.path(), &["check", "--isolated", "--fix", "."]);
    assert_eq!(code, 0, "after fixing, nothing remains: exit 0");
    assert_eq!(std::fs::metadata(&good).unwrap().modified().unwrap(), old);
    assert_ne!(std::fs::metadata(&bad).unwrap().modified().unwrap(), old);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&bad).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[cfg(unix)]
#[test]
fn a_symlink_stays_a_symlink_and_its_target_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.md");
    std::fs::write(
        &real,
        "https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22write%22%7D%5D&name=DNS%20edit\n",
    )
    .unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (_, _, code) = run_in(dir.path(), &["check", "--isolated", "--fix", "link.md"]);
    assert_eq!(code, 0);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("%22edit%22"));
}

#[test]
fn fix_on_standard_input_prints_the_fixed_text_and_reports_on_stderr() {
    let input = "See https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22write%22%7D%5D&name=DNS%20edit\n";
    let out = cmd()
        .args(["check", "--isolated", "--fix", "--format", "compact", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        input.replace("write", "edit")
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "Fixed 1 problem in 1 file.\nNo problems found (1 template URL checked in 1 file).\n"
    );
    // Nothing to fix: the text comes back as it was.
    let plain = "No links here.\n";
    let out = cmd()
        .args(["check", "--isolated", "--fix", "-"])
        .write_stdin(plain)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), plain);
    // `-` with other paths is refused: the fixed text would mix with nothing to mark it.
    cmd()
        .args(["check", "--fix", "-", "fixtures/good"])
        .assert()
        .code(2);
}

/// SARIF carries each fix as a replacement of byte regions, and applying it gives what --fix
/// writes.
#[test]
fn sarif_results_carry_their_fixes() {
    let out = cmd()
        .args([
            "check",
            "--isolated",
            "--format",
            "sarif",
            "fixtures/bad/bad-type.md",
        ])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let first = &results[0];
    assert_eq!(first["ruleId"], "bad-type");
    let fix = &first["fixes"][0];
    assert_eq!(fix["description"]["text"], "replace `write` with `edit`");
    let change = &fix["artifactChanges"][0];
    assert_eq!(
        change["artifactLocation"]["uri"],
        "fixtures/bad/bad-type.md"
    );
    let replacement = &change["replacements"][0];
    let src = std::fs::read(repo().join("fixtures/bad/bad-type.md")).unwrap();
    let start = replacement["deletedRegion"]["byteOffset"].as_u64().unwrap() as usize;
    let len = replacement["deletedRegion"]["byteLength"].as_u64().unwrap() as usize;
    assert_eq!(&src[start..start + len], b"write");
    assert_eq!(replacement["insertedContent"]["text"], "edit");
    // A finding with no safe fix has no `fixes`.
    let scope_word = results
        .iter()
        .find(|r| r["message"]["text"].as_str().unwrap().contains("`account`"))
        .unwrap();
    assert!(scope_word.get("fixes").is_none());
    // Nor does a suggestion (`dnss` -> `dns`): a SARIF consumer may apply fixes unasked.
    let dnss = results
        .iter()
        .find(|r| r["message"]["text"].as_str().unwrap().contains("`dnss`"))
        .unwrap();
    assert_eq!(dnss["ruleId"], "unknown-key");
    assert!(dnss.get("fixes").is_none(), "{dnss}");
}
