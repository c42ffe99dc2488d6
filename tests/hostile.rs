//! Hostile repositories, editors and races (issue 18): every row of the issue, against the
//! real binary. Configuration, baselines, file names and editor messages come from strangers.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::cmd;

const BIN: &str = env!("CARGO_BIN_EXE_cf-token-lint");
const USER: &str = "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=";

/// A URL with an unknown key (`dnss`): one finding, no safe fix.
fn unknown_key_url(i: usize) -> String {
    format!("{USER}%5B%7B%22key%22%3A%22dnss%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&zoneId=all&name=Token%20{i}")
}

/// Text that is safe for a terminal and for the GitHub runner: no escape character, no
/// carriage return, no line that starts a workflow command, no bidi override.
fn assert_safe(what: &str, text: &str) {
    assert!(!text.contains('\x1b'), "{what}: raw ESC in {text:?}");
    assert!(!text.contains('\r'), "{what}: raw CR in {text:?}");
    assert!(!text.contains('\u{202e}'), "{what}: raw RLO in {text:?}");
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("::"),
            "{what}: a workflow command line {line:?}"
        );
    }
}

fn run(dir: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let out = cmd()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

const PWNED: &str = "x\u{1b}[31m\u{202e}\n::error file=README.md,line=1::pwned";

// Row 1: configuration and baseline errors quote what the file says, escaped.
#[test]
fn config_and_baseline_errors_cannot_inject_escapes_or_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "nothing\n").unwrap();
    let toml_key = "x\\u001b[31m\\u202e\\n::error file=README.md,line=1::pwned";
    for (name, text) in [
        ("rule", format!("[rules]\n\"{toml_key}\" = \"off\"\n")),
        ("table", format!("[\"{toml_key}\"]\n")),
        ("policy", format!("[policy]\n\"{toml_key}\" = 1\n")),
        ("import", format!("[catalog]\nimport = [\"{toml_key}\"]\n")),
    ] {
        std::fs::write(dir.path().join("cf-token-lint.toml"), text).unwrap();
        let (out, err, code) = run(dir.path(), &["check", "a.md"]);
        assert_eq!(code, Some(2), "{name}: {err}");
        assert!(err.contains("pwned"), "{name}: the message names it: {err}");
        assert_safe(name, &err);
        assert_safe(name, &out);
    }
    std::fs::remove_file(dir.path().join("cf-token-lint.toml")).unwrap();
    let baseline = serde_json::json!({"version": 1, "findings": [{
        "path": "a.md", "rule": "unknown-key", "fingerprint": "0", "count": 1, PWNED: 1,
    }]});
    std::fs::write(dir.path().join("b.json"), baseline.to_string()).unwrap();
    let (_, err, code) = run(dir.path(), &["check", "--baseline", "b.json", "a.md"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("pwned"), "{err}");
    assert_safe("baseline", &err);
}

// Row 2: `-v` notes and `catalog import` messages.
#[test]
fn verbose_notes_and_catalog_import_messages_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "x\n::error::pwned\u{1b}[2J.md";
    std::fs::write(dir.path().join(name), b"\x00binary").unwrap();
    let (_, err, _) = run(dir.path(), &["check", "-v", name]);
    assert!(err.contains("pwned") && err.contains("skipped"), "{err}");
    assert_safe("-v", &err);

    let groups = serde_json::json!({"result": [
        {"id": "not-hex", "name": PWNED, "scopes": ["com.cloudflare.api.account"]},
        {"id": "0123456789abcdef0123456789abcdef", "name": format!("{PWNED} Read"), "scopes": ["com.cloudflare.api.account"]},
    ]});
    std::fs::write(dir.path().join("groups.json"), groups.to_string()).unwrap();
    let (out, err, code) = run(
        dir.path(),
        &["catalog", "import", "groups.json", "--output", "out.toml"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("pwned"), "{err}");
    assert_safe("catalog import", &err);
    assert_safe("catalog import", &out);
}

