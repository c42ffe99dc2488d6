//! Builds the catalog the binary embeds: `rules/catalog.toml` read into the library's own
//! catalog types, with Cloudflare's current group list (`rules/permission-groups.tsv`) merged
//! in by the library's own merge, written as JSON. A run then only parses that JSON (a few
//! times faster than reading the TOML, then the list, then merging, each cold at start-up).
//! The TOML and the TSV stay the files people edit; a test checks that the embedded JSON is
//! what the library makes of them.

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
    let json = serde_json::to_string(&catalog).expect("the catalog converts to JSON");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog.json");
    fs::write(&out, json).expect("OUT_DIR is writable");
}
