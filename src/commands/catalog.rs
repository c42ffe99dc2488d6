//! `cf-token-lint catalog import FILE` and `cf-token-lint catalog show [KEY|ID]`: keep the
//! catalog current from Cloudflare's own permission group list, and read it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::catalog::{Catalog, Evidence, GroupInfo, ReplacedBecause, Scope};
use crate::cli::{CatalogCommand, DataFormat, ImportArgs, ShowArgs};
use crate::config::Config;
use crate::text::{printable, safe_message};

/// One group of the endpoint's answer; other fields (`description`) are not needed.
#[derive(Debug, Deserialize)]
pub struct ApiGroup {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub scopes: Vec<String>,
}

#[derive(Deserialize)]
struct ApiResponse {
    result: Vec<ApiGroup>,
}

/// Reads the groups from the endpoint's response (`{"result": [...]}`), a bare array, or a
/// Markdown page that holds one of those in a ```json block (as Cloudflare's list page does).
pub fn read_groups(text: &str) -> Result<Vec<ApiGroup>, String> {
    let parse = |json: &str| -> Result<Vec<ApiGroup>, serde_json::Error> {
        match serde_json::from_str::<ApiResponse>(json) {
            Ok(response) => Ok(response.result),
            Err(_) => serde_json::from_str::<Vec<ApiGroup>>(json),
        }
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return parse(trimmed).map_err(|e| {
            format!("not a permission group list ({{\"result\": [{{\"id\", \"name\", \"scopes\"}}]}} or an array of groups): {e}")
        });
    }
    let block = text
        .find("```json")
        .and_then(|open| {
            let body = open + text[open..].find('\n')? + 1;
            let close = text[body..].find("```")?;
            Some(&text[body..body + close])
        })
        .ok_or("neither JSON nor a page with a ```json block of permission groups")?;
    parse(block).map_err(|e| format!("the ```json block is not a permission group list: {e}"))
}

/// `com.cloudflare.api.account.zone` → zone; `...user` → user; anything else is account-wide.
fn scope_of(scopes: &[String]) -> Scope {
    match scopes.first().map(String::as_str) {
        Some(s) if s.ends_with(".zone") => Scope::Zone,
        Some(s) if s.ends_with(".user") => Scope::User,
        _ => Scope::Account,
    }
}

#[derive(Serialize)]
struct KeyOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<Scope>,
    types: Vec<String>,
    risk: &'static str,
    names: Vec<String>,
    evidence: Evidence,
    source: String,
}

#[derive(Serialize)]
struct SectionOut {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    keys: BTreeMap<String, KeyOut>,
    groups: BTreeMap<String, GroupInfo>,
}

#[derive(Serialize)]
struct FileOut {
    catalog: SectionOut,
}

/// What an import made of a list.
pub struct Imported {
    /// The catalog file (TOML).
    pub text: String,
    pub groups: usize,
    /// Keys the catalog did not have, derived from group names (unverified).
    pub new_keys: Vec<String>,
    /// Groups left out, with why (a name without a level word, an ID that is not 32 hex).
    pub skipped: Vec<String>,
}