// Row 3: no hang and no memory blow-up on devices, FIFOs and symlinks to devices.
#[cfg(unix)]
#[test]
fn devices_fifos_and_symlinks_to_devices_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.md"), "nothing\n").unwrap();
    let fifo = d.join("fifo.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.toml")).unwrap();
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            "import /dev/zero".into(),
            vec!["[catalog]\nimport = [\"/dev/zero\"]\n"],
        ),
        (
            "import a FIFO".into(),
            vec!["[catalog]\nimport = [\"fifo.toml\"]\n"],
        ),
        (
            "import a symlink to /dev/zero".into(),
            vec!["[catalog]\nimport = [\"zero.toml\"]\n"],
        ),
    ];
    for (what, config) in cases {
        std::fs::write(d.join("cf-token-lint.toml"), config[0]).unwrap();
        let started = Instant::now();
        let (_, err, code) = run(d, &["check", "a.md"]);
        assert_eq!(code, Some(2), "{what}: {err}");
        assert!(err.contains("not a regular file"), "{what}: {err}");
        assert!(started.elapsed() < Duration::from_secs(20), "{what}");
    }
    std::fs::remove_file(d.join("cf-token-lint.toml")).unwrap();
    for args in [
        vec!["check", "--config", "/dev/zero", "a.md"],
        vec!["check", "--config", "fifo.toml", "a.md"],
        vec!["check", "--config", "zero.toml", "a.md"],
        vec!["check", "--baseline", "/dev/urandom", "a.md"],
        vec!["check", "--baseline", "fifo.toml", "a.md"],
    ] {
        let (_, err, code) = run(d, &args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains("not a regular file"), "{args:?}: {err}");
    }
}

/// One framed LSP message.
fn frame(body: &serde_json::Value) -> Vec<u8> {
    let body = body.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn initialize() -> Vec<u8> {
    let mut out = frame(&serde_json::json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {}, "processId": null, "rootUri": null},
    }));
    out.extend(frame(
        &serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    ));
    out
}

/// Runs the language server on `input` (stdin closed after it); stdout and the exit status.
fn lsp(input: Vec<u8>) -> (String, std::process::ExitStatus) {
    let mut child = Command::new(BIN)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    writer.join().unwrap();
    (out, child.wait().unwrap())
}

// Row 4: huge Content-Length values are answered, not allocated.
#[test]
fn the_language_server_survives_huge_content_lengths() {
    for length in [
        "1000000000000",
        "9223372036854775808",
        "18446744073709551615",
    ] {
        let mut input = initialize();
        input.extend(format!("Content-Length: {length}\r\n\r\n{{}}").into_bytes());
        let (out, status) = lsp(input);
        assert!(status.success(), "{length}: {status:?}");
        assert!(out.contains("-32700"), "{length}: {out}");
        assert!(out.contains("limit"), "{length}: {out}");
    }
}

