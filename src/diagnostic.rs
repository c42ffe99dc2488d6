//! The data every stage after parsing speaks: severities, findings and diagnostics.
//!
//! Spans are byte ranges into the original file (0-based, end-exclusive); they are turned into
//! lines and columns only when a report is written (see `source::LineIndex`).

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

pub use crate::text::printable;

/// How serious a diagnostic is. Ordered so that `Note < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a rule reports: where, what, and how to mend it. The rule's id and severity are added
/// by the linter, so a rule cannot get them wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Source bytes the problem is about.
    pub span: Range<usize>,
    /// One sentence: what is wrong.
    pub message: String,
    /// A few words shown under the bytes in human output (most are fixed phrases).
    pub label: Cow<'static, str>,
    /// How to fix it, when we know.
    pub help: Option<String>,
    /// The change `--fix` (safe) or `--unsafe-fixes` (a suggestion) makes.
    pub fix: Option<FixPlan>,
    /// A ceiling on the rule's severity for this finding: something the form accepts but
    /// that is still worth changing (`write` on an account-token URL) is at most a warning.
    pub at_most: Option<Severity>,
}

impl Finding {
    pub fn new(
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<Cow<'static, str>>,
    ) -> Self {
        Finding {
            span,
            message: message.into(),
            label: label.into(),
            help: None,
            fix: None,
            at_most: None,
        }
    }

    pub fn at_most(mut self, ceiling: Severity) -> Self {
        self.at_most = Some(ceiling);
        self
    }

    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn with_fix(mut self, fix: Option<FixPlan>) -> Self {
        self.fix = fix;
        self
    }
}

/// One replacement of source bytes. An empty `replacement` deletes; an empty `span` inserts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
}

/// Whether a fix's meaning is certain (ruff's terms). `--fix` applies only safe fixes; an
/// unsafe one (a key chosen by similarity) could change what a token grants, so it is a
/// suggestion: shown in `help:` and the editor, applied only with `--unsafe-fixes`, and never
/// put in SARIF's `fixes`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Applicability {
    #[default]
    Safe,
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// What `--fix` does for one diagnostic: edits to apply together, and a description such as
/// "replace `write` with `edit`".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub description: String,
    pub applicability: Applicability,
    /// Sorted, not overlapping.
    pub edits: Vec<Edit>,
}

/// A fix as a rule states it. A rule sees decoded text, not the file, so a change inside the
/// permissions JSON names the JSON string to rewrite; `crate::fix` writes the new text in the
/// file's own escaping (`\_` in Markdown, `%5F`, `&amp;`, ...) when it resolves the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixPlan {
    pub description: String,
    pub changes: Vec<Change>,
    pub applicability: Applicability,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Replace source bytes with text that needs no escaping in any host syntax (`%22`, or
    /// nothing to delete).
    Source(Edit),
    /// Give a JSON string of `permissionGroupKeys` new content (plain text: letters, digits,
    /// `_`). `content` is the string's range in the decoded JSON.
    JsonString { content: Range<usize>, text: String },
}

impl FixPlan {
    pub fn new(description: impl Into<String>, changes: Vec<Change>) -> Self {
        FixPlan {
            description: description.into(),
            changes,
            applicability: Applicability::Safe,
        }
    }

    /// Marks the fix as a suggestion whose meaning is not certain.
    pub fn unsafe_(mut self) -> Self {
        self.applicability = Applicability::Unsafe;
        self
    }

    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }

    /// Replaces a key or type of the permissions JSON: "replace `write` with `edit`".
    pub fn rewrite_json_string(string: &crate::permissions::JsonStr, new: &str) -> Self {
        FixPlan::new(
            format!("replace `{}` with `{new}`", printable(&string.value)),
            vec![Change::JsonString {
                content: string.content.clone(),
                text: new.to_string(),
            }],
        )
    }

    /// Deletes source bytes.
    pub fn delete(description: impl Into<String>, span: Range<usize>) -> Self {
        FixPlan::new(
            description,
            vec![Change::Source(Edit {
                span,
                replacement: String::new(),
            })],
        )
    }
}

/// A finding attributed to a rule, with its severity and the template URL it was found in.
/// A report may hold a great many: texts are boxed to their length, and fixed labels are not
/// copied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: Box<str>,
    pub label: Cow<'static, str>,
    pub help: Option<Box<str>>,
    pub span: Range<usize>,
    /// The whole URL occurrence; `None` for file-level diagnostics (an unreadable file).
    pub url: Option<Range<usize>>,
    /// What `--fix` would change (or `--unsafe-fixes`, as `applicability` says).
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// The message with the help on a line of its own, for formats that have one text field.
    pub fn message_with_help(&self) -> String {
        match &self.help {
            Some(help) => format!("{}\nhelp: {help}", self.message),
            None => self.message.to_string(),
        }
    }

    /// The fix `--fix` applies, if it has one that is safe (formats that apply fixes without
    /// asking carry only these).
    pub fn safe_fix(&self) -> Option<&Fix> {
        self.fix
            .as_ref()
            .filter(|f| f.applicability == Applicability::Safe)
    }

    /// About a whole file (an unreadable one): no bytes to point at.
    pub fn is_file_level(&self) -> bool {
        self.url.is_none() && self.span.is_empty()
    }
}
