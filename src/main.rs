//! The `kcensus` command line.

use clap::{Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;

/// A census of Rust in the Linux kernel.
#[derive(Debug, Parser)]
#[command(name = "kcensus", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Count lines by language, exactly as cloc 1.96 does.
    Count(kcensus::commands::count::CountArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Count(args) => kcensus::commands::count::run(args),
    };
    match result {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(output.as_bytes())
                .and_then(|_| stdout.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                // A closed pipe (`kcensus ... | head`) is not an error worth a message.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("kcensus: cannot write output: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Err(error) => {
            eprintln!("kcensus: {error:#}");
            ExitCode::from(2)
        }
    }
}
