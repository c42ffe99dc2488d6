//! What the catalog suggests for a key or type it does not accept: older names, display
//! names, spellings and near keys.

use super::naming::{normalise, split_level};
use super::{Catalog, Evidence, KeyInfo, ReplacedBecause, DOCUMENTED_TYPES};
use crate::text::{edit_distance, one_of};

/// What `unknown-key` can say about a key the catalog does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySuggestion {
    /// An older name of a key (`zone_dns` is now `dns`), or one people report the form does
    /// not pre-fill (`cloudflare_tunnel`: `argotunnel` does).
    Replaced {
        key: String,
        ty: Option<String>,
        because: ReplacedBecause,
    },
    /// A permission group's display name ("DNS Write"), with the type its level implies.
    DisplayName {
        key: String,
        ty: Option<String>,
    },
    /// A key in other case or with other separators (`Workers-Scripts`).
    Spelling {
        key: String,
    },
    /// The snake-case name of a current group whose key is another one: `workers_r2_storage`
    /// is the group "Workers R2 Storage", whose documented key is `workers_r2`.
    Covered {
        key: String,
        group: String,
    },
    /// Keys spelled like it (within the suggestion distance), closest first, at most three.
    Near(Vec<String>),
    None,
}

impl Catalog {
    pub fn suggest_key(&self, input: &str) -> KeySuggestion {
        let replaced = |r: &super::Renamed| KeySuggestion::Replaced {
            key: r.key.clone(),
            ty: r.ty.clone(),
            because: r.evidence,
        };
        if let Some(r) = self.renamed.get(input) {
            return replaced(r);
        }
        if let Some((key, ty)) = self.match_display_name(input) {
            return KeySuggestion::DisplayName { key, ty };
        }
        let normal = normalise(input);
        if self.keys.contains_key(&normal) {
            return KeySuggestion::Spelling { key: normal };
        }
        if let Some(r) = self.renamed.get(&normal) {
            return replaced(r);
        }
        if let Some((key, group)) = self.covered.get(&normal) {
            return KeySuggestion::Covered {
                key: key.clone(),
                group: group.clone(),
            };
        }
        if normal.len() > 64 {
            return KeySuggestion::None;
        }
        let limit = match normal.len() {
            0..=4 => 1,
            5..=10 => 2,
            _ => 3,
        };
        let near = Near::new(&normal, limit);
        let mut best: Vec<(usize, Evidence, &String)> = self
            .keys
            .iter()
            .filter_map(|(k, info)| Some((near.distance(k)?, info.evidence(), k)))
            .collect();
        // Closest first; at the same distance, the key with the firmest evidence.
        best.sort();
        if best.is_empty() {
            return KeySuggestion::None;
        }
        KeySuggestion::Near(best.iter().take(3).map(|(_, _, k)| (*k).clone()).collect())
    }

    /// "DNS Write" -> (`dns`, `edit`); "Zone Settings" -> (`zone_settings`, none).
    fn match_display_name(&self, input: &str) -> Option<(String, Option<String>)> {
        if !input.contains(' ') && !input.contains(':') {
            return None;
        }
        let (base, ty) = split_level(input);
        let ty = ty.map(str::to_string);
        if let Some(key) = self.key_named(base) {
            return Some((key.to_string(), ty));
        }
        let snake = normalise(base);
        self.keys.contains_key(&snake).then_some((snake, ty))
    }

    /// A better type for `key` than `ty`, with the reason, when one is clear.
    pub fn suggest_type(&self, key: Option<&KeyInfo>, ty: &str) -> Option<TypeSuggestion> {
        let allowed: Vec<&str> = match key {
            Some(info) => info.types.iter().map(String::as_str).collect(),
            None => DOCUMENTED_TYPES.to_vec(),
        };
        let lower = ty.trim().to_lowercase();
        if lower != ty && allowed.contains(&lower.as_str()) {
            return Some(TypeSuggestion::fix(
                format!("types are lowercase: use `{lower}`"),
                &lower,
            ));
        }
        let synonym = match lower.as_str() {
            "write" | "rw" | "readwrite" | "read_write" | "read-write" | "read/write" | "full"
            | "admin" | "manage" | "update" | "modify" | "create" | "delete" => Some("edit"),
            "readonly" | "read-only" | "read_only" | "view" | "viewer" | "get" | "list" | "ro" => {
                Some("read")
            }
            _ => None,
        };
        if let Some(target) = synonym {
            if allowed.contains(&target) {
                return Some(TypeSuggestion::fix(
                    format!("use `{target}`: the token form calls this level `{target}`"),
                    target,
                ));
            }
        }
        if matches!(
            lower.as_str(),
            "account" | "accounts" | "zone" | "zones" | "user" | "all" | "specified"
        ) {
            return Some(TypeSuggestion {
                help: format!(
                    "`{lower}` is a scope, not a type: scope comes from accountId/zoneId (user tokens) or the form (account tokens); the type is {}",
                    one_of(&allowed)
                ),
                replacement: None,
            });
        }
        if allowed.len() == 1 {
            return Some(TypeSuggestion::fix(
                format!("use `{}`: it is the only type this key takes", allowed[0]),
                allowed[0],
            ));
        }
        let near: Vec<&str> = allowed
            .iter()
            .copied()
            .filter(|t| edit_distance(&lower, t) <= 2)
            .collect();
        if near.len() == 1 {
            return Some(TypeSuggestion::fix(
                format!("did you mean `{}`?", near[0]),
                near[0],
            ));
        }
        None
    }
}

