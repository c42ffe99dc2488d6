//! `cf-token-lint explain URL`: what a template URL grants, read from the catalog, and what is
//! wrong with it. The language server's hover shows the same text (`describe`).

use std::io::Read;

use serde::Serialize;

use crate::cli::{DataFormat, ExplainArgs};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::filetype::FileKind;
use crate::report::{human, summary_line, FileOutcome, Report};
use crate::template::{Kind, Permissions, TemplateUrl, SCOPE_PARAMS};

/// One permission of a URL as the catalog describes it.
#[derive(Debug, Serialize)]
pub struct PermissionRow {
    /// The key as written: a short key, or (account-token URLs) a permission group ID.
    pub key: Option<String>,
    /// The short key it stands for (the group's key when `key` is an ID).
    pub resolved_key: Option<String>,
    /// The permission group's ID, from the catalog.
    pub group_id: Option<String>,
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// The permission group's display name ("DNS Write"), when the catalog knows it.
    pub display_name: Option<String>,
    pub scope: Option<&'static str>,
    pub risk: Option<&'static str>,
    /// Whether the catalog has the key.
    pub known: bool,
    /// What says the form pre-fills the key ("documented as a template key", "derived from
    /// the group *Hyperdrive Write*; not documented as a template key").
    pub evidence: Option<String>,
}

/// What a template URL asks for.
#[derive(Debug, Serialize)]
pub struct Explanation {
    /// `user` or `account`.
    pub kind: &'static str,
    pub byte_start: usize,
    pub byte_end: usize,
    pub name: Option<String>,
    /// `accountId`, `zoneId` and `scope` as written (decoded), with what each means.
    pub scope_params: Vec<ScopeParam>,
    /// `ok`, `missing`, `placeholder` or `undecodable`: whether the permissions could be read.
    pub permissions_state: &'static str,
    pub permissions: Vec<PermissionRow>,
}

#[derive(Debug, Serialize)]
pub struct ScopeParam {
    pub name: String,
    pub value: String,
    pub meaning: &'static str,
}

fn scope_meaning(kind: Kind, name: &str, value: &str) -> &'static str {
    if kind == Kind::Account && name != "scope" {
        return "ignored: an account token's resources are chosen in the form";
    }
    if let Some((_, _, meaning)) = SCOPE_PARAMS
        .iter()
        .find(|(param, wildcard, _)| *param == name && *wildcard == value)
    {
        return meaning;
    }
    match value {
        v if crate::template::is_hex_id(v) => "one resource, by id",
        v if crate::placeholder::is_placeholder(v) => "a placeholder for the reader to fill in",
        _ => "not a value the form understands",
    }
}

/// Reads a template URL into its explanation, with the catalog's words for each permission.
pub fn explain(url: &TemplateUrl, config: &Config) -> Explanation {
    let permissions = url
        .entries()
        .iter()
        .map(|e| {
            let catalog = &config.catalog;
            let key = e.key.as_ref().map(|k| k.value.clone());
            let ty = e.ty.as_ref().map(|t| t.value.clone());
            // An ID names its group (account-token URLs); a key and type name one too.
            let by_id = key
                .as_deref()
                .and_then(|k| Some((k.to_ascii_lowercase(), url.kind.group(catalog, k)?)));
            let resolved_key = by_id
                .as_ref()
                .map(|(_, g)| g.key.clone())
                .or_else(|| key.clone());
            let level = ty.as_deref().map(|t| url.kind.granted_type(t));
            let group = by_id.or_else(|| {
                let (id, g) = catalog.group_for(resolved_key.as_deref()?, level?)?;
                Some((id.to_string(), g))
            });
            let info = resolved_key.as_deref().and_then(|k| catalog.key(k));
            PermissionRow {
                display_name: group.as_ref().map(|(_, g)| g.name.clone()).or_else(|| {
                    let name = info?.display_name(level?)?;
                    Some(name.to_string())
                }),
                group_id: group.map(|(id, _)| id),
                scope: info.map(|i| crate::catalog::Scope::name(i.scope)),
                risk: info.map(|i| i.risk.as_str()),
                known: info.is_some(),
                evidence: info.map(|i| i.evidence_text()),
                resolved_key,
                key,
                ty,
            }
        })
        .collect();
    Explanation {
        kind: match url.kind {
            Kind::User => "user",
            Kind::Account => "account",
        },
        byte_start: url.span.start,
        byte_end: url.span.end,
        name: url.param("name").map(|p| p.value_text()),
        scope_params: url
            .params
            .iter()
            .filter(|p| {
                p.name == "scope" || SCOPE_PARAMS.iter().any(|(name, _, _)| *name == p.name)
            })
            .map(|p| {
                let value = p.value_text();
                ScopeParam {
                    meaning: scope_meaning(url.kind, &p.name, &value),
                    name: p.name.clone(),
                    value,
                }
            })
            .collect(),
        permissions_state: match &url.permissions {
            Permissions::List(l) if !l.fatal => "ok",
            Permissions::List(_) | Permissions::Undecodable(_) => "undecodable",
            Permissions::Missing => "missing",
            Permissions::Placeholder => "placeholder",
        },
        permissions,
    }
}

