//! Turns a scanned URL occurrence into a `TemplateUrl`: its kind (user or account token), its
//! query parameters with spans, and its decoded permissions.

mod form;
mod query;

pub use crate::text::is_hex_id;
use std::ops::Range;

use crate::mapped::{Mapped, Problem};
use crate::percent;
use crate::permissions::{self, PermissionList};
use crate::placeholder::is_placeholder;
use crate::scan::{Occurrence, DASHBOARD_HOST};
use form::{
    is_account_tokens_target, is_near_account_target, is_subpage, origin, raw_param,
    unfold_second_query,
};
use query::{is_template_param, pair, split_query, Query};

/// Which token form a template URL opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `/profile/api-tokens`: a token owned by the user; needs `accountId` and `zoneId`.
    User,
    /// `/?to=/:account/api-tokens`: a token owned by the account.
    Account,
}

impl Kind {
    /// The type the form grants for `ty`: account-token URLs read `write` as `edit`.
    pub fn granted_type(self, ty: &str) -> &str {
        if self == Kind::Account && ty == "write" {
            "edit"
        } else {
            ty
        }
    }
}

/// The parameter names the token form reads.
pub const PERMISSIONS_PARAM: &str = "permissionGroupKeys";
pub const KNOWN_PARAMS: &[&str] = &[
    "to",
    PERMISSIONS_PARAM,
    "name",
    "accountId",
    "zoneId",
    "scope",
];

/// One `name=value` pair of the query.
#[derive(Clone, Debug)]
pub struct Param {
    /// The name, percent-decoded.
    pub name: String,
    /// `name=value` in the source, without the separating `&`.
    pub pair_span: Range<usize>,
    /// The value as written (host escapes undone, percent-encoding kept).
    pub raw_value: Mapped,
    /// The value percent-decoded, or why it cannot be.
    pub value: Result<Mapped, Problem>,
}

impl Param {
    /// The decoded value as text (lossy), or the raw value when it does not decode.
    pub fn value_text(&self) -> String {
        match &self.value {
            Ok(v) => v.to_string_lossy(),
            Err(_) => self.raw_value.to_string_lossy(),
        }
    }

    pub fn is_placeholder(&self) -> bool {
        // Read in place when the bytes are UTF-8 (nearly always): this runs for every parameter.
        let placeholder = |m: &Mapped| match std::str::from_utf8(m.bytes()) {
            Ok(text) => is_placeholder(text),
            Err(_) => is_placeholder(&m.to_string_lossy()),
        };
        placeholder(&self.raw_value)
            || match &self.value {
                Ok(v) => placeholder(v),
                Err(_) => false, // the raw value, checked above
            }
    }
}

/// What `permissionGroupKeys` holds.
#[derive(Clone, Debug)]
pub enum Permissions {
    /// No such parameter, or an empty value.
    Missing,
    /// A placeholder written by a docs author: not checked.
    Placeholder,
    /// Cannot be decoded (percent-escapes, UTF-8).
    Undecodable(Problem),
    /// Decoded JSON (which may still have problems).
    List(PermissionList),
}

/// Where a URL points, as written: scheme, authority and path, with their source spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Lower case, with its span; `None` for `//host` and scheme-less URLs.
    pub scheme: Option<(String, Range<usize>)>,
    /// `user@` before the host: the link really goes to the host after it.
    pub userinfo: Option<Range<usize>>,
    /// The host, normalised: lower case, internationalised names in punycode.
    pub host: String,
    pub host_span: Range<usize>,
    pub port: Option<(String, Range<usize>)>,
    /// Scheme-less `user@host:port`, for spans that cover all of it.
    pub authority_span: Range<usize>,
    pub path: String,
    pub path_span: Range<usize>,
}

impl Origin {
    /// Whether the host is the dashboard's.
    pub fn is_dashboard(&self) -> bool {
        self.host == DASHBOARD_HOST
    }
}

/// A token-form path that is not the documented one, with the right one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathIssue {
    pub span: Range<usize>,
    pub written: String,
    pub suggestion: &'static str,
    /// How the path is wrong, which decides how sure the finding can be.
    pub shape: PathShape,
}

/// The ways a template URL aims at the token form by another path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathShape {
    /// Nearly the path (`/profile/api-token`): the link opens some other page, or none.
    NearMiss,
    /// A page under the form's path (`/profile/api-tokens/create`): the dashboard may open
    /// the form there and ignore the parameters.
    Subpage,
    /// A second `?` (`?to=/:account/api-tokens?permissionGroupKeys=...`): the first
    /// parameter after it is folded into the `to` value, where the form may not read it.
    SecondQuery,
}

