//! Turns the command-line paths into the list of files to lint.
//!
//! Directories are walked with the `ignore` crate (built on `walkdir`), which honours
//! `.gitignore`, `.ignore` and `.git/info/exclude`. `.git`, `.hg` and `.svn` are never
//! entered; the configuration's `[files]` globs decide what else is excluded (by default
//! `node_modules/` and `target/`) and which file types are picked up. A file named explicitly
//! is always linted, whatever its extension (pre-commit passes files one by one), unless
//! `--force-exclude` applies the excludes to it too.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

mod filter;

pub use filter::{FileFilter, Glob, Globs, DEFAULT_EXCLUDED_DIRS};

/// `path` made absolute against the working directory, with `.` and `..` resolved lexically
/// (symlinks are not followed, so paths stay as the user sees them).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Version-control directories, never descended into.
const VCS_DIRS: &[&str] = &[".git", ".hg", ".svn"];

/// A file to lint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    /// A path that is not UTF-8 in the lossy form reports show; `None` for the usual UTF-8
    /// path, shown from its own text (a walk of 20,000 files holds them all until they are
    /// sorted: no second copy of each).
    lossy: Option<String>,
}

impl Target {
    pub fn new(path: PathBuf) -> Target {
        let lossy = path.to_str().is_none().then(|| display_path(&path));
        Target { path, lossy }
    }

    /// The path as reports show it: as given on the command line, without a leading `./`.
    pub fn display(&self) -> &str {
        match &self.lossy {
            Some(text) => text,
            None => without_dot_slash(self.path.to_str().unwrap_or_default()),
        }
    }
}

/// What the walk hands its visitor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Visit {
    /// A file to lint.
    File(Target),
    /// Something that could not be read (a directory without permission, a symlink loop).
    Unreadable { display: String, message: String },
    /// Something named on the command line that is not a regular file (a FIFO, a device):
    /// never opened, so it cannot block the run.
    Skipped { display: String, why: &'static str },
}

/// How a path is shown in reports.
pub fn display_path(path: &Path) -> String {
    without_dot_slash(&path.to_string_lossy()).to_string()
}

/// `text` without its leading `./`s (but `./` alone stays).
fn without_dot_slash(text: &str) -> &str {
    let mut s = text;
    while let Some(rest) = s.strip_prefix("./") {
        if rest.is_empty() {
            break;
        }
        s = rest;
    }
    s
}

/// Walks `paths`, calling `visit` for every file to lint: the files named first, then the
/// directories' files from the walker's threads, in no particular order (`check` sorts
/// them). A path that does not exist is an error for the whole run (exit 2), checked before
/// any file is visited. `force_exclude` applies the excludes to
/// paths named explicitly. Each file is visited once, however often it is named. `threads`
/// (`-j`) is how many threads walk directories; 0 means one per core.
pub fn walk(
    paths: &[PathBuf],
    filter: &FileFilter,
    force_exclude: bool,
    threads: usize,
    visit: &(dyn Fn(Visit) + Sync),
) -> Result<(), String> {
    let mut explicit = Vec::new();
    let mut dirs = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(format!("{}: no such file or directory", path.display()));
            }
            Err(e) => explicit.push(Visit::Unreadable {
                display: display_path(path),
                message: format!("cannot read: {e}"),
            }),
            Ok(meta) if force_exclude && filter.is_excluded_path(path, meta.is_dir()) => {}
            Ok(meta) if meta.is_dir() => dirs.push(path.clone()),
            Ok(meta) if meta.is_file() => explicit.push(Visit::File(Target::new(path.clone()))),
            Ok(_) => explicit.push(Visit::Skipped {
                display: display_path(path),
                why: "not a regular file (a FIFO, socket or device)",
            }),
        }
    }
    // Each file once, however it is named (`a.md ./a.md /abs/a.md`, a symlink to it): named
    // files by their canonical path; a directory inside another one named is walked with it;
    // a walked file that was also named is left to the named one. The walk does not follow
    // symlinks, so a walked file's canonical path is its root's joined with the rest, and no
    // lookup needs a lock or a system call.
    let mut named = HashSet::new();
    explicit.retain(|v| match v {
        Visit::File(t) => named.insert(canonical(&t.path)),
        _ => true,
    });
    let mut roots: Vec<(PathBuf, PathBuf)> = Vec::new();
    for dir in dirs {
        let canon = canonical(&dir);
        if roots.iter().any(|(_, c)| canon.starts_with(c)) {
            continue;
        }
        roots.retain(|(_, c)| !c.starts_with(&canon));
        roots.push((dir, canon));
    }
    // Visiting only records what to lint (the linting is done in parallel later).
    explicit.into_iter().for_each(visit);
    for (root, canon) in roots {
        let named = &named;
        walk_dir(&root, filter, threads, &|v| match v {
            Visit::File(t)
                if !named.is_empty()
                    && named
                        .contains(&canon.join(t.path.strip_prefix(&root).unwrap_or(&t.path))) => {}
            other => visit(other),
        });
    }
    Ok(())
}

