//! `cf-token-lint rules [RULE]`: the rules as their pages under `rules/` describe them.

use serde_json::json;

use crate::catalog::edit_distance;
use crate::cli::{DataFormat, RulesArgs};
use crate::rules::{descriptors, Descriptor};

/// The table `rules` prints and the README shows: one row per rule.
pub fn markdown_table() -> String {
    let mut out =
        String::from("| Rule | Default | Fixable | What it catches |\n| --- | --- | --- | --- |\n");
    for d in descriptors() {
        out.push_str(&format!(
            "| [`{id}`](rules/{id}.md) | {} | {} | {} |\n",
            d.default_severity,
            d.fixable(),
            d.summary().replace('|', "\\|"),
            id = d.id,
        ));
    }
    out
}

fn as_json(d: &Descriptor, with_page: bool) -> serde_json::Value {
    let mut v = json!({
        "id": d.id,
        "default_severity": d.default_severity.as_str(),
        "fixable": d.fixable(),
        "summary": d.summary(),
    });
    if with_page {
        v["page"] = json!(d.doc);
    }
    v
}

pub fn run(args: &RulesArgs) -> Result<String, String> {
    let Some(id) = &args.rule else {
        return Ok(match args.format {
            DataFormat::Json => {
                let all: Vec<_> = descriptors().map(|d| as_json(d, false)).collect();
                pretty(&json!(all))
            }
            DataFormat::Human => {
                let width = descriptors().map(|d| d.id.len()).max().unwrap_or(0);
                let mut out = format!(
                    "{:width$}  {:8}  {:9}  SUMMARY\n",
                    "RULE", "DEFAULT", "FIXABLE"
                );
                for d in descriptors() {
                    out.push_str(&format!(
                        "{:width$}  {:8}  {:9}  {}\n",
                        d.id,
                        d.default_severity.as_str(),
                        d.fixable(),
                        d.summary()
                    ));
                }
                out.push_str("\n`cf-token-lint rules RULE` prints a rule's page.\n");
                out
            }
        });
    };
    let Some(d) = descriptors().find(|d| d.id == id) else {
        let near = descriptors()
            .map(|d| (edit_distance(id, d.id), d.id))
            .min()
            .filter(|(distance, _)| *distance <= 3);
        return Err(match near {
            Some((_, rule)) => {
                format!("no rule `{id}`: did you mean `{rule}`? (`cf-token-lint rules` lists them)")
            }
            None => format!("no rule `{id}` (`cf-token-lint rules` lists them)"),
        });
    };
    Ok(match args.format {
        DataFormat::Json => pretty(&as_json(d, true)),
        DataFormat::Human => d.doc.to_string(),
    })
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
