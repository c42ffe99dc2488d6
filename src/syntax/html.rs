//! HTML: its facts, and its character references (`&amp;`, `&#38;`, `&#x26;`), as found in
//! HTML files, in attributes of Markdown's inline HTML and MDX's JSX, and in Markdown text.
//! URLs end at an attribute's closing quote or the `<` of the next tag (see `scan`).

use super::unit::Unit;
use super::{Comment, Reading, Region, Syntax};

/// HTML comments, which Markdown and the component syntaxes share.
pub const COMMENTS: &[Comment] = &[Comment::Block("<!--", "-->")];

/// `<script>` blocks hold JavaScript.
pub const SCRIPTS: &[Region] = &[Region {
    open: "<script",
    open_until: Some(b'>'),
    close: "</script>",
    close_in_code_only: false,
    at_file_start: false,
}];

pub static SYNTAX: Syntax = Syntax {
    name: "html",
    extensions: &["html", "htm", "xhtml"],
    file_names: &[],
    walked: true,
    // `mhtml`: Eglot's id for `mhtml-mode`, Emacs's HTML mode.
    language_ids: &["html", "mhtml"],
    fence_names: &["html", "xml", "svg"],
    comments: COMMENTS,
    reading: Reading::Markup(&super::javascript::LANG, SCRIPTS),
};

/// Named references worth knowing in a URL; any other name is left as written.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("sol", '/'),
    ("colon", ':'),
    ("comma", ','),
    ("lsqb", '['),
    ("lbrack", '['),
    ("rsqb", ']'),
    ("rbrack", ']'),
    ("lcub", '{'),
    ("lbrace", '{'),
    ("rcub", '}'),
    ("rbrace", '}'),
    ("percnt", '%'),
    ("equals", '='),
    ("quest", '?'),
    ("num", '#'),
    ("ast", '*'),
    ("lowbar", '_'),
];

/// Decodes a character reference starting at `src[pos] == b'&'`, if there is a valid one.
pub fn entity(src: &[u8], pos: usize) -> Option<Unit> {
    let rest = &src[pos + 1..];
    // Longest reference we accept: `&#x10FFFF;` or `&lbrack;`.
    let semi = rest.iter().take(10).position(|&b| b == b';')?;
    let body = std::str::from_utf8(&rest[..semi]).ok()?;
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        char::from_u32(code)?
    } else {
        NAMED.iter().find(|(name, _)| *name == body)?.1
    };
    Some(Unit::escaped(c, semi + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_named_and_numeric_references() {
        assert_eq!(entity(b"&amp;x", 0), Some(Unit::escaped('&', 5)));
        assert_eq!(entity(b"&#38;", 0), Some(Unit::escaped('&', 5)));
        assert_eq!(entity(b"&#x26;", 0), Some(Unit::escaped('&', 6)));
        assert_eq!(entity(b"&bogus;", 0), None);
        assert_eq!(entity(b"& then", 0), None);
        assert_eq!(entity(b"&#xFFFFFFFF;", 0), None);
    }
}
