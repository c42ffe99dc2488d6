//! Baselines: record today's findings (`--write-baseline`), then report only new ones
//! (`--baseline`). A finding is matched on its path, its rule and a fingerprint of its URL and
//! of the offending text, never on line numbers, so that editing text above a finding does not
//! bring it back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::report::fingerprint::fingerprint;
use crate::report::FileOutcome;
use crate::walk::absolute;

const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    fingerprint: String,
    /// How many identical findings the file had.
    count: usize,
}

/// A loaded baseline: how many findings of each (path, rule, fingerprint) it hides.
#[derive(Debug)]
pub struct Baseline {
    /// Directory that baseline paths are relative to.
    base: PathBuf,
    counts: BTreeMap<(String, String, String), usize>,
}

/// A report path relative to `base`, with `/` separators, so the baseline works from any
/// working directory.
fn key_path(base: &Path, display: &str) -> String {
    let abs = absolute(Path::new(display));
    let rel = abs
        .strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| PathBuf::from(display));
    rel.to_string_lossy().replace('\\', "/")
}

fn base_of(file: &Path) -> PathBuf {
    absolute(
        file.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    )
}

/// Counts findings file by file as a run finishes them, then writes them to a baseline
/// (`--write-baseline`).
pub struct Recorder {
    base: PathBuf,
    counts: BTreeMap<(String, String, String), usize>,
}

impl Recorder {
    /// A recorder for the baseline that will be written to `file`.
    pub fn new(file: &Path) -> Recorder {
        Recorder {
            base: base_of(file),
            counts: BTreeMap::new(),
        }
    }

    /// Records the findings of one file.
    pub fn add(&mut self, f: &FileOutcome) {
        for d in &f.diagnostics {
            *self
                .counts
                .entry((
                    key_path(&self.base, &f.path),
                    d.rule.to_string(),
                    fingerprint(&f.source, d),
                ))
                .or_default() += 1;
        }
    }

    /// Writes what was recorded to `file`. Returns how many findings it holds.
    pub fn write(self, file: &Path) -> Result<usize, String> {
        let total = self.counts.values().sum();
        let findings = self
            .counts
            .into_iter()
            .map(|((path, rule, fingerprint), count)| Entry {
                path,
                rule,
                fingerprint,
                count,
            })
            .collect();
        let mut text = serde_json::to_string_pretty(&File {
            version: VERSION,
            findings,
        })
        .map_err(|e| e.to_string())?;
        text.push('\n');
        write_replacing(file, text.as_bytes())
            .map_err(|e| format!("{}: cannot write the baseline: {e}", file.display()))?;
        Ok(total)
    }
}

/// Writes `content` to a temporary file beside `file` and renames it over `file`: a reader
/// never sees half a baseline, and a symlink planted at `file` is replaced, not followed (so a
/// baseline path cannot be aimed at a file elsewhere).
fn write_replacing(file: &Path, content: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".cf-token-lint-baseline")
        .tempfile_in(dir)?;
    temp.write_all(content)?;
    // A baseline is committed: readable as an ordinary file (or as the one it replaces).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::symlink_metadata(file)
            .ok()
            .filter(|m| m.is_file())
            .map_or(0o644, |m| m.permissions().mode());
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

impl Baseline {
    pub fn load(file: &Path) -> Result<Baseline, String> {
        let text = crate::input::read_text(file)
            .map_err(|e| format!("{}: cannot read the baseline: {e}", file.display()))?;
        let parsed: File = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: not a cf-token-lint baseline: {e}",
                file.display(),
                e.line(),
                e.column()
            )
        })?;
        if parsed.version != VERSION {
            return Err(format!(
                "{}: baseline version {} is not supported (expected {VERSION})",
                file.display(),
                parsed.version
            ));
        }
        let mut counts = BTreeMap::new();
        for e in parsed.findings {
            // Counts come from a file anyone may edit: a huge one saturates, it never overflows.
            let n: &mut usize = counts.entry((e.path, e.rule, e.fingerprint)).or_default();
            *n = n.saturating_add(e.count);
        }
        Ok(Baseline {
            base: base_of(file),
            counts,
        })
    }

    /// A filter that hides, file by file, the findings the baseline records.
    pub fn filter(&self) -> Filter<'_> {
        Filter {
            base: &self.base,
            left: self.counts.clone(),
        }
    }
}

/// What is left of a baseline while a run's files pass through it.
pub struct Filter<'a> {
    base: &'a Path,
    left: BTreeMap<(String, String, String), usize>,
}

impl Filter<'_> {
    /// Removes the findings the baseline records from `file`; returns how many it hid.
    pub fn apply(&mut self, file: &mut FileOutcome) -> usize {
        if file.diagnostics.is_empty() {
            return 0;
        }
        let path = key_path(self.base, &file.path);
        let source = &file.source;
        let left = &mut self.left;
        let mut hidden = 0;
        file.diagnostics.retain(|d| {
            let key = (path.clone(), d.rule.to_string(), fingerprint(source, d));
            match left.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    hidden += 1;
                    false
                }
                _ => true,
            }
        });
        hidden
    }
}
