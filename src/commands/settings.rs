//! `check --show-settings FILE`: the configuration that applies to a file, and where it came
//! from, so "why is this an error here and a note there" has an answer.

use std::path::Path;

use crate::cli::CheckArgs;
use crate::config::Config;
use crate::rules::descriptors;
use crate::text::printable;

pub fn describe(file: &Path, config: &Config, args: &CheckArgs) -> String {
    let shown = |path: &Path| printable(&path.display().to_string());
    let source = match (&config.path, args.isolated) {
        (_, true) => "none (--isolated): the built-in defaults".to_string(),
        (Some(path), _) if args.config.is_some() => format!("{} (--config)", shown(path)),
        (Some(path), _) => format!("{} (the nearest above the file)", shown(path)),
        (None, _) => "none found above the file: the built-in defaults".to_string(),
    };
    let mut out = format!("Settings for {}\n", shown(file));
    out.push_str(&format!("configuration: {source}\n"));
    let selected = [
        ("--select", args.select.as_deref().unwrap_or_default()),
        ("--extend-select", &args.extend_select),
        ("--ignore", &args.ignore),
    ];
    for (option, ids) in selected {
        if !ids.is_empty() {
            out.push_str(&format!("{option}: {}\n", printable(&ids.join(","))));
        }
    }
    out.push_str("rules:\n");
    let width = descriptors().map(|d| d.id.len()).max().unwrap_or(0);
    for rule in descriptors() {
        let level = config
            .severities
            .of(rule.id)
            .map_or("off".to_string(), |s| s.to_string());
        let note = if level == rule.default_severity.as_str() {
            ""
        } else {
            " (default: "
        };
        out.push_str(&format!("  {:<width$}  {level}", rule.id));
        if !note.is_empty() {
            out.push_str(&format!("{note}{})", rule.default_severity));
        }
        out.push('\n');
    }
    let policy = &config.policy;
    if policy.checks_nothing() && policy.high_risk.is_empty() {
        out.push_str("policy: none\n");
    } else {
        out.push_str("policy:\n");
        for (key, ty) in &policy.max_type {
            out.push_str(&format!("  max-type {key} = {ty}\n"));
        }
        for denied in &policy.deny {
            out.push_str(&format!("  deny {}\n", denied.as_text()));
        }
        if !policy.high_risk.is_empty() {
            let keys: Vec<&str> = policy.high_risk.iter().map(String::as_str).collect();
            out.push_str(&format!("  high-risk {}\n", keys.join(", ")));
        }
        if policy.require_name {
            out.push_str("  require-name\n");
        }
        if !policy.wildcard_edit {
            out.push_str("  wildcard-edit = false\n");
        }
        if let Some(max) = policy.max_permissions {
            out.push_str(&format!("  max-permissions = {max}\n"));
        }
    }
    out.push_str(&format!(
        "catalog: {} keys, {} permission groups by ID\n",
        config.catalog.keys.len(),
        config.catalog.groups.len()
    ));
    out
}
