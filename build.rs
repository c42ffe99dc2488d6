//! Builds the catalog the binary embeds: `rules/catalog.toml` read into the library's own
//! catalog types, with Cloudflare's current group list (`rules/permission-groups.tsv`) merged
//! in by the library's own merge, written as the Rust constants `src/catalog/embedded.rs`
//! reads: rows whose strings are spans of one text. A run then parses nothing (a JSON
//! embedding cost five times as much, the TOML and the list more again). The TOML and the TSV
//! stay the files people edit; a test checks that the embedded catalog is what the library
//! makes of them.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

// The library's files, compiled here as they are there. They name each other through
// `crate::catalog`, which `catalog` below provides.
#[allow(dead_code)]
#[path = "src/catalog/current.rs"]
mod current;
#[allow(dead_code)]
#[path = "src/catalog/model.rs"]
mod model;
#[allow(dead_code)]
#[path = "src/catalog/naming.rs"]
mod naming;

/// The names the library's `catalog` module gives these files' items.
mod catalog {
    pub(crate) use crate::model::*;
    pub(crate) use crate::naming;
}

/// What the embedded catalog is made from: the two data files and the three source files.
const INPUTS: &[&str] = &[
    "rules/catalog.toml",
    "rules/permission-groups.tsv",
    "src/catalog/current.rs",
    "src/catalog/model.rs",
    "src/catalog/naming.rs",
];

fn read(path: &str) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{path} is not readable: {e}"))
}

fn main() {
    for input in INPUTS {
        println!("cargo::rerun-if-changed={input}");
    }
    let mut catalog: catalog::Catalog = toml::from_str(&read("rules/catalog.toml"))
        .unwrap_or_else(|e| panic!("rules/catalog.toml is not a valid catalog: {e}"));
    let groups = read("rules/permission-groups.tsv");
    let groups =
        current::parse(&groups).unwrap_or_else(|e| panic!("rules/permission-groups.tsv: {e}"));
    catalog.add_current_groups(&groups);
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog.rs");
    fs::write(&out, rows(&catalog)).expect("OUT_DIR is writable");
}

/// The strings of the rows, each written once into one text.
#[derive(Default)]
struct Text {
    text: String,
    spans: HashMap<String, (usize, usize)>,
    /// The spans of list items, in order.
    lists: Vec<String>,
}

impl Text {
    fn span(&mut self, s: &str) -> String {
        let text = &mut self.text;
        let (start, end) = *self.spans.entry(s.to_string()).or_insert_with(|| {
            text.push_str(s);
            (text.len() - s.len(), text.len())
        });
        format!("Span({start}, {end})")
    }

    fn optional_span(&mut self, s: Option<&str>) -> String {
        s.map_or("None".into(), |s| format!("Some({})", self.span(s)))
    }

    fn list(&mut self, items: &[String]) -> String {
        let first = self.lists.len();
        for item in items {
            let span = self.span(item);
            self.lists.push(span);
        }
        format!("List({first}, {})", self.lists.len())
    }
}

/// `src/catalog/embedded.rs`'s constants for `catalog`.
fn rows(catalog: &catalog::Catalog) -> String {
    let mut t = Text::default();
    let mut keys = String::new();
    for (key, info) in &catalog.keys {
        let row = format!(
            "KeyRow {{ key: {}, scope: {}, types: {}, risk: Risk::{:?}, names: {}, source: {}, evidence: {}, derived: {}, why: {} }},\n",
            t.span(key),
            info.scope.map_or("None".into(), |s| format!("Some(Scope::{s:?})")),
            t.list(&info.types),
            info.risk,
            t.list(&info.names),
            t.span(&info.source),
            info.evidence.map_or("None".into(), |e| format!("Some(Evidence::{e:?})")),
            info.derived,
            t.optional_span(info.why.as_deref()),
        );
        keys.push_str(&row);
    }
    let mut renamed = String::new();
    for (old, r) in &catalog.renamed {
        let row = format!(
            "RenamedRow {{ old: {}, key: {}, ty: {}, evidence: ReplacedBecause::{:?} }},\n",
            t.span(old),
            t.span(&r.key),
            t.optional_span(r.ty.as_deref()),
            r.evidence,
        );
        renamed.push_str(&row);
    }
    let mut groups = String::new();
    for (id, g) in &catalog.groups {
        let row = format!(
            "GroupRow {{ id: {}, name: {}, key: {}, level: {}, scope: Scope::{:?}, derived: {} }},\n",
            t.span(id),
            t.span(&g.name),
            t.span(&g.key),
            t.span(&g.level),
            g.scope,
            g.derived,
        );
        groups.push_str(&row);
    }
    let mut covered = String::new();
    for (name, (key, group)) in &catalog.covered {
        let row = format!(
            "CoveredRow {{ name: {}, key: {}, group: {} }},\n",
            t.span(name),
            t.span(key),
            t.span(group),
        );
        covered.push_str(&row);
    }
    let mut out = String::new();
    writeln!(out, "const TEXT: &str = {:?};", t.text).unwrap();
    writeln!(out, "const LISTS: &[Span] = &[{}];", t.lists.join(", ")).unwrap();
    writeln!(out, "const KEYS: &[KeyRow] = &[\n{keys}];").unwrap();
    writeln!(out, "const RENAMED: &[RenamedRow] = &[\n{renamed}];").unwrap();
    writeln!(out, "const GROUPS: &[GroupRow] = &[\n{groups}];").unwrap();
    writeln!(out, "const COVERED: &[CoveredRow] = &[\n{covered}];").unwrap();
    out
}
