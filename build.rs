//! Converts the built-in catalog (`rules/catalog.toml`) to JSON for the binary to embed:
//! serde_json reads it several times faster than a TOML parser, and the catalog is read at
//! the start of every run that finds a template URL. The TOML stays the file people edit.

use std::{env, fs, path::Path};

fn main() {
    let source = Path::new("rules/catalog.toml");
    println!("cargo::rerun-if-changed={}", source.display());
    let text = fs::read_to_string(source).expect("rules/catalog.toml is readable");
    let value: toml::Value = toml::from_str(&text)
        .unwrap_or_else(|e| panic!("rules/catalog.toml is not valid TOML: {e}"));
    let json = serde_json::to_string(&value).expect("a TOML value converts to JSON");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog.json");
    fs::write(&out, json).expect("OUT_DIR is writable");
}
