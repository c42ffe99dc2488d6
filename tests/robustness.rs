//! Inputs that must never crash, hang or stop the run: binary files, invalid UTF-8, huge lines,
//! broken escapes, JSON cut short, unreadable files.

mod common;

use cf_token_lint::config::Config;
use cf_token_lint::lint_source;
use cf_token_lint::syntax::FileKind;
use common::cmd;
use serde_json::Value;

const USER: &str = "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=";

fn lint(bytes: &[u8], kind: FileKind) -> Vec<(&'static str, std::ops::Range<usize>)> {
    lint_source(bytes, kind, &Config::default())
        .diagnostics
        .into_iter()
        .map(|d| (d.rule, d.span))
        .collect()
}

fn report_for(dir: &std::path::Path) -> (Value, i32) {
    let out = cmd()
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn binary_files_are_skipped_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut binary = b"\x00\x01\x02PNG".to_vec();
    binary.extend_from_slice(
        format!("{USER}%5B%7B%22key%22%3A%22dnss%22%7D%5D&accountId=*&zoneId=all&name=Robustness%20check").as_bytes(),
    );
    std::fs::write(dir.path().join("image.md"), binary).unwrap();
    std::fs::write(dir.path().join("ok.md"), format!("{USER}%5B%7B%22key%22%3A%22dnss%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&zoneId=all&name=Robustness%20check\n")).unwrap();
    let (report, code) = report_for(dir.path());
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["files_scanned"], 1);
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1);
    assert!(diags[0]["path"].as_str().unwrap().ends_with("ok.md"));
}

#[test]
fn invalid_utf8_around_a_url_keeps_spans_and_columns() {
    let mut src = b"\xff\xfe caf\xe9 ".to_vec();
    let start = src.len();
    src.extend_from_slice(format!("{USER}%5B%7B%22key%22%3A%22dnss%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&zoneId=all&name=Robustness%20check ").as_bytes());
    src.extend_from_slice(b"\xc3\x28\n");
    let diags = lint(&src, FileKind::Markdown);
    assert_eq!(diags.len(), 1);
    let (rule, span) = &diags[0];
    assert_eq!(*rule, "unknown-key");
    assert_eq!(&src[span.clone()], b"dnss");
    assert!(span.start > start);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("latin1.md"), &src).unwrap();
    let (report, _) = report_for(dir.path());
    let d = &report["diagnostics"][0];
    // Each invalid byte counts as one column: "\xff\xfe caf\xe9 " is 8 columns.
    assert_eq!(
        d["column"].as_u64().unwrap() as usize,
        9 + (span.start - start)
    );
    let human = cmd()
        .args(["check", "--color", "never"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&human.stdout).contains("not a known key"));
}

#[test]
fn a_five_megabyte_line_is_linted_in_one_pass() {
    let mut src = vec![b'a'; 5 * 1024 * 1024];
    src.extend_from_slice(format!(" {USER}%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22write%22%7D%5D&accountId=*&zoneId=all&name=Robustness%20check").as_bytes());
    src.extend(std::iter::repeat_n(b'b', 1024 * 1024));
    let diags = lint(&src, FileKind::Markdown);
    assert_eq!(diags.len(), 1);
    assert_eq!(&src[diags[0].1.clone()], b"write");
    // A line that long made only of URL-ish bytes is one (long) URL, still read linearly.
    let mut long_url = format!("{USER}[").into_bytes();
    long_url.extend(std::iter::repeat_n(b'{', 5 * 1024 * 1024));
    let diags = lint(&long_url, FileKind::Text);
    assert!(diags.iter().any(|(rule, _)| *rule == "malformed-url"));
}

#[test]
fn broken_escapes_and_cut_json_are_diagnostics() {
    let cases: &[(&str, &str)] = &[
        (
            &format!("{USER}%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22edit%22%7D%5"),
            "%5",
        ),
        (
            &format!("{USER}%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22edit%22%7D%"),
            "%",
        ),
        (&format!("{USER}%5B%7B%22key%22%3A%22dn"), "n"),
        (&format!("{USER}%5B%7B%22key%22%3A"), "%3A"),
        (&format!("{USER}[{{\"key\":\"dns\",\"type\""), "&"),
        (
            &format!("{USER}%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22edit%22%7D%5D%C3"),
            "%C3",
        ),
    ];
    for (url, at) in cases {
        let src = format!("{url}&accountId=*&zoneId=all&name=Robustness%20check");
        let diags = lint(src.as_bytes(), FileKind::Text);
        let malformed: Vec<_> = diags
            .iter()
            .filter(|(r, _)| *r == "malformed-url")
            .collect();
        assert_eq!(malformed.len(), 1, "{url}: {diags:?}");
        assert_eq!(&src[malformed[0].1.clone()], *at, "{url}");
    }
    // At the very end of the file, with no parameters after it.
    let src = format!("{USER}%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22edit%22%7D%5");
    assert!(lint(src.as_bytes(), FileKind::Text)
        .iter()
        .any(|(r, _)| *r == "malformed-url"));
}

