//! The `kcensus` command line.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use kcensus::commands::Outcome;
use std::io::Write;
use std::process::ExitCode;

/// A census of Rust in the Linux kernel.
#[derive(Debug, Parser)]
#[command(name = "kcensus", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Stop with an error when a tarball unpacks to more than SIZE bytes (K, M, G, T suffixes;
    /// default 16G): the bound against decompression bombs.
    #[arg(long, global = true, value_name = "SIZE", value_parser = kcensus::source::parse_size)]
    max_unpacked_size: Option<u64>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Count lines by language, exactly as cloc 1.96 does.
    Count(kcensus::commands::count::CountArgs),
    /// The Rust census of a kernel tree: areas, vendored crates, modules, drivers, unsafe and
    /// SAFETY coverage, the C/Rust boundary, architectures.
    Report(kcensus::commands::report::ReportArgs),
    /// The kernel's Rust rules as a CI gate: undocumented unsafe, missing `# Safety` docs,
    /// drivers using `bindings::`. Exit status 0 clean, 1 findings, 2 errors.
    Lint(kcensus::commands::lint::LintArgs),
    /// The census of several trees (releases) as time series, with a fitted projection.
    History(kcensus::commands::history::HistoryArgs),
    /// What changed between two trees: drivers, modules, vendored crates, exports,
    /// architectures, lines and unsafe by area, moved files.
    Diff(kcensus::commands::diff::DiffArgs),
    /// Fact-check a claims file (docs/claims.md) against the census of a tree. Exit status 0
    /// when every claim holds, 1 when any fails, 2 on errors.
    Check(kcensus::commands::check::CheckArgs),
}

fn main() -> ExitCode {
    // The matches are kept: `history` and `diff` pair each `--rev` with the input before it,
    // which needs argument positions.
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let sub = matches.subcommand().map(|(_, m)| m).unwrap_or(&matches);
    if let Some(bytes) = cli.max_unpacked_size {
        kcensus::source::set_max_unpacked_size(bytes);
    }
    let result = match &cli.command {
        Command::Count(args) => kcensus::commands::count::run(args),
        Command::Report(args) => kcensus::commands::report::run(args),
        Command::Lint(args) => kcensus::commands::lint::run(args),
        Command::Check(args) => kcensus::commands::check::run(args),
        Command::History(args) => kcensus::commands::history::run(args, sub),
        Command::Diff(args) => kcensus::commands::diff::run(args, sub),
    };
    match result {
        // `status`: what the command's outcome says (`check`: 1 when a claim fails; `lint`: 1
        // when there are findings).
        Ok(Outcome { output, status }) => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(output.as_bytes())
                .and_then(|_| stdout.flush())
            {
                Ok(()) => ExitCode::from(status),
                // A closed pipe (`kcensus ... | head`) is not an error worth a message.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(status),
                Err(e) => {
                    eprintln!("kcensus: cannot write output: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Err(error) => {
            eprintln!("kcensus: {}", one_line(&format!("{error:#}")));
            ExitCode::from(2)
        }
    }
}

/// An error message kept on one line: control characters it quotes (from a file name, or the
/// bytes of a corrupt tar header) are shown escaped.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
