//! Turns the command-line paths into the list of files to lint.
//!
//! Directories are walked with the `ignore` crate (built on `walkdir`), which honours
//! `.gitignore`, `.ignore` and `.git/info/exclude`. `.git`, `.hg` and `.svn` are never
//! entered; the configuration's `[files]` globs decide what else is excluded (by default
//! `node_modules/` and `target/`) and which file types are picked up. A file named explicitly
//! is always linted, whatever its extension (pre-commit passes files one by one), unless
//! `--force-exclude` applies the excludes to it too.

use std::path::{Path, PathBuf};

use crate::config::{absolute, FileFilter};

/// Version-control directories, never descended into.
const VCS_DIRS: &[&str] = &[".git", ".hg", ".svn"];

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
/// `force_exclude` applies the excludes to paths named explicitly.
pub fn collect(
    paths: &[PathBuf],
    filter: &FileFilter,
    force_exclude: bool,
) -> Result<Walked, String> {
    let mut walked = Walked::default();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("{}: no such file or directory", path.display())
            }
            _ => format!("{}: {e}", path.display()),
        })?;
        if force_exclude && filter.is_excluded_path(path, meta.is_dir()) {
            continue;
        }
        if meta.is_dir() {
            walk_dir(path, filter, &mut walked);
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

fn walk_dir(root: &Path, filter: &FileFilter, walked: &mut Walked) {
    let base = absolute(root);
    let (filter_for_walk, base_for_walk, root_for_walk) =
        (filter.clone(), base.clone(), root.to_path_buf());
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .git_global(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if is_dir
                && (VCS_DIRS.iter().any(|d| entry.file_name() == *d)
                    || filter_for_walk.excludes_dir_name(entry.file_name()))
            {
                return false;
            }
            let rel = entry
                .path()
                .strip_prefix(&root_for_walk)
                .unwrap_or(entry.path());
            !filter_for_walk.is_excluded(&base_for_walk.join(rel), is_dir)
        })
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                if is_file && filter.is_included(&base.join(rel)) {
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
