//! `bad-scope-value`: `accountId` that is neither `*` nor a 32-hex account id, or `zoneId`
//! that is neither `all` nor a 32-hex zone id (placeholders excepted).

use super::{Context, Descriptor, Rule};
use crate::diagnostic::{printable, Finding, Severity};
use crate::template::{is_hex_id, TemplateUrl, SCOPE_PARAMS};

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "bad-scope-value",
        default_severity: Severity::Error,
        doc: include_str!("../../rules/bad-scope-value.md"),
    },
    check,
};

fn check(url: &TemplateUrl, _cx: &Context, out: &mut Vec<Finding>) {
    for (name, wildcard, meaning) in SCOPE_PARAMS {
        let Some(param) = url.param(name) else {
            continue;
        };
        let value = param.value_text();
        if value.is_empty() || param.is_placeholder() || value == *wildcard || is_hex_id(&value) {
            continue;
        }
        // A wildcard written the other parameter's way (`zoneId=*`, `accountId=all`) or in
        // other case: the docs spell it otherwise, but no one has reported what the form does
        // with it, so it is a warning. A domain or a name where an id goes can never resolve.
        let other_wildcard = value.eq_ignore_ascii_case(wildcard)
            || (*wildcard == "*" && value.eq_ignore_ascii_case("all"))
            || (*wildcard == "all" && value == "*");
        let shown = printable(&value);
        let finding = if other_wildcard {
            Finding::new(
                param.raw_value.full_source_span(),
                format!(
                    "`{name}={shown}` is not the documented wildcard: the template docs write `{wildcard}` for {meaning}, and the form may not read `{shown}`"
                ),
                "not the documented wildcard",
            )
            .with_help(Some(format!("write `{wildcard}` for {meaning}")))
            .at_most(Severity::Warning)
        } else {
            Finding::new(
                param.raw_value.full_source_span(),
                format!("`{name}={shown}` is neither `{wildcard}` nor a 32-hex id"),
                "not a scope",
            )
            .with_help(Some(format!(
                "use `{wildcard}` for {meaning}, or the 32-hex id from the dashboard's overview page"
            )))
        };
        out.push(finding);
    }
}
