//! What a template URL asks for, in the catalog's words: its kind and name, what each scope
//! parameter means, and one row per permission (group, scope, risk, evidence). `explain`
//! prints it, the language server shows it on hover, the playground draws it.

use serde::Serialize;

use crate::catalog::{Risk, Scope};
use crate::config::Config;
use crate::placeholder::is_placeholder;
use crate::rules::group_named;
use crate::template::{Kind, Permissions, TemplateUrl, SCOPE_PARAMS};
use crate::text::{is_hex_id, printable};

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
    /// The key's scope, `unknown` when the catalog does not say.
    pub scope: Option<&'static str>,
    pub risk: Option<Risk>,
    /// Whether the catalog has the key.
    pub known: bool,
    /// What says the form pre-fills the key ("documented as a template key", "derived from
    /// the group *Hyperdrive Write*; not documented as a template key").
    pub evidence: Option<String>,
}

/// What a template URL asks for.
#[derive(Debug, Serialize)]
pub struct Explanation {
    pub kind: Kind,
    pub byte_start: usize,
    pub byte_end: usize,
    pub name: Option<String>,
    /// `accountId`, `zoneId` and `scope` as written (decoded), with what each means.
    pub scope_params: Vec<ScopeParam>,
    pub permissions_state: PermissionsState,
    pub permissions: Vec<PermissionRow>,
}

/// Whether the permissions could be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PermissionsState {
    Ok,
    /// No `permissionGroupKeys`.
    Missing,
    /// A placeholder for the reader to fill in (`[ENCODED_JSON]`).
    Placeholder,
    /// Not JSON, or not a list of permissions (the diagnostics say why).
    Undecodable,
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
        v if is_hex_id(v) => "one resource, by id",
        v if is_placeholder(v) => "a placeholder for the reader to fill in",
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
                .and_then(|k| Some((k.to_ascii_lowercase(), group_named(url.kind, catalog, k)?)));
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
                scope: info.map(|i| Scope::name(i.scope)),
                risk: info.map(|i| i.risk),
                known: info.is_some(),
                evidence: info.map(|i| i.evidence_text()),
                resolved_key,
                key,
                ty,
            }
        })
        .collect();
    Explanation {
        kind: url.kind,
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
            Permissions::List(l) if !l.fatal => PermissionsState::Ok,
            Permissions::List(_) | Permissions::Undecodable(_) => PermissionsState::Undecodable,
            Permissions::Missing => PermissionsState::Missing,
            Permissions::Placeholder => PermissionsState::Placeholder,
        },
        permissions,
    }
}

/// The explanation as Markdown: a heading line, the scope parameters, and the permission
/// table (what `explain` prints and what an editor's hover shows).
pub fn describe(e: &Explanation) -> String {
    let mut out = format!(
        "**{} token template** — {}\n\n",
        match e.kind {
            Kind::User => "User",
            Kind::Account => "Account",
        },
        match &e.name {
            Some(name) => format!("name: {}", printable(name)),
            None => "no name".to_string(),
        }
    );
    for p in &e.scope_params {
        out.push_str(&format!(
            "- `{}={}`: {}\n",
            p.name,
            printable(&p.value),
            p.meaning
        ));
    }
    if !e.scope_params.is_empty() {
        out.push('\n');
    }
    match e.permissions_state {
        PermissionsState::Missing => out.push_str("No permissions are pre-selected.\n"),
        PermissionsState::Placeholder => out.push_str("The permissions are a placeholder.\n"),
        PermissionsState::Undecodable => {
            out.push_str("The permissions cannot be read (see the diagnostics).\n")
        }
        PermissionsState::Ok => {
            let cell =
                |s: Option<&str>| s.map_or("—".to_string(), |s| printable(s).replace('|', "\\|"));
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
                    cell(row.risk.map(Risk::as_str)),
                    cell(row.evidence.as_deref()),
                ));
            }
        }
    }
    out
}
