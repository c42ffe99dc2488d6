//! What `check` does with its files' outcomes as they come, in path order: a report in the
//! chosen format, statistics, diffs, or a baseline, and the summary lines.

use std::collections::BTreeMap;
use std::io::Write;

use crate::baseline::{Baseline, Recorder};
use crate::cli::CheckArgs;
use crate::diagnostic::Severity;
use crate::file::FixMode;
use crate::report::{
    self, fix_line, plural, summary_line, FileOutcome, Files, Format, RenderOptions,
};
use crate::text::{printable, safe_message};

/// What a run does with its files' outcomes as they come, in path order.
pub(super) struct Run<'a> {
    pub(super) args: &'a CheckArgs,
    pub(super) mode: FixMode,
    /// `--fix` on standard input (then the only path): the fixed text is the output, and the
    /// report moves to standard error.
    pub(super) stdin_fixed: bool,
    pub(super) baseline: Option<&'a Baseline>,
}

impl Run<'_> {
    /// Reports the outcomes; returns whether a finding at or above `--fail-on` remains.
    pub(super) fn report(
        &self,
        outcomes: &mut dyn Iterator<Item = FileOutcome>,
    ) -> Result<bool, String> {
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

/// `--statistics`: findings per rule and severity, most first; JSON with `--format json`.
fn statistics(files: &mut Files<'_>, format: Format) -> String {
    let mut counts: BTreeMap<(&str, Severity), (usize, usize)> = BTreeMap::new();
    for file in files {
        for d in &file.diagnostics {
            let entry = counts.entry((d.rule, d.severity)).or_default();
            entry.0 += 1;
            entry.1 += usize::from(d.safe_fix().is_some());
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