/// The explanation as Markdown: a heading line, the scope parameters, and the permission
/// table (what `explain` prints and what an editor's hover shows).
pub fn describe(e: &Explanation) -> String {
    let mut out = format!(
        "**{} token template** — {}\n\n",
        if e.kind == "user" { "User" } else { "Account" },
        match &e.name {
            Some(name) => format!("name: {}", crate::diagnostic::printable(name)),
            None => "no name".to_string(),
        }
    );
    for p in &e.scope_params {
        out.push_str(&format!(
            "- `{}={}`: {}\n",
            p.name,
            crate::diagnostic::printable(&p.value),
            p.meaning
        ));
    }
    if !e.scope_params.is_empty() {
        out.push('\n');
    }
    match e.permissions_state {
        "missing" => out.push_str("No permissions are pre-selected.\n"),
        "placeholder" => out.push_str("The permissions are a placeholder.\n"),
        "undecodable" => out.push_str("The permissions cannot be read (see the diagnostics).\n"),
        _ => {
            let cell = |s: Option<&str>| {
                s.map_or("—".to_string(), |s| {
                    crate::diagnostic::printable(s).replace('|', "\\|")
                })
            };
            out.push_str("| Key | Type | Permission group | Scope | Risk | Evidence |\n");
            out.push_str("| --- | --- | --- | --- | --- | --- |\n");
            for row in &e.permissions {
                let group = match (&row.display_name, &row.group_id, row.known) {
                    (Some(name), Some(id), _) => format!("{} ({}…)", cell(Some(name)), &id[..8]),
                    (Some(name), None, _) => cell(Some(name)),
                    (None, _, true) => "—".to_string(),
                    (None, _, false) => "not in the catalog".to_string(),
                };
                // A group ID is shown short, with the key it stands for.
                let key = match (&row.key, &row.resolved_key) {
                    (Some(k), Some(r)) if k != r => {
                        format!("`{}…` → {}", &k[..8.min(k.len())], cell(Some(r)))
                    }
                    _ => cell(row.key.as_deref()),
                };
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} |\n",
                    key,
                    cell(row.ty.as_deref()),
                    group,
                    cell(row.scope),
                    cell(row.risk),
                    cell(row.evidence.as_deref()),
                ));
            }
        }
    }
    out
}

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
    crate::for_each_template(&input, kind, |url| {
        explanations.push(explain(&url, &config))
    });
    if explanations.is_empty() {
        return Err(format!(
            "no API token template URL in {}: expected https://dash.cloudflare.com/profile/api-tokens?... or https://dash.cloudflare.com/?to=/:account/api-tokens&...",
            if args.url == "-" { "standard input" } else { "the argument" }
        ));
    }
    let lint = crate::lint_source(&input, kind, &config);
    let has_errors = lint
        .diagnostics
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error);
    let text = match args.format {
        DataFormat::Json => {
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
                    diagnostics: lint
                        .diagnostics
                        .iter()
                        .filter(|d| d.url == Some(e.byte_start..e.byte_end))
                        .map(diagnostic_json)
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
            let color = super::check::use_color(args.color);
            if lint.diagnostics.is_empty() {
                out.push_str("No problems found.\n");
            } else {
                out.push_str(&String::from_utf8_lossy(&human::render(&report, color)));
                out.push_str(&summary_line(&report.summary()));
                out.push('\n');
            }
            out
        }
    };
    Ok((text, has_errors))
}

fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
        "help": d.help,
        "byte_start": d.span.start,
        "byte_end": d.span.end,
        "fix": d.fix.as_ref().map(|f| f.description.clone()),
    })
}