/// Turns a permission group list into a catalog file: every group with its ID, name, scope,
/// level and key, plus the keys (and levels) the catalog lacks.
pub fn import(groups: &[ApiGroup], catalog: &Catalog, source: &str) -> Imported {
    let mut section = SectionOut {
        keys: BTreeMap::new(),
        groups: BTreeMap::new(),
    };
    let mut skipped = Vec::new();
    for group in groups {
        let id = group.id.to_ascii_lowercase();
        if !crate::template::is_hex_id(&id) {
            skipped.push(format!(
                "`{}`: its ID `{}` is not 32 hex digits",
                group.name, group.id
            ));
            continue;
        }
        let Some(derived) = catalog.key_for_group_name(&group.name) else {
            skipped.push(format!(
                "`{}`: the name does not end in a level (Read, Write, Run, ...)",
                group.name
            ));
            continue;
        };
        let scope = scope_of(&group.scopes);
        // A key the catalog lacks, or lacks this level of, is written out in full.
        let existing = catalog.key(&derived.key);
        if existing.is_none_or(|info| !info.accepts(&derived.level)) {
            let out = section
                .keys
                .entry(derived.key.clone())
                .or_insert_with(|| KeyOut {
                    scope: existing.map_or(Some(scope), |info| info.scope),
                    types: existing.map(|info| info.types.clone()).unwrap_or_default(),
                    risk: existing.map_or("low", |info| info.risk.as_str()),
                    names: existing.map(|info| info.names.clone()).unwrap_or_default(),
                    evidence: existing.map_or(Evidence::Derived, |info| info.evidence()),
                    source: format!("imported from {source}"),
                });
            if !out.types.contains(&derived.level) {
                out.types.push(derived.level.clone());
            }
            if !out.names.contains(&group.name) {
                out.names.push(group.name.clone());
            }
        }
        section.groups.insert(
            id,
            GroupInfo {
                name: group.name.clone(),
                key: derived.key,
                level: derived.level,
                scope,
                derived: derived.derived,
            },
        );
    }
    let new_keys = section
        .keys
        .keys()
        .filter(|k| catalog.key(k).is_none())
        .cloned()
        .collect();
    let body = toml::to_string(&FileOut { catalog: section }).unwrap_or_default();
    let text = format!(
        "# Cloudflare's permission groups, written by `cf-token-lint catalog import {source}`.\n\
         # Point the configuration at this file:  [catalog] import = [\"<this file>\"]\n\
         # `evidence = \"derived\"`: the key follows the naming convention (the group name in snake\n\
         # case, without its level word) and no page documents it, so it is unverified. New keys are\n\
         # `risk = \"low\"` until you say otherwise.\n\n{body}"
    );
    Imported {
        groups: groups.len() - skipped.len(),
        text,
        new_keys,
        skipped,
    }
}

fn run_import(args: &ImportArgs) -> Result<String, String> {
    let (text, source) = if args.file.as_os_str() == "-" {
        let bytes = crate::input::read_stdin_capped(crate::input::MAX_INPUT_SIZE)?;
        let text =
            String::from_utf8(bytes).map_err(|_| "standard input is not UTF-8 text".to_string())?;
        (text, "-".to_string())
    } else {
        let text = crate::input::read_text(&args.file)
            .map_err(|e| format!("{}: cannot read: {e}", args.file.display()))?;
        let name = args
            .file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        (text, name)
    };
    let groups = read_groups(&text).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let imported = import(&groups, Catalog::builtin(), &source);
    for why in &imported.skipped {
        eprintln!("cf-token-lint: skipped {}", safe_message(why));
    }
    let report = format!(
        "Imported {} permission groups; {} new keys derived from their names (unverified){}.",
        imported.groups,
        imported.new_keys.len(),
        if imported.new_keys.is_empty() {
            String::new()
        } else {
            format!(": {}", imported.new_keys.join(", "))
        }
    );
    match &args.output {
        Some(out) => {
            std::fs::write(out, &imported.text)
                .map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
            eprintln!(
                "{} Wrote {}.",
                safe_message(&report),
                printable(&out.display().to_string())
            );
            Ok(String::new())
        }
        None => {
            eprintln!("{}", safe_message(&report));
            Ok(imported.text)
        }
    }
}

