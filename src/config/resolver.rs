//! Which configuration applies to each file, as ruff finds it: `--config` or `--isolated` for
//! every file, else the nearest `cf-token-lint.toml` or `.cf-token-lint.toml` in the file's
//! directory or above. Each directory is looked up once and each configuration file parsed
//! once, however many files share it; the command line's rule selection applies to all.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{Config, CONFIG_NAMES};
use crate::rules::Selection;
use crate::walk::absolute;

/// What a directory's nearest configuration is: a file, or none (the built-in defaults).
type Found = Option<PathBuf>;

pub struct Resolver {
    /// `--config` or `--isolated`: the one configuration of the run.
    fixed: Option<Arc<Config>>,
    selection: Selection,
    /// Directory as the walk names it → its answer: the per-file lookup, with no path made
    /// absolute (a system call) once a directory is known.
    by_dir: Mutex<HashMap<PathBuf, Result<Arc<Config>, String>>>,
    /// Directory (absolute) → its nearest configuration file.
    nearest: Mutex<HashMap<PathBuf, Found>>,
    /// Configuration file (or `None` for the defaults) → what it says, or why it is broken.
    parsed: Mutex<HashMap<Found, Result<Arc<Config>, String>>>,
}

impl Resolver {
    /// `explicit` (`--config`) is read now, so a broken one stops the run before any file.
    pub fn new(
        explicit: Option<&Path>,
        isolated: bool,
        selection: Selection,
    ) -> Result<Resolver, String> {
        let fixed = if isolated {
            Some(Config::defaults(&absolute(Path::new("."))))
        } else {
            explicit.map(Config::load).transpose()?
        };
        Ok(Resolver {
            fixed: fixed.map(|mut config| {
                selection.apply(&mut config.severities);
                Arc::new(config)
            }),
            selection,
            by_dir: Mutex::new(HashMap::new()),
            nearest: Mutex::new(HashMap::new()),
            parsed: Mutex::new(HashMap::new()),
        })
    }

    /// The configuration for files in `dir`.
    pub fn for_dir(&self, dir: &Path) -> Result<Arc<Config>, String> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let known = lock(&self.by_dir).get(dir).cloned();
        if let Some(known) = known {
            return known;
        }
        let answer = self.resolve(dir);
        lock(&self.by_dir).insert(dir.to_path_buf(), answer.clone());
        answer
    }

    fn resolve(&self, dir: &Path) -> Result<Arc<Config>, String> {
        let found = self.nearest(&absolute(dir));
        let known = lock(&self.parsed).get(&found).cloned();
        if let Some(known) = known {
            return known;
        }
        // Parsed outside the lock: another thread may parse the same file meanwhile, and the
        // first answer stored wins; both are the same.
        let mut config = match &found {
            Some(path) => Config::load(path),
            None => Ok(Config::defaults(&absolute(Path::new(".")))),
        };
        if let Ok(config) = &mut config {
            self.selection.apply(&mut config.severities);
        }
        let answer = config.map(Arc::new);
        lock(&self.parsed).entry(found).or_insert(answer).clone()
    }

    /// The configuration for the file at `path`: its directory's.
    pub fn for_file(&self, path: &Path) -> Result<Arc<Config>, String> {
        self.for_dir(&parent_dir(path))
    }

    /// The configuration for a path named on the command line: a directory's own, a file's
    /// directory's.
    pub fn for_path(&self, path: &Path) -> Result<Arc<Config>, String> {
        if path.is_dir() {
            self.for_dir(path)
        } else {
            self.for_file(path)
        }
    }

    fn nearest(&self, dir: &Path) -> Found {
        let known = lock(&self.nearest).get(dir).cloned();
        if let Some(known) = known {
            return known;
        }
        let here = CONFIG_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file());
        let found = match (here, dir.parent()) {
            (Some(path), _) => Some(path),
            (None, Some(parent)) => self.nearest(parent),
            (None, None) => None,
        };
        lock(&self.nearest).insert(dir.to_path_buf(), found.clone());
        found
    }
}

/// A lock that a panic elsewhere cannot poison for good: every write is one insert.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The directory a file is in (`.` for a bare file name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_directory_takes_its_nearest_configuration() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("docs/deep")).unwrap();
        std::fs::create_dir_all(root.join("site")).unwrap();
        std::fs::write(
            root.join("cf-token-lint.toml"),
            "[rules]\nover-broad = \"off\"\n",
        )
        .unwrap();
        std::fs::write(
            root.join("docs/.cf-token-lint.toml"),
            "[rules]\nmissing-name = \"error\"\n",
        )
        .unwrap();
        let resolver = Resolver::new(None, false, Selection::default()).unwrap();
        let deep = resolver.for_dir(&root.join("docs/deep")).unwrap();
        assert_eq!(
            deep.path.as_deref().and_then(Path::file_name),
            Some(std::ffi::OsStr::new(".cf-token-lint.toml"))
        );
        assert!(deep.severities.of("over-broad").is_some(), "not merged");
        let site = resolver.for_file(&root.join("site/a.md")).unwrap();
        assert_eq!(site.severities.of("over-broad"), None);
        let again = resolver.for_dir(&root.join("site")).unwrap();
        assert!(Arc::ptr_eq(&site, &again), "parsed once");
    }
}
