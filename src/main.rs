//! The `kcensus` command line.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use kcensus::commands::args::CacheArgs;
use kcensus::commands::report::{ReportArgs, ReportFormat};
use kcensus::commands::Outcome;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// `--version`: the crate's version and the commit it was built from (build.rs).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("KCENSUS_COMMIT"),
    ")"
);

/// A census of Rust in the Linux kernel.
///
/// `kcensus PATH` (no subcommand) is `kcensus report PATH`: the census of a kernel tree as a
/// table.
#[derive(Debug, Parser)]
#[command(
    name = "kcensus",
    version = VERSION,
    about,
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A kernel tree to report on when no subcommand is given: a directory, a tarball, or a
    /// git repository with --rev.
    #[arg(value_name = "INPUT")]
    input: Option<PathBuf>,
    /// Read a git repository at this revision (with INPUT, no subcommand).
    #[arg(long)]
    rev: Option<String>,
    /// Output format of the report (with INPUT, no subcommand) [default: table].
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// The fact cache (with INPUT, no subcommand).
    #[command(flatten)]
    cache: CacheArgs,
    /// Stop with an error when a tarball unpacks to more than SIZE bytes (K, M, G, T suffixes;
    /// default 16G): the bound against decompression bombs.
    #[arg(long, global = true, value_name = "SIZE", value_parser = kcensus::source::parse_size)]
    max_unpacked_size: Option<u64>,
    /// No progress line and no warnings on stderr (errors are still shown).
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Use at most N threads to read and count files [default: one per core].
    #[arg(short, long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    jobs: Option<u32>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Count lines by language, exactly as cloc 1.96 does.
    Count(kcensus::commands::count::CountArgs),
    /// The Rust census of a kernel tree: areas, vendored crates, modules, drivers, unsafe and
    /// SAFETY coverage, the C/Rust boundary, architectures; with --cves, the CVE records
    /// joined to the tree.
    Report(ReportArgs),
    /// The kernel's Rust rules as a CI gate: undocumented unsafe, missing `# Safety` docs,
    /// drivers using `bindings::`, Rust it could not analyse. Exit status 0 clean, 1 findings,
    /// 2 errors.
    Lint(kcensus::commands::lint::LintArgs),
    /// The census of several trees (releases) as time series, with a fitted projection; with
    /// --cves, each point gains the records affecting it and introduced in its release.
    History(kcensus::commands::history::HistoryArgs),
    /// What changed between two trees: drivers, modules, vendored crates, exports,
    /// architectures, lines and unsafe by area, moved files.
    Diff(kcensus::commands::diff::DiffArgs),
    /// The report's tables as a SQLite database (--sqlite FILE; tables in SCHEMA.md), for
    /// queries in SQL; with --cves, the `cves*` tables too.
    Export(kcensus::commands::export::ExportArgs),
    /// Fact-check a claims file (docs/claims.md) against the census of a tree. Exit status 0
    /// when every claim holds, 1 when any fails, 2 on errors or when a claim reads `cves`
    /// without --cves.
    Check(kcensus::commands::check::CheckArgs),
    /// Print the JSON Schema of a command's JSON output (count, report, history, diff, check,
    /// lint), as published in docs/schema/.
    Schema(kcensus::commands::schema::SchemaArgs),
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions(kcensus::commands::shell::CompletionsArgs),
    /// Print the man page (roff), or write every page into a folder.
    Man(kcensus::commands::shell::ManArgs),
}

