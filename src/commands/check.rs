//! `cf-token-lint check`: lint paths (or standard input) and report.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::settings;
use crate::baseline::{Baseline, Recorder};
use crate::cli::CheckArgs;
use crate::config::{Config, Resolver};
use crate::diagnostic::{Applicability, Severity};
use crate::file::{lint_bytes, lint_file, skipped, unreadable, FixMode, Limits};
use crate::report::{
    self, fix_line, plural, summary_line, FileOutcome, Files, Format, RenderOptions,
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
    let jobs = Mutex::new(Vec::new());
    let add = |job: Job| jobs.lock().map(|mut all| all.push(job)).unwrap_or(());
    // A configuration found below a walked directory that cannot be read: said once, its
    // files left out.
    let broken = Mutex::new(BTreeSet::new());
    for (config, group) in &groups {
        // Each file under the configuration nearest to it.
        walk::walk(
            group,
            &config.files,
            args.force_exclude,
            args.threads,
            &|visit| match visit {
                Visit::File(target) => match configs.for_file(&target.path) {
                    Ok(config) => add(Job::File { target, config }),
                    Err(message) => {
                        broken
                            .lock()
                            .map(|mut b| b.insert(message))
                            .unwrap_or(false);
                    }
                },
                Visit::Unreadable { display, message } => {
                    add(Job::Done(unreadable(display, message, config)))
                }
                Visit::Skipped { display, why } => add(Job::Done(skipped(display, why))),
            },
        )?;
    }
    for message in broken.into_inner().unwrap_or_default() {
        eprintln!("cf-token-lint: error: {}", safe_message(&message));
        incomplete = true;
    }
    let mut jobs = jobs.into_inner().unwrap_or_default();
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
        if excluded {
            if mode == FixMode::Write {
                // Standard input comes back on standard output, as it was.
                let _ = std::io::stdout().lock().write_all(&input);
            }
        } else {
            jobs.push(Job::Stdin {
                input,
                display,
                kind,
                config,
            });
        }
    }
    // Reports list files by path: the files are linted in that order (on all threads at
    // once) and each is reported as soon as it and those before it are done.
    jobs.sort_by(|a, b| a.display().cmp(b.display()));
    let run = Run {
        args,
        mode,
        stdin_fixed: mode == FixMode::Write && reads_stdin,
        baseline: baseline.as_ref(),
    };
    let failed = crate::parallel::map_in_order(
        &jobs,
        args.threads,
        |job| job.lint(&limits),
        |outcomes| run.report(outcomes),
    )?;
    Ok(if incomplete {
        Outcome::Incomplete
    } else if failed {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// One thing to lint, found before any is linted so that all can be reported in path order.
enum Job {
    File {
        target: walk::Target,
        config: Arc<Config>,
    },
    Stdin {
        input: Vec<u8>,
        display: String,
        kind: FileKind,
        config: Arc<Config>,
    },
    /// What the walk already knows: a file it could not read, or one it skipped.
    Done(FileOutcome),
}

impl Job {
    fn display(&self) -> &str {
        match self {
            Job::File { target, .. } => &target.display,
            Job::Stdin { display, .. } => display,
            Job::Done(outcome) => &outcome.path,
        }
    }

    fn lint(&self, limits: &Limits) -> FileOutcome {
        match self {
            Job::File { target, config } => {
                lint_file(&target.path, &target.display, config, limits)
            }
            Job::Stdin {
                input,
                display,
                kind,
                config,
            } => {
                let mut text = input.clone();
                let mut outcome =
                    lint_bytes(&mut text, display.clone(), *kind, config, limits, None);
                if limits.mode == FixMode::Write && outcome.fixed_output.is_none() {
                    // Standard input comes back on standard output: fixed, or else as it was.
                    outcome.fixed_output = Some(input.clone());
                }
                outcome
            }
            Job::Done(outcome) => outcome.clone(),
        }
    }
}

/// What a run does with its files' outcomes as they come, in path order.
struct Run<'a> {
    args: &'a CheckArgs,
    mode: FixMode,
    /// `--fix` on standard input (then the only path): the fixed text is the output, and the
    /// report moves to standard error.
    stdin_fixed: bool,
    baseline: Option<&'a Baseline>,
}

impl Run<'_> {
    /// Reports the outcomes; returns whether a finding at or above `--fail-on` remains.
    fn report(&self, outcomes: &mut dyn Iterator<Item = FileOutcome>) -> Result<bool, String> {
        let args = self.args;
        let verbose = args.verbose;
        let stdin_fixed = self.stdin_fixed;
        let mut outcomes = outcomes.inspect(|f| {
            if verbose {
                if let Some(note) = &f.note {
                    eprintln!(
                        "cf-token-lint: {}",
                        safe_message(&format!("{}: {note}", f.path))
                    );
                }
            }
            if stdin_fixed {
                if let Some(text) = &f.fixed_output {
                    let _ = std::io::stdout().lock().write_all(text);
                }
            }
        });
        if let Some(file) = &args.write_baseline {
            let mut recorder = Recorder::new(file);
            for f in outcomes {
                recorder.add(&f);
            }
            let recorded = recorder.write(file)?;
            if !args.quiet {
                eprintln!(
                    "Wrote {} to {}.",
                    plural(recorded, "finding"),
                    printable(&file.display().to_string())
                );
            }
            return Ok(false);
        }
        let mut filter = self.baseline.map(Baseline::filter);
        let mut hide = |f: &mut FileOutcome| filter.as_mut().map_or(0, |b| b.apply(f));
        let mut files = Files::new(&mut outcomes);
        if self.baseline.is_some() {
            files = files.hiding(&mut hide);
        }
        if self.mode == FixMode::Diff {
            return Ok(print_diffs(&mut files, args.quiet));
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
            fixing: self.mode == FixMode::Write,
            fix_command: "",
        };
        // A closed pipe (`| head`) is not a failure of the lint.
        if args.statistics {
            let _ = out.write_all(statistics(&mut files, args.format).as_bytes());
        } else {
            let _ = report::render_files(args.format, &mut files, &options, &mut out);
        }
        // A renderer that stopped early (a closed pipe) leaves files unread: they still
        // count for the exit status.
        for _ in &mut files {}
        let summary = *files.summary();
        if !args.quiet {
            let mut lines = vec![summary_line(&summary)];
            if let Some(fix) = fix_line(&summary, self.mode == FixMode::Write) {
                // What was fixed comes before what remains; what could be, after.
                let at = if self.mode == FixMode::Write { 0 } else { 1 };
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
        Ok(!args.exit_zero && summary.has_at_least(args.fail_on.severity()))
    }
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
fn statistics(files: &mut Files<'_>, format: Format) -> String {
    let mut counts: BTreeMap<(&str, Severity), (usize, usize)> = BTreeMap::new();
    for file in files {
        for d in &file.diagnostics {
            let entry = counts.entry((d.rule, d.severity)).or_default();
            entry.0 += 1;
            entry.1 += usize::from(
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe),
            );
        }
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

/// Prints `--diff`'s diffs on standard output as the files come and says how many fixes they
/// hold. Returns whether there is anything to fix (exit 1), so CI can require fixed files.
fn print_diffs(files: &mut Files<'_>, quiet: bool) -> bool {
    let mut stdout = std::io::stdout().lock();
    for file in &mut *files {
        if let Some(diff) = &file.fixed_output {
            let _ = stdout.write_all(diff);
        }
    }
    let _ = stdout.flush();
    let s = files.summary();
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
    s.fixed > 0
}
