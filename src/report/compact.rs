//! `path:line:col: severity[rule]: message`, one line per diagnostic: the shape Vim's
//! `errorformat`, Emacs' compilation mode and VS Code problem matchers read.

use super::{located, Report};
use crate::diagnostic::{printable, Severity};

fn colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Note => "\x1b[1;36m",
    }
}

pub fn render(report: &Report, color: bool) -> String {
    let mut out = String::new();
    for l in located(report) {
        let d = l.diagnostic;
        // One line each: a path or message with a line break would split it.
        let path = printable(l.path);
        let message = printable(&d.message);
        let severity = if color {
            format!("{}{}\x1b[0m", colour(d.severity), d.severity)
        } else {
            d.severity.to_string()
        };
        out.push_str(&format!(
            "{path}:{}:{}: {severity}[{}]: {message}\n",
            l.start.line, l.start.column, d.rule
        ));
    }
    out
}
