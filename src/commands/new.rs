//! `cf-token-lint new`: builds a template URL from permissions, as Cloudflare's template URL
//! page writes its examples, so that it lints clean the day it is pasted.

use crate::catalog::{one_of, Catalog, KeySuggestion};
use crate::cli::NewArgs;
use crate::config::Config;
use crate::diagnostic::{printable, Severity};
use crate::percent::encode_component;
use crate::syntax::FileKind;
use crate::template::PERMISSIONS_PARAM;

/// What `new` prints, and the findings worth a word on standard error.
pub struct Built {
    pub output: String,
    pub warnings: Vec<String>,
}

/// Reads `KEY:TYPE` and checks it against the catalog.
fn permission(spec: &str, catalog: &Catalog) -> Result<(String, String), String> {
    let Some((key, ty)) = spec.split_once(':') else {
        return Err(format!(
            "`{spec}` is not KEY:TYPE: write the permission as `dns:edit` or `analytics:read`"
        ));
    };
    let Some(info) = catalog.key(key) else {
        let hint = match catalog.suggest_key(key) {
            KeySuggestion::Replaced { key, .. } => format!(": use `{key}` instead"),
            KeySuggestion::DisplayName { key, .. } | KeySuggestion::Spelling { key } => {
                format!(": the key is `{key}`")
            }
            KeySuggestion::Covered { key, group } => {
                format!(": the documented key for the group {group} is `{key}`")
            }
            KeySuggestion::Near(keys) => format!(
                ": did you mean {}?",
                one_of(&keys.iter().map(String::as_str).collect::<Vec<_>>())
            ),
            KeySuggestion::None => {
                String::from(" (teach a new key under [catalog.keys.KEY] in cf-token-lint.toml)")
            }
        };
        return Err(format!("unknown permission key `{}`{hint}", printable(key)));
    };
    if !info.accepts(ty) {
        let allowed: Vec<&str> = info.types.iter().map(String::as_str).collect();
        let hint = catalog
            .suggest_type(Some(info), ty)
            .map(|s| format!("; {}", s.help))
            .unwrap_or_default();
        return Err(format!(
            "`{}` is not a type of `{key}`, which takes {}{hint}",
            printable(ty),
            one_of(&allowed)
        ));
    }
    Ok((key.to_string(), ty.to_string()))
}

/// The URL, percent-encoded: `[{"key":"dns","type":"edit"}]` as `%5B%7B%22key%22...`, `*` as
/// `%2A` and spaces as `%20`, the parameters in the seed page's order.
pub fn build_url(args: &NewArgs, permissions: &[(String, String)]) -> String {
    let json = serde_json::Value::Array(
        permissions
            .iter()
            .map(|(key, ty)| serde_json::json!({"key": key, "type": ty}))
            .collect(),
    );
    let encoded = encode_component(&json.to_string());
    let mut url = if args.user {
        format!(
            "https://dash.cloudflare.com/profile/api-tokens?{PERMISSIONS_PARAM}={encoded}&accountId={}&zoneId={}",
            encode_component(&args.account_id),
            encode_component(&args.zone_id)
        )
    } else {
        format!(
            "https://dash.cloudflare.com/?to=/:account/api-tokens&{PERMISSIONS_PARAM}={encoded}"
        )
    };
    if let Some(name) = &args.name {
        url.push_str("&name=");
        url.push_str(&encode_component(name));
    }
    url
}

/// `[name](url)` that renders the same in a paragraph and in a table cell: Markdown's
/// punctuation in the text is escaped, and `_` in the URL is written `\_` as Cloudflare's
/// pages do (a backslash escape, which link destinations undo).
fn markdown_link(name: &str, url: &str) -> String {
    let mut text = String::new();
    for c in name.chars() {
        if matches!(c, '\\' | '[' | ']' | '|' | '*' | '_' | '`' | '<' | '>') {
            text.push('\\');
        }
        text.push(c);
    }
    format!("[{text}]({})", url.replace('_', "\\_"))
}

pub fn run(args: &NewArgs) -> Result<Built, String> {
    let config = Config::resolve(
        args.config.as_deref(),
        args.isolated,
        std::path::Path::new("."),
    )?;
    let permissions = args
        .permissions
        .iter()
        .map(|spec| permission(spec, &config.catalog))
        .collect::<Result<Vec<_>, _>>()?;
    let url = build_url(args, &permissions);
    // What the linter would say about the new link (over-broad, policy, a vague name).
    let lint = crate::lint_source(url.as_bytes(), FileKind::Text, &config);
    if let Some(error) = lint
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        return Err(format!(
            "the URL would not lint clean: {} [{}]",
            error.message, error.rule
        ));
    }
    let warnings = lint
        .diagnostics
        .iter()
        .map(|d| format!("{}[{}]: {}", d.severity, d.rule, d.message))
        .collect();
    let output = if args.markdown {
        markdown_link(args.name.as_deref().unwrap_or("Create an API token"), &url)
    } else {
        url
    };
    Ok(Built {
        output: output + "\n",
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_links_escape_what_tables_and_emphasis_would_eat() {
        assert_eq!(
            markdown_link("KV | R2_*", "https://x/?a=workers_kv"),
            r"[KV \| R2\_\*](https://x/?a=workers\_kv)"
        );
    }
}