#[test]
fn every_prefix_of_a_fixture_lints_without_panic_and_spans_stay_inside() {
    let src = std::fs::read(common::repo().join("fixtures/bad/malformed-url.md")).unwrap();
    for cut in 0..=src.len() {
        let part = &src[..cut];
        for kind in [
            FileKind::Markdown,
            FileKind::Html,
            FileKind::Json,
            FileKind::Yaml,
            FileKind::Toml,
            FileKind::Text,
        ] {
            for d in lint_source(part, kind, &Config::default()).diagnostics {
                assert!(
                    d.span.start <= d.span.end && d.span.end <= cut,
                    "{kind:?} cut {cut}: {:?}",
                    d.span
                );
            }
        }
    }
}

#[test]
fn unreadable_files_are_reported_and_the_rest_is_linted() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ok = dir.path().join("ok.md");
    std::fs::write(&ok, format!("{USER}%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22write%22%7D%5D&accountId=*&zoneId=all&name=Robustness%20check\n")).unwrap();
    let secret = dir.path().join("secret.md");
    std::fs::write(&secret, "x").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root, permissions do not stop reads; /proc/self/mem is a regular file whose read
    // fails for anyone, so it stands in for an unreadable file there.
    let unreadable = if std::fs::read(&secret).is_err() {
        secret
    } else if std::fs::read("/proc/self/mem").is_err() {
        std::path::PathBuf::from("/proc/self/mem")
    } else {
        common::skip(format_args!("no unreadable file can be made here"));
        return;
    };
    let out = cmd()
        .args(["check", "--format", "json"])
        .arg(&unreadable)
        .arg(&ok)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = report["diagnostics"].as_array().unwrap();
    let found: Vec<(&str, bool)> = diags
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["url"].is_null()))
        .collect();
    assert!(found.contains(&("bad-type", false)), "{found:?}");
    assert!(found.contains(&("unreadable-file", true)), "{found:?}");
    let file_level = diags
        .iter()
        .find(|d| d["rule"] == "unreadable-file")
        .unwrap();
    assert_eq!(
        file_level["path"].as_str().unwrap(),
        unreadable.to_string_lossy()
    );
    assert!(file_level["message"]
        .as_str()
        .unwrap()
        .starts_with("cannot read: "));
    let human = cmd()
        .args(["check", "--color", "never"])
        .arg(&unreadable)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    let expected = format!(
        "error[unreadable-file]: {}: cannot read: ",
        unreadable.display()
    );
    assert!(text.contains(&expected), "{text}");
    assert!(text.contains(&*unreadable.to_string_lossy()), "{text}");
}

#[test]
fn a_named_file_with_any_extension_is_linted_and_ignored_paths_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let bad = format!("{USER}%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22write%22%7D%5D&accountId=*&zoneId=all&name=Robustness%20check\n");
    std::fs::write(dir.path().join("notes.cfg"), &bad).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "ignored/\n").unwrap();
    for sub in ["ignored", "node_modules", "target", ".git"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("page.md"), &bad).unwrap();
    }
    // Walking skips the .cfg file (not a default type) and the skipped directories.
    let (report, code) = report_for(dir.path());
    assert_eq!(
        (code, report["summary"]["files_scanned"].as_u64()),
        (0, Some(0))
    );
    // Named explicitly, it is linted as text.
    let (report, code) = report_for(&dir.path().join("notes.cfg"));
    assert_eq!(
        (code, report["diagnostics"][0]["rule"].as_str()),
        (1, Some("bad-type"))
    );
}

