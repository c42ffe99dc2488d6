//! Hover: what the template URL under the cursor grants, as `explain` prints it, and what is
//! wrong with it.

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind, Range};

use super::Server;
use crate::diagnostic::Diagnostic;
use crate::explain::{describe, explain};

impl Server {
    /// What the template URL under the cursor grants, as `explain` prints it.
    pub(super) fn hover(&mut self, params: HoverParams) -> Option<Hover> {
        let uri = params.text_document_position_params.text_document.uri;
        let (kind, dir) = self
            .documents
            .get(uri.as_str())
            .and_then(|d| Some((d.kind?, d.dir.clone())))?;
        let config = self.config(&dir);
        let doc = self.documents.get(uri.as_str())?;
        let offset = doc
            .lines
            .offset(&doc.text, params.text_document_position_params.position);
        let mut found = None;
        crate::for_each_template(doc.text.as_bytes(), kind, |url| {
            if found.is_none() && url.span.start <= offset && offset <= url.span.end {
                found = Some(url);
            }
        });
        let url = found?;
        let mut value = describe(&explain(&url, &config));
        let problems: Vec<&Diagnostic> = doc
            .diagnostics
            .iter()
            .filter(|d| d.url.as_ref() == Some(&url.span))
            .collect();
        if !problems.is_empty() {
            value.push('\n');
            for d in problems {
                value.push_str(&format!("- {} `{}`: {}\n", d.severity, d.rule, d.message));
            }
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(Range::new(
                doc.lines.position(&doc.text, url.span.start),
                doc.lines.position(&doc.text, url.span.end),
            )),
        })
    }
}
