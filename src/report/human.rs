//! Human output: each diagnostic drawn by `codespan-reporting` with its label under the exact
//! bytes, and a `help:` line where there is a fix. (The summary line is added by the caller.)

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files as CsFiles, SimpleFile};
use codespan_reporting::term::termcolor::{Ansi, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};

use super::Files;
use super::{RenderOptions, Renderer};
use crate::diagnostic::{Applicability, Severity};
use crate::source::LineIndex;
use crate::text::{char_len, is_unsafe, printable, safe_message};

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Note => CsSeverity::Note,
    }
}

/// Diagnostics drawn under their source lines, with help lines. Each is written as it is
/// drawn (nothing is built whole in memory), and a line longer than the terminal (or 120
/// columns when not a terminal) is cut around its span, as rustc does: `…` where text was
/// cut, the caret under its bytes, and a span too long to show whole is shown by its first and
/// last characters.
pub struct Human;

impl Renderer for Human {
    fn render(
        &self,
        files: &mut Files<'_>,
        options: &RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut out = io::BufWriter::with_capacity(64 * 1024, out);
        if options.color {
            write(files, options, line_width(), &mut Ansi::new(&mut out))?;
        } else {
            write(files, options, line_width(), &mut NoColor::new(&mut out))?;
        }
        out.flush()
    }
}

/// The columns a source line may take: the terminal's, or 120 when not a terminal.
fn line_width() -> usize {
    terminal_width().unwrap_or(120).max(40)
}

#[cfg(unix)]
fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return None;
    }
    // SAFETY: TIOCGWINSZ fills the `winsize` it is given, nothing else.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn terminal_width() -> Option<usize> {
    None
}

fn write<W: WriteColor>(
    files: &mut Files<'_>,
    options: &RenderOptions,
    width: usize,
    buf: &mut W,
) -> io::Result<()> {
    // How to apply a fix: the flags, after the command that takes them.
    let command = options.fix_command;
    let safe_hint = format!(" ({command}--fix)");
    let unsafe_hint = format!(" ({command}--unsafe-fixes: it may change what the token grants)");
    let config = Config::default();
    let io_error = |e: codespan_reporting::files::Error| match e {
        codespan_reporting::files::Error::Io(e) => Some(e),
        _ => None,
    };
    for file in files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let name = printable(&file.path);
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            if d.is_file_level() {
                // A file-level diagnostic (an unreadable file) has no bytes to point at.
                let shown = SimpleFile::new(name.as_str(), "");
                let diagnostic = CsDiagnostic::<()>::new(severity(d.severity))
                    .with_code(d.rule)
                    .with_message(format!("{name}: {}", safe_message(&d.message)));
                if let Err(e) = term::emit_to_write_style(buf, &config, &shown, &diagnostic) {
                    if let Some(e) = io_error(e) {
                        return Err(e);
                    }
                }
                continue;
            }
            let view = View::new(&name, &file.source, &index, d.span.clone(), width);
            let mut label = Label::primary((), view.span.clone());
            if !d.label.is_empty() {
                label = label.with_message(printable(&d.label));
            }
            let diagnostic = CsDiagnostic::new(severity(d.severity))
                .with_code(d.rule)
                .with_message(safe_message(&d.message))
                .with_labels(vec![label])
                .with_notes(
                    d.help
                        .iter()
                        .map(|h| format!("help: {}", safe_message(h)))
                        .chain(d.fix.iter().map(|f| match f.applicability {
                            Applicability::Safe => {
                                format!("fix: {}{safe_hint}", safe_message(&f.description))
                            }
                            Applicability::Unsafe => format!(
                                "suggested fix: {}{unsafe_hint}",
                                safe_message(&f.description)
                            ),
                        }))
                        .collect(),
                );
            if let Err(e) = term::emit_to_write_style(buf, &config, &view, &diagnostic) {
                if let Some(e) = io_error(e) {
                    return Err(e);
                }
                // A span outside the file would be a bug upstream; still say what was found.
                writeln!(
                    buf,
                    "{}[{}]: {}: {}",
                    d.severity,
                    d.rule,
                    name,
                    safe_message(&d.message)
                )?;
            }
        }
    }
    Ok(())
}

/// The characters shown of each end of a span too wide to show whole.
const SPAN_END: usize = 16;

/// What one diagnostic shows of its file: the lines its span is on, made safe to print
/// (control characters and invalid UTF-8 as `?`, bidirectional and invisible format
/// characters escaped as `\u{202e}`), a long line cut around the span. Building it costs the
/// width shown, not the length of the line, so a minified page with thousands of findings on
/// one line stays linear.
struct View<'a> {
    name: &'a str,
    text: String,
    /// The span in `text`.
    span: Range<usize>,
    /// The 0-based line of the text's first line, and where each of its lines starts.
    first_line: usize,
    starts: Vec<usize>,
    /// The real columns of the span's start and end (cutting would change them).
    columns: (usize, usize),
}

