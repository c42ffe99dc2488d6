//! `cf-token-lint explain URL`: what a template URL grants, read from the catalog, and what is
//! wrong with it (the explanation itself is `crate::explain`).

use std::io::Read;

use serde::Serialize;

use crate::cli::{DataFormat, ExplainArgs};
use crate::config::Config;
use crate::explain::{describe, explain, Explanation};
use crate::lint::lint_source_with;
use crate::report::json::diagnostic_value;
use crate::report::{located, render, summary_line, FileOutcome, Format, RenderOptions, Report};
use crate::syntax::FileKind;

pub fn run(args: &ExplainArgs) -> Result<(String, bool), String> {
    let (input, display) = if args.url == "-" {
        let mut input = Vec::new();
        std::io::stdin()
            .read_to_end(&mut input)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        (input, "<stdin>")
    } else {
        (args.url.clone().into_bytes(), "<url>")
    };
    let config = Config::resolve(
        args.config.as_deref(),
        args.isolated,
        std::path::Path::new("."),
    )?;
    // Markdown reading also takes a bare URL as it is, and undoes `\_` from a pasted table.
    let kind = FileKind::Markdown;
    let mut explanations = Vec::new();
    let lint = lint_source_with(&input, kind, &config, |url| {
        explanations.push(explain(url, &config))
    });
    if explanations.is_empty() {
        return Err(format!(
            "no API token template URL in {}: expected https://dash.cloudflare.com/profile/api-tokens?... or https://dash.cloudflare.com/?to=/:account/api-tokens&...",
            if args.url == "-" { "standard input" } else { "the argument" }
        ));
    }
    // One argument is one URL: text after it means the URL was cut short (a space in it).
    if args.url != "-" {
        let end = explanations.last().map_or(0, |e| e.byte_end);
        let rest = String::from_utf8_lossy(&input[end..]);
        if explanations.len() == 1 && !rest.trim().is_empty() {
            eprintln!(
                "cf-token-lint: note: the URL ends before `{}`: a space or quote ends a URL; percent-encode it (%20) to keep it in",
                crate::text::printable(rest.trim_start().chars().take(20).collect::<String>().as_str())
            );
        }
    }
    let has_errors = lint
        .diagnostics
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error);
    let report = Report {
        files: vec![FileOutcome {
            source: input.clone(),
            diagnostics: lint.diagnostics.clone(),
            urls_checked: lint.urls_checked,
            scanned: true,
            ..FileOutcome::new(display.to_string())
        }],
        baselined: None,
    };
    let text = match args.format {
        DataFormat::Json => {
            let located: Vec<_> = report.files.iter().flat_map(located).collect();
            #[derive(Serialize)]
            struct Out<'a> {
                urls: Vec<JsonUrl<'a>>,
            }
            #[derive(Serialize)]
            struct JsonUrl<'a> {
                #[serde(flatten)]
                explanation: &'a Explanation,
                diagnostics: Vec<serde_json::Value>,
            }
            let urls = explanations
                .iter()
                .map(|e| JsonUrl {
                    explanation: e,
                    diagnostics: located
                        .iter()
                        .filter(|l| l.diagnostic.url == Some(e.byte_start..e.byte_end))
                        .map(diagnostic_value)
                        .collect(),
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&Out { urls }).unwrap_or_default();
            text.push('\n');
            text
        }
        DataFormat::Human => {
            let mut out = String::new();
            for e in &explanations {
                out.push_str(&describe(e));
                out.push('\n');
            }
            let color = args.color.enabled();
            if lint.diagnostics.is_empty() {
                out.push_str("No problems found.\n");
            } else {
                let mut drawn = Vec::new();
                let options = RenderOptions {
                    color,
                    fixing: false,
                    fix_command: "cf-token-lint check ",
                };
                let _ = render(Format::Human, &report, &options, &mut drawn);
                out.push_str(&String::from_utf8_lossy(&drawn));
                out.push_str(&summary_line(&report.summary()));
                out.push('\n');
            }
            out
        }
    };
    Ok((text, has_errors))
}
