//! The registry: one list of every rule. Adding a rule means a file here, a line in `ALL`, a
//! page under `rules/`, and fixtures; nothing else.

mod bad_type;
mod malformed_url;
mod missing_permissions;
mod missing_scope_param;
mod over_broad;
mod stray_param;
mod unknown_key;

use crate::catalog::Catalog;
use crate::diagnostic::{Finding, Severity};
use crate::template::TemplateUrl;

/// A rule: metadata, its documentation page, and the check itself.
pub struct Rule {
    /// Kebab-case, never changed once released.
    pub id: &'static str,
    pub default_severity: Severity,
    /// One line: what it catches.
    pub summary: &'static str,
    /// The rule's page under `rules/` (what, why, bad and good examples).
    pub doc: &'static str,
    pub check: fn(&TemplateUrl, &Catalog, &mut Vec<Finding>),
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
];

/// The id of file-level diagnostics (a file that cannot be read). It is not a rule over
/// template URLs, so it has no entry in `ALL`.
pub const UNREADABLE_FILE: &str = "unreadable-file";

pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.id == id)
}
