//! Inline suppression comments, always naming the rules they silence, in each host format's
//! comment syntax:
//!
//! - Markdown, HTML: `<!-- cf-token-lint-disable-next-line RULE -->` above the line, or
//!   `<!-- cf-token-lint-disable-line RULE -->` on it, and
//!   `<!-- cf-token-lint-disable RULE -->` ... `<!-- cf-token-lint-enable RULE -->`
//! - MDX: `{/* cf-token-lint-disable-next-line RULE */}` (and `disable` / `enable`)
//! - YAML, TOML, and source code: `# cf-token-lint: disable-next-line RULE`,
//!   `// cf-token-lint: disable-next-line RULE`, `/* cf-token-lint: disable RULE */`, in
//!   each syntax's own comment forms (`crate::syntax`)
//!
//! Several rules may be named, separated by commas or spaces. A comment that suppresses
//! nothing is reported as `unused-suppression`, so stale exceptions do not pile up.

use std::ops::Range;
use std::sync::OnceLock;

use memchr::memmem;
use regex::bytes::Regex;

use crate::diagnostic::Diagnostic;
use crate::rules::{closest_rule, descriptors, Severities, UNUSED_SUPPRESSION};
use crate::scan::markdown;
use crate::source::LineIndex;
use crate::syntax::{Comment, FileKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    NextLine,
    /// On the line it silences, after the code (markdownlint's `disable-line`).
    ThisLine,
    Disable,
    Enable,
}

/// One suppression comment.
#[derive(Clone, Debug)]
struct Directive {
    action: Action,
    /// The whole comment.
    span: Range<usize>,
    /// Each rule named, with the span of its name.
    rules: Vec<(String, Range<usize>)>,
}

/// The suppression comments of a syntax, one alternative per comment form (each with two
/// groups: the action and the rule list), compiled once per syntax.
fn pattern(kind: FileKind) -> Option<&'static Regex> {
    const MAX_KINDS: usize = 64;
    static CACHE: [OnceLock<Option<Regex>>; MAX_KINDS] = [const { OnceLock::new() }; MAX_KINDS];
    let build = || {
        pattern_source(kind)
            .map(|source| Regex::new(&source).expect("suppression patterns are valid"))
    };
    match CACHE.get(kind as usize) {
        Some(cell) => cell.get_or_init(build).as_ref(),
        None => None,
    }
}

/// The pattern of a syntax's suppression comments; `None` where it has no comments.
fn pattern_source(kind: FileKind) -> Option<String> {
    let forms: Vec<String> = kind
        .syntax()
        .comments
        .iter()
        .map(|comment| match *comment {
            Comment::Block(open, close) => format!(
                r"{}[ \t]*{DIRECTIVE}([^\n]*?)[ \t]*{}",
                regex::escape(open),
                regex::escape(close)
            ),
            Comment::Line(open) => format!(
                r"(?:^|[ \t]){}[ \t]*{DIRECTIVE}([^\n]*)",
                regex::escape(open)
            ),
        })
        .collect();
    (!forms.is_empty()).then(|| format!("(?m){}", forms.join("|")))
}

/// `cf-token-lint-disable` (the HTML comments' spelling) or `cf-token-lint: disable` (line
/// comments'), either in any comment.
const DIRECTIVE: &str =
    r"cf-token-lint(?:-|:[ \t]*)(disable-next-line|disable-line|disable|enable)(?-u:\b)";

/// The comment that silences `rule` on the next line, in the syntax's first comment form
/// (`None` where the syntax has no comments: JSON, plain text).
pub fn next_line_comment(kind: FileKind, rule: &str) -> Option<String> {
    Some(match *kind.syntax().comments.first()? {
        Comment::Block(open, close) => {
            format!("{open} cf-token-lint-disable-next-line {rule} {close}")
        }
        Comment::Line(open) => format!("{open} cf-token-lint: disable-next-line {rule}"),
    })
}

