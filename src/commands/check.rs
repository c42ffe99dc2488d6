//! `cf-token-lint check`: lint paths (or standard input) and report.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use std::sync::Mutex;

use crate::baseline::Baseline;
use crate::cli::{CheckArgs, ColorWhen, Format};
use crate::config::{absolute, Config};
use crate::diagnostic::{printable, Applicability, Diagnostic};
use crate::filetype::FileKind;
use crate::fix;
use crate::report::{
    compact, fix_line, github, human, json, plural, sarif, summary_line, FileOutcome, Report,
};
use crate::rules::UNREADABLE_FILE;
use crate::walk::{self, Visit};

/// How a run ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above `--fail-on`.
    Clean,
    /// At least one diagnostic at or above `--fail-on`.
    Findings,
}

/// Binary files are recognised by a NUL byte near the start, as git does.
const BINARY_SNIFF_LEN: usize = 8192;

pub fn run(args: &CheckArgs) -> Result<Outcome, String> {
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        paths.push(if args.stdin_filename.is_some() {
            PathBuf::from("-")
        } else {
            PathBuf::from(".")
        });
    }
    let reads_stdin = paths.iter().any(|p| p.as_os_str() == "-");
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err("`-` (standard input) can be given only once".into());
    }
    // The configuration is looked for from the working directory, or from where the editor's
    // buffer lives.
    let start = match (&args.stdin_filename, reads_stdin) {
        (Some(name), true) => name
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf(),
        _ => PathBuf::from("."),
    };
    if args.fix && reads_stdin && paths.len() > 1 {
        return Err(
            "--fix with `-` writes the fixed text to standard output, so `-` must be the only path"
                .into(),
        );
    }
    let mode = if args.fix {
        FixMode::Write
    } else if args.diff {
        FixMode::Diff
    } else {
        FixMode::Off
    };
    let config = Config::resolve(args.config.as_deref(), args.isolated, &start)?;
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;

    let file_paths: Vec<PathBuf> = paths.into_iter().filter(|p| p.as_os_str() != "-").collect();
    if args.show_files {
        walk::show_files(&file_paths, &config.files, args.force_exclude)?;
        return Ok(Outcome::Clean);
    }
    let limits = Limits {
        max_file_size: args.max_file_size,
        mode,
        unsafe_fixes: args.unsafe_fixes,
    };
    let outcomes = Mutex::new(Vec::new());
    let keep = |outcome: FileOutcome| {
        outcomes
            .lock()
            .map(|mut all| all.push(outcome))
            .unwrap_or(())
    };
    // Files are read and linted by the walk's own threads as they are found.
    walk::walk(
        &file_paths,
        &config.files,
        args.force_exclude,
        &|visit| match visit {
            Visit::File(t) => keep(lint_file(&t.path, &t.display, &config, &limits)),
            Visit::Unreadable { display, message } => keep(unreadable(display, message, &config)),
            Visit::Skipped { display, why } => keep(skipped(display, why)),
        },
    )?;
    let mut report = Report {
        files: outcomes.into_inner().unwrap_or_default(),
        baselined: None,
    };
    let mut stdin_text = None;
    if reads_stdin {
        let mut input = Vec::new();
        std::io::stdin()
            .read_to_end(&mut input)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        let (display, kind) = match &args.stdin_filename {
            Some(name) => (walk::display_path(name), FileKind::from_path(name)),
            None => ("<stdin>".to_string(), FileKind::Markdown),
        };
        let excluded = args.force_exclude
            && args
                .stdin_filename
                .as_deref()
                .is_some_and(|name| config.files.is_excluded(&absolute(name), false));
        if mode == FixMode::Write {
            // Standard input comes back on standard output: fixed, or else as it was.
            stdin_text = Some(input.clone());
        }
        if !excluded {
            let outcome = lint_bytes(input, display, kind, &config, &limits, None);
            if let Some(fixed) = &outcome.fixed_output {
                stdin_text = Some(fixed.clone());
            }
            report.files.push(outcome);
        }
    }
    if args.verbose {
        for f in &report.files {
            if let Some(note) = &f.note {
                eprintln!("cf-token-lint: {}: {note}", f.path);
            }
        }
    }
    report.sort();

    if let Some(file) = &args.write_baseline {
        let recorded = crate::baseline::write(&report, file)?;
        if !args.quiet {
            eprintln!(
                "Wrote {} to {}.",
                crate::report::plural(recorded, "finding"),
                file.display()
            );
        }
        return Ok(Outcome::Clean);
    }
    if let Some(baseline) = &baseline {
        report.baselined = Some(baseline.apply(&mut report));
    }

    if mode == FixMode::Diff {
        return Ok(print_diffs(&report, args.quiet));
    }
    // `--fix` on standard input: the fixed text is the output; the report moves aside.
    let stdin_fixed = stdin_text.is_some();
    if let Some(text) = &stdin_text {
        let _ = std::io::stdout().lock().write_all(text);
    }

    let color = use_color(args.color) && !stdin_fixed;
    let rendered = match args.format {
        Format::Human => human::render(&report, color),
        Format::Json => json::render(&report, mode == FixMode::Write).into_bytes(),
        Format::Sarif => sarif::render(&report).into_bytes(),
        Format::Github => github::render(&report).into_bytes(),
        Format::Compact => compact::render(&report, color).into_bytes(),
    };
    let mut out: Box<dyn Write> = if stdin_fixed {
        Box::new(std::io::stderr().lock())
    } else {
        Box::new(std::io::stdout().lock())
    };
    // A closed pipe (`| head`) is not a failure of the lint.
    let _ = out.write_all(&rendered);
    if !args.quiet {
        let summary = report.summary();
        let mut lines = vec![summary_line(&summary)];
        if let Some(fix) = fix_line(&summary, mode == FixMode::Write) {
            // What was fixed comes before what remains; what could be, after.
            let at = if mode == FixMode::Write { 0 } else { 1 };
            lines.insert(at, fix);
        }
        for line in lines {
            if args.format == Format::Human {
                let _ = writeln!(out, "{line}");
            } else {
                // Machine formats keep standard output parseable.
                eprintln!("{line}");
            }
        }
    }
    let _ = out.flush();

    let failed = !args.exit_zero && report.has_at_least(args.fail_on.severity());
    Ok(if failed {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Whether to colour output: `auto` colours a terminal unless NO_COLOR is set.
pub fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// Whether the run fixes: not at all, in place (`--fix`), or as a diff (`--diff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FixMode {
    Off,
    Write,
    Diff,
}

/// How each file is handled: limits that protect a run from pathological files, and fixing.
struct Limits {
    max_file_size: u64,
    mode: FixMode,
    /// `--unsafe-fixes`: apply the suggested fixes too.
    unsafe_fixes: bool,
}

/// Prints `--diff`'s diffs on standard output and says how many fixes they hold. Exit 1
/// when there is anything to fix, so CI can require fixed files.
fn print_diffs(report: &Report, quiet: bool) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    for file in &report.files {
        if let Some(diff) = &file.fixed_output {
            let _ = stdout.write_all(diff);
        }
    }
    let _ = stdout.flush();
    let s = report.summary();
    if !quiet {
        if s.fixed == 0 {
            eprintln!("Nothing to fix.");
        } else {
            let unsafe_part = match s.fixed_unsafe {
                0 => String::new(),
                n => format!(", {n} of them by suggested fixes shown apart"),
            };
            let how = if s.fixed_unsafe > 0 {
                "--fix --unsafe-fixes"
            } else {
                "--fix"
            };
            eprintln!(
                "Would fix {} in {}{unsafe_part} (run with {how} to apply).",
                plural(s.fixed, "problem"),
                plural(s.files_fixed, "file")
            );
        }
        if s.fixable_unsafe > 0 {
            eprintln!(
                "{} a suggested fix not shown: it may change what the token grants (see it with --diff --unsafe-fixes).",
                match s.fixable_unsafe {
                    1 => "1 problem has".to_string(),
                    n => format!("{n} problems have"),
                }
            );
        }
    }
    if s.fixed > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

fn lint_file(path: &Path, display: &str, config: &Config, limits: &Limits) -> FileOutcome {
    // The size is checked before reading: a huge file is reported, not loaded.
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > limits.max_file_size {
            let message = format!(
                "the file is {} bytes, over the {}-byte limit (--max-file-size): not linted",
                meta.len(),
                limits.max_file_size
            );
            return unreadable(display.to_string(), message, config);
        }
    }
    match std::fs::read(path) {
        Ok(bytes) => lint_bytes(
            bytes,
            display.to_string(),
            FileKind::from_path(path),
            config,
            limits,
            Some(path),
        ),
        Err(e) => unreadable(display.to_string(), format!("cannot read: {e}"), config),
    }
}

