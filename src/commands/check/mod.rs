//! `cf-token-lint check`: lint paths (or standard input) and report. This file finds what to
//! lint (walked files under their nearest configuration, standard input); `job.rs` lints one
//! of them; `output.rs` reports the outcomes in path order as they come.

mod job;
mod output;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::settings;
use crate::baseline::Baseline;
use crate::cli::CheckArgs;
use crate::config::{Config, Resolver};
use crate::file::{skipped, unreadable, FixMode, Limits};
use crate::rules::Selection;
use crate::syntax::FileKind;
use crate::text::{printable, safe_message};
use crate::walk::{self, absolute, Visit};
use job::Job;
use output::Run;

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
                    add(Job::Done(Box::new(unreadable(display, message, config))))
                }
                Visit::Skipped { display, why } => add(Job::Done(Box::new(skipped(display, why)))),
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
    let jobs = in_path_order(&jobs);
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

/// `jobs` in the order of the paths reports show, stably. Only references move: on a tree
/// of 20,000 files this sort is the one step of the run that no other thread shares.
fn in_path_order(jobs: &[Job]) -> Vec<&Job> {
    let mut order: Vec<(&str, usize)> = jobs
        .iter()
        .enumerate()
        .map(|(i, job)| (job.display(), i))
        .collect();
    // Each index is unique, so this order is the stable one.
    order.sort_unstable();
    order.into_iter().map(|(_, i)| &jobs[i]).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn done(path: &str, note: &str) -> Job {
        let mut outcome = crate::report::FileOutcome::new(path.to_string());
        outcome.note = Some(note.to_string());
        Job::Done(Box::new(outcome))
    }

    #[test]
    fn jobs_go_in_path_order_and_equal_paths_keep_theirs() {
        let jobs = [
            done("b/a.md", "1"),
            done("a/z.md", "2"),
            done("b/a.md", "3"),
            done("a-b.md", "4"),
            done("a/z.md", "5"),
        ];
        let order: Vec<(&str, &str)> = in_path_order(&jobs)
            .into_iter()
            .map(|job| match job {
                Job::Done(outcome) => (job.display(), outcome.note.as_deref().unwrap_or("")),
                _ => unreachable!("only finished jobs here"),
            })
            .collect();
        assert_eq!(
            order,
            [
                ("a-b.md", "4"),
                ("a/z.md", "2"),
                ("a/z.md", "5"),
                ("b/a.md", "1"),
                ("b/a.md", "3"),
            ]
        );
    }
}
