//! Where a template URL points: its host and path, which token form they open (the user
//! form, the account form through `to=`), and the shapes near them people publish.

use super::*;

/// A page under the form's path (`/profile/api-tokens/create`).
pub(super) fn is_subpage(path: &str, form: &str) -> bool {
    path.trim()
        .strip_prefix(form)
        .is_some_and(|rest| rest.starts_with('/') && rest.len() > 1)
}

/// `to=/:account/api-tokens?permissionGroupKeys=...`: splits the parameter folded into `to`
/// after a second `?` out of it, so that it is still checked, and returns the `?`'s span.
pub(super) fn unfold_second_query(text: &Mapped, params: &mut Vec<Param>) -> Option<Range<usize>> {
    let i = params.iter().position(|p| p.name == "to")?;
    let raw = &params[i].raw_value;
    let q = memchr::memchr(b'?', raw.bytes())?;
    let page = String::from_utf8_lossy(&raw.bytes()[..q]).into_owned();
    if !is_account_tokens_target(&page) {
        return None;
    }
    // The value's bytes are a run of the URL's text: find where it starts there.
    let value_start = raw.origin(0).start;
    let at = (0..text.len()).find(|&j| text.origin(j).start == value_start)?;
    let folded = pair(text, at + q + 1, at + raw.len())?;
    let question = text.source_span(at + q..at + q + 1);
    let to = pair(text, text_pair_start(text, &params[i])?, at + q)?;
    params[i] = to;
    params.insert(i + 1, folded);
    Some(question)
}

/// Where a parameter's pair starts in the URL's text.
pub(super) fn text_pair_start(text: &Mapped, param: &Param) -> Option<usize> {
    (0..text.len()).find(|&j| text.origin(j).start == param.pair_span.start)
}

/// Splits what comes before the query into scheme, user-info, host, port and path.
pub(super) fn origin(text: &Mapped, query_start: usize) -> Option<Origin> {
    let bytes = &text.bytes()[..query_start];
    let (scheme, after_scheme) = match memchr::memmem::find(bytes, b"://") {
        Some(p) if p > 0 && bytes[..p].iter().all(u8::is_ascii_alphabetic) => (
            Some((
                String::from_utf8_lossy(&bytes[..p]).to_ascii_lowercase(),
                text.source_span(0..p),
            )),
            p + 3,
        ),
        _ if bytes.starts_with(b"//") => (None, 2),
        _ => (None, 0),
    };
    let authority_end = bytes[after_scheme..]
        .iter()
        .position(|&b| b == b'/')
        .map_or(bytes.len(), |i| after_scheme + i);
    let authority = &bytes[after_scheme..authority_end];
    let host_start = authority
        .iter()
        .rposition(|&b| b == b'@')
        .map_or(after_scheme, |at| after_scheme + at + 1);
    let userinfo =
        (host_start > after_scheme).then(|| text.source_span(after_scheme..host_start - 1));
    let port_at = bytes[host_start..authority_end]
        .iter()
        .rposition(|&b| b == b':')
        .map(|i| host_start + i);
    let host_end = port_at.unwrap_or(authority_end);
    if host_end == host_start {
        return None;
    }
    let written = String::from_utf8_lossy(&bytes[host_start..host_end]);
    let host = if written.is_ascii() {
        written.to_ascii_lowercase()
    } else {
        // Internationalised names compare (and show) in punycode, as browsers resolve them.
        url::Url::parse(&format!("https://{written}/"))
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| written.to_lowercase())
    };
    let port = port_at.map(|p| {
        (
            String::from_utf8_lossy(&bytes[p + 1..authority_end]).into_owned(),
            text.source_span(p + 1..authority_end),
        )
    });
    Some(Origin {
        scheme,
        userinfo,
        host,
        host_span: text.source_span(host_start..host_end),
        port,
        authority_span: text.source_span(after_scheme..authority_end),
        path: String::from_utf8_lossy(&bytes[authority_end..]).into_owned(),
        path_span: text.source_span(authority_end..bytes.len()),
    })
}

/// The raw value of the first parameter called `name` in a query (up to `&` or `#`).
pub(super) fn raw_param<'q>(query: &'q [u8], name: &[u8]) -> Option<&'q [u8]> {
    let end = memchr::memchr(b'#', query).unwrap_or(query.len());
    query[..end]
        .split(|&b| b == b'&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix(b"="))
}

/// `to=/:account/<page>` where the page is nearly `api-tokens` (`api-token`, `apitokens`).
pub(super) fn is_near_account_target(to: &str) -> bool {
    let to = to.trim().trim_end_matches('/');
    to.strip_prefix("/:account/").is_some_and(|page| {
        page != "api-tokens" && crate::text::edit_distance(page, "api-tokens") <= 2
    })
}

/// `to=/:account/api-tokens`, or with a real 32-hex account id in place of `:account`.
pub(super) fn is_account_tokens_target(to: &str) -> bool {
    let to = to.trim().trim_end_matches('/');
    let Some(rest) = to.strip_prefix('/') else {
        return false;
    };
    let Some((account, page)) = rest.split_once('/') else {
        return false;
    };
    page == "api-tokens" && (account == ":account" || is_hex_id(account))
}
