//! URLs shaped like token templates on hosts that only look like the dashboard's.

use super::*;

pub(super) fn lookalike_finder() -> &'static memmem::Finder<'static> {
    static FINDER: OnceLock<memmem::Finder<'static>> = OnceLock::new();
    FINDER.get_or_init(|| memmem::Finder::new("api-tokens"))
}

/// How far before `api-tokens` a look-alike URL's scheme may be.
pub(super) const LOOKBACK: usize = 200;

/// URLs shaped like token templates whose host is not written exactly `dash.cloudflare.com`:
/// look-alike hosts (`dash-cloudflare.com`, `dash.cloudflare.com.example.net`, IDN
/// homographs), user-info tricks (`https://dash.cloudflare.com@example.net/`), upper case.
/// They are found from the `api-tokens` in their path or `to` parameter, outside the spans
/// `covered` by the dashboard URLs already found, so the common case costs one more `memmem`.
pub fn lookalike_candidates(
    src: &[u8],
    kind: FileKind,
    covered: &[Range<usize>],
) -> Vec<Occurrence> {
    let finder = lookalike_finder();
    let mut out: Vec<Occurrence> = Vec::new();
    let mut places = Places::default();
    let mut next_covered = 0;
    for hit in finder.find_iter(src) {
        // `covered` is sorted: walk it alongside the hits, never from the start.
        while next_covered < covered.len() && covered[next_covered].end <= hit {
            next_covered += 1;
        }
        let inside = |r: &Range<usize>| r.start <= hit && hit < r.end;
        if covered.get(next_covered).is_some_and(inside)
            || out.last().is_some_and(|o| inside(&o.span))
        {
            continue;
        }
        // A path segment or a `to` value (`/api-tokens`, `%2Fapi-tokens`), not prose; and not
        // the dashboard's own token page (`dash.cloudflare.com/profile/api-tokens`), the
        // most common link of all.
        if !matches!(hit.checked_sub(1).map(|i| src[i]), Some(b'/' | b'F' | b'f'))
            || src[..hit].ends_with(b"//dash.cloudflare.com/profile/")
        {
            continue;
        }
        // The scheme is close before the path: look back a bounded way (a 50 MB line must
        // not be searched back to its start for every hit).
        let window = hit.saturating_sub(LOOKBACK);
        let line_start =
            memchr::memrchr(b'\n', &src[window..hit]).map_or(window, |i| window + i + 1);
        static SCHEME_END: OnceLock<memmem::FinderRev<'static>> = OnceLock::new();
        let scheme_end = SCHEME_END.get_or_init(|| memmem::FinderRev::new("://"));
        let Some(sep) = scheme_end
            .rfind(&src[line_start..hit])
            .map(|i| line_start + i)
        else {
            continue;
        };
        let scheme_len = src[..sep]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        if scheme_len == 0 {
            continue;
        }
        let start = sep - scheme_len;
        // One URL: nothing between its scheme and the hit that would end it.
        if src[start..hit]
            .iter()
            .any(|b| matches!(b, b' ' | b'\t' | b'"' | b'\'' | b'<' | b'>' | b'`'))
        {
            continue;
        }
        let authority_end = src[sep + 3..hit]
            .iter()
            .position(|b| matches!(b, b'/' | b'?' | b'#'))
            .map_or(hit, |i| sep + 3 + i);
        if &src[sep + 3..authority_end] == DASHBOARD_HOST.as_bytes() {
            continue; // the dashboard itself: the main scan's business
        }
        if start > 0 && src[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let ctx = context_at(src, start, kind, &mut places);
        let occurrence = read_url(src, start, &ctx);
        if occurrence.span.start <= hit && hit < occurrence.span.end {
            out.push(occurrence);
        }
    }
    out
}
