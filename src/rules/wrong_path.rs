//! `wrong-path`: the dashboard with a token-form path that is nearly right
//! (`/profile/api-token`, `/profile/apitokens`, `to=/:account/api-token`): the link opens some
//! other page, or none, and the template is lost.

use super::{Context, Descriptor, Rule};
use crate::catalog::edit_distance;
use crate::diagnostic::{printable, Change, Edit, Finding, FixPlan, Severity};
use crate::template::{PathIssue, TemplateUrl};

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "wrong-path",
        default_severity: Severity::Error,
        doc: include_str!("../../rules/wrong-path.md"),
    },
    check,
};

/// A near miss of the path is a slip, so the right path is written; a path that differs by
/// more (an account id in `to`) is left for a person.
fn fix(issue: &PathIssue) -> Option<FixPlan> {
    (edit_distance(&issue.written, issue.suggestion) <= 3).then(|| {
        FixPlan::new(
            format!(
                "replace `{}` with `{}`",
                printable(&issue.written),
                issue.suggestion
            ),
            vec![Change::Source(Edit {
                span: issue.span.clone(),
                replacement: issue.suggestion.to_string(),
            })],
        )
    })
}

fn check(url: &TemplateUrl, _cx: &Context, out: &mut Vec<Finding>) {
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
            .with_help(Some(format!("did you mean `{}`?", issue.suggestion)))
            .with_fix(fix(issue)),
        );
    }
}
