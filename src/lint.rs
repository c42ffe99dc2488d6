//! Linting one text: every template URL in it through every rule that is on, then the inline
//! suppressions; and fixing it, round after round, until no fix applies.

use std::borrow::Cow;

use crate::config::Config;
use crate::diagnostic::{self, Applicability, Diagnostic};
use crate::fix::{self, apply};
use crate::syntax::FileKind;
use crate::{rules, scan, suppress, template};

/// Fixes can enable one another (a renamed key makes its type checkable), and overlapping
/// fixes (a parameter repeated 300 times) apply one round after another, so rounds go on
/// while fixes apply. Each round applies at least one fix, so a text settles within as many
/// rounds as it has fixes; the bound (twice the first round's fixes, plus this) only keeps a
/// bad interaction between two rules from looping forever.
const EXTRA_ROUNDS: usize = 8;

/// What linting one file's bytes produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileLint {
    /// Sorted by byte offset, then rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Template URLs decoded in the file.
    pub urls_checked: usize,
}

/// Every template URL in a file's bytes, in the order the linter checks them: links to the
/// dashboard, then look-alike hosts outside them.
pub fn for_each_template(src: &[u8], kind: FileKind, mut f: impl FnMut(template::TemplateUrl)) {
    if !scan::may_contain_template(src) {
        return;
    }
    let mut covered = Vec::new();
    for occurrence in scan::scan_candidates(src, kind) {
        if let Some(url) = template::parse(&occurrence) {
            f(url);
        }
        covered.push(occurrence.span);
    }
    for occurrence in scan::lookalike_candidates(src, kind, &covered) {
        if let Some(url) = template::parse(&occurrence) {
            f(url);
        }
    }
}

/// Lints one file's bytes, read as `kind`, with the run's configuration: rules at their
/// configured severities (rules that are off do not run), then inline suppressions.
pub fn lint_source(src: &[u8], kind: FileKind, config: &Config) -> FileLint {
    lint_source_with(src, kind, config, |_| {})
}

/// [`lint_source`], handing each template URL to `visit` once its rules have run: for callers
/// that show the URLs too (`explain`), so no URL is parsed twice.
pub fn lint_source_with(
    src: &[u8],
    kind: FileKind,
    config: &Config,
    mut visit: impl FnMut(&template::TemplateUrl),
) -> FileLint {
    let mut out = FileLint::default();
    if scan::may_contain_template(src) {
        // Set up at the first template URL: most files that name the dashboard hold none,
        // and the context's catalog is built when first used.
        let mut setup = None;
        let mut findings = Vec::new();
        for_each_template(src, kind, |url| {
            let (rules, cx) = setup.get_or_insert_with(|| {
                let rules: Vec<(&rules::Rule, diagnostic::Severity)> = rules::ALL
                    .iter()
                    .filter_map(|rule| Some((*rule, config.severities.of(rule.meta.id)?)))
                    .collect();
                (rules, config.rule_context())
            });
            out.urls_checked += 1;
            let first = out.diagnostics.len();
            for (rule, severity) in rules.iter() {
                (rule.check)(&url, cx, &mut findings);
                out.diagnostics
                    .extend(findings.drain(..).map(|f| Diagnostic {
                        rule: rule.meta.id,
                        severity: f.at_most.map_or(*severity, |cap| cap.min(*severity)),
                        message: f.message.into_boxed_str(),
                        label: f.label,
                        help: f.help.map(String::into_boxed_str),
                        fix: f.fix.and_then(|plan| fix::resolve(&plan, src, &url)),
                        span: f.span,
                        url: Some(url.span.clone()),
                    }));
            }
            // Each URL's findings in order as they come: URLs come in order, so the file's
            // list is then sorted without a sort of the whole (and its buffer, the size of
            // the list, on a file with 100,000 findings).
            out.diagnostics[first..].sort_by(by_position);
            visit(&url);
        });
    }
    suppress::apply(src, kind, &mut out.diagnostics, &config.severities);
    // Look-alike hosts and suppression problems come after the dashboard's URLs.
    if !out
        .diagnostics
        .is_sorted_by(|a, b| by_position(a, b).is_le())
    {
        out.diagnostics.sort_by(by_position);
    }
    out
}

/// The order diagnostics are reported in: by where they start, then rule, then where they end.
fn by_position(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (a.span.start, a.rule, a.span.end).cmp(&(b.span.start, b.rule, b.span.end))
}

/// The result of fixing one file.
pub struct Fixed {
    /// The fixed text (the input when nothing applied).
    pub source: Vec<u8>,
    /// How many fixes were applied over all rounds.
    pub applied: usize,
    /// What is left: the lint of the fixed text.
    pub remaining: FileLint,
}

/// Lints and fixes `src` until no fix applies: the safe fixes, and the unsafe ones too when
/// `unsafe_fixes` (`--unsafe-fixes`).
pub fn fix_source(src: &[u8], kind: FileKind, config: &Config, unsafe_fixes: bool) -> Fixed {
    let mut current = Cow::Borrowed(src);
    let mut applied = 0;
    let mut rounds = 0;
    let mut max_rounds = None;
    loop {
        let lint = lint_source(&current, kind, config);
        rounds += 1;
        let fixes = |lint: &FileLint| {
            lint.diagnostics
                .iter()
                .filter_map(|d| d.fix.as_ref())
                .filter(|f| unsafe_fixes || f.applicability == Applicability::Safe)
                .count()
        };
        let max = *max_rounds.get_or_insert_with(|| 2 * fixes(&lint) + EXTRA_ROUNDS);
        if rounds > max {
            return Fixed {
                source: current.into_owned(),
                applied,
                remaining: lint,
            };
        }
        let (next, n) = apply(
            &current,
            lint.diagnostics
                .iter()
                .filter_map(|d| d.fix.as_ref())
                .filter(|f| unsafe_fixes || f.applicability == Applicability::Safe),
        );
        if n == 0 {
            return Fixed {
                source: current.into_owned(),
                applied,
                remaining: lint,
            };
        }
        applied += n;
        current = Cow::Owned(next);
    }
}