#[derive(Clone, Debug)]
pub struct TemplateUrl {
    pub kind: Kind,
    pub origin: Origin,
    /// Set when the path (or `to`) only nearly names the token form.
    pub path_issue: Option<PathIssue>,
    /// The whole URL occurrence in the source.
    pub span: Range<usize>,
    pub params: Vec<Param>,
    pub permissions: Permissions,
    /// Only part of the URL is written here: its string literal is joined to code, or code
    /// supplies parameters (`?${query}`), or its JSON continues past the literal. What it
    /// states is checked; what it leaves out is not reported.
    pub fragment: bool,
    /// Interpolations inside it (source spans): placeholders, never rewritten by a fix.
    pub holes: Vec<Range<usize>>,
    /// Where the link a reader clicks ends, when the page shows it as a link that ends
    /// before the URL does (a space in raw JSON in Markdown prose).
    pub link_break: Option<usize>,
}

impl TemplateUrl {
    /// Whether `span` overlaps an interpolation.
    pub fn in_hole(&self, span: &Range<usize>) -> bool {
        self.holes
            .iter()
            .any(|h| h.start < span.end && span.start < h.end)
    }

    /// The first parameter with this exact name.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Whether the permission list is an illustration rather than a link to click: shown
    /// with `...` or with placeholders for keys or types.
    pub fn is_illustration(&self) -> bool {
        match &self.permissions {
            Permissions::List(list) => {
                list.elided
                    || list.entries.iter().any(|e| {
                        e.key.as_ref().is_some_and(|k| k.is_placeholder())
                            || e.ty.as_ref().is_some_and(|t| t.is_placeholder())
                    })
            }
            _ => false,
        }
    }

    /// The decoded `name` parameter, if present and not a placeholder.
    pub fn token_name(&self) -> Option<String> {
        self.param("name")
            .filter(|p| !p.is_placeholder())
            .map(Param::value_text)
    }

    /// Problems decoding or reading `permissionGroupKeys`, for the malformed-url rule.
    pub fn permission_problems(&self) -> Vec<Problem> {
        match &self.permissions {
            Permissions::Undecodable(p) => vec![Problem {
                span: p.span.clone(),
                message: p.message.clone(),
                help: p.help.clone(),
            }],
            Permissions::List(list) => list.problems.clone(),
            _ => Vec::new(),
        }
    }

    /// The entries the form will read (none when the JSON is unreadable).
    pub fn entries(&self) -> &[permissions::Permission] {
        match &self.permissions {
            Permissions::List(list) => &list.entries,
            _ => &[],
        }
    }
}

/// Parses an occurrence. `None` when it is not a template URL: another dashboard page, or the
/// token page with no template parameters.
pub fn parse(occurrence: &Occurrence) -> Option<TemplateUrl> {
    let text = &occurrence.text;
    let bytes = text.bytes();
    let query_start = memchr::memchr(b'?', bytes)?;
    let origin = origin(text, query_start)?;
    const USER_PATH: &str = "/profile/api-tokens";
    const ACCOUNT_TARGET: &str = "/:account/api-tokens";
    let trimmed = origin.path.trim_end_matches('/');
    let path_issue = |shape| PathIssue {
        span: origin.path_span.clone(),
        written: origin.path.clone(),
        suggestion: USER_PATH,
        shape,
    };
    let user = match trimmed {
        USER_PATH => Some(None),
        "" => None,
        p if p.starts_with('/') && crate::text::edit_distance(p, USER_PATH) <= 3 => {
            Some(Some(path_issue(PathShape::NearMiss)))
        }
        p if is_subpage(p, USER_PATH) => Some(Some(path_issue(PathShape::Subpage))),
        _ => return None,
    };
    // Most dashboard links with a query are `/?to=/:account/<some page>`: rule those out
    // before decoding every parameter.
    let to = raw_param(&bytes[query_start + 1..], b"to")
        .map(|to| String::from_utf8_lossy(&percent::decode_lenient(to)).into_owned());
    if user.is_none()
        && !to.as_deref().is_some_and(|to| {
            let page = to.split_once('?').map_or(to, |(page, _)| page);
            is_account_tokens_target(page)
                || is_near_account_target(page)
                || is_subpage(page, ACCOUNT_TARGET)
        })
    {
        return None;
    }
    let Query {
        mut params,
        from_code,
    } = split_query(text, query_start + 1);
    let second_query = if user.is_none() {
        unfold_second_query(text, &mut params)
    } else {
        None
    };
    if !params.iter().any(|p| is_template_param(&p.name)) {
        return None;
    }
    let (kind, path_issue) = match user {
        Some(issue) => (Kind::User, issue),
        None => {
            let to_param = params.iter().find(|p| p.name == "to")?;
            let written = to_param.value_text();
            let issue = match second_query {
                Some(span) => Some(PathIssue {
                    span,
                    written: "?".into(),
                    suggestion: "&",
                    shape: PathShape::SecondQuery,
                }),
                None => (!is_account_tokens_target(&written)).then(|| PathIssue {
                    span: to_param.raw_value.full_source_span(),
                    shape: if is_subpage(&written, ACCOUNT_TARGET) {
                        PathShape::Subpage
                    } else {
                        PathShape::NearMiss
                    },
                    written,
                    suggestion: ACCOUNT_TARGET,
                }),
            };
            (Kind::Account, issue)
        }
    };
    let open = occurrence.open_end || from_code;
    let (permissions, cut) = read_permissions(
        params.iter().find(|p| p.name == PERMISSIONS_PARAM),
        open || occurrence.literal_end,
    );
    Some(TemplateUrl {
        kind,
        origin,
        path_issue,
        span: occurrence.span.clone(),
        params,
        permissions,
        fragment: open || cut,
        holes: occurrence.holes.clone(),
        link_break: occurrence.link_break,
    })
}

