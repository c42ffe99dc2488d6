//! One file, from its bytes to what the report shows: read it (within the size limit, binary
//! and UTF-16 files recognised), lint it, and in a fix mode fix it and write it back or diff
//! it. The command line, the language server and the tests all go through here or through
//! `lint`, so no caller re-implements a stage.

mod write;

pub use write::ReadState;
use write::WriteError;

use std::path::Path;

use crate::config::Config;
use crate::diagnostic::{printable, Applicability, Diagnostic};
use crate::input::{read_capped_into, read_listed_into, ReadError};
use crate::lint::{fix_source, lint_source, FileLint};
use crate::report::FileOutcome;
use crate::rules::UNREADABLE_FILE;
use crate::syntax::FileKind;
use crate::text::safe_message;

/// Binary files are recognised by a NUL byte near the start, as git does.
const BINARY_SNIFF_LEN: usize = 8192;

/// Whether the run fixes: not at all, in place (`--fix`), or as a diff (`--diff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    Off,
    Write,
    Diff,
}

/// How each file is handled: limits that protect a run from pathological files, and fixing.
pub struct Limits {
    pub max_file_size: u64,
    pub mode: FixMode,
    /// `--unsafe-fixes`: apply the suggested fixes too.
    pub unsafe_fixes: bool,
}

/// A buffer above this size is given back once its file is done: one huge file must not keep
/// its memory for the rest of the run.
const KEPT_BUFFER: usize = 4 * 1024 * 1024;

thread_local! {
    /// Each thread reads its files into one buffer: no allocation per file.
    static READ_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Reads, lints and (in a fix mode) fixes the file at `path`, shown as `display`.
pub fn lint_file(path: &Path, display: &str, config: &Config, limits: &Limits) -> FileOutcome {
    READ_BUFFER.with(|buffer| {
        let mut bytes = buffer.take();
        let outcome = read_and_lint(path, display, config, limits, &mut bytes);
        if bytes.capacity() <= KEPT_BUFFER {
            buffer.set(bytes);
        }
        outcome
    })
}

fn read_and_lint(
    path: &Path,
    display: &str,
    config: &Config,
    limits: &Limits,
    bytes: &mut Vec<u8>,
) -> FileOutcome {
    // Opened once. `--fix` must know what the file was when read (to write only if it still
    // is), which takes a `stat`; a plain lint saves that system call per file, and caps the
    // bytes it reads instead.
    let read = match limits.mode {
        FixMode::Off => read_listed_into(path, limits.max_file_size, bytes).map(|()| None),
        _ => read_capped_into(path, limits.max_file_size, bytes).map(Some),
    };
    match read {
        Ok(meta) => {
            let state = meta.as_ref().map(ReadState::of);
            lint_bytes(
                bytes,
                display.to_string(),
                FileKind::from_path(path),
                config,
                limits,
                state.as_ref().map(|state| (path, state)),
            )
        }
        Err(e @ ReadError::TooBig { .. }) => unreadable(
            display.to_string(),
            format!("{e} (--max-file-size): not linted"),
            config,
        ),
        Err(e) => unreadable(display.to_string(), format!("cannot read: {e}"), config),
    }
}

/// Lints (and, in a fix mode, fixes) one file's bytes. `path` is where `--fix` writes, with
/// what the file was when read (the fixes are written only if it still is); `None` for
/// standard input. The outcome keeps the text only when it has diagnostics to show: then it
/// takes `bytes` (which is left empty) instead of copying it.
pub fn lint_bytes(
    bytes: &mut Vec<u8>,
    display: String,
    kind: FileKind,
    config: &Config,
    limits: &Limits,
    path: Option<(&Path, &ReadState)>,
) -> FileOutcome {
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    let nul = memchr::memchr(0, head).is_some();
    // UTF-16: a byte-order mark, and the NUL bytes its ASCII characters carry.
    if nul && (bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])) {
        let message = "the file is UTF-16 (it starts with a UTF-16 byte-order mark); cf-token-lint reads UTF-8: \
                       convert it, e.g. with `iconv -f UTF-16 -t UTF-8`"
            .to_string();
        return unreadable(display, message, config);
    }
    if nul {
        return skipped(display, "binary (a NUL byte in its first 8 KiB)");
    }
    let mut outcome = FileOutcome::new(display);
    outcome.scanned = true;
    // The text the remaining diagnostics point into: `None` for `bytes` as read.
    let (fixed, lint): (Option<Vec<u8>>, FileLint) = if limits.mode == FixMode::Off {
        (None, lint_source(bytes, kind, config))
    } else {
        // Safe fixes first, then the suggestions on top, so `--diff` can show them apart.
        let safe = fix_source(bytes, kind, config, false);
        let suggested = limits
            .unsafe_fixes
            .then(|| fix_source(&safe.source, kind, config, true))
            .filter(|s| s.applied > 0);
        outcome.fixed = safe.applied + suggested.as_ref().map_or(0, |s| s.applied);
        outcome.fixed_unsafe = suggested.as_ref().map_or(0, |s| s.applied);
        let last = suggested.as_ref().unwrap_or(&safe);
        if outcome.fixed == 0 {
            if limits.mode == FixMode::Diff {
                outcome.suggestions_left = count_suggestions(&safe.remaining);
                (None, FileLint::default())
            } else {
                (None, safe.remaining)
            }
        } else {
            match (limits.mode, path) {
                (FixMode::Diff, _) => {
                    let mut diff = unified_diff(&outcome.path, bytes, &safe.source);
                    if let Some(s) = &suggested {
                        diff.push_str(UNSAFE_DIFF_HEADING);
                        diff.push_str(&unified_diff(&outcome.path, &safe.source, &s.source));
                    }
                    outcome.fixed_output = Some(diff.into_bytes());
                    outcome.suggestions_left = count_suggestions(&last.remaining);
                    // The diff is the report: what remains shows once it is applied.
                    (None, FileLint::default())
                }
                (_, None) => {
                    outcome.fixed_output = Some(last.source.clone());
                    (Some(last.source.clone()), last.remaining.clone())
                }
                (_, Some((path, read))) => {
                    match write::replace_contents(path, &last.source, read) {
                        Ok(warning) => {
                            if let Some(warning) = warning {
                                eprintln!(
                                    "cf-token-lint: {}",
                                    safe_message(&format!("{}: {warning}", outcome.path))
                                );
                            }
                            (Some(last.source.clone()), last.remaining.clone())
                        }
                        Err(e @ WriteError::Changed) => {
                            outcome.fixed = 0;
                            outcome.fixed_unsafe = 0;
                            let message = format!("not fixed: {e}");
                            let mut skipped = unreadable(outcome.path, message, config);
                            skipped.scanned = true;
                            return skipped;
                        }
                        Err(e) => {
                            let message =
                                format!("cannot write the fixes, the file is unchanged: {e}");
                            return unreadable(outcome.path, message, config);
                        }
                    }
                }
            }
        }
    };
    outcome.urls_checked = lint.urls_checked;
    outcome.diagnostics = lint.diagnostics;
    if !outcome.diagnostics.is_empty() {
        outcome.source = fixed.unwrap_or_else(|| std::mem::take(bytes));
    }
    outcome
}

