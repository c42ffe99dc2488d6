//! `suspicious-host`: a link shaped like a token template that does not go to
//! `https://dash.cloudflare.com`: a look-alike host, a user-info trick, plain `http`, or an
//! unusual port. A docs page that asks readers to create a credential is where phishing pays.

use super::{Context, Descriptor, Rule};
use crate::diagnostic::{printable, Finding, Severity};
use crate::scan::DASHBOARD_HOST;
use crate::template::TemplateUrl;

pub static RULE: Rule = Rule {
    meta: Descriptor {
        id: "suspicious-host",
        default_severity: Severity::Error,
        doc: include_str!("../../rules/suspicious-host.md"),
    },
    check,
};

fn check(url: &TemplateUrl, _cx: &Context, out: &mut Vec<Finding>) {
    let origin = &url.origin;
    let help = Some(format!(
        "link to https://{DASHBOARD_HOST}/ and nothing else"
    ));
    if let Some(userinfo) = &origin.userinfo {
        out.push(
            Finding::new(
                userinfo.start..origin.host_span.end,
                format!(
                    "the link goes to `{}`: what comes before `@` is user-info, not the host",
                    printable(&origin.host)
                ),
                "user-info trick",
            )
            .with_help(help),
        );
        return;
    }
    if !origin.is_dashboard() {
        let punycode = origin
            .host
            .split('.')
            .any(|label| label.starts_with("xn--"));
        let looks = if punycode {
            " (an internationalised name, shown in punycode, that can look like it)"
        } else {
            ""
        };
        out.push(
            Finding::new(
                origin.host_span.clone(),
                format!(
                    "host `{}` is not the dashboard's `{DASHBOARD_HOST}`{looks}",
                    printable(&origin.host)
                ),
                "not the dashboard",
            )
            .with_help(help),
        );
        return;
    }
    if let Some((scheme, span)) = &origin.scheme {
        if scheme != "https" {
            out.push(
                Finding::new(
                    span.clone(),
                    format!(
                        "the link uses `{scheme}://`: the token form must be opened over https"
                    ),
                    "not https",
                )
                .with_help(Some("use https://".into())),
            );
        }
    }
    if let Some((port, span)) = &origin.port {
        if port != "443" {
            out.push(
                Finding::new(span.clone(), format!("the link names port `{}`: the dashboard is only served on the standard port", printable(port)), "unusual port")
                    .with_help(Some("remove the port".into())),
            );
        }
    }
}
