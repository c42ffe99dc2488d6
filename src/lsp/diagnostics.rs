//! Our diagnostics as the protocol has them, each linked to its rule's page.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;

use lsp_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticSeverity, NumberOrString, Range, Uri,
};

use super::position::Lines;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::descriptors;

/// Our diagnostic as the protocol has it: UTF-16 range, severity, the rule as `code` with
/// its page as `codeDescription`, and the help after the message.
pub(super) fn to_lsp(d: &Diagnostic, text: &str, lines: &Lines) -> LspDiagnostic {
    let message = d.message_with_help();
    LspDiagnostic {
        range: Range::new(
            lines.position(text, d.span.start),
            lines.position(text, d.span.end),
        ),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: rule_page(d.rule).map(|href| CodeDescription { href }),
        source: Some("cf-token-lint".into()),
        message,
        ..LspDiagnostic::default()
    }
}

/// A `file:` URI of the rule's page. The pages are part of the binary; they are written once
/// to the user's cache directory (per version), so the link works without a checkout or the
/// network and always matches the running linter. The URIs are made once, not per diagnostic.
fn rule_page(rule: &str) -> Option<Uri> {
    static PAGES: OnceLock<HashMap<&'static str, Uri>> = OnceLock::new();
    PAGES.get_or_init(write_rule_pages).get(rule).cloned()
}

/// Whether the directories of `ours` below `base` are real directories (no symlink planted
/// in a shared temporary directory leads them elsewhere) and, on Unix, ours.
fn safe_dir(base: &Path, ours: &Path) -> bool {
    let (Ok(base), Ok(dir)) = (
        std::fs::canonicalize(base),
        std::fs::canonicalize(base.join(ours)),
    ) else {
        return false;
    };
    if dir != base.join(ours) {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions.
        let me = unsafe { libc::geteuid() };
        let mut at = base.clone();
        for part in ours.components() {
            at.push(part);
            if std::fs::symlink_metadata(&at).map_or(true, |m| m.uid() != me) {
                return false;
            }
        }
    }
    true
}

fn write_rule_pages() -> HashMap<&'static str, Uri> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let ours = Path::new("cf-token-lint")
        .join(env!("CARGO_PKG_VERSION"))
        .join("rules");
    let dir = base.join(&ours);
    if std::fs::create_dir_all(&dir).is_err() || !safe_dir(&base, &ours) {
        return HashMap::new();
    }
    descriptors()
        .filter_map(|d| {
            let page = dir.join(format!("{}.md", d.id));
            // A page is read only if it is a regular file, and replaced (a planted symlink
            // with it, never followed) when it is not the binary's own.
            let current = std::fs::symlink_metadata(&page).is_ok_and(|m| m.file_type().is_file())
                && crate::input::read_capped(&page, 1024 * 1024)
                    .is_ok_and(|(bytes, _)| bytes == d.doc.as_bytes());
            if !current {
                let mut temp = tempfile::Builder::new()
                    .prefix(".cf-token-lint-page")
                    .tempfile_in(&dir)
                    .ok()?;
                temp.write_all(d.doc.as_bytes()).ok()?;
                temp.persist(&page).ok()?;
            }
            let url = url::Url::from_file_path(&page).ok()?;
            Some((d.id, Uri::from_str(url.as_str()).ok()?))
        })
        .collect()
}
