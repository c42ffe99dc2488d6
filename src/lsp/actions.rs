//! Code actions: each diagnostic's fix (safe ones preferred, suggestions marked unsafe), and a
//! comment that disables the rule for the line.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic as LspDiagnostic,
    Range, TextEdit, Uri, WorkspaceEdit,
};

use super::diagnostics::to_lsp;
use super::{Document, Server};
use crate::diagnostic::{Applicability, Diagnostic};

impl Server {
    /// For each of our diagnostics in the range: its fix (what `--fix` would write), and a
    /// comment that disables the rule for that line.
    pub(super) fn code_actions(&self, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = params.text_document.uri;
        let Some(doc) = self.documents.get(uri.as_str()) else {
            return Vec::new();
        };
        let want = |kind: &CodeActionKind| {
            params
                .context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
        };
        if !want(&CodeActionKind::QUICKFIX) {
            return Vec::new();
        }
        let start = doc.lines.offset(&doc.text, params.range.start);
        let end = doc.lines.offset(&doc.text, params.range.end);
        let mut actions = Vec::new();
        for d in &doc.diagnostics {
            let touches = d.span.start <= end && start <= d.span.end;
            if !touches {
                continue;
            }
            let lsp = to_lsp(d, &doc.text, &doc.lines);
            if let Some(fix) = &d.fix {
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit {
                        range: Range::new(
                            doc.lines.position(&doc.text, e.span.start),
                            doc.lines.position(&doc.text, e.span.end),
                        ),
                        new_text: e.replacement.clone(),
                    })
                    .collect();
                // A suggestion is offered, marked as one, and never preferred: an editor
                // applies preferred fixes on its own ("fix all").
                let safe = fix.applicability == Applicability::Safe;
                let title = if safe {
                    format!("Fix: {}", fix.description)
                } else {
                    format!(
                        "Suggested fix (unsafe: may change what the token grants): {}",
                        fix.description
                    )
                };
                actions.push(action(title, &uri, edits, &lsp, safe));
            }
            if let Some(edit) = disable_comment(doc, d) {
                actions.push(action(
                    format!("Disable {} for this line", d.rule),
                    &uri,
                    vec![edit],
                    &lsp,
                    false,
                ));
            }
        }
        actions
    }
}

fn action(
    title: String,
    uri: &Uri,
    edits: Vec<TextEdit>,
    diagnostic: &LspDiagnostic,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

/// The inline suppression comment for a diagnostic's line, inserted above it with the same
/// indentation. None where the syntax has no comments (JSON), and none in a Markdown table,
/// where a comment line would end the table.
fn disable_comment(doc: &Document, d: &Diagnostic) -> Option<TextEdit> {
    let kind = doc.kind?;
    let comment = crate::suppress::next_line_comment(kind, d.rule)?;
    let line = doc.lines.position(&doc.text, d.span.start).line;
    let line_start = doc
        .lines
        .offset(&doc.text, lsp_types::Position::new(line, 0));
    let rest = &doc.text[line_start..];
    let text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let indent: String = text
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    if kind.is_markdown_like() && text.trim_start().starts_with('|') {
        return None;
    }
    let at = lsp_types::Position::new(line, 0);
    Some(TextEdit {
        range: Range::new(at, at),
        new_text: format!("{indent}{comment}\n"),
    })
}