/// Every suppression comment of a file (none in fenced code: those are examples).
fn directives(src: &[u8], kind: FileKind) -> Vec<Directive> {
    // Most files hold no directive: one search, and no pattern is compiled for them.
    static NAME: OnceLock<memmem::Finder<'static>> = OnceLock::new();
    let name = NAME.get_or_init(|| memmem::Finder::new("cf-token-lint"));
    if name.find(src).is_none() {
        return Vec::new();
    }
    let Some(re) = pattern(kind) else {
        return Vec::new();
    };
    let fences = if kind.is_markdown_like() {
        markdown::fences(src)
    } else {
        Vec::new()
    };
    let mut lines = markdown::LineCursor::default();
    let mut out = Vec::new();
    for caps in re.captures_iter(src) {
        let whole = caps.get(0).expect("match");
        // In Markdown, a comment shown in a code block or a code span is an example.
        let in_code = kind.is_markdown_like()
            && (markdown::fence_at(&fences, whole.start()).is_some()
                || lines.at(src, whole.start()).1);
        if in_code {
            continue;
        }
        // One pair of groups per comment form; take whichever matched.
        let groups = (1..caps.len())
            .step_by(2)
            .find_map(|i| Some((caps.get(i)?, caps.get(i + 1)?)));
        let Some((action, list)) = groups else {
            continue;
        };
        let action = match action.as_bytes() {
            b"disable-next-line" => Action::NextLine,
            b"disable-line" => Action::ThisLine,
            b"disable" => Action::Disable,
            _ => Action::Enable,
        };
        let mut rules = Vec::new();
        let mut i = 0;
        let bytes = list.as_bytes();
        while i < bytes.len() {
            if bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-' {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
                    i += 1;
                }
                let name = String::from_utf8_lossy(&bytes[start..i]).into_owned();
                rules.push((name, list.start() + start..list.start() + i));
            } else {
                i += 1;
            }
        }
        out.push(Directive {
            action,
            span: whole.start()..whole.end(),
            rules,
        });
    }
    out
}

