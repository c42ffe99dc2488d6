//! Which files a walk picks up: the configuration's `[files]` globs (relative to its
//! directory) and the default excludes and file types.

use std::ops::Range;
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::absolute;

/// Directory names excluded wherever they are, unless `[files] exclude` replaces the defaults.
/// (`.git`, `.hg` and `.svn` are never entered.)
pub const DEFAULT_EXCLUDED_DIRS: &[&str] = &["node_modules", "target"];

/// Which files a walk picks up, with globs relative to `root` (the config's directory).
#[derive(Clone, Debug)]
pub struct FileFilter {
    root: PathBuf,
    /// The configuration's `exclude` and `extend-exclude` globs.
    exclude: Gitignore,
    /// Whether `DEFAULT_EXCLUDED_DIRS` still apply (`exclude` was not given).
    default_dirs: bool,
    /// `None`: the default extensions.
    include: Option<Gitignore>,
}

impl FileFilter {
    /// The default filter, rooted at `root`.
    pub fn defaults(root: &Path) -> FileFilter {
        FileFilter {
            root: root.to_path_buf(),
            exclude: Gitignore::empty(),
            default_dirs: true,
            include: None,
        }
    }

    /// Whether any exclude glob is set: without one, a walk never needs a path relative to
    /// the root to decide.
    pub fn has_exclude_globs(&self) -> bool {
        !self.exclude.is_empty()
    }

    /// Whether the default file types decide what a walk picks up (no `include` globs): the
    /// extension alone tells.
    pub fn by_extension(&self) -> bool {
        self.include.is_none()
    }

    /// Whether a directory of this name is skipped wherever it is.
    pub fn excludes_dir_name(&self, name: &std::ffi::OsStr) -> bool {
        self.default_dirs && DEFAULT_EXCLUDED_DIRS.iter().any(|d| name == *d)
    }

    /// Whether an (absolute) path, or a directory above it, matches an exclude glob. Globs
    /// see the path relative to the root, never an absolute path; outside the root none apply.
    pub fn is_excluded(&self, absolute: &Path, is_dir: bool) -> bool {
        match absolute.strip_prefix(&self.root) {
            Ok(rel) if !rel.as_os_str().is_empty() => self
                .exclude
                .matched_path_or_any_parents(rel, is_dir)
                .is_ignore(),
            _ => false,
        }
    }

    /// Whether a path named on the command line is excluded (for `--force-exclude`).
    pub fn is_excluded_path(&self, given: &Path, is_dir: bool) -> bool {
        self.is_excluded(&absolute(given), is_dir)
            || given
                .components()
                .any(|c| self.excludes_dir_name(c.as_os_str()))
    }

    /// Whether a walked (absolute) file is of a type to lint.
    pub fn is_included(&self, absolute: &Path) -> bool {
        match &self.include {
            Some(include) => absolute
                .strip_prefix(&self.root)
                .is_ok_and(|rel| include.matched(rel, false).is_ignore()),
            None => crate::syntax::is_default_lint_target(absolute),
        }
    }
}

/// A glob as the configuration wrote it, with its span there for error messages.
pub type Glob<'a> = (Range<usize>, &'a str);

/// The `[files]` section's globs, read from the configuration.
pub struct Globs<'a> {
    /// `None`: the default excludes apply.
    pub exclude: Option<Vec<Glob<'a>>>,
    pub extend_exclude: Vec<Glob<'a>>,
    /// `None`: the default file types.
    pub include: Option<Vec<Glob<'a>>>,
}

impl FileFilter {
    /// The filter `[files]` describes, rooted at `root` (the configuration's directory).
    pub fn from_globs(globs: Globs<'_>, root: &Path) -> Result<FileFilter, (Range<usize>, String)> {
        let build = |globs: &mut dyn Iterator<Item = &Glob<'_>>| -> Result<Gitignore, (Range<usize>, String)> {
        let mut builder = GitignoreBuilder::new(root);
        for (span, glob) in globs {
            builder
                .add_line(None, glob)
                .map_err(|e| (span.clone(), format!("invalid glob `{glob}`: {e}")))?;
        }
        builder.build().map_err(|e| (0..0, format!("invalid globs: {e}")))
    };
        let default_dirs = globs.exclude.is_none();
        let exclude = build(&mut globs.exclude.iter().flatten().chain(&globs.extend_exclude))?;
        let include = match &globs.include {
            Some(list) => Some(build(&mut list.iter())?),
            None => None,
        };
        Ok(FileFilter {
            root: root.to_path_buf(),
            exclude,
            default_dirs,
            include,
        })
    }
}