// Row 5: a body that is not JSON gets -32700 and the server goes on.
#[test]
fn the_language_server_answers_malformed_bodies_and_keeps_serving() {
    let mut input = initialize();
    input.extend(b"Content-Length: 8\r\n\r\nnot json");
    input.extend(frame(
        &serde_json::json!({"jsonrpc": "2.0", "id": 5, "x": true}),
    ));
    input.extend(frame(
        &serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    ));
    input.extend(frame(
        &serde_json::json!({"jsonrpc": "2.0", "method": "exit"}),
    ));
    let (out, status) = lsp(input);
    assert!(status.success(), "{status:?}");
    assert!(out.contains("-32700"), "{out}");
    assert!(out.contains("-32600") && out.contains(r#""id":5"#), "{out}");
    assert!(
        out.contains(r#""id":2,"result":null"#),
        "shutdown answered after the bad ones: {out}"
    );
}

// Row 6: positions on a 2 MB one-line document cost linear work.
#[test]
fn language_server_positions_on_a_huge_line_are_linear() {
    use cf_token_lint::lsp::position::Lines;
    let work = |size: usize| {
        let mut text = String::new();
        let mut offsets = Vec::new();
        while text.len() < size {
            text.push_str("é ");
            offsets.push(text.len());
            text.push_str(&unknown_key_url(offsets.len()));
            text.push(' ');
        }
        let lines = Lines::new(&text);
        for &o in &offsets {
            let p = lines.position(&text, o);
            assert_eq!(lines.offset(&text, p), o);
        }
        (lines.work(), offsets.len())
    };
    let (small, n_small) = work(1 << 20);
    let (big, n_big) = work(2 << 20);
    assert!(n_big > 10_000, "many findings: {n_big}");
    // Each lookup counts from a checkpoint at most 4 KiB back, after one pass that sets
    // them: quadratic work would be about n × the line (10,000 × 1 MB).
    assert!(big <= (2 << 20) + 2 * 4096 * n_big, "work {big} for 2 MB");
    let ratio = big as f64 / small as f64;
    assert!(
        ratio < 2.5,
        "doubling the line multiplied the work by {ratio} ({n_small} → {n_big} lookups)"
    );
}

// Row 7: one long line with many findings: the output is cut, its size linear.
#[test]
fn human_output_cuts_long_lines_around_each_span() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = String::from("Intro: ");
    let mut n = 0;
    while line.len() < 64 * 1024 {
        line.push_str(&unknown_key_url(n));
        line.push_str(" \u{202e}and ");
        n += 1;
    }
    std::fs::write(dir.path().join("long.md"), format!("{line}\nshort\n")).unwrap();
    let (out, _, code) = run(dir.path(), &["check", "--format", "human", "long.md"]);
    assert_eq!(code, Some(1));
    let findings = out.matches("error[unknown-key]").count();
    assert_eq!(findings, n);
    assert!(
        out.len() < 1500 * findings,
        "{} bytes of output for {findings} findings",
        out.len()
    );
    assert_safe("human", &out);
    for l in out.lines().filter(|l| l.starts_with("1 │")) {
        assert!(l.chars().count() <= 120, "{l}");
        assert!(l.contains('…'), "{l}");
        assert!(l.contains("dnss"), "{l}");
    }
    // The caret is under `dnss`.
    let source = out.lines().find(|l| l.starts_with("1 │")).unwrap();
    let caret = out
        .lines()
        .skip_while(|l| !l.starts_with("1 │"))
        .nth(1)
        .unwrap();
    let at = caret.find('^').unwrap();
    let chars: Vec<char> = source.chars().collect();
    let col = caret[..at].chars().count();
    assert_eq!(
        chars[col..col + 4].iter().collect::<String>(),
        "dnss",
        "{source}\n{caret}"
    );
}

#[cfg(target_os = "linux")]
fn children_max_rss_kib() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss
}

// Row 8: SARIF and JSON of 2 MB of dense findings stream: memory does not follow the report.
#[cfg(target_os = "linux")]
#[test]
fn sarif_and_json_of_dense_findings_are_streamed() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 2 << 20 {
        text.push_str(&format!(
            "{USER}%5B%7B%22key%22%3A%22dnss%22%7D%2C%7B%22key%22%3A%22zonee%22%7D%5D&zoneId=all\n"
        ));
        n += 1;
    }
    std::fs::write(dir.path().join("dense.md"), &text).unwrap();
    for format in ["sarif", "json"] {
        let out = Command::new(BIN)
            .current_dir(dir.path())
            .args(["check", "--format", format, "dense.md"])
            .stderr(Stdio::null())
            .output()
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let results = if format == "sarif" {
            value["runs"][0]["results"].as_array().unwrap().len()
        } else {
            value["diagnostics"].as_array().unwrap().len()
        };
        assert!(results >= 3 * n, "{format}: {results} findings");
    }
    let rss_mib = children_max_rss_kib() / 1024;
    assert!(rss_mib < 700, "the largest child took {rss_mib} MiB");
}

