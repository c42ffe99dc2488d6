//! scripts/action-install.sh against a release layout served on 127.0.0.1 by a small HTTP
//! server in this test: a good asset is installed, checked and put on PATH; a tampered checksum
//! is refused (no install, no fallback); a missing asset fails with the fallback forbidden and
//! falls back to `cargo install` otherwise; a cached binary needs no download at all.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::repo;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const TARGET: &str = "x86_64-unknown-linux-musl";

/// Serves files under `root` (GET only; 404 for anything else) on a free port; counts requests.
fn serve(root: PathBuf) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            reader.read_line(&mut request).unwrap_or_default();
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) <= 2 {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let file = root.join(path.trim_start_matches('/'));
            let ok = !path.contains("..") && file.is_file();
            let body = if ok {
                std::fs::read(&file).unwrap()
            } else {
                b"not found\n".to_vec()
            };
            let status = if ok { "200 OK" } else { "404 Not Found" };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (base, hits)
}

/// A release layout: `v<version>/cf-token-lint-<target>.tar.gz` holding the binary under test,
/// and its `.sha256`, optionally tampered.
fn release(tampered: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let stage = dir.path().join("stage");
    std::fs::create_dir(&stage).unwrap();
    std::fs::copy(
        env!("CARGO_BIN_EXE_cf-token-lint"),
        stage.join("cf-token-lint"),
    )
    .unwrap();
    let tag = dir.path().join(format!("v{VERSION}"));
    std::fs::create_dir(&tag).unwrap();
    let asset = format!("cf-token-lint-{TARGET}.tar.gz");
    let tar = Command::new("tar")
        // gzip -1: the debug binary is large, and the test is about the installer, not gzip.
        .args([
            "-I",
            "gzip -1",
            "-cf",
            tag.join(&asset).to_str().unwrap(),
            "-C",
            stage.to_str().unwrap(),
            "cf-token-lint",
        ])
        .status()
        .unwrap();
    assert!(tar.success());
    let sum = Command::new("sha256sum")
        .arg(&asset)
        .current_dir(&tag)
        .output()
        .unwrap();
    let mut line = String::from_utf8(sum.stdout).unwrap();
    if tampered {
        let flipped = if line.starts_with('0') { "1" } else { "0" };
        line.replace_range(0..1, flipped);
    }
    std::fs::write(tag.join(format!("{asset}.sha256")), line).unwrap();
    dir
}

struct Run {
    out: Output,
    github_path: String,
    github_output: String,
    cache: PathBuf,
}

