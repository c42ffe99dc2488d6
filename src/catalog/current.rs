//! Cloudflare's current permission groups (`rules/permission-groups.tsv`): about 400 names
//! without IDs. Each row names the key it belongs to; keys that `rules/catalog.toml` does not
//! write are added from the rows, with the evidence they have: derived from the name.

use super::{suggest, Catalog, Evidence, KeyInfo, Risk, Scope};

/// One row: a group's name, its scope where the source gives it, the type its level word means
/// (none for names without one, such as "Zaraz Admin"), the key, and where the name was seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentGroup {
    pub name: String,
    pub scope: Option<Scope>,
    pub level: Option<String>,
    pub key: String,
    pub sources: String,
}

const HEADER: &str = "name\tscope\tlevel\tkey\tsources";

/// Reads the table: `#` comment lines, the header, then five tab-separated columns a row.
pub fn parse(text: &str) -> Result<Vec<CurrentGroup>, String> {
    let mut rows = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty());
    match rows.next() {
        Some((_, header)) if header == HEADER => {}
        _ => return Err(format!("the first row must be the header `{HEADER}`")),
    }
    rows.map(|(n, line)| {
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, scope, level, key, sources] = fields[..] else {
            return Err(format!("line {}: expected 5 tab-separated columns", n + 1));
        };
        let scope = match scope {
            "" => None,
            "account" => Some(Scope::Account),
            "zone" => Some(Scope::Zone),
            "user" => Some(Scope::User),
            other => return Err(format!("line {}: unknown scope `{other}`", n + 1)),
        };
        if key.is_empty() || suggest::normalise(key) != key {
            return Err(format!("line {}: `{key}` is not a key", n + 1));
        }
        Ok(CurrentGroup {
            name: name.to_string(),
            scope,
            level: (!level.is_empty()).then(|| level.to_string()),
            key: key.to_string(),
            sources: sources.to_string(),
        })
    })
    .collect()
}

impl Catalog {
    /// Gives every row's key its level, name and scope; adds the keys only the list has, as
    /// derived; and records the rows whose own snake-case name differs from their key, so
    /// that `workers_r2_storage` is known to mean `workers_r2`.
    pub fn add_current_groups(&mut self, groups: &[CurrentGroup]) {
        for group in groups {
            let info = self
                .keys
                .entry(group.key.clone())
                .or_insert_with(|| KeyInfo {
                    scope: group.scope,
                    types: Vec::new(),
                    risk: Risk::Low,
                    names: Vec::new(),
                    source: format!("current permission group list ({})", group.sources),
                    evidence: Some(Evidence::Derived),
                    derived: false,
                    why: None,
                });
            if let Some(level) = &group.level {
                if !info.accepts(level) {
                    info.types.push(level.clone());
                }
            }
            if !info.names.contains(&group.name) {
                info.names.push(group.name.clone());
            }
            if info.scope.is_none() {
                info.scope = group.scope;
            }
            let own = suggest::normalise(suggest::split_level(&group.name).0);
            if own != group.key {
                self.covered
                    .entry(own)
                    .or_insert_with(|| (group.key.clone(), group.name.clone()));
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
        assert_eq!((rows[0].scope, rows[0].level.as_deref()), (None, None));
        assert_eq!(rows[1].scope, Some(Scope::Zone));
        assert!(parse("name\tscope\n").unwrap_err().contains("header"));
        let bad = parse(&format!("{HEADER}\nX Read\tplanet\tread\tx\ts\n")).unwrap_err();
        assert_eq!(bad, "line 2: unknown scope `planet`");
        let bad = parse(&format!("{HEADER}\nX Read\t\tread\tBad Key\ts\n")).unwrap_err();
        assert_eq!(bad, "line 2: `Bad Key` is not a key");
    }
}
