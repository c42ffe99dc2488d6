//! `cf-token-lint check`: lint paths (or standard input) and report.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use std::sync::Mutex;

use crate::baseline::Baseline;
use crate::cli::{CheckArgs, ColorWhen, Format};
use crate::config::{absolute, Config};
use crate::diagnostic::Diagnostic;
use crate::filetype::FileKind;
use crate::report::{compact, github, human, json, sarif, summary_line, FileOutcome, Report};
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
    let config = Config::resolve(args.config.as_deref(), args.isolated, &start)?;
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;

    let file_paths: Vec<PathBuf> = paths.into_iter().filter(|p| p.as_os_str() != "-").collect();
    let limits = Limits {
        max_file_size: args.max_file_size,
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
        if !excluded {
            report.files.push(lint_bytes(input, display, kind, &config));
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

    let color = use_color(args.color);
    let rendered = match args.format {
        Format::Human => human::render(&report, color),
        Format::Json => json::render(&report).into_bytes(),
        Format::Sarif => sarif::render(&report).into_bytes(),
        Format::Github => github::render(&report).into_bytes(),
        Format::Compact => compact::render(&report, color).into_bytes(),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not a failure of the lint.
    let _ = stdout.write_all(&rendered);
    if !args.quiet {
        let line = summary_line(&report.summary());
        if args.format == Format::Human {
            let _ = writeln!(stdout, "{line}");
        } else {
            // Machine formats keep standard output parseable.
            eprintln!("{line}");
        }
    }
    let _ = stdout.flush();

    let failed = !args.exit_zero && report.has_at_least(args.fail_on.severity());
    Ok(if failed {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// Limits that protect a run from pathological files.
struct Limits {
    max_file_size: u64,
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
        ),
        Err(e) => unreadable(display.to_string(), format!("cannot read: {e}"), config),
    }
}

fn lint_bytes(bytes: Vec<u8>, display: String, kind: FileKind, config: &Config) -> FileOutcome {
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
    let lint = crate::lint_source(&bytes, kind, config);
    let source = if lint.diagnostics.is_empty() {
        Vec::new()
    } else {
        bytes
    };
    FileOutcome {
        path: display,
        source,
        diagnostics: lint.diagnostics,
        urls_checked: lint.urls_checked,
        scanned: true,
        note: None,
    }
}

/// A file that was deliberately not linted; `--verbose` says so.
fn skipped(display: String, why: &str) -> FileOutcome {
    FileOutcome {
        path: display,
        source: Vec::new(),
        diagnostics: Vec::new(),
        urls_checked: 0,
        scanned: false,
        note: Some(format!("skipped: {why}")),
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
        }],
        None => Vec::new(),
    };
    FileOutcome {
        path: display,
        source: Vec::new(),
        diagnostics,
        urls_checked: 0,
        scanned: false,
        note: None,
    }
}