fn main() -> ExitCode {
    // The matches are kept: `history` and `diff` pair each `--rev` with the input before it,
    // which needs argument positions.
    let matches = match Cli::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => return argument_error(error),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => return argument_error(error),
    };
    let sub = matches.subcommand().map(|(_, m)| m).unwrap_or(&matches);
    if let Some(bytes) = cli.max_unpacked_size {
        kcensus::source::set_max_unpacked_size(bytes);
    }
    kcensus::error::set_quiet(cli.quiet);
    if let Some(jobs) = cli.jobs {
        let jobs = jobs as usize;
        kcensus::source::set_jobs(jobs);
        // Before any parallel work: the global pool can be sized only once.
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global()
        {
            eprintln!("kcensus: cannot size the thread pool: {e}");
            return ExitCode::from(2);
        }
    }
    // INPUT and its options belong to `kcensus PATH`; with a subcommand they would be ignored.
    if cli.command.is_some()
        && (cli.input.is_some()
            || cli.rev.is_some()
            || cli.format.is_some()
            || cli.cache.cache.is_some()
            || cli.cache.no_cache)
    {
        eprintln!(
            "kcensus: give the input and --rev, --format, --cache, --no-cache after the subcommand"
        );
        return ExitCode::from(2);
    }
    let result = match &cli.command {
        Some(Command::Count(args)) => kcensus::commands::count::run(args),
        Some(Command::Report(args)) => kcensus::commands::report::run(args),
        Some(Command::Lint(args)) => kcensus::commands::lint::run(args),
        Some(Command::Check(args)) => kcensus::commands::check::run(args),
        Some(Command::Export(args)) => kcensus::commands::export::run(args),
        Some(Command::History(args)) => kcensus::commands::history::run(args, sub),
        Some(Command::Diff(args)) => kcensus::commands::diff::run(args, sub),
        Some(Command::Schema(args)) => kcensus::commands::schema::run(args),
        Some(Command::Completions(args)) => {
            kcensus::commands::shell::completions(args, Cli::command())
        }
        Some(Command::Man(args)) => kcensus::commands::shell::man(args, Cli::command()),
        // `arg_required_else_help`: without a subcommand, INPUT is there.
        None => match &cli.input {
            Some(input) => kcensus::commands::report::run(&ReportArgs {
                input: input.clone(),
                rev: cli.rev.clone(),
                format: cli.format.unwrap_or(ReportFormat::Table),
                table: None,
                cache: cli.cache.clone(),
                cves: Default::default(),
                cloc: Default::default(),
            }),
            None => {
                let _ = Cli::command().print_help();
                return ExitCode::from(2);
            }
        },
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

/// A command-line error on one line, exit 2 (as every other error): clap's reason and its tip,
/// without the usage block. `--help`, `--version` and a bare `kcensus` print as clap prints
/// them.
fn argument_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        error.exit();
    }
    let rendered = error.render().to_string();
    // The first paragraph is the reason (it may go on over indented lines: the missing
    // arguments, the possible values); `tip:` lines follow it; the usage block is left out.
    let lines: Vec<&str> = rendered.lines().map(str::trim).collect();
    let reason = lines
        .iter()
        .take_while(|line| !line.is_empty())
        .map(|line| line.trim_start_matches("error:").trim())
        .collect::<Vec<_>>()
        .join(" ");
    let reason = if reason.is_empty() {
        "invalid arguments".to_string()
    } else {
        reason
    };
    let tips: Vec<&str> = lines
        .iter()
        .filter(|line| line.starts_with("tip:"))
        .copied()
        .collect();
    let text = if tips.is_empty() {
        format!("{reason} (see --help)")
    } else {
        format!("{reason} ({}; see --help)", tips.join("; "))
    };
    eprintln!("kcensus: {}", one_line(&text));
    ExitCode::from(2)
}

/// Longest error message printed whole; a longer one (quoting a 60 KB line of a claims file)
/// keeps its start and its end, where the file and the reason are.
const MAX_ERROR_CHARS: usize = 1000;

/// An error message kept on one line: control characters it quotes (from a file name, or the
/// bytes of a corrupt tar header) are shown escaped, by the rule of every text output, and a
/// message past [`MAX_ERROR_CHARS`] is shortened in the middle.
fn one_line(text: &str) -> String {
    let shown = kcensus::render::printable(text);
    let count = shown.chars().count();
    if count <= MAX_ERROR_CHARS {
        return shown.into_owned();
    }
    let (head, tail) = (MAX_ERROR_CHARS * 3 / 4, MAX_ERROR_CHARS / 4);
    let start: String = shown.chars().take(head).collect();
    let end: String = shown.chars().skip(count - tail).collect();
    format!(
        "{start} […{} characters left out…] {end}",
        count - head - tail
    )
}