// Row 9: --fix does not overwrite what another process appended meanwhile.
#[test]
fn fix_never_loses_lines_another_process_appends() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.md");
    let mut text = String::new();
    for i in 0..6000 {
        // `edit` and `read` of one key: a safe fix (drop the redundant `read`).
        text.push_str(&format!("{USER}%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%2C%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&zoneId=all&name=Line%20{i}\n"));
    }
    std::fs::write(&file, &text).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let appender = {
        let (file, stop) = (file.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut written = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let mut f = std::fs::OpenOptions::new()
                    .append(true)
                    .open(&file)
                    .unwrap();
                writeln!(f, "appended line {written}").unwrap();
                written += 1;
                std::thread::sleep(Duration::from_millis(2));
            }
            written
        })
    };
    std::thread::sleep(Duration::from_millis(20));
    let (_, err, _) = run(
        dir.path(),
        &["check", "--fix", "--format", "json", "big.md"],
    );
    std::thread::sleep(Duration::from_millis(20));
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let written = appender.join().unwrap();
    let after = std::fs::read_to_string(&file).unwrap();
    let kept = after
        .lines()
        .filter(|l| l.starts_with("appended line"))
        .count();
    assert_eq!(kept, written, "appended lines lost; stderr: {err}");
    assert!(written > 5);
}

// Row 10: --fix keeps the owner, group, mode and extended attributes.
#[cfg(target_os = "linux")]
#[test]
fn fix_keeps_owner_group_mode_and_xattrs() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.md");
    std::fs::write(&file, format!("{USER}%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%2C%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&zoneId=all&name=X\n")).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        std::os::unix::fs::chown(&file, Some(4321), Some(4322)).unwrap();
    } else {
        eprintln!("not root: the owner part of this test is skipped");
    }
    let c = std::ffi::CString::new(file.to_str().unwrap()).unwrap();
    let xattr = unsafe {
        libc::setxattr(
            c.as_ptr(),
            c"user.cf_token_lint_test".as_ptr(),
            b"kept".as_ptr().cast(),
            4,
            0,
        )
    } == 0;
    let before = std::fs::read(&file).unwrap();
    let (_, err, _) = run(dir.path(), &["check", "--fix", "a.md"]);
    assert_ne!(std::fs::read(&file).unwrap(), before, "fixed: {err}");
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    if root {
        assert_eq!((meta.uid(), meta.gid()), (4321, 4322), "{err}");
    }
    if xattr {
        let mut value = [0u8; 16];
        let n = unsafe {
            libc::getxattr(
                c.as_ptr(),
                c"user.cf_token_lint_test".as_ptr(),
                value.as_mut_ptr().cast(),
                value.len(),
            )
        };
        assert_eq!(n, 4, "{err}");
        assert_eq!(&value[..4], b"kept");
    } else {
        eprintln!("this file system takes no user xattrs: that part is skipped");
    }
}

// Row 11: a parameter repeated 300 or 1000 times is fixed in one run.
#[test]
fn fix_settles_a_parameter_repeated_hundreds_of_times() {
    let dir = tempfile::tempdir().unwrap();
    for (repeat, times) in [("&accountId=*", 300), ("&foo=1", 1000)] {
        let url = format!(
            "{}{}\n",
            unknown_key_url(0).replace("dnss", "dns"),
            repeat.repeat(times)
        );
        std::fs::write(dir.path().join("a.md"), url).unwrap();
        let (_, err, _) = run(dir.path(), &["check", "--fix", "a.md"]);
        assert!(!err.contains("panicked"), "{err}");
        let (out, err, code) = run(dir.path(), &["check", "--diff", "a.md"]);
        assert!(
            err.contains("Nothing to fix"),
            "{repeat} × {times}: a second pass still fixes: {out}{err}"
        );
        assert_eq!(code, Some(0));
    }
}

