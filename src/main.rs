//! Thin entry point: parse arguments, run the command, map the outcome to an exit code
//! (0 clean, 1 findings at or above --fail-on, 2 the run failed).

use std::process::ExitCode;

use clap::Parser;

use cf_token_lint::cli::{Cli, Command};
use cf_token_lint::commands::check::{self, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let args = match &cli.command {
        Some(Command::Check(args)) => args,
        None => &cli.check,
    };
    match check::run(args) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(message) => {
            eprintln!("cf-token-lint: error: {message}");
            ExitCode::from(2)
        }
    }
}