fn install(base: &str, cache: &Path, env: &[(&str, &str)]) -> Run {
    let files = tempfile::tempdir().unwrap();
    let github_path = files.path().join("path");
    let github_output = files.path().join("output");
    let mut cmd = Command::new("bash");
    cmd.arg("scripts/action-install.sh")
        .current_dir(repo())
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("CF_TOKEN_LINT_BASE_URL", base)
        .env("CF_TOKEN_LINT_CACHE", cache)
        .env("GITHUB_PATH", &github_path)
        .env("GITHUB_OUTPUT", &github_output)
        .env_remove("CF_TOKEN_LINT_VERSION")
        .env_remove("CF_TOKEN_LINT_NO_SOURCE_FALLBACK");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        out,
        github_path: std::fs::read_to_string(github_path).unwrap_or_default(),
        github_output: std::fs::read_to_string(github_output).unwrap_or_default(),
        cache: cache.to_path_buf(),
    }
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn a_good_asset_is_installed_on_path_and_then_served_from_the_cache() {
    let layout = release(false);
    let (base, hits) = serve(layout.path().to_path_buf());
    let cache = tempfile::tempdir().unwrap();
    let run = install(
        &base,
        cache.path(),
        &[("CF_TOKEN_LINT_NO_SOURCE_FALLBACK", "1")],
    );
    assert!(run.out.status.success(), "{}", text(&run.out));
    let dir = run.cache.join(VERSION).join(TARGET);
    let bin = dir.join("cf-token-lint");
    assert_eq!(run.github_path, format!("{}\n", dir.display()));
    assert_eq!(run.github_output, format!("path={}\n", bin.display()));
    let version = Command::new(&bin).arg("--version").output().unwrap();
    assert_eq!(text(&version).trim(), format!("cf-token-lint {VERSION}"));
    assert!(
        text(&run.out).contains("SHA-256 checked"),
        "{}",
        text(&run.out)
    );
    assert_eq!(hits.load(Ordering::SeqCst), 2, "the asset and its .sha256");

    // Again, with the version spelled as a tag: the cache answers, nothing is downloaded.
    let again = install(
        &base,
        cache.path(),
        &[("CF_TOKEN_LINT_VERSION", &format!("v{VERSION}"))],
    );
    assert!(again.out.status.success(), "{}", text(&again.out));
    assert!(
        text(&again.out).contains("(cached)"),
        "{}",
        text(&again.out)
    );
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[test]
fn a_tampered_checksum_is_refused_and_nothing_is_installed() {
    let layout = release(true);
    let (base, _) = serve(layout.path().to_path_buf());
    let cache = tempfile::tempdir().unwrap();
    // Even with the source fallback allowed, a mismatch is an error, not a reason to build.
    let fake = fake_cargo();
    let path = format!(
        "{}:{}",
        fake.path().display(),
        std::env::var("PATH").unwrap()
    );
    let run = install(&base, cache.path(), &[("PATH", &path)]);
    assert_eq!(run.out.status.code(), Some(1), "{}", text(&run.out));
    assert!(
        text(&run.out).contains("checksum mismatch"),
        "{}",
        text(&run.out)
    );
    assert!(
        text(&run.out).contains("refusing to install it"),
        "{}",
        text(&run.out)
    );
    assert!(!cache
        .path()
        .join(VERSION)
        .join(TARGET)
        .join("cf-token-lint")
        .exists());
    assert!(
        !fake.path().join("cargo-called").exists(),
        "fell back to cargo"
    );
    assert_eq!(run.github_path, "");
}

/// A `cargo` that records its arguments and "installs" the binary under test.
fn fake_cargo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "#!/bin/sh\necho \"$@\" > '{log}'\nwhile [ \"$1\" != --root ]; do shift; done\nmkdir -p \"$2/bin\"\ncp '{bin}' \"$2/bin/cf-token-lint\"\n",
        log = dir.path().join("cargo-called").display(),
        bin = env!("CARGO_BIN_EXE_cf-token-lint"),
    );
    let cargo = dir.path().join("cargo");
    std::fs::write(&cargo, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

#[test]
fn a_missing_asset_fails_without_fallback_and_builds_with_cargo_otherwise() {
    let empty = tempfile::tempdir().unwrap();
    let (base, _) = serve(empty.path().to_path_buf());
    let cache = tempfile::tempdir().unwrap();
    let run = install(
        &base,
        cache.path(),
        &[("CF_TOKEN_LINT_NO_SOURCE_FALLBACK", "1")],
    );
    assert_eq!(run.out.status.code(), Some(1), "{}", text(&run.out));
    assert!(
        text(&run.out).contains("the download of v0.1.0 for x86_64-unknown-linux-musl failed, and CF_TOKEN_LINT_NO_SOURCE_FALLBACK=1 forbids"),
        "{}",
        text(&run.out)
    );

    let fake = fake_cargo();
    let path = format!(
        "{}:{}",
        fake.path().display(),
        std::env::var("PATH").unwrap()
    );
    let run = install(&base, cache.path(), &[("PATH", &path)]);
    assert!(run.out.status.success(), "{}", text(&run.out));
    let args = std::fs::read_to_string(fake.path().join("cargo-called")).unwrap();
    assert!(
        args.starts_with("install --locked --quiet --root "),
        "{args}"
    );
    assert!(
        args.trim_end()
            .ends_with(&format!("--path {}", repo().display())),
        "{args}"
    );
    assert!(
        text(&run.out).contains("::warning title=cf-token-lint install::"),
        "{}",
        text(&run.out)
    );
    assert!(
        run.github_output.starts_with("path="),
        "{}",
        run.github_output
    );

    // Another version than the action's comes from crates.io.
    let cache = tempfile::tempdir().unwrap();
    let run = install(
        &base,
        cache.path(),
        &[("PATH", &path), ("CF_TOKEN_LINT_VERSION", "9.9.9")],
    );
    // The fake installs this build, whose --version is not 9.9.9; the fallback still ran.
    let args = std::fs::read_to_string(fake.path().join("cargo-called")).unwrap();
    assert!(
        args.trim_end().ends_with("--version =9.9.9 cf-token-lint"),
        "{args}"
    );
    let _ = run;
}

#[test]
fn runners_map_to_release_targets() {
    for (os, arch, target) in [
        ("Linux", "X64", "x86_64-unknown-linux-musl"),
        ("Linux", "ARM64", "aarch64-unknown-linux-musl"),
        ("macOS", "X64", "x86_64-apple-darwin"),
        ("macOS", "ARM64", "aarch64-apple-darwin"),
        ("Windows", "X64", "x86_64-pc-windows-msvc"),
        ("Windows", "ARM64", "none"),
        ("Linux", "ARM", "none"),
    ] {
        let out = Command::new("bash")
            .args(["scripts/action-install.sh", "plan"])
            .current_dir(repo())
            .env("RUNNER_OS", os)
            .env("RUNNER_ARCH", arch)
            .env("CF_TOKEN_LINT_CACHE", "/cache")
            .env_remove("CF_TOKEN_LINT_VERSION")
            .output()
            .unwrap();
        let dir = if target == "none" { "source" } else { target };
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("version={VERSION}\ntarget={target}\ndir=/cache/{VERSION}/{dir}\n"),
            "{os} {arch}"
        );
    }
}

#[test]
fn a_version_that_is_not_a_version_is_refused() {
    let out = Command::new("bash")
        .args(["scripts/action-install.sh", "plan"])
        .current_dir(repo())
        .env("CF_TOKEN_LINT_VERSION", "1.0; rm -rf /")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("is not a version number"),
        "{}",
        text(&out)
    );
}
