//! The registry: one list of every rule. Adding a rule means a file here, a line in `ALL`, a
//! page under `rules/`, and fixtures; nothing else.

mod bad_scope_value;
mod bad_type;
mod malformed_url;
mod missing_name;
mod missing_permissions;
mod missing_scope_param;
mod not_encoded;
mod over_broad;
mod policy;
mod selection;
mod severities;
mod stray_param;
mod suspicious_host;
mod unknown_key;
mod wrong_path;

pub use selection::{closest_rule, Selection};
pub use severities::Severities;

use crate::catalog::{Catalog, GroupInfo};
use crate::diagnostic::{Finding, Severity};
use crate::permissions::JsonStr;
use crate::policy::Policy;
use crate::template::{Kind, TemplateUrl};

/// A permission as the token form grants it, with the JSON strings it was written as.
pub(crate) struct Grant<'u> {
    /// Its index among the URL's entries.
    pub index: usize,
    /// The short key: an account-token URL reads a known permission group ID as its key.
    pub key: &'u str,
    /// The type: an account-token URL reads `write` as `edit`.
    pub ty: &'u str,
    pub written_type: &'u JsonStr,
}

/// The permission group a `key` names on a URL of this kind: only account-token URLs
/// resolve a permission group ID (the catalog knows groups; the URL knows its kind).
pub fn group_named<'c>(kind: Kind, catalog: &'c Catalog, key: &str) -> Option<&'c GroupInfo> {
    (kind == Kind::Account)
        .then(|| catalog.group(key))
        .flatten()
}

/// The permissions a URL grants, placeholders left out: what the privilege rules (over-broad,
/// policy) judge, whichever way each was spelt.
pub(crate) fn grants<'u>(url: &'u TemplateUrl, catalog: &'u Catalog) -> Vec<Grant<'u>> {
    url.entries()
        .iter()
        .enumerate()
        .filter_map(|(index, e)| Some((index, e.key.as_ref()?, e.ty.as_ref()?)))
        .filter(|(_, k, t)| !k.is_placeholder() && !t.is_placeholder())
        .map(|(index, k, t)| Grant {
            index,
            key: group_named(url.kind, catalog, &k.value)
                .map_or(k.value.as_str(), |group| group.key.as_str()),
            ty: url.kind.granted_type(&t.value),
            written_type: t,
        })
        .collect()
}

/// What every rule has, whatever it checks: its id, default severity and documentation.
pub struct Descriptor {
    /// Kebab-case, never changed once released.
    pub id: &'static str,
    pub default_severity: Severity,
    /// The rule's page under `rules/`: the single source of its summary, whether it is
    /// fixable, and its documentation (what, why, examples, how to fix).
    pub doc: &'static str,
}

impl Descriptor {
    /// One line: what it catches (the paragraph under the page's title).
    pub fn summary(&self) -> &'static str {
        let after_title = self.doc.split_once('\n').map_or("", |(_, rest)| rest);
        after_title
            .trim_start()
            .split("\n\n")
            .next()
            .unwrap_or("")
            .trim()
    }

    /// Whether `--fix` mends its findings: "no", "sometimes" or "yes", as the page's
    /// `Fixable: **...**` says.
    pub fn fixable(&self) -> &'static str {
        const MARK: &str = "Fixable: **";
        self.doc
            .find(MARK)
            .map(|i| &self.doc[i + MARK.len()..])
            .and_then(|rest| rest.split_once("**"))
            .map_or("no", |(word, _)| word)
    }

    /// The text of one `## Section` of the rule's page, without its heading.
    pub fn section(&self, heading: &str) -> Option<&'static str> {
        let marker = format!("## {heading}\n");
        let start = self.doc.find(&marker)? + marker.len();
        let rest = &self.doc[start..];
        let end = rest.find("\n## ").map_or(rest.len(), |i| i + 1);
        Some(rest[..end].trim())
    }
}

/// What a rule may consult beside the URL: the run's catalog and the team's policy.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    pub policy: &'a Policy,
}

/// A rule over template URLs: its descriptor and the check itself.
pub struct Rule {
    pub meta: Descriptor,
    pub check: fn(&TemplateUrl, &Context, &mut Vec<Finding>),
}

/// Every rule, in the order they are documented.
pub static ALL: &[&Rule] = &[
    &malformed_url::RULE,
    &missing_permissions::RULE,
    &unknown_key::RULE,
    &bad_type::RULE,
    &missing_scope_param::RULE,
    &stray_param::RULE,
    &over_broad::RULE,
    &policy::RULE,
    &suspicious_host::RULE,
    &wrong_path::RULE,
    &bad_scope_value::RULE,
    &not_encoded::RULE,
    &missing_name::RULE,
];

/// File-level diagnostics: a file that could not be read. Not a rule over template URLs, so
/// it has no entry in `ALL`, but it is documented and configured like one.
pub static UNREADABLE_FILE: Descriptor = Descriptor {
    id: "unreadable-file",
    default_severity: Severity::Error,
    doc: include_str!("../../rules/unreadable-file.md"),
};

/// An inline suppression comment that suppresses nothing (see `crate::suppress`).
pub static UNUSED_SUPPRESSION: Descriptor = Descriptor {
    id: "unused-suppression",
    default_severity: Severity::Warning,
    doc: include_str!("../../rules/unused-suppression.md"),
};

/// Every descriptor, template URL rules first: what reports list as "the rules".
pub fn descriptors() -> impl Iterator<Item = &'static Descriptor> {
    ALL.iter()
        .map(|r| &r.meta)
        .chain([&UNUSED_SUPPRESSION, &UNREADABLE_FILE])
}
