//! `cf-token-lint check`: lint paths (or standard input) and report.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::settings;
use crate::baseline::Baseline;
use crate::cli::CheckArgs;
use crate::config::{Config, Resolver};
use crate::diagnostic::{Applicability, Severity};
use crate::file::{lint_bytes, lint_file, skipped, unreadable, FixMode, Limits};
use crate::report::{
    self, fix_line, plural, summary_line, FileOutcome, Format, RenderOptions, Report,
};
use crate::rules::Selection;
use crate::syntax::FileKind;
use crate::text::{printable, safe_message};
use crate::walk::{self, absolute, Visit};

/// How a run ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above `--fail-on`.
    Clean,
    /// At least one diagnostic at or above `--fail-on`.
    Findings,
    /// Some input could not be used (a path that does not exist, a broken configuration
    /// below a walked directory): said on standard error, the rest reported, exit 2.
    Incomplete,
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
    if args.stdin_filename.is_some() && !reads_stdin {
        return Err(
            "--stdin-filename names standard input, which is read only when `-` is among the paths"
                .into(),
        );
    }
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
    let selection = Selection::new(args.select.as_deref(), &args.extend_select, &args.ignore)?;
    let configs = Resolver::new(args.config.as_deref(), args.isolated, selection)?;
    if let Some(file) = &args.show_settings {
        let config = configs.for_path(file)?;
        let _ = std::io::stdout()
            .lock()
            .write_all(settings::describe(file, &config, args).as_bytes());
        return Ok(Outcome::Clean);
    }
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;

    // A path that does not exist is reported and the others are linted; the run then exits 2,
    // as ripgrep and ruff do.
    let mut incomplete = false;
    let mut groups: Vec<(Arc<Config>, Vec<PathBuf>)> = Vec::new();
    for path in paths.into_iter().filter(|p| p.as_os_str() != "-") {
        if std::fs::metadata(&path).is_err() && std::fs::symlink_metadata(&path).is_err() {
            eprintln!("cf-token-lint: error: {}", missing_path(&path));
            incomplete = true;
            continue;
        }
        match configs.for_path(&path) {
            Ok(config) => match groups.iter_mut().find(|(c, _)| Arc::ptr_eq(c, &config)) {
                Some((_, group)) => group.push(path),
                None => groups.push((config, vec![path])),
            },
            Err(message) => {
                eprintln!("cf-token-lint: error: {}", safe_message(&message));
                incomplete = true;
            }
        }
    }
    if args.show_files {
        for (config, group) in &groups {
            walk::show_files(group, &config.files, args.force_exclude, args.threads)?;
        }
        return Ok(if incomplete {
            Outcome::Incomplete
        } else {
            Outcome::Clean
        });
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
    // A configuration found below a walked directory that cannot be read: said once, its
    // files left out.
    let broken = Mutex::new(BTreeSet::new());
    for (config, group) in &groups {
        // Files are read and linted by the walk's own threads as they are found, each under
        // the configuration nearest to it.
        walk::walk(
            group,
            &config.files,
            args.force_exclude,
            args.threads,
            &|visit| match visit {
                Visit::File(t) => match configs.for_file(&t.path) {
                    Ok(own) => keep(lint_file(&t.path, &t.display, &own, &limits)),
                    Err(message) => {
                        broken
                            .lock()
                            .map(|mut b| b.insert(message))
                            .unwrap_or(false);
                    }
                },
                Visit::Unreadable { display, message } => {
                    keep(unreadable(display, message, config))
                }
                Visit::Skipped { display, why } => keep(skipped(display, why)),
            },
        )?;
    }
    for message in broken.into_inner().unwrap_or_default() {
        eprintln!("cf-token-lint: error: {}", safe_message(&message));
        incomplete = true;
    }
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
        // The configuration is the one the editor's buffer would have on disk.
        let config = match &args.stdin_filename {
            Some(name) => configs.for_file(name)?,
            None => configs.for_dir(Path::new("."))?,
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
                    safe_message(&format!("{}: {note}", f.path))
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
                printable(&file.display().to_string())
            );
        }
        return Ok(if incomplete {
            Outcome::Incomplete
        } else {
            Outcome::Clean
        });
    }
    if let Some(baseline) = &baseline {
        report.baselined = Some(baseline.apply(&mut report));
    }

    if mode == FixMode::Diff {
        let outcome = print_diffs(&report, args.quiet);
        return Ok(if incomplete {
            Outcome::Incomplete
        } else {
            outcome
        });
    }
    // `--fix` on standard input: the fixed text is the output; the report moves aside.
    let stdin_fixed = stdin_text.is_some();
    if let Some(text) = &stdin_text {
        let _ = std::io::stdout().lock().write_all(text);
    }

    let to_file = args.output_file.is_some();
    let mut out: Box<dyn Write> = match &args.output_file {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|e| {
                format!(
                    "{}: cannot write the report: {e}",
                    printable(&path.display().to_string())
                )
            })?,
        )),
        None if stdin_fixed => Box::new(std::io::stderr().lock()),
        None => Box::new(std::io::stdout().lock()),
    };
    let options = RenderOptions {
        color: args.color.enabled() && !stdin_fixed && !to_file,
        fixing: mode == FixMode::Write,
        fix_command: "",
    };
    // A closed pipe (`| head`) is not a failure of the lint.
    if args.statistics {
        let _ = out.write_all(statistics(&report, args.format).as_bytes());
    } else {
        let _ = report::render(args.format, &report, &options, &mut out);
    }
    if !args.quiet {
        let summary = report.summary();
        let mut lines = vec![summary_line(&summary)];
        if let Some(fix) = fix_line(&summary, mode == FixMode::Write) {
            // What was fixed comes before what remains; what could be, after.
            let at = if mode == FixMode::Write { 0 } else { 1 };
            lines.insert(at, fix);
        }
        for line in lines {
            if args.format == Format::Human && !to_file {
                let _ = writeln!(out, "{line}");
            } else {
                // Machine formats and report files keep to the report.
                eprintln!("{line}");
            }
        }
    }
    if let Err(e) = out.flush() {
        if to_file {
            return Err(format!("cannot write the report: {e}"));
        }
    }

    let failed = !args.exit_zero && report.has_at_least(args.fail_on.severity());
    Ok(if incomplete {
        Outcome::Incomplete
    } else if failed {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The error for a path that does not exist; a mistyped subcommand (`chek`) says so.
fn missing_path(path: &Path) -> String {
    let shown = printable(&path.display().to_string());
    let subcommands = [
        "check",
        "explain",
        "new",
        "rules",
        "catalog",
        "lsp",
        "init",
        "completions",
        "man",
    ];
    let name = path.to_string_lossy();
    let near = (path.components().count() == 1)
        .then(|| {
            subcommands
                .iter()
                .find(|s| crate::text::edit_distance(s, &name) <= 2)
        })
        .flatten();
    match near {
        Some(sub) => {
            format!("{shown}: no such file or directory (did you mean the subcommand `{sub}`?)")
        }
        None => format!("{shown}: no such file or directory"),
    }
}

/// `--statistics`: findings per rule and severity, most first; JSON with `--format json`.
fn statistics(report: &Report, format: Format) -> String {
    let mut counts: BTreeMap<(&str, Severity), (usize, usize)> = BTreeMap::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        let entry = counts.entry((d.rule, d.severity)).or_default();
        entry.0 += 1;
        entry.1 += usize::from(
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe),
        );
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    // Most first; among equals, the more severe first.
    rows.sort_by(|a, b| (b.1 .0, b.0 .1, a.0 .0).cmp(&(a.1 .0, a.0 .1, b.0 .0)));
    if format == Format::Json {
        let rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|((rule, severity), (count, fixable))| {
                serde_json::json!({"rule": rule, "severity": severity.as_str(), "count": count, "fixable": fixable})
            })
            .collect();
        return format!(
            "{}\n",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
    }
    let width = rows
        .iter()
        .map(|((rule, _), _)| rule.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for ((rule, severity), (count, fixable)) in &rows {
        let fix = match fixable {
            0 => String::new(),
            n if n == count => "  [fixable]".to_string(),
            n => format!("  [{n} fixable]"),
        };
        out.push_str(&format!("{count:>5}  {rule:<width$}  {severity}{fix}\n"));
    }
    out
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