/// The keys within `limit` edits of one input, found without a full distance table for each:
/// `suggest_key` runs for every unknown key of every URL, against every key in the catalog.
struct Near<'a> {
    input: &'a str,
    limit: usize,
    /// How often each byte occurs in the input (ASCII inputs shorter than 256 bytes only).
    counts: Option<[u8; 128]>,
    /// Which byte values the input has, folded into 64 bits (see [`byte_mask`]).
    mask: u64,
    /// The distance table's three rows, reused from key to key.
    rows: std::cell::RefCell<Vec<u16>>,
}

impl<'a> Near<'a> {
    fn new(input: &'a str, limit: usize) -> Self {
        let counts = (input.is_ascii() && input.len() < 256).then(|| {
            let mut counts = [0u8; 128];
            for b in input.bytes() {
                counts[usize::from(b)] += 1;
            }
            counts
        });
        Near {
            input,
            limit,
            counts,
            mask: byte_mask(input.as_bytes()),
            rows: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// `edit_distance(input, key)` when it is at most the limit, else `None`.
    fn distance(&self, key: &str) -> Option<usize> {
        // The distance is at least the difference in length: most keys need no comparison.
        if key.len().abs_diff(self.input.len()) > self.limit {
            return None;
        }
        let counts = match &self.counts {
            Some(counts) if key.is_ascii() && key.len() < 256 => counts,
            _ => {
                let d = edit_distance(self.input, key);
                return (d <= self.limit).then_some(d);
            }
        };
        // Each byte value in one and not in the other needs an edit of its own.
        let mask = byte_mask(key.as_bytes());
        let missing = (mask & !self.mask)
            .count_ones()
            .max((self.mask & !mask).count_ones());
        if missing as usize > self.limit {
            return None;
        }
        // Each edit changes the byte counts by at most two (a transposition by none), so
        // half the count difference is a lower bound too: bytes of the key that the input
        // does not have (as often) must be edited, and so must the input's left over.
        let mut left = *counts;
        let mut matched = 0;
        for b in key.bytes() {
            let c = &mut left[usize::from(b)];
            if *c > 0 {
                *c -= 1;
                matched += 1;
            }
        }
        let apart = self.input.len() + key.len() - 2 * matched;
        if apart.div_ceil(2) > self.limit {
            return None;
        }
        let mut rows = self.rows.borrow_mut();
        bounded_osa(self.input.as_bytes(), key.as_bytes(), self.limit, &mut rows)
    }
}

/// The byte values of ASCII text, one bit for each value modulo 64. Values that share a bit
/// (a digit and a letter from `p` to `y`) can only hide a difference, never invent one: a bit
/// set for one text and not the other is still a byte the other lacks.
fn byte_mask(text: &[u8]) -> u64 {
    text.iter().fold(0u64, |m, &b| m | 1 << (b & 63))
}

/// Optimal string alignment distance of two ASCII strings (shorter than 256 bytes), the same
/// as [`edit_distance`] on them, when it is at most `limit`; `None` as soon as every path
/// through the table is over it. `rows` is scratch space.
fn bounded_osa(a: &[u8], b: &[u8], limit: usize, rows: &mut Vec<u16>) -> Option<usize> {
    let n = b.len();
    let w = n + 1;
    rows.clear();
    rows.resize(3 * w, 0);
    // Three rows of the table, rotating: two rows back (for transpositions), the last, the
    // current one.
    let (mut two_back, mut prev, mut cur) = (0, w, 2 * w);
    for (j, cell) in (0u16..).zip(rows[prev..prev + w].iter_mut()) {
        *cell = j;
    }
    let limit = u16::try_from(limit).unwrap_or(u16::MAX);
    for (i, row) in (1..=a.len()).zip(1u16..) {
        rows[cur] = row;
        let mut row_min = row;
        for j in 1..=n {
            let cost = u16::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev + j] + 1)
                .min(rows[cur + j - 1] + 1)
                .min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[two_back + j - 2] + 1);
            }
            rows[cur + j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return None;
        }
        (two_back, prev, cur) = (prev, cur, two_back);
    }
    let d = rows[prev + n];
    (d <= limit).then_some(usize::from(d))
}

/// What `bad-type` can say about a type: the help, and the one type to write instead when
/// the meaning is unambiguous (then `--fix` writes it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeSuggestion {
    pub help: String,
    pub replacement: Option<String>,
}