impl<'a> View<'a> {
    fn new(
        name: &'a str,
        src: &[u8],
        index: &LineIndex,
        span: Range<usize>,
        width: usize,
    ) -> View<'a> {
        let start = span.start.min(src.len());
        let end = span.end.clamp(start, src.len());
        let first_line = index.line(start);
        let last_line = index.line(end);
        let columns = (
            index.position(src, start).column,
            index.position(src, end).column,
        );
        let gutter = (last_line + 1).to_string().len() + 3;
        let budget = width.saturating_sub(gutter).max(20);
        let lines = index.line_range(first_line, src.len()).start
            ..index.line_range(last_line, src.len()).end;
        // A UTF-8 byte-order mark is not shown (editors do not show it either).
        let lines = if lines.start == 0 && src.starts_with(b"\xEF\xBB\xBF") {
            3.min(lines.end)..lines.end
        } else {
            lines
        };
        let mut out = Shown::default();
        let fits = (first_line..=last_line).all(|line| {
            let range = index.line_range(line, src.len());
            fits(&src[range], budget)
        });
        if fits {
            out.push(src, lines.start..lines.end, start, end);
        } else {
            // One line, cut: the span is shown on its first line.
            let line = index.line_range(first_line, src.len());
            let mut line_end = line.end;
            while line_end > line.start && matches!(src[line_end - 1], b'\n' | b'\r') {
                line_end -= 1;
            }
            let line_start = lines.start.max(line.start);
            let end = end.min(line_end);
            // A span too wide to show whole is shown by its first and last characters.
            let span_chars = chars_up_to(&src[start..end], budget + 1);
            let (head, tail, shown) = if span_chars + 2 <= budget {
                (end, end, span_chars)
            } else {
                let head = forward(src, start, end, SPAN_END);
                let tail = back(src, end, head, SPAN_END);
                (head, tail, 2 * SPAN_END + 1)
            };
            // Half the room on each side; what one side does not use, the other gets.
            let room = budget.saturating_sub(shown + 2);
            let right = forward(src, end, line_end, room / 2);
            let used = chars_up_to(&src[end..right], room);
            let left = back(src, start, line_start, room - used);
            let used = chars_up_to(&src[left..start], room);
            let right = forward(src, end, line_end, room - used);
            out.cut_before(left > line_start);
            if head == end {
                out.push(src, left..right, start, end);
            } else {
                out.push(src, left..head, start, usize::MAX);
                out.text.push('…');
                out.push(src, tail..right, usize::MAX, end);
            }
            out.cut_after(right < line_end);
            out.text.push('\n');
        }
        let view_span = out.start.unwrap_or(0)..out.end.unwrap_or(out.text.len());
        let view_span = view_span.start..view_span.end.max(view_span.start);
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', out.text.as_bytes()).map(|i| i + 1))
            .collect();
        View {
            name,
            text: out.text,
            span: view_span,
            first_line,
            starts,
            columns,
        }
    }
}

/// Whether a line (`bytes`, its ending included) fits in `budget` columns, found without
/// looking past a few times the budget.
fn fits(bytes: &[u8], budget: usize) -> bool {
    if bytes.len() <= budget {
        return true;
    }
    bytes.len() <= 4 * budget + 2 && chars_up_to(bytes, budget + 3) <= budget + 2
}

/// The characters in `bytes` (each invalid byte one), counting no further than `max`.
fn chars_up_to(bytes: &[u8], max: usize) -> usize {
    let mut n = 0;
    let mut at = 0;
    while at < bytes.len() && n < max {
        at += char_len(&bytes[at..]);
        n += 1;
    }
    n
}

/// `n` characters back from `from`, not before `floor` (character starts only).
fn back(src: &[u8], mut from: usize, floor: usize, n: usize) -> usize {
    for _ in 0..n {
        if from <= floor {
            break;
        }
        from -= 1;
        let mut steps = 0;
        while from > floor && src[from] & 0xC0 == 0x80 && steps < 3 {
            from -= 1;
            steps += 1;
        }
    }
    from
}

/// `n` characters on from `from`, not past `ceiling`.
fn forward(src: &[u8], mut from: usize, ceiling: usize, n: usize) -> usize {
    for _ in 0..n {
        if from >= ceiling {
            break;
        }
        from = (from + char_len(&src[from..ceiling])).min(ceiling);
    }
    from
}

/// The text being shown, and where the span's ends land in it.
#[derive(Default)]
struct Shown {
    text: String,
    start: Option<usize>,
    end: Option<usize>,
}

impl Shown {
    fn cut_before(&mut self, cut: bool) {
        if cut {
            self.text.push('…');
        }
    }

    fn cut_after(&mut self, cut: bool) {
        if cut {
            self.text.push('…');
        }
    }

    /// Notes whether byte `at` is where the span starts or ends.
    fn mark(&mut self, at: usize, start: usize, end: usize) {
        if at >= start && self.start.is_none() {
            self.start = Some(self.text.len());
        }
        if at >= end && self.end.is_none() {
            self.end = Some(self.text.len());
        }
    }

    /// Appends `src[range]` made safe to print, noting where bytes `start` and `end` land.
    fn push(&mut self, src: &[u8], range: Range<usize>, start: usize, end: usize) {
        let mut at = range.start;
        while at < range.end {
            self.mark(at, start, end);
            let len = char_len(&src[at..range.end]);
            match std::str::from_utf8(&src[at..at + len])
                .ok()
                .and_then(|s| s.chars().next())
            {
                // As `source::display_text` shows them: one `?` a byte, so columns hold.
                Some(c) if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {
                    self.text.extend(std::iter::repeat_n('?', len));
                }
                // Text that reorders or hides what follows is shown escaped, as rustc does.
                Some(c) if is_unsafe(c) && !c.is_control() => self.text.extend(c.escape_unicode()),
                Some(c) => self.text.push(c),
                None => self.text.push('?'),
            }
            at += len;
        }
        self.mark(at, start, end);
    }
}

impl<'a> CsFiles<'a> for View<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.first_line + self.starts.partition_point(|&s| s <= byte_index).max(1) - 1)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        if byte_index == self.span.start {
            return Ok(self.columns.0);
        }
        if byte_index == self.span.end {
            return Ok(self.columns.1);
        }
        let range = self.line_range((), line_index)?;
        Ok(codespan_reporting::files::column_index(&self.text, range, byte_index) + 1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let i = line_index.saturating_sub(self.first_line);
        let start = *self.starts.get(i).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: self.first_line + self.starts.len() - 1,
        })?;
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        Ok(start..end)
    }
}