/// The real path of `path`, or its lexical absolute form when it cannot be resolved.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| absolute(path))
}

/// Prints the files `walk` would visit, one display path a line, sorted (`--show-files`).
pub fn show_files(
    paths: &[PathBuf],
    filter: &FileFilter,
    force_exclude: bool,
    threads: usize,
) -> Result<(), String> {
    let found = std::sync::Mutex::new(Vec::new());
    walk(paths, filter, force_exclude, threads, &|visit| {
        if let Visit::File(target) = visit {
            if let Ok(mut all) = found.lock() {
                all.push(target.display().to_string());
            }
        }
    })?;
    let mut found = found.into_inner().unwrap_or_default();
    found.sort();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = found
        .iter()
        // A file name is input: it must not drive the terminal.
        .try_for_each(|path| writeln!(out, "{}", crate::text::printable(path)))
        .and_then(|()| out.flush());
    match written {
        // `--show-files | head`: the reader has seen enough.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to standard output: {e}")),
        Ok(()) => Ok(()),
    }
}

fn walk_dir(root: &Path, filter: &FileFilter, threads: usize, visit: &(dyn Fn(Visit) + Sync)) {
    let base = absolute(root);
    let (filter_for_walk, base_for_walk, root_for_walk) =
        (filter.clone(), base.clone(), root.to_path_buf());
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        // Also what lets the released Linux binary link glibc statically: the global
        // gitignore's lookup of the home directory is the one path to glibc's user lookups,
        // which a static glibc loads at run time (scripts/release-env.sh).
        .git_global(false)
        .follow_links(false)
        .threads(threads)
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
            // Globs see the path from the configuration's directory: made only when there
            // are globs to match.
            if !filter_for_walk.has_exclude_globs() {
                return true;
            }
            let rel = entry
                .path()
                .strip_prefix(&root_for_walk)
                .unwrap_or(entry.path());
            !filter_for_walk.is_excluded(&base_for_walk.join(rel), is_dir)
        })
        .build_parallel();
    walker.run(|| {
        Box::new(|entry| {
            match entry {
                Ok(entry) => {
                    // Only regular files: symlinks are not followed (no loops), and FIFOs and
                    // devices are never opened.
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    let included = || match filter.by_extension() {
                        true => crate::syntax::is_default_lint_target(entry.path()),
                        false => {
                            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                            filter.is_included(&base.join(rel))
                        }
                    };
                    if is_file && included() {
                        visit(Visit::File(Target::new(entry.into_path())));
                    }
                }
                Err(err) => {
                    let display = error_path(&err)
                        .map(display_path)
                        .unwrap_or_else(|| display_path(root));
                    visit(Visit::Unreadable {
                        display,
                        message: error_message(&err),
                    });
                }
            }
            ignore::WalkState::Continue
        })
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_shows_its_path_as_display_path_does() {
        for path in [
            "a.md",
            "./a/b.md",
            "././x/y.ts",
            "./",
            "dir/./c.md",
            "/abs/d.md",
        ] {
            let path = PathBuf::from(path);
            assert_eq!(Target::new(path.clone()).display(), display_path(&path));
        }
        assert_eq!(Target::new(PathBuf::from("./a/b.md")).display(), "a/b.md");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let path = PathBuf::from(std::ffi::OsStr::from_bytes(b"./caf\xe9.md"));
            assert_eq!(Target::new(path).display(), "caf\u{fffd}.md");
        }
    }
}
