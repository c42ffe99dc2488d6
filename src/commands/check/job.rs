//! One thing `check` lints: a file, standard input, or what the walk already knows of a file.

use std::sync::Arc;

use crate::config::Config;
use crate::file::{lint_bytes, lint_file, FixMode, Limits};
use crate::report::FileOutcome;
use crate::syntax::FileKind;
use crate::walk;

/// One thing to lint, found before any is linted so that all can be reported in path order.
pub(super) enum Job {
    File {
        target: walk::Target,
        config: Arc<Config>,
    },
    Stdin {
        input: Vec<u8>,
        display: String,
        kind: FileKind,
        config: Arc<Config>,
    },
    /// What the walk already knows: a file it could not read, or one it skipped. Boxed: it
    /// is rare, and keeps every job small (20,000 of them are gathered, then sorted).
    Done(Box<FileOutcome>),
}

impl Job {
    pub(super) fn display(&self) -> &str {
        match self {
            Job::File { target, .. } => target.display(),
            Job::Stdin { display, .. } => display,
            Job::Done(outcome) => &outcome.path,
        }
    }

    pub(super) fn lint(&self, limits: &Limits) -> FileOutcome {
        match self {
            Job::File { target, config } => {
                lint_file(&target.path, target.display(), config, limits)
            }
            Job::Stdin {
                input,
                display,
                kind,
                config,
            } => {
                let mut text = input.clone();
                let mut outcome =
                    lint_bytes(&mut text, display.clone(), *kind, config, limits, None);
                if limits.mode == FixMode::Write && outcome.fixed_output.is_none() {
                    // Standard input comes back on standard output: fixed, or else as it was.
                    outcome.fixed_output = Some(input.clone());
                }
                outcome
            }
            Job::Done(outcome) => (**outcome).clone(),
        }
    }
}
