//! cf-token-lint: finds Cloudflare API token template URLs in docs and config files, decodes
//! them, and checks them against the permission catalog, with exact source spans.
//!
//! The pipeline, one module per stage: `walk` (paths to files) → `scan` (URL occurrences in a
//! file's host syntax) → `template` (kind, parameters, permissions, each with spans) → `rules`
//! (diagnostics) → `report` (human, json). The CLI, tests and benchmarks all call
//! [`lint_source`]; none re-implements a stage.

pub mod baseline;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod filetype;
pub mod fix;
// The language server reads files and their `file://` URIs: not part of a WebAssembly build.
#[cfg(not(target_family = "wasm"))]
pub mod lsp;
pub mod mapped;
pub mod percent;
pub mod permissions;
pub mod placeholder;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;
pub mod suppress;
pub mod syntax;
pub mod template;
pub mod text;
pub mod walk;

use config::Config;
use diagnostic::Diagnostic;
use filetype::FileKind;

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
    let mut out = FileLint::default();
    if scan::may_contain_template(src) {
        let rules: Vec<(&rules::Rule, diagnostic::Severity)> = rules::ALL
            .iter()
            .filter_map(|rule| Some((*rule, config.severities.of(rule.meta.id)?)))
            .collect();
        let mut findings = Vec::new();
        for_each_template(src, kind, |url| {
            out.urls_checked += 1;
            for (rule, severity) in &rules {
                (rule.check)(&url, config, &mut findings);
                out.diagnostics
                    .extend(findings.drain(..).map(|f| Diagnostic {
                        rule: rule.meta.id,
                        severity: f.at_most.map_or(*severity, |cap| cap.min(*severity)),
                        message: f.message,
                        label: f.label,
                        help: f.help,
                        fix: f.fix.and_then(|plan| fix::resolve(&plan, src, &url)),
                        span: f.span,
                        url: Some(url.span.clone()),
                    }));
            }
        });
    }
    suppress::apply(src, kind, &mut out.diagnostics, &config.severities);
    out.diagnostics.sort_by(|a, b| {
        (a.span.start, a.rule, a.span.end).cmp(&(b.span.start, b.rule, b.span.end))
    });
    out
}
