//! `cf-token-lint init [DIR]`: writes a commented starter `cf-token-lint.toml`. Everything in
//! it is commented out, so it changes nothing until a line is uncommented; it never
//! overwrites a file.

use std::io::Write;
use std::path::Path;

use crate::config::CONFIG_NAMES;
use crate::text::printable;

/// The starter configuration: every section, commented, with what each line does.
pub const STARTER: &str = r#"# cf-token-lint.toml: the configuration for this directory and everything below it
# (a cf-token-lint.toml deeper down takes over for its own subtree).
# Every section is optional; a line takes effect once you uncomment it.
# `cf-token-lint --show-settings FILE` prints what applies to FILE.

[rules]
# Severity per rule: "off", "note", "warning" or "error". `cf-token-lint rules` lists them.
# missing-scope-param = "error"       # insist on accountId and zoneId in user-token URLs
# missing-name = "warning"             # every template URL should pre-fill a token name
# over-broad = "error"

[files]
# Gitignore-style globs, relative to this file's directory.
# extend-exclude = ["CHANGELOG.md", "vendor/"]
# include = ["*.md", "*.mdx"]          # replaces the default file types

# A permission key newer than the built-in catalog:
# [catalog.keys.example_new_feature]
# scope = "account"                    # account, zone or user
# types = ["read", "edit"]
# risk = "low"                         # low (the default) or high
# names = ["Example New Feature Read", "Example New Feature Write"]

[policy]
# The team's least-privilege rules, reported by the `policy` rule.
# max-type = { dns = "read" }          # the highest type allowed per key
# deny = ["account_api_tokens:*"]      # permissions never allowed
# require-name = true
# wildcard-edit = false                # no edit with accountId=* and zoneId=all
# max-permissions = 5
"#;

pub fn run(dir: &Path) -> Result<String, String> {
    let shown = |p: &Path| printable(&p.display().to_string());
    if !dir.is_dir() {
        return Err(format!("{}: not a directory", shown(dir)));
    }
    if let Some(existing) = CONFIG_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.exists())
    {
        return Err(format!(
            "{} already exists; init never overwrites a configuration",
            shown(&existing)
        ));
    }
    let path = dir.join(CONFIG_NAMES[0]);
    // `create_new`: a file that appears meanwhile is not overwritten either.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("{}: cannot create it: {e}", shown(&path)))?;
    file.write_all(STARTER.as_bytes())
        .map_err(|e| format!("{}: cannot write it: {e}", shown(&path)))?;
    Ok(format!(
        "Wrote {}: every setting in it is commented out; uncomment what you need.\n",
        shown(&path)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_starter_configuration_is_valid_and_changes_nothing() {
        let config = Config::parse(STARTER, Path::new("cf-token-lint.toml"), Path::new("/repo"))
            .expect("the starter configuration parses");
        let defaults = Config::defaults(Path::new("/repo"));
        assert_eq!(config.severities, defaults.severities);
        assert_eq!(config.policy, defaults.policy);
    }
}
