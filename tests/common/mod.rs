//! Helpers shared by the integration tests: run the real binary, read its JSON report.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository, when present (CI has it; a user's clone does not).
pub fn shared() -> Option<PathBuf> {
    let dir = repo().join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        skip(format_args!(
            "../shared is absent (it is present in CI, not in a user's clone)"
        ));
        None
    }
}

/// Says that a test skipped and why, visibly: on standard error (shown with
/// `--nocapture`) and in `target/tmp/skipped-tests.txt`, which `.ci/run` prints and fails on,
/// so CI never passes a test that did not run.
pub fn skip(reason: std::fmt::Arguments) {
    eprintln!("skipped: {reason}");
    let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join("skipped-tests.txt");
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
    {
        use std::io::Write;
        let _ = writeln!(file, "{test}: {reason}");
    }
}

pub fn cmd() -> Command {
    let mut c = Command::cargo_bin("cf-token-lint").expect("binary builds");
    c.current_dir(repo());
    c.env_remove("NO_COLOR");
    c
}

/// Runs with `--format json` and returns the parsed report and the exit code.
pub fn json_report(args: &[&str]) -> (Value, i32) {
    let out = cmd()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (report, out.status.code().expect("exit code"))
}

/// One diagnostic as the tests compare it: file name, line, rule, and the source text under
/// its byte span.
pub fn described(report: &Value, base: &Path) -> Vec<(String, u64, String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let src = std::fs::read(base.join(path)).unwrap_or_default();
            let (s, e) = (
                d["byte_start"].as_u64().unwrap() as usize,
                d["byte_end"].as_u64().unwrap() as usize,
            );
            let text = String::from_utf8_lossy(&src[s..e]).into_owned();
            let name = Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                name,
                d["line"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
                text,
            )
        })
        .collect()
}

pub fn summary(report: &Value, field: &str) -> u64 {
    report["summary"][field]
        .as_u64()
        .unwrap_or_else(|| panic!("summary.{field}"))
}

/// `PATH` with the directory of the binary under test first, for tools that run
/// `cf-token-lint` by name (Vim's `:make`, pre-commit's system hook).
pub fn path_with_binary() -> String {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_cf-token-lint"))
        .parent()
        .unwrap()
        .to_path_buf();
    format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A program on `PATH`, if installed.
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Copies a directory tree (fixtures/ into a temporary directory, to change it).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs `cf-token-lint ARGS` in `dir` without colour; returns stdout, stderr and the exit code.
pub fn run_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = cmd()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

/// The keys of every template URL in `src`, in order, as the form would read them (decoded).
pub fn decoded_keys(src: &[u8], kind: cf_token_lint::syntax::FileKind) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    cf_token_lint::for_each_template(src, kind, |url| {
        all.push(
            url.entries()
                .iter()
                .filter_map(|e| Some(e.key.as_ref()?.value.clone()))
                .collect(),
        );
    });
    all
}

/// Whether plain `--fix` may turn key `old` into `new`: only where the catalog's data says
/// what was meant (a documented rename, a display name or spelling of a documented key, a
/// group ID's own key), never by similarity.
pub fn is_certain_rewrite(old: &str, new: &str) -> bool {
    use cf_token_lint::catalog::{Catalog, KeySuggestion, ReplacedBecause};
    let catalog = Catalog::builtin();
    if catalog.group(old).is_some_and(|g| g.key == new) {
        return true;
    }
    let firm = |k: &str| catalog.key(k).is_some_and(|i| i.evidence().is_firm());
    match catalog.suggest_key(old) {
        KeySuggestion::Replaced {
            key,
            because: ReplacedBecause::Renamed,
            ..
        }
        | KeySuggestion::Spelling { key } => key == new,
        KeySuggestion::DisplayName { key, .. } => key == new && firm(&key),
        _ => false,
    }
}