/// The scope parameters of a user-token URL: each with its wildcard and what that means.
pub const SCOPE_PARAMS: &[(&str, &str, &str)] = &[
    ("accountId", "*", "all accounts"),
    ("zoneId", "all", "all zones"),
];

/// A misspelling or another name of `permissionGroupKeys` (`permissionGroupKey`,
/// `permissiongroupkeys`, `permissionGroups`, `permissions`).
pub fn is_near_permissions_param(name: &str) -> bool {
    // Every name it matches has 11 characters or more: most parameters (`name`, `zoneId`)
    // are ruled out without an allocation.
    if name.len() < 11 || name == PERMISSIONS_PARAM {
        return false;
    }
    let lower: String = name
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    crate::text::edit_distance(&lower, &PERMISSIONS_PARAM.to_ascii_lowercase()) <= 2
        || matches!(
            lower.as_str(),
            "permissiongroups" | "permissions" | "permissionkeys" | "permissiongroup"
        )
}

/// Reads `permissionGroupKeys`. With `open`, JSON that stops short continues in code: what
/// was read is kept, and the second value says the list was cut.
fn read_permissions(param: Option<&Param>, open: bool) -> (Permissions, bool) {
    let Some(param) = param else {
        return (Permissions::Missing, false);
    };
    if param.raw_value.is_empty() {
        return (Permissions::Missing, false);
    }
    if param.is_placeholder() {
        return (Permissions::Placeholder, false);
    }
    match &param.value {
        Err(problem) => (Permissions::Undecodable(problem.clone()), false),
        Ok(decoded) => {
            let list = if open {
                permissions::parse_open(decoded)
            } else {
                permissions::parse(decoded)
            };
            let cut = list.cut;
            let permissions = if list.entries.is_empty() && list.problems.is_empty() && !list.elided
            {
                Permissions::Missing
            } else {
                Permissions::List(list)
            };
            (permissions, cut)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::scan;
    use crate::syntax::FileKind;

    fn template(src: &str) -> Option<TemplateUrl> {
        let occ = scan(src.as_bytes(), FileKind::Markdown);
        assert_eq!(occ.len(), 1);
        parse(&occ[0])
    }

    #[test]
    fn user_and_account_kinds() {
        let user = template("https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%5D&accountId=*&zoneId=all").unwrap();
        assert_eq!(user.kind, Kind::User);
        assert_eq!(user.params.len(), 3);
        let account =
            template("https://dash.cloudflare.com/?to=/:account/api-tokens&name=x").unwrap();
        assert_eq!(account.kind, Kind::Account);
    }

    #[test]
    fn non_templates_are_not_parsed() {
        assert!(template("https://dash.cloudflare.com/profile/api-tokens").is_none());
        assert!(template("https://dash.cloudflare.com/?to=/:account/api-tokens").is_none());
        assert!(template("https://dash.cloudflare.com/?to=/:account/workers&name=x").is_none());
        assert!(
            template("https://dash.cloudflare.com/profile/api-tokens?utm_source=docs").is_none()
        );
    }

    #[test]
    fn spans_of_keys_point_into_the_encoded_source() {
        let src = "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22dnss%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all";
        let t = template(src).unwrap();
        let key = t.entries()[0].key.as_ref().unwrap();
        assert_eq!(&src[key.span.clone()], "dnss");
        assert_eq!(
            &src[t.param("accountId").unwrap().pair_span.clone()],
            "accountId=*"
        );
    }

    #[test]
    fn placeholders_and_empty_lists() {
        let t = template("https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=[ENCODED_JSON]&accountId=*&zoneId=all").unwrap();
        assert!(matches!(t.permissions, Permissions::Placeholder));
        let t = template(
            "https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%5D&accountId=*",
        )
        .unwrap();
        assert!(matches!(t.permissions, Permissions::Missing));
    }
}