fn run_show(args: &ShowArgs) -> Result<String, String> {
    let config = Config::resolve(args.config.as_deref(), args.isolated, Path::new("."))?;
    let catalog = &config.catalog;
    let key_json = |key: &str| {
        let info = catalog.key(key)?;
        let groups: Vec<_> = catalog
            .groups
            .iter()
            .filter(|(_, g)| g.key == key)
            .map(|(id, g)| json!({"id": id, "name": g.name, "level": g.level}))
            .collect();
        Some(json!({
            "key": key,
            "scope": Scope::name(info.scope),
            "types": info.types,
            "risk": info.risk.as_str(),
            "evidence": info.evidence().as_str(),
            "evidence_text": info.evidence_text(),
            "names": info.names,
            "source": info.source,
            "groups": groups,
        }))
    };
    let value = match args.item.as_deref() {
        None => json!(catalog
            .keys
            .keys()
            .filter_map(|k| key_json(k))
            .collect::<Vec<_>>()),
        Some(item) => match (key_json(item), catalog.group(item)) {
            (Some(key), _) => key,
            (None, None) if catalog.renamed.contains_key(item) => {
                let old = &catalog.renamed[item];
                let (because, text) = match old.evidence {
                    ReplacedBecause::Renamed => (
                        "renamed",
                        "an older revision of the template docs used it; the form drops it",
                    ),
                    ReplacedBecause::ReportedDead => (
                        "reported-dead",
                        "people who tried it report that the form does not pre-fill it",
                    ),
                };
                json!({"key": item, "replaced_by": old.key, "type": old.ty, "because": because, "evidence_text": text})
            }
            (None, None) if catalog.covered.contains_key(item) => {
                let (key, group) = &catalog.covered[item];
                json!({
                    "key": item,
                    "covered_by": key,
                    "group": group,
                    "evidence_text": format!("the group *{group}* in snake case; that group's key is `{key}`, so the form may drop this one"),
                })
            }
            (None, Some(group)) => json!({
                "id": item.to_ascii_lowercase(),
                "name": group.name,
                "key": group.key,
                "level": group.level,
                "scope": group.scope.as_str(),
                "derived": group.derived,
            }),
            (None, None) => {
                let hint = match catalog.suggest_key(item) {
                    crate::catalog::KeySuggestion::Near(keys) if !keys.is_empty() => {
                        format!(": did you mean `{}`?", keys[0])
                    }
                    _ => String::new(),
                };
                return Err(format!(
                    "the catalog has no key or permission group ID `{item}`{hint}"
                ));
            }
        },
    };
    Ok(match args.format {
        DataFormat::Json => {
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            text.push('\n');
            text
        }
        DataFormat::Human => show_human(&value),
    })
}

/// One line per key (and its groups), or the one group asked for.
fn show_human(value: &serde_json::Value) -> String {
    let one_key = |k: &serde_json::Value| {
        let types: Vec<&str> = k["types"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str())
            .collect();
        let mut out = format!(
            "{}  {} · {} · risk {}{}\n",
            k["key"].as_str().unwrap_or(""),
            k["scope"].as_str().unwrap_or(""),
            types.join(", "),
            k["risk"].as_str().unwrap_or(""),
            k["evidence_text"]
                .as_str()
                .map_or(String::new(), |e| format!(" · {e}"))
        );
        let names: Vec<&str> = k["names"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n.as_str())
            .collect();
        let by_id = k["groups"].as_array().is_some_and(|g| !g.is_empty());
        if !names.is_empty() && !by_id {
            out.push_str(&format!("    groups named {}\n", names.join(", ")));
        }
        for g in k["groups"].as_array().into_iter().flatten() {
            out.push_str(&format!(
                "    {} ({}) → {}\n",
                g["name"].as_str().unwrap_or(""),
                g["id"].as_str().unwrap_or(""),
                g["level"].as_str().unwrap_or("")
            ));
        }
        out
    };
    let text = |v: &serde_json::Value, field: &str| printable(v[field].as_str().unwrap_or(""));
    match value {
        serde_json::Value::Array(keys) => keys.iter().map(one_key).collect(),
        v if v.get("replaced_by").is_some() => {
            let with_type = v["type"]
                .as_str()
                .map_or(String::new(), |t| format!(" with type {t}"));
            format!(
                "{}  use {}{with_type} instead · {}\n",
                text(v, "key"),
                text(v, "replaced_by"),
                text(v, "evidence_text")
            )
        }
        v if v.get("covered_by").is_some() => format!(
            "{}  use {} instead · {}\n",
            text(v, "key"),
            text(v, "covered_by"),
            text(v, "evidence_text")
        ),
        v if v.get("key").is_some() && v.get("id").is_none() => one_key(v),
        v => format!(
            "{} ({})  key {} with type {} · {}{}\n",
            v["name"].as_str().unwrap_or(""),
            v["id"].as_str().unwrap_or(""),
            v["key"].as_str().unwrap_or(""),
            v["level"].as_str().unwrap_or(""),
            v["scope"].as_str().unwrap_or(""),
            if v["derived"] == true {
                " · key derived (unverified)"
            } else {
                ""
            }
        ),
    }
}

pub fn run(command: &CatalogCommand) -> Result<String, String> {
    match command {
        CatalogCommand::Import(args) => run_import(args),
        CatalogCommand::Show(args) => run_show(args),
    }
}
