//! `cf-token-lint check`: lint paths (or standard input) and report.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::cli::{CheckArgs, ColorWhen, Format};
use crate::config::{absolute, Config};
use crate::diagnostic::Diagnostic;
use crate::filetype::FileKind;
use crate::report::{compact, github, human, json, sarif, summary_line, FileOutcome, Report};
use crate::rules::UNREADABLE_FILE;
use crate::walk;

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
    let walked = walk::collect(&file_paths, &config.files, args.force_exclude)?;

    let mut report = Report {
        files: walked
            .targets
            .par_iter()
            .map(|t| lint_file(&t.path, &t.display, &config))
            .collect(),
        baselined: None,
    };
    for issue in walked.issues {
        report
            .files
            .push(unreadable(issue.display, issue.message, &config));
    }
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

fn lint_file(path: &Path, display: &str, config: &Config) -> FileOutcome {
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
    if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF_LEN)]).is_some() {
        return FileOutcome {
            path: display,
            source: Vec::new(),
            diagnostics: Vec::new(),
            urls_checked: 0,
            scanned: false,
        };
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
    }
}