/// Diagnostics whose fix only `--unsafe-fixes` applies.
fn count_suggestions(lint: &FileLint) -> usize {
    lint.diagnostics
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Unsafe)
        })
        .count()
}

/// Sets `--diff --unsafe-fixes`'s second diff of a file apart from the first; `patch` and
/// `git apply` read it as a comment.
const UNSAFE_DIFF_HEADING: &str =
    "# cf-token-lint: suggested fixes (--unsafe-fixes); they may change what the token grants\n";

/// `--diff`'s unified diff of one file, with `a/` and `b/` paths as git shows them.
fn unified_diff(display: &str, before: &[u8], after: &[u8]) -> String {
    let before = String::from_utf8_lossy(before);
    let after = String::from_utf8_lossy(after);
    let path = printable(display);
    similar::TextDiff::from_lines(before.as_ref(), after.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// A file that was deliberately not linted; `--verbose` says so.
pub fn skipped(display: String, why: &str) -> FileOutcome {
    FileOutcome {
        note: Some(format!("skipped: {why}")),
        ..FileOutcome::new(display)
    }
}

pub fn unreadable(display: String, message: String, config: &Config) -> FileOutcome {
    let diagnostics = match config.severities.of(UNREADABLE_FILE.id) {
        Some(severity) => vec![Diagnostic {
            rule: UNREADABLE_FILE.id,
            severity,
            message: message.into(),
            label: "".into(),
            help: None,
            span: 0..0,
            url: None,
            fix: None,
        }],
        None => Vec::new(),
    };
    FileOutcome {
        diagnostics,
        ..FileOutcome::new(display)
    }
}
