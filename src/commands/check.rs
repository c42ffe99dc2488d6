//! `cf-token-lint check`: lint paths (or standard input) and report.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::baseline::Baseline;
use crate::cli::CheckArgs;
use crate::config::Config;
use crate::file::{lint_bytes, lint_file, skipped, unreadable, FixMode, Limits};
use crate::filetype::FileKind;
use crate::report::{
    self, fix_line, plural, summary_line, FileOutcome, Format, RenderOptions, Report,
};
use crate::walk::{self, absolute, Visit};

/// How a run ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above `--fail-on`.
    Clean,
    /// At least one diagnostic at or above `--fail-on`.
    Findings,
}

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
                eprintln!(
                    "cf-token-lint: {}",
                    crate::text::safe_message(&format!("{}: {note}", f.path))
                );
            }
        }
    }
    report.sort();

    if let Some(file) = &args.write_baseline {
        let recorded = crate::baseline::write(&report, file)?;
        if !args.quiet {
            eprintln!(
                "Wrote {} to {}.",
                plural(recorded, "finding"),
                crate::text::printable(&file.display().to_string())
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

    let options = RenderOptions {
        color: args.color.enabled() && !stdin_fixed,
        fixing: mode == FixMode::Write,
    };
    let mut out: Box<dyn Write> = if stdin_fixed {
        Box::new(std::io::stderr().lock())
    } else {
        Box::new(std::io::stdout().lock())
    };
    // A closed pipe (`| head`) is not a failure of the lint.
    let _ = report::render(args.format, &report, &options, &mut out);
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
