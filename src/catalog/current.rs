//! Cloudflare's current permission groups (`rules/permission-groups.tsv`): about 400 names
//! without IDs. Each row names the key it belongs to; keys that `rules/catalog.toml` does not
//! write are added from the rows, with the evidence they have: derived from the name.
//!
//! `build.rs` compiles this file to merge the list into the catalog it embeds; it names what
//! it uses through `crate::catalog`, which the build script spells the same way.

use crate::catalog::naming::{normalise, split_level};
use crate::catalog::{Catalog, Evidence, KeyInfo, Risk, Scope};

/// One row: a group's name, its scope where the source gives it, the type its level word means
/// (none for names without one, such as "Zaraz Admin"), the key, and where the name was seen.
/// Borrowed from the table's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurrentGroup<'a> {
    pub name: &'a str,
    pub scope: Option<Scope>,
    pub level: Option<&'a str>,
    pub key: &'a str,
    pub sources: &'a str,
}

const HEADER: &str = "name\tscope\tlevel\tkey\tsources";

/// Reads the table: `#` comment lines, the header, then five tab-separated columns a row.
pub fn parse(text: &str) -> Result<Vec<CurrentGroup<'_>>, String> {
    let mut rows = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty());
    match rows.next() {
        Some((_, header)) if header == HEADER => {}
        _ => return Err(format!("the first row must be the header `{HEADER}`")),
    }
    rows.map(|(n, line)| {
        let mut fields = line.split('\t');
        let mut next = || fields.next();
        let (Some(name), Some(scope), Some(level), Some(key), Some(sources), None) =
            (next(), next(), next(), next(), next(), next())
        else {
            return Err(format!("line {}: expected 5 tab-separated columns", n + 1));
        };
        let scope = match scope {
            "" => None,
            "account" => Some(Scope::Account),
            "zone" => Some(Scope::Zone),
            "user" => Some(Scope::User),
            other => return Err(format!("line {}: unknown scope `{other}`", n + 1)),
        };
        if !is_key(key) {
            return Err(format!("line {}: `{key}` is not a key", n + 1));
        }
        Ok(CurrentGroup {
            name,
            scope,
            level: (!level.is_empty()).then_some(level),
            key,
            sources,
        })
    })
    .collect()
}

/// Whether `key` is written as keys are (what `normalise` gives): lower-case ASCII
/// letters and digits in words joined by single underscores. Checked without allocating.
fn is_key(key: &str) -> bool {
    !key.is_empty()
        && !key.starts_with('_')
        && !key.ends_with('_')
        && !key.contains("__")
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl Catalog {
    /// Gives every row's key its level, name and scope; adds the keys only the list has, as
    /// derived; and records the rows whose own snake-case name differs from their key, so
    /// that `workers_r2_storage` is known to mean `workers_r2`.
    pub fn add_current_groups(&mut self, groups: &[CurrentGroup]) {
        for group in groups {
            if !self.keys.contains_key(group.key) {
                self.keys.insert(
                    group.key.to_string(),
                    KeyInfo {
                        scope: group.scope,
                        types: Vec::new(),
                        risk: Risk::Low,
                        names: Vec::new(),
                        source: format!("current permission group list ({})", group.sources),
                        evidence: Some(Evidence::Derived),
                        derived: false,
                        why: None,
                    },
                );
            }
            let info = self.keys.get_mut(group.key).expect("inserted above");
            if let Some(level) = group.level {
                if !info.accepts(level) {
                    info.types.push(level.to_string());
                }
            }
            if !info.names.iter().any(|n| n == group.name) {
                info.names.push(group.name.to_string());
            }
            if info.scope.is_none() {
                info.scope = group.scope;
            }
            let own = normalise(split_level(group.name).0);
            if own != group.key {
                self.covered
                    .entry(own)
                    .or_insert_with(|| (group.key.to_string(), group.name.to_string()));
            }
        }
        // A key of its own, or a replaced one, is never also another's alias.
        let (keys, renamed) = (&self.keys, &self.renamed);
        self.covered
            .retain(|alias, _| !keys.contains_key(alias) && !renamed.contains_key(alias));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_rejects_bad_ones() {
        let text = "# comment\nname\tscope\tlevel\tkey\tsources\nZaraz Admin\t\t\tzaraz_admin\tapi-2026\nDNS Read\tzone\tread\tdns\tdocs-2025\n";
        let rows = parse(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].scope, rows[0].level), (None, None));
        assert_eq!(rows[1].scope, Some(Scope::Zone));
        assert!(parse("name\tscope\n").unwrap_err().contains("header"));
        let bad = parse(&format!("{HEADER}\nX Read\tplanet\tread\tx\ts\n")).unwrap_err();
        assert_eq!(bad, "line 2: unknown scope `planet`");
        let bad = parse(&format!("{HEADER}\nX Read\t\tread\tBad Key\ts\n")).unwrap_err();
        assert_eq!(bad, "line 2: `Bad Key` is not a key");
        for key in ["dns", "workers_r2", "d1", "zone_settings"] {
            assert!(is_key(key) && normalise(key) == key, "{key}");
        }
        for not_key in ["", "_dns", "dns_", "a__b", "DNS", "dns-read", "zoné"] {
            assert!(!is_key(not_key), "{not_key}");
        }
    }
}