impl TypeSuggestion {
    fn fix(help: String, replacement: &str) -> Self {
        TypeSuggestion {
            help,
            replacement: Some(replacement.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn group_names_give_keys_documented_or_by_convention() {
        let c = Catalog::builtin();
        let known = c.key_for_group_name("Workers KV Storage Write").unwrap();
        assert_eq!(
            (known.key.as_str(), known.level.as_str(), known.derived),
            ("workers_kv_storage", "edit", false)
        );
        let r2 = c.key_for_group_name("Workers R2 Storage Write").unwrap();
        assert_eq!((r2.key.as_str(), r2.derived), ("workers_r2", false));
        let new = c.key_for_group_name("Email Routing Rules Read").unwrap();
        assert_eq!(
            (new.key.as_str(), new.level.as_str(), new.derived),
            ("email_routing_rules", "read", true)
        );
        let run = c.key_for_group_name("AI Gateway Run").unwrap();
        assert_eq!(
            (run.key.as_str(), run.level.as_str()),
            ("ai_gateway", "run")
        );
        assert_eq!(c.key_for_group_name("No level word"), None);
    }

    #[test]
    fn suggests_keys_by_evidence() {
        let c = Catalog::builtin();
        assert_eq!(
            c.suggest_key("dnss"),
            KeySuggestion::Near(vec!["dns".into()])
        );
        assert_eq!(
            c.suggest_key("zone_dns"),
            KeySuggestion::Replaced {
                key: "dns".into(),
                ty: None,
                because: ReplacedBecause::Renamed
            }
        );
        assert_eq!(
            c.suggest_key("cloudflare_tunnel"),
            KeySuggestion::Replaced {
                key: "argotunnel".into(),
                ty: None,
                because: ReplacedBecause::ReportedDead
            }
        );
        assert_eq!(
            c.suggest_key("workers_r2_storage"),
            KeySuggestion::Covered {
                key: "workers_r2".into(),
                group: "Workers R2 Storage Read".into()
            }
        );
        assert_eq!(
            c.suggest_key("DNS Write"),
            KeySuggestion::DisplayName {
                key: "dns".into(),
                ty: Some("edit".into())
            }
        );
        assert_eq!(
            c.suggest_key("Workers R2 Storage Write"),
            KeySuggestion::DisplayName {
                key: "workers_r2".into(),
                ty: Some("edit".into())
            }
        );
        assert_eq!(
            c.suggest_key("Workers-Scripts"),
            KeySuggestion::Spelling {
                key: "workers_scripts".into()
            }
        );
        assert_eq!(c.suggest_key("qwertyuiop"), KeySuggestion::None);
    }

    #[test]
    fn suggests_types() {
        let c = Catalog::builtin();
        let dns = c.key("dns");
        let write = c.suggest_type(dns, "write").unwrap();
        assert!(write.help.contains("`edit`"));
        assert_eq!(write.replacement.as_deref(), Some("edit"));
        assert!(c
            .suggest_type(dns, "Edit")
            .unwrap()
            .help
            .contains("lowercase"));
        assert!(c
            .suggest_type(c.key("cache"), "edit")
            .unwrap()
            .help
            .contains("`purge`"));
        let scope = c.suggest_type(dns, "account").unwrap();
        assert!(scope.help.contains("scope"));
        assert_eq!(scope.replacement, None, "read or edit: not ours to choose");
    }

    #[test]
    fn counts_transpositions_once() {
        assert_eq!(edit_distance("zoen", "zone"), 1);
        assert_eq!(edit_distance("dnss", "dns"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    /// The bounded distance that `suggest_key` uses agrees with `edit_distance` wherever it
    /// answers, and answers wherever the distance is within the limit.
    #[test]
    fn bounded_distance_agrees_with_edit_distance() {
        let c = Catalog::builtin();
        let mut inputs: Vec<String> = [
            "dnss",
            "zoen",
            "",
            "a",
            "workers_scriptz",
            "acount_analytics",
            "d11",
            "zonne",
            "ssl_and_certificate",
            "analytcis",
            "workerskv",
            "dns_records_edit",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Deterministic variants of real keys: a byte dropped, doubled, swapped.
        for key in c.keys.keys().take(60) {
            let b = key.as_bytes();
            let mid = b.len() / 2;
            let mut dropped = b.to_vec();
            dropped.remove(mid);
            let mut doubled = b.to_vec();
            doubled.insert(mid, b[mid]);
            let mut swapped = b.to_vec();
            swapped.swap(0, b.len() - 1);
            for v in [dropped, doubled, swapped] {
                inputs.push(String::from_utf8(v).unwrap());
            }
        }
        for input in &inputs {
            for limit in 0..=3 {
                let near = Near::new(input, limit);
                for key in c.keys.keys().chain(
                    ["é", "dné"]
                        .iter()
                        .map(|s| s.to_string())
                        .collect::<Vec<_>>()
                        .iter(),
                ) {
                    let d = edit_distance(input, key);
                    // As before: keys whose length in bytes is too far off are not compared.
                    let within = key.len().abs_diff(input.len()) <= limit && d <= limit;
                    assert_eq!(
                        near.distance(key),
                        within.then_some(d),
                        "{input} {key} {limit}"
                    );
                }
            }
        }
    }
}
