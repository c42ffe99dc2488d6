//! The regions of code inside markup: `<script>` blocks, PHP's `<?php ... ?>`, Astro's front
//! matter. Found once per file, and only in files that hold the dashboard's host.

use std::ops::Range;

use memchr::memmem;

use super::code::Cursor;
use crate::syntax::code::Lang;
use crate::syntax::Region;

/// The content of every code region, in order. `lang` reads the code, for closers that count
/// only outside its strings.
pub fn regions(src: &[u8], lang: &'static Lang, kinds: &[Region]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for region in kinds {
        if region.at_file_start {
            if src.starts_with(region.open.as_bytes()) {
                out.push(content(src, region.open.len(), lang, region));
            }
            continue;
        }
        // Each search starts after the last region's end: an opener inside a region is part
        // of it, and no region's code is lexed twice.
        let mut from = 0;
        while let Some(i) = memmem::find(&src[from..], region.open.as_bytes()) {
            let after = from + i + region.open.len();
            from = after;
            let start = match region.open_until {
                // `<script>` or `<script lang="ts">`, not `<scripts>`.
                Some(end) => {
                    if !src
                        .get(after)
                        .is_some_and(|&b| b == end || b.is_ascii_whitespace())
                    {
                        continue;
                    }
                    match memchr::memchr(end, &src[after..]) {
                        Some(i) => after + i + 1,
                        None => continue,
                    }
                }
                None => after,
            };
            let found = content(src, start, lang, region);
            from = found.end.max(start);
            out.push(found);
        }
    }
    out.sort_by_key(|r| r.start);
    // A region found inside another kind (`<?` in a script) is part of it.
    let mut kept: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        if kept.last().is_none_or(|last| last.end <= r.start) {
            kept.push(r);
        }
    }
    kept
}

fn content(src: &[u8], start: usize, lang: &'static Lang, region: &Region) -> Range<usize> {
    let close = region.close.as_bytes();
    if !region.close_in_code_only {
        let end = memmem::find(&src[start..], close).map_or(src.len(), |i| start + i);
        return start..end;
    }
    let mut cursor = Cursor::new(lang, start);
    let end = memmem::find_iter(&src[start..], close)
        .map(|i| start + i)
        .find(|&at| cursor.in_plain_code(src, at))
        .unwrap_or(src.len());
    start..end
}

/// The region holding `pos`, if any (`regions` is sorted).
pub fn region_at(regions: &[Range<usize>], pos: usize) -> Option<&Range<usize>> {
    let i = regions.partition_point(|r| r.end <= pos);
    regions.get(i).filter(|r| r.start <= pos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::html::SCRIPTS;
    use crate::syntax::{FileKind, Reading};

    #[test]
    fn finds_script_blocks() {
        let doc = b"<p>x</p><script type=\"module\">let a = 1;</script><scripts>";
        let found = regions(doc, &crate::syntax::javascript::LANG, SCRIPTS);
        assert_eq!(found.len(), 1);
        assert_eq!(&doc[found[0].clone()], b"let a = 1;");
        assert!(region_at(&found, 32).is_some());
        assert!(region_at(&found, 3).is_none());
    }

    #[test]
    fn php_code_ends_at_a_closer_outside_its_strings_and_block_comments() {
        let php = FileKind::Php.syntax();
        let Reading::Markup(lang, kinds) = php.reading else {
            panic!("PHP is markup with code regions")
        };
        let doc = b"<p><?php $a = \"?>\" . '?>'; /* ?> */ f(); // x ?> <b>?></b><? g(); ?>";
        let found = regions(doc, lang, kinds);
        let text: Vec<&[u8]> = found.iter().map(|r| &doc[r.clone()]).collect();
        assert_eq!(
            text,
            [
                &b"php $a = \"?>\" . '?>'; /* ?> */ f(); // x "[..],
                &b" g(); "[..]
            ]
        );
    }
}
