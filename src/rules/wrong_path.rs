//! `wrong-path`: the dashboard with a token-form path that is nearly right
//! (`/profile/api-token`, `/profile/apitokens`, `to=/:account/api-token`): the link opens some
//! other page, or none, and the template is lost.

use super::{Descriptor, Rule};
use crate::config::Config;
use crate::diagnostic::{printable, Finding, Severity};
use crate::template::TemplateUrl;

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "wrong-path",
        default_severity: Severity::Error,
        summary:
            "the token form's path is nearly right (/profile/api-token, to=/:account/api-token)",
        doc: include_str!("../../rules/wrong-path.md"),
    },
    check,
};

fn check(url: &TemplateUrl, _config: &Config, out: &mut Vec<Finding>) {
    if let Some(issue) = &url.path_issue {
        out.push(
            Finding::new(
                issue.span.clone(),
                format!(
                    "`{}` is not the token form's path: the link will not open the template",
                    printable(&issue.written)
                ),
                "wrong path",
            )
            .with_help(Some(format!("did you mean `{}`?", issue.suggestion))),
        );
    }
}
