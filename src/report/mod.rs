//! Reports: what a run found, rendered for people (`human`), editors (`compact`), CI
//! (`github`, `sarif`) and scripts (`json`). Each format is one file holding one
//! [`Renderer`]; adding a format means that file, a variant of [`Format`] and its line in
//! [`Format::renderer`].

pub mod compact;
pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
mod pretty;
pub mod rdjson;
pub mod sarif;

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::source::{LineIndex, Position};

/// The output formats `--format` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics drawn under the source, with help lines and a summary.
    Human,
    /// The versioned JSON report (see the README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...`): annotations on pull requests.
    Github,
    /// `path:line:col: severity[rule]: message`, one line each, for editors.
    Compact,
    /// reviewdog's Diagnostic Format: safe fixes become suggestions in a review.
    Rdjson,
    /// GitLab Code Quality: the merge request widget and the pipeline's Code Quality tab.
    Gitlab,
}

impl Format {
    pub fn renderer(self) -> &'static dyn Renderer {
        match self {
            Format::Human => &human::Human,
            Format::Json => &json::Json,
            Format::Sarif => &sarif::Sarif,
            Format::Github => &github::Github,
            Format::Compact => &compact::Compact,
            Format::Rdjson => &rdjson::Rdjson,
            Format::Gitlab => &gitlab::Gitlab,
        }
    }
}

/// What a renderer may be asked beyond the report itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// Colour for a terminal (formats for machines ignore it).
    pub color: bool,
    /// The run applied fixes (`--fix`): the JSON report counts them as fixed.
    pub fixing: bool,
    /// What comes before `--fix` in the human hint on a fix: empty for `check` itself,
    /// `cf-token-lint check ` where the command has no `--fix` (`explain`).
    pub fix_command: &'static str,
}

/// An output format. It takes the report's files one at a time, in path order, as the run
/// finishes them, and writes each as it comes: a report is never whole in memory.
pub trait Renderer {
    fn render(
        &self,
        files: &mut Files<'_>,
        options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()>;
}

/// Writes `report`, held whole in memory (`explain`, tests), in `format`.
pub fn render(
    format: Format,
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut files = report.files.iter().cloned();
    let mut files = Files::new(&mut files);
    files.summary.baselined = report.baselined;
    format.renderer().render(&mut files, options, out)
}

/// Writes `value` as the JSON formats do: pretty-printed through one buffer, with a final
/// newline. A value that streams (a `Serialize` over [`Files`]) is written as it comes.
fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    let mut json = serde_json::Serializer::with_formatter(&mut out, pretty::Pretty::default());
    value.serialize(&mut json)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Writes the files `files` yields, in `format`, as they come.
pub fn render_files(
    format: Format,
    files: &mut Files<'_>,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    format.renderer().render(files, options, out)
}

/// Hides findings of a file (a baseline's); returns how many it hid.
pub type Hide<'a> = &'a mut dyn FnMut(&mut FileOutcome) -> usize;

/// A report's files as a renderer takes them: in path order, one at a time, each counted into
/// the summary as it passes, so the summary is whole once the last file is taken.
pub struct Files<'a> {
    files: &'a mut dyn Iterator<Item = FileOutcome>,
    hide: Option<Hide<'a>>,
    summary: Summary,
}

impl<'a> Files<'a> {
    pub fn new(files: &'a mut dyn Iterator<Item = FileOutcome>) -> Files<'a> {
        Files {
            files,
            hide: None,
            summary: Summary::default(),
        }
    }

    /// Passes each file through `hide` first (a baseline), and counts what it hid.
    pub fn hiding(mut self, hide: Hide<'a>) -> Files<'a> {
        self.hide = Some(hide);
        self.summary.baselined.get_or_insert(0);
        self
    }

    /// The counts of the files taken so far (all of them, once the iterator is done).
    pub fn summary(&self) -> &Summary {
        &self.summary
    }
}

impl Iterator for Files<'_> {
    type Item = FileOutcome;

    fn next(&mut self) -> Option<FileOutcome> {
        let mut file = self.files.next()?;
        if let Some(hide) = &mut self.hide {
            *self.summary.baselined.get_or_insert(0) += hide(&mut file);
        }
        self.summary.add(&file);
        Some(file)
    }
}

/// One linted file and what was found in it.
#[derive(Clone, Debug)]
pub struct FileOutcome {
    /// The path as reports show it.
    pub path: String,
    /// The file's bytes, kept only when there are diagnostics to show in context.
    pub source: Vec<u8>,
    pub diagnostics: Vec<Diagnostic>,
    pub urls_checked: usize,
    /// False for files that were skipped (binary) or could not be read.
    pub scanned: bool,
    /// Why a file was skipped, for `--verbose`.
    pub note: Option<String>,
    /// Fixes `--fix` applied (or `--diff` would apply) to this file.
    pub fixed: usize,
    /// Of those, the ones only `--unsafe-fixes` applies.
    pub fixed_unsafe: usize,
    /// `--diff`: suggested fixes left out of the diff (no `--unsafe-fixes`).
    pub suggestions_left: usize,
    /// `--diff`: the fixes as a unified diff. `--fix` on standard input: the fixed text.
    pub fixed_output: Option<Vec<u8>>,
}

impl FileOutcome {
    /// A file with nothing to say about it yet.
    pub fn new(path: String) -> Self {
        FileOutcome {
            path,
            source: Vec::new(),
            diagnostics: Vec::new(),
            urls_checked: 0,
            scanned: false,
            note: None,
            fixed: 0,
            fixed_unsafe: 0,
            suggestions_left: 0,
            fixed_output: None,
        }
    }
}

/// Everything a run found, files sorted by path.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub files: Vec<FileOutcome>,
    /// Findings hidden by `--baseline`, when one is in use.
    pub baselined: Option<usize>,
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files_scanned: usize,
    pub urls_checked: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub files_with_findings: usize,
    pub baselined: Option<usize>,
    /// Diagnostics `--fix` can fix.
    pub fixable: usize,
    /// Diagnostics with a suggested fix that only `--unsafe-fixes` applies.
    pub fixable_unsafe: usize,
    /// Fixes applied (or, with `--diff`, that would be) and the files they are in.
    pub fixed: usize,
    /// Of those, the ones `--unsafe-fixes` applied.
    pub fixed_unsafe: usize,
    pub files_fixed: usize,
}