/// Removes the diagnostics that suppression comments in `src` silence, and adds an
/// `unused-suppression` diagnostic for every named rule that silenced nothing.
pub fn apply(
    src: &[u8],
    kind: FileKind,
    diagnostics: &mut Vec<Diagnostic>,
    severities: &Severities,
) {
    let directives = directives(src, kind);
    if directives.is_empty() {
        return;
    }
    let index = LineIndex::new(src);
    let line_of = |offset: usize| index.line(offset);
    let mut used: Vec<Vec<bool>> = directives
        .iter()
        .map(|d| vec![false; d.rules.len()])
        .collect();
    let mut problems: Vec<(Range<usize>, String)> = Vec::new();

    // Regions opened by `disable` and closed by the next `enable` of the same rule.
    let mut regions: Vec<(String, Range<usize>, usize, usize)> = Vec::new(); // rule, region, directive, rule index
    for (di, d) in directives.iter().enumerate() {
        for (ri, (rule, name_span)) in d.rules.iter().enumerate() {
            match d.action {
                Action::Disable => regions.push((rule.clone(), d.span.end..src.len(), di, ri)),
                Action::Enable => {
                    let open = regions.iter_mut().rev().find(|(r, region, ..)| {
                        r == rule && region.end == src.len() && region.start <= d.span.start
                    });
                    match open {
                        Some((_, region, ..)) => {
                            region.end = d.span.start;
                            used[di][ri] = true;
                        }
                        None => problems.push((
                            name_span.clone(),
                            format!(
                                "`cf-token-lint-enable {rule}` has no matching disable before it"
                            ),
                        )),
                    }
                }
                Action::NextLine | Action::ThisLine => {}
            }
        }
    }

    diagnostics.retain(|diag| {
        if diag.rule == UNUSED_SUPPRESSION.id || diag.is_file_level() {
            return true;
        }
        let line = line_of(diag.span.start);
        for (di, d) in directives.iter().enumerate() {
            let silenced_line = match d.action {
                Action::NextLine => line_of(d.span.end) + 1,
                Action::ThisLine => line_of(d.span.start),
                Action::Disable | Action::Enable => continue,
            };
            if silenced_line != line {
                continue;
            }
            if let Some(ri) = d.rules.iter().position(|(r, _)| r == diag.rule) {
                used[di][ri] = true;
                return false;
            }
        }
        for (rule, region, di, ri) in &regions {
            if rule == diag.rule && region.contains(&diag.span.start) {
                used[*di][*ri] = true;
                return false;
            }
        }
        true
    });

    for (di, d) in directives.iter().enumerate() {
        if d.rules.is_empty() {
            problems.push((
                d.span.clone(),
                "suppression comment names no rule: name the rules it silences".into(),
            ));
        }
        for (ri, (rule, name_span)) in d.rules.iter().enumerate() {
            if used[di][ri] || d.action == Action::Enable {
                continue;
            }
            if !descriptors().any(|r| r.id == rule) {
                problems.push((
                    name_span.clone(),
                    match closest_rule(rule) {
                        Some(near) => format!(
                            "suppression names unknown rule `{rule}`; did you mean `{near}`?"
                        ),
                        None => format!("suppression names unknown rule `{rule}`"),
                    },
                ));
            } else if severities.of(rule).is_some() {
                problems.push((
                    name_span.clone(),
                    format!("suppression of `{rule}` silences nothing here"),
                ));
            }
        }
    }
    let Some(severity) = severities.of(UNUSED_SUPPRESSION.id) else {
        return;
    };
    for (span, message) in problems {
        diagnostics.push(Diagnostic {
            rule: UNUSED_SUPPRESSION.id,
            severity,
            message: message.into(),
            label: "suppresses nothing".into(),
            help: Some("remove it, or fix the rule name".into()),
            span,
            url: None,
            fix: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The binary's `regex` has no Unicode tables (Cargo.toml), while test builds get them
    /// through dev-dependencies: a pattern that needs them (`\w`, `\d`, `\s`, a Unicode `\b`,
    /// `\p{..}`, `(?i)`) would pass every other test and fail to compile in the binary.
    #[test]
    fn patterns_need_no_unicode_tables() {
        let mut patterns: Vec<String> = crate::syntax::ALL
            .iter()
            .filter_map(|&kind| pattern_source(kind))
            .collect();
        patterns.push(crate::placeholder::EMBEDDED_PATTERN.to_string());
        assert!(patterns.len() > 10);
        for pattern in &patterns {
            let unicode = pattern.replace(r"(?-u:\b)", "");
            for construct in [
                r"\w", r"\d", r"\s", r"\b", r"\p", r"\W", r"\D", r"\S", r"\B", r"\P", "(?i",
            ] {
                assert!(!unicode.contains(construct), "{construct} in {pattern}");
            }
            Regex::new(pattern).unwrap();
        }
    }

    #[test]
    fn comments_in_code_are_examples_not_directives() {
        let doc = b"Write `<!-- cf-token-lint-disable-next-line over-broad -->` above it.\n\
                    ```md\n<!-- cf-token-lint-disable over-broad -->\n```\n\
                    <!-- cf-token-lint-disable-next-line over-broad, bad-type -->\n";
        let found = directives(doc, FileKind::Markdown);
        assert_eq!(found.len(), 1);
        let names: Vec<&str> = found[0].rules.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(names, ["over-broad", "bad-type"]);
        assert_eq!(found[0].action, Action::NextLine);
    }

    #[test]
    fn each_syntax_has_its_comment_form() {
        assert_eq!(
            directives(b"{/* cf-token-lint-disable over-broad */}\n", FileKind::Mdx)[0].action,
            Action::Disable
        );
        assert_eq!(
            directives(b"a: 1 # cf-token-lint: enable policy\n", FileKind::Yaml)[0].action,
            Action::Enable
        );
        assert!(directives(b"# cf-token-lint: disable policy\n", FileKind::Markdown).is_empty());
        assert!(directives(b"<!-- cf-token-lint-disable policy -->", FileKind::Json).is_empty());
        let js = b"// cf-token-lint: disable-next-line bad-type\nx /* cf-token-lint: disable over-broad */";
        let found = directives(js, FileKind::JavaScript);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].rules[0].0, "over-broad");
        let ps = b"<# cf-token-lint: enable policy #>\n# cf-token-lint: disable policy";
        assert_eq!(directives(ps, FileKind::PowerShell).len(), 2);
        assert_eq!(
            next_line_comment(FileKind::Python, "bad-type").as_deref(),
            Some("# cf-token-lint: disable-next-line bad-type")
        );
    }
}
