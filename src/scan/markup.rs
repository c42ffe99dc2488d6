//! The regions of code inside markup: `<script>` blocks, PHP's `<?php ... ?>`, Astro's front
//! matter. Found once per file, and only in files that hold the dashboard's host.

use std::ops::Range;

use memchr::memmem;

use crate::syntax::Region;

/// The content of every code region, in order.
pub fn regions(src: &[u8], kinds: &[Region]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for region in kinds {
        if region.at_file_start {
            if src.starts_with(region.open.as_bytes()) {
                out.push(content(src, region.open.len(), region));
            }
            continue;
        }
        for hit in memmem::find_iter(src, region.open.as_bytes()) {
            let after = hit + region.open.len();
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
            out.push(content(src, start, region));
        }
    }
    out.sort_by_key(|r| r.start);
    // A region found inside another (`<?` in a script) is part of it.
    let mut kept: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        if kept.last().is_none_or(|last| last.end <= r.start) {
            kept.push(r);
        }
    }
    kept
}

fn content(src: &[u8], start: usize, region: &Region) -> Range<usize> {
    let end = memmem::find(&src[start..], region.close.as_bytes()).map_or(src.len(), |i| start + i);
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

    #[test]
    fn finds_script_blocks() {
        let doc = b"<p>x</p><script type=\"module\">let a = 1;</script><scripts>";
        let found = regions(doc, SCRIPTS);
        assert_eq!(found.len(), 1);
        assert_eq!(&doc[found[0].clone()], b"let a = 1;");
        assert!(region_at(&found, 32).is_some());
        assert!(region_at(&found, 3).is_none());
    }
}
