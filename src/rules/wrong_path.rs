//! `wrong-path`: the dashboard with a token-form path that is nearly right
//! (`/profile/api-token`, `/profile/apitokens`, `to=/:account/api-token`): the link opens some
//! other page, or none, and the template is lost.

use super::Context;
use super::{Descriptor, Rule};
use crate::diagnostic::{Change, Edit, Finding, FixPlan, Severity};
use crate::template::{PathIssue, PathShape, TemplateUrl};
use crate::text::{edit_distance, printable};

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
    let Some(issue) = &url.path_issue else {
        return;
    };
    // Not the documented path, but the dashboard may still open the form there: a warning.
    let doubtful = match issue.shape {
        PathShape::NearMiss => None,
        PathShape::Subpage => Some((
            format!(
                "`{}` is not the documented path of the token form: the dashboard may open the form there and ignore the template's parameters",
                printable(&issue.written)
            ),
            format!("use `{}`", issue.suggestion),
        )),
        PathShape::SecondQuery => Some((
            "a second `?` folds the next parameter into the `to` value: the form may not read it".to_string(),
            "write `&` instead of the second `?`".to_string(),
        )),
    };
    if let Some((message, help)) = doubtful {
        out.push(
            Finding::new(issue.span.clone(), message, "not the documented path")
                .with_help(Some(help))
                .at_most(Severity::Warning),
        );
        return;
    }
    {
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