/// Lints (and, in a fix mode, fixes) one file's bytes. `path` is where `--fix` writes; `None`
/// for standard input.
fn lint_bytes(
    bytes: Vec<u8>,
    display: String,
    kind: FileKind,
    config: &Config,
    limits: &Limits,
    path: Option<&Path>,
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
    let (source, lint) = if limits.mode == FixMode::Off {
        let lint = crate::lint_source(&bytes, kind, config);
        (bytes, lint)
    } else {
        // Safe fixes first, then the suggestions on top, so `--diff` can show them apart.
        let safe = fix::fix_source(&bytes, kind, config, false);
        let suggested = limits
            .unsafe_fixes
            .then(|| fix::fix_source(&safe.source, kind, config, true))
            .filter(|s| s.applied > 0);
        outcome.fixed = safe.applied + suggested.as_ref().map_or(0, |s| s.applied);
        outcome.fixed_unsafe = suggested.as_ref().map_or(0, |s| s.applied);
        let last = suggested.as_ref().unwrap_or(&safe);
        if outcome.fixed == 0 {
            if limits.mode == FixMode::Diff {
                outcome.suggestions_left = count_suggestions(&safe.remaining);
                (bytes, crate::FileLint::default())
            } else {
                (bytes, safe.remaining)
            }
        } else {
            match (limits.mode, path) {
                (FixMode::Diff, _) => {
                    let mut diff = unified_diff(&outcome.path, &bytes, &safe.source);
                    if let Some(s) = &suggested {
                        diff.push_str(UNSAFE_DIFF_HEADING);
                        diff.push_str(&unified_diff(&outcome.path, &safe.source, &s.source));
                    }
                    outcome.fixed_output = Some(diff.into_bytes());
                    outcome.suggestions_left = count_suggestions(&last.remaining);
                    // The diff is the report: what remains shows once it is applied.
                    (bytes, crate::FileLint::default())
                }
                (_, None) => {
                    outcome.fixed_output = Some(last.source.clone());
                    (last.source.clone(), last.remaining.clone())
                }
                (_, Some(path)) => match write_atomically(path, &last.source) {
                    Ok(()) => (last.source.clone(), last.remaining.clone()),
                    Err(e) => {
                        let message = format!("cannot write the fixes, the file is unchanged: {e}");
                        return unreadable(outcome.path, message, config);
                    }
                },
            }
        }
    };
    outcome.urls_checked = lint.urls_checked;
    outcome.diagnostics = lint.diagnostics;
    if !outcome.diagnostics.is_empty() {
        outcome.source = source;
    }
    outcome
}

/// Replaces `path`'s content by way of a temporary file in the same directory and a rename,
/// so a reader never sees half a file and a crash leaves the old one. The file keeps its
/// permissions; a symbolic link keeps pointing at the file it names, which is what changes.
fn write_atomically(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".cf-token-lint-fix")
        .tempfile_in(dir)?;
    temp.write_all(content)?;
    temp.as_file().sync_all()?;
    std::fs::set_permissions(temp.path(), permissions)?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// Diagnostics whose fix only `--unsafe-fixes` applies.
fn count_suggestions(lint: &crate::FileLint) -> usize {
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
fn skipped(display: String, why: &str) -> FileOutcome {
    FileOutcome {
        note: Some(format!("skipped: {why}")),
        ..FileOutcome::new(display)
    }
}

fn unreadable(display: String, message: String, config: &Config) -> FileOutcome {
    let diagnostics = match config.severities.of(UNREADABLE_FILE.id) {
        Some(severity) => vec![Diagnostic {
            rule: UNREADABLE_FILE.id,
            severity,
            message,
            label: String::new(),
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