// Row 12: SIGTERM and SIGINT during --fix leave no temporary file.
#[cfg(unix)]
#[test]
fn an_interrupted_fix_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::new();
    for i in 0..300 {
        body.push_str(&format!("{USER}%5B%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%2C%7B%22key%22%3A%22dns%22%2C%22type%22%3A%22read%22%7D%5D&accountId=*&zoneId=all&name=L{i}\n"));
    }
    let body = body.repeat(4);
    for signal in [libc::SIGTERM, libc::SIGINT] {
        for delay in [30u64, 80, 150, 250, 400] {
            let tree = dir.path().join(format!("t{signal}-{delay}"));
            std::fs::create_dir_all(&tree).unwrap();
            for i in 0..150 {
                std::fs::write(tree.join(format!("f{i}.md")), &body).unwrap();
            }
            let child = Command::new(BIN)
                .current_dir(&tree)
                .args(["check", "--fix", "--format", "json", "."])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(delay));
            unsafe { libc::kill(child.id() as i32, signal) };
            let mut child = child;
            child.wait().unwrap();
            let left: Vec<_> = std::fs::read_dir(&tree)
                .unwrap()
                .filter_map(|e| e.ok())
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with(".cf-token-lint")
                })
                .collect();
            assert!(
                left.is_empty(),
                "signal {signal} after {delay} ms left {left:?}"
            );
        }
    }
}

// Row 13: one file named three ways is linted, reported and fixed once.
#[test]
fn a_file_named_several_ways_is_visited_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(
        dir.path().join("docs/a.md"),
        format!("{}\n", unknown_key_url(1)),
    )
    .unwrap();
    let abs = dir.path().join("docs/a.md").canonicalize().unwrap();
    let abs = abs.to_str().unwrap();
    let (out, err, code) = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "docs/a.md",
            "./docs/a.md",
            abs,
            "docs",
            "./docs/../docs",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1, "{out}");
    assert_eq!(report["summary"]["files_scanned"], 1);
}

// Doubtful: a baseline's counts cannot overflow.
#[test]
fn baseline_counts_saturate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), format!("{}\n", unknown_key_url(1))).unwrap();
    let (_, err, code) = run(dir.path(), &["check", "--write-baseline", "b.json", "a.md"]);
    assert_eq!(code, Some(0), "{err}");
    let mut baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("b.json")).unwrap()).unwrap();
    let entry = baseline["findings"][0].clone();
    baseline["findings"][0]["count"] = serde_json::json!(u64::MAX);
    baseline["findings"].as_array_mut().unwrap().push(entry);
    baseline["findings"][1]["count"] = serde_json::json!(u64::MAX);
    std::fs::write(dir.path().join("b.json"), baseline.to_string()).unwrap();
    let (_, err, code) = run(dir.path(), &["check", "--baseline", "b.json", "a.md"]);
    assert_eq!(code, Some(0), "{err}");
}

// Doubtful: --write-baseline replaces a symlink instead of writing through it.
#[cfg(unix)]
#[test]
fn write_baseline_replaces_a_planted_symlink() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), format!("{}\n", unknown_key_url(1))).unwrap();
    std::fs::write(dir.path().join("victim"), "precious\n").unwrap();
    std::os::unix::fs::symlink("victim", dir.path().join("b.json")).unwrap();
    let (_, err, code) = run(dir.path(), &["check", "--write-baseline", "b.json", "a.md"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("victim")).unwrap(),
        "precious\n"
    );
    let meta = std::fs::symlink_metadata(dir.path().join("b.json")).unwrap();
    assert!(meta.file_type().is_file());
}

// Doubtful: a file whose size reads 0 (as /proc files do) is capped by the bytes read.
#[cfg(target_os = "linux")]
#[test]
fn a_proc_file_is_capped_by_what_is_read() {
    let (_, err, code) = run(
        Path::new("."),
        &[
            "check",
            "--format",
            "json",
            "--max-file-size",
            "10",
            "/proc/self/maps",
        ],
    );
    assert_eq!(code, Some(1), "{err}");
}
