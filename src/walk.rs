//! Turns the command-line paths into the list of files to lint.
//!
//! Directories are walked with the `ignore` crate (built on `walkdir`), which honours
//! `.gitignore`, `.ignore` and `.git/info/exclude`; `.git`, `node_modules` and `target` are
//! always skipped, and only the default file types are picked up. A file named explicitly is
//! always linted, whatever its extension (pre-commit passes files one by one).

use std::path::{Path, PathBuf};

use crate::filetype::is_default_lint_target;

/// Directory names never descended into.
const SKIPPED_DIRS: &[&str] = &[".git", ".hg", ".svn", "node_modules", "target"];

/// A file to lint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    /// The path as reports show it: as given on the command line, without a leading `./`.
    pub display: String,
}

/// Something in a walked tree that could not be read (a directory without permission).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkIssue {
    pub display: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Walked {
    pub targets: Vec<Target>,
    pub issues: Vec<WalkIssue>,
}

/// How a path is shown in reports.
pub fn display_path(path: &Path) -> String {
    let shown = path.to_string_lossy();
    let mut s: &str = &shown;
    while let Some(rest) = s.strip_prefix("./") {
        if rest.is_empty() {
            break;
        }
        s = rest;
    }
    s.to_string()
}

/// Expands `paths`. A path that does not exist is an error for the whole run (exit 2).
pub fn collect(paths: &[PathBuf]) -> Result<Walked, String> {
    let mut walked = Walked::default();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("{}: no such file or directory", path.display())
            }
            _ => format!("{}: {e}", path.display()),
        })?;
        if meta.is_dir() {
            walk_dir(path, &mut walked);
        } else {
            walked.targets.push(Target {
                path: path.clone(),
                display: display_path(path),
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    walked.targets.retain(|t| seen.insert(t.path.clone()));
    Ok(walked)
}

fn walk_dir(root: &Path, walked: &mut Walked) {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .git_global(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && entry.depth() > 0 && SKIPPED_DIRS.iter().any(|d| entry.file_name() == *d))
        })
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_default_lint_target(entry.path()) {
                    walked.targets.push(Target {
                        path: entry.path().to_path_buf(),
                        display: display_path(entry.path()),
                    });
                }
            }
            Err(err) => {
                let display = error_path(&err)
                    .map(display_path)
                    .unwrap_or_else(|| display_path(root));
                walked.issues.push(WalkIssue {
                    display,
                    message: error_message(&err),
                });
            }
        }
    }
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

fn error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_message(err),
        ignore::Error::Io(io) => format!("cannot read: {io}"),
        other => other.to_string(),
    }
}
