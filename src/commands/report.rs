//! `kcensus report`: the Rust census of a kernel tree.

use super::args::{CacheArgs, ClocArgs, CvesArgs};
use super::Outcome;
use crate::model::tree::{report_input, report_with_cves, Counting};
use crate::render::printable_lines;
use crate::render::report_csv::ReportTable;
use anyhow::Result;
use std::path::PathBuf;

/// Output formats of `kcensus report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A summary for a terminal.
    Table,
    /// A complete Markdown article.
    Markdown,
    /// Everything, as JSON (see SCHEMA.md).
    Json,
    /// A self-contained page with charts and sortable tables (works offline).
    Html,
    /// One table (--table: areas, modules, drivers) as CSV, for a spreadsheet.
    Csv,
}

/// The tables `kcensus report --format csv` writes, one per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableArg {
    /// One row per area (`areas[]`).
    Areas,
    /// One row per module of the `kernel` crate (`modules[]`).
    Modules,
    /// One row per crate outside rust/ (`drivers[]`).
    Drivers,
}

impl TableArg {
    fn table(self) -> ReportTable {
        match self {
            TableArg::Areas => ReportTable::Areas,
            TableArg::Modules => ReportTable::Modules,
            TableArg::Drivers => ReportTable::Drivers,
        }
    }
}

/// Arguments of `kcensus report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// A kernel tree: a directory, a tarball, or a git repository with --rev.
    pub input: PathBuf,
    /// Read a git repository at this revision.
    #[arg(long)]
    pub rev: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// The table --format csv writes [default: areas].
    #[arg(long, value_enum)]
    pub table: Option<TableArg>,
    /// The CVE records to join.
    #[command(flatten)]
    pub cves: CvesArgs,
    /// The fact cache.
    #[command(flatten)]
    pub cache: CacheArgs,
    /// Whose line-counting rules.
    #[command(flatten)]
    pub cloc: ClocArgs,
}

/// Run `kcensus report`.
pub fn run(args: &ReportArgs) -> Result<Outcome> {
    if args.table.is_some() && args.format != ReportFormat::Csv {
        anyhow::bail!("--table chooses the table of --format csv");
    }
    let cache = args.cache.open_for(args.cloc.version());
    let counting = Counting {
        cloc: args.cloc.version(),
        cache: cache.as_ref(),
    };
    if let Some(vulns) = args.cves.input() {
        let (tree, cves) = report_with_cves(&args.input, args.rev.as_deref(), counting, &vulns)?;
        let report = tree.report;
        return Ok(Outcome::success(match args.format {
            ReportFormat::Table => printable_lines(
                crate::render::report::table(&report) + "\n" + &crate::render::cves::table(&cves),
            ),
            ReportFormat::Markdown => printable_lines(
                crate::render::report::markdown(&report)
                    + "\n"
                    + &crate::render::cves::markdown(&cves),
            ),
            ReportFormat::Json => crate::render::cves::report_json(&report, &cves),
            ReportFormat::Html => crate::render::html::report::page_with_cves(&report, Some(&cves)),
            ReportFormat::Csv => {
                anyhow::bail!("the CVE section has no CSV table: use --format json")
            }
        }));
    }
    let report = report_input(&args.input, args.rev.as_deref(), counting)?.report;
    Ok(Outcome::success(match args.format {
        ReportFormat::Table => printable_lines(crate::render::report::table(&report)),
        ReportFormat::Markdown => printable_lines(crate::render::report::markdown(&report)),
        ReportFormat::Json => crate::render::report::json(&report),
        ReportFormat::Html => crate::render::html::report::page(&report),
        ReportFormat::Csv => printable_lines(crate::render::report_csv::csv(
            &report,
            args.table.unwrap_or(TableArg::Areas).table(),
        )),
    }))
}
