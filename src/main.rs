//! Thin entry point: parse arguments, run the command, map the outcome to an exit code
//! (0 clean, 1 findings at or above --fail-on, 2 the run failed).

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use cf_token_lint::cli::{Cli, Command};
use cf_token_lint::commands::check::{self, Outcome};
use cf_token_lint::commands::{catalog, explain, init, new, rules};
use cf_token_lint::text::safe_message;

fn print(text: &str) {
    // A closed pipe (`| head`) is not a failure.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Messages quote configuration, baselines and file names, which come from whoever wrote
/// them: escaped, so they cannot drive the terminal or start a workflow command.
fn fail(message: &str) -> ExitCode {
    eprintln!("cf-token-lint: error: {}", safe_message(message));
    ExitCode::from(2)
}

/// A command that prints text: exit 0 with it, or 2 with the error.
fn printed(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(text) => {
            print(&text);
            ExitCode::SUCCESS
        }
        Err(message) => fail(&message),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let args = match &cli.command {
        Some(Command::Check(args)) => args,
        None => &cli.check,
        Some(Command::Explain(args)) => {
            return match explain::run(args) {
                Ok((text, has_errors)) => {
                    print(&text);
                    ExitCode::from(u8::from(has_errors))
                }
                Err(message) => fail(&message),
            }
        }
        Some(Command::New(args)) => {
            return match new::run(args) {
                Ok(built) => {
                    for warning in &built.warnings {
                        eprintln!("cf-token-lint: {}", safe_message(warning));
                    }
                    print(&built.output);
                    ExitCode::SUCCESS
                }
                Err(message) => fail(&message),
            }
        }
        Some(Command::Catalog(command)) => return printed(catalog::run(command)),
        Some(Command::Lsp) => {
            return match cf_token_lint::lsp::run() {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => fail(&message),
            }
        }
        Some(Command::Rules(args)) => return printed(rules::run(args)),
        Some(Command::Init { dir }) => return printed(init::run(dir)),
        Some(Command::Completions { shell }) => {
            let mut command = Cli::command();
            clap_complete::generate(
                *shell,
                &mut command,
                "cf-token-lint",
                &mut std::io::stdout(),
            );
            return ExitCode::SUCCESS;
        }
        Some(Command::Man { subcommand }) => {
            // `help` is clap's own, with no page to refer to.
            let top = Cli::command().disable_help_subcommand(true);
            let command = match subcommand {
                None => top,
                Some(name) => match top.find_subcommand(name) {
                    // The page's name is the one cf-token-lint(1) refers to. (clap takes a
                    // `&'static str`; the process prints one page and ends.)
                    Some(sub) => {
                        let page_name: &'static str = format!("cf-token-lint-{name}").leak();
                        sub.clone().name(page_name)
                    }
                    None => {
                        return fail(&format!(
                            "no manual page for `{}`: subcommands are {}",
                            cf_token_lint::text::printable(name),
                            top.get_subcommands()
                                .map(|s| s.get_name().to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))
                    }
                },
            };
            let mut page = Vec::new();
            return match clap_mangen::Man::new(command).render(&mut page) {
                Ok(()) => {
                    print(&String::from_utf8_lossy(&page));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&format!("cannot render the manual page: {e}")),
            };
        }
    };
    match check::run(args) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Incomplete) => ExitCode::from(2),
        Err(message) => fail(&message),
    }
}
