//! The built-in catalog as `build.rs` writes it: Rust constants, rows whose strings are spans
//! of one text. A run turns them into the catalog's types without parsing anything, and the
//! rows hold no pointers, so the binary's start-up has nothing of them to relocate (a run
//! that meets no template URL never touches them).

use std::collections::BTreeMap;

use super::model::{Catalog, Evidence, GroupInfo, KeyInfo, Renamed, ReplacedBecause, Risk, Scope};

/// Bytes `.0..1` of [`TEXT`].
#[derive(Clone, Copy)]
struct Span(u32, u32);

/// Items `.0..1` of [`LISTS`].
#[derive(Clone, Copy)]
struct List(u32, u32);

struct KeyRow {
    key: Span,
    scope: Option<Scope>,
    types: List,
    risk: Risk,
    names: List,
    source: Span,
    evidence: Option<Evidence>,
    derived: bool,
    why: Option<Span>,
}

struct RenamedRow {
    old: Span,
    key: Span,
    ty: Option<Span>,
    evidence: ReplacedBecause,
}

struct GroupRow {
    id: Span,
    name: Span,
    key: Span,
    level: Span,
    scope: Scope,
    derived: bool,
}

struct CoveredRow {
    name: Span,
    key: Span,
    group: Span,
}

// TEXT, LISTS, KEYS, RENAMED, GROUPS and COVERED.
include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

fn text(span: Span) -> String {
    TEXT[span.0 as usize..span.1 as usize].to_string()
}

fn list(list: List) -> Vec<String> {
    LISTS[list.0 as usize..list.1 as usize]
        .iter()
        .map(|&span| text(span))
        .collect()
}

/// The catalog the rows describe.
pub(super) fn catalog() -> Catalog {
    let keys = KEYS.iter().map(|row| {
        let info = KeyInfo {
            scope: row.scope,
            types: list(row.types),
            risk: row.risk,
            names: list(row.names),
            source: text(row.source),
            evidence: row.evidence,
            derived: row.derived,
            why: row.why.map(text),
        };
        (text(row.key), info)
    });
    let renamed = RENAMED.iter().map(|row| {
        let renamed = Renamed {
            key: text(row.key),
            ty: row.ty.map(text),
            evidence: row.evidence,
        };
        (text(row.old), renamed)
    });
    let groups = GROUPS.iter().map(|row| {
        let group = GroupInfo {
            name: text(row.name),
            key: text(row.key),
            level: text(row.level),
            scope: row.scope,
            derived: row.derived,
        };
        (text(row.id), group)
    });
    let covered = COVERED
        .iter()
        .map(|row| (text(row.name), (text(row.key), text(row.group))));
    Catalog {
        keys: BTreeMap::from_iter(keys),
        renamed: BTreeMap::from_iter(renamed),
        groups: BTreeMap::from_iter(groups),
        covered: BTreeMap::from_iter(covered),
    }
}