fn verbose_run(args: &[&std::ffi::OsStr]) -> (Value, String, i32) {
    let out = cmd()
        .args(["check", "--format", "json", "--verbose"])
        .args(args)
        .output()
        .unwrap();
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn fifos_and_devices_are_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.md");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::fs::write(dir.path().join("ok.md"), "no links\n").unwrap();
    // Named explicitly and found by walking: neither blocks the run.
    let (report, err, code) = verbose_run(&[
        fifo.as_os_str(),
        std::ffi::OsStr::new("/dev/null"),
        dir.path().as_os_str(),
    ]);
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["files_scanned"], 1);
    assert!(
        err.contains("pipe.md: skipped: not a regular file"),
        "{err}"
    );
    assert!(
        err.contains("/dev/null: skipped: not a regular file"),
        "{err}"
    );
}

#[test]
fn symlink_loops_are_reported_or_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    let b = dir.path().join("b.md");
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/up")).unwrap();
    // Walking: links are not followed, so the loops cost nothing.
    let (report, _, code) = verbose_run(&[dir.path().as_os_str()]);
    assert_eq!(
        (code, report["summary"]["files_scanned"].as_u64()),
        (0, Some(0))
    );
    // Named explicitly: a diagnostic, and the run goes on.
    let (report, _, code) = verbose_run(&[a.as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(report["diagnostics"][0]["rule"], "unreadable-file");
    assert!(report["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("symbolic links"));
}

#[test]
fn byte_order_marks_and_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "{USER}%5B%7B%22key%22%3A%22dnss%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&zoneId=all&name=Robustness%20check"
    );
    // UTF-8 with a BOM: linted, and the BOM takes no column.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(url.as_bytes());
    std::fs::write(dir.path().join("bom.md"), &bom).unwrap();
    let (report, _, _) = verbose_run(&[dir.path().join("bom.md").as_os_str()]);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "unknown-key");
    assert_eq!(
        d["column"].as_u64().unwrap() as usize,
        url.find("dnss").unwrap() + 1
    );
    assert_eq!(
        d["byte_start"].as_u64().unwrap() as usize,
        url.find("dnss").unwrap() + 3
    );
    // UTF-16 with a BOM: said clearly, not skipped silently as binary.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in url.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(dir.path().join("wide.md"), &utf16).unwrap();
    let (report, _, code) = verbose_run(&[dir.path().join("wide.md").as_os_str()]);
    assert_eq!(code, 1);
    assert_eq!(report["diagnostics"][0]["rule"], "unreadable-file");
    assert!(report["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("UTF-16"));
}

#[test]
fn files_over_the_size_cap_are_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.md");
    std::fs::write(&big, vec![b'x'; 4096]).unwrap();
    let out = cmd()
        .args(["check", "--format", "json", "--max-file-size", "1000"])
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["diagnostics"][0]["rule"], "unreadable-file");
    assert_eq!(
        report["diagnostics"][0]["message"],
        "the file is 4096 bytes, over the 1000-byte limit (--max-file-size): not linted"
    );
    cmd()
        .args(["check", "--max-file-size", "0"])
        .arg(&big)
        .assert()
        .code(2);
}

#[test]
fn binary_files_are_noted_in_verbose_mode() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("logo.md"), b"\x89PNG\r\n\x1a\n\x00\x00").unwrap();
    let (report, err, code) = verbose_run(&[dir.path().as_os_str()]);
    assert_eq!(
        (code, report["summary"]["files_scanned"].as_u64()),
        (0, Some(0))
    );
    assert!(err.contains("logo.md: skipped: binary"), "{err}");
}

/// Text from files cannot drive the terminal or inject workflow commands: control characters
/// in a decoded name or key, and in a file name, are escaped in every text format.
#[test]
fn control_characters_from_files_are_escaped_in_text_output() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}[2J.md";
    let key = "%1B%5D0%3Bpwned%07";
    let content = format!(
        "{USER}%5B%7B%22key%22%3A%22{key}%22%2C%22type%22%3A%22edit%22%7D%2C%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all&name=Robustness%20check&name=Read%1B%5B31m%0A%3A%3Aerror%3A%3Ahi\n"
    );
    std::fs::write(dir.path().join(name), content).unwrap();
    for format in ["human", "compact", "github"] {
        let out = cmd()
            .current_dir(dir.path())
            .args(["check", "--color", "never", "--format", format, name])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{format}: {text:?}"
        );
        assert!(
            !text.lines().any(|l| l.starts_with("::error::hi")),
            "{format}: a workflow command was injected"
        );
        assert!(
            text.contains("\\u{1b}"),
            "{format}: the escape is shown, not dropped: {text}"
        );
    }
}