impl Summary {
    /// Counts one more file in.
    pub fn add(&mut self, f: &FileOutcome) {
        self.files_scanned += usize::from(f.scanned);
        self.urls_checked += f.urls_checked;
        self.files_with_findings += usize::from(!f.diagnostics.is_empty());
        self.fixed += f.fixed;
        self.files_fixed += usize::from(f.fixed > 0);
        self.fixed_unsafe += f.fixed_unsafe;
        self.fixable_unsafe += f.suggestions_left;
        for d in &f.diagnostics {
            match d.fix.as_ref().map(|fix| fix.applicability) {
                Some(Applicability::Safe) => self.fixable += 1,
                Some(Applicability::Unsafe) => self.fixable_unsafe += 1,
                None => {}
            }
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Note => self.notes += 1,
            }
        }
    }

    /// Whether any diagnostic is at or above `threshold` (decides exit code 1).
    pub fn has_at_least(&self, threshold: Severity) -> bool {
        match threshold {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Note => self.errors + self.warnings + self.notes > 0,
        }
    }
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            baselined: self.baselined,
            ..Summary::default()
        };
        for f in &self.files {
            s.add(f);
        }
        s
    }
}

/// A diagnostic with its file and its start and end positions, as machine formats need it.
pub struct Located<'a> {
    pub path: &'a str,
    pub diagnostic: &'a Diagnostic,
    pub start: Position,
    pub end: Position,
}

/// A file's diagnostics in order (byte offset, rule), with positions; the file's line index
/// is built once, and only when it has diagnostics.
pub fn located(file: &FileOutcome) -> impl Iterator<Item = Located<'_>> {
    let index = (!file.diagnostics.is_empty()).then(|| LineIndex::new(&file.source));
    file.diagnostics.iter().map(move |d| {
        let index = index.as_ref().expect("built for a file with diagnostics");
        Located {
            path: &file.path,
            diagnostic: d,
            start: index.position(&file.source, d.span.start),
            end: index.position(&file.source, d.span.end),
        }
    })
}

/// The closing line: what was found, and how much was checked.
pub fn summary_line(s: &Summary) -> String {
    let checked = format!(
        "{} checked in {}",
        plural(s.urls_checked, "template URL"),
        plural(s.files_scanned, "file")
    );
    let checked = match s.baselined {
        Some(n) => format!("{checked}; {} hidden by the baseline", plural(n, "finding")),
        None => checked,
    };
    if s.errors + s.warnings + s.notes == 0 {
        format!("No problems found ({checked}).")
    } else {
        format!(
            "Found {}, {} and {} in {} ({checked}).",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.notes, "note"),
            plural(s.files_with_findings, "file")
        )
    }
}

/// What `--fix` did, or could do: "Fixed 3 problems in 2 files." or "2 of them can be fixed
/// with --fix (see them with --diff)." `None` when there is nothing to say.
pub fn fix_line(s: &Summary, fixing: bool) -> Option<String> {
    // Suggested fixes could change what a token grants: counted apart, applied on request.
    let have = |n: usize| if n == 1 { "has" } else { "have" };
    if fixing {
        let mut line = match (s.fixed, s.fixed_unsafe) {
            (0, _) => "Nothing to fix.".to_string(),
            (n, 0) => format!(
                "Fixed {} in {}.",
                plural(n, "problem"),
                plural(s.files_fixed, "file")
            ),
            (n, u) => format!(
                "Fixed {} in {} ({u} by unsafe fixes).",
                plural(n, "problem"),
                plural(s.files_fixed, "file")
            ),
        };
        if s.fixable_unsafe > 0 {
            let n = s.fixable_unsafe;
            line.push_str(&format!(
                " {n} more {} a suggested fix that only --unsafe-fixes applies.",
                have(n)
            ));
        }
        return Some(line);
    }
    let unsafe_part = |n: usize, lead: &str| {
        format!(
            "{n} {lead}{} a suggested fix that only --unsafe-fixes applies (see it with --diff --unsafe-fixes).",
            have(n)
        )
    };
    match (s.fixable, s.fixable_unsafe) {
        (0, 0) => None,
        (0, u) => Some(unsafe_part(u, "of them ")),
        (n, u) => {
            let mut line = format!("{n} of them can be fixed with --fix (see how with --diff).");
            if u > 0 {
                line.push(' ');
                line.push_str(&unsafe_part(u, "more "));
            }
            Some(line)
        }
    }
}

/// "1 error", "2 warnings".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
