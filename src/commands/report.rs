//! `kcensus report`: the Rust census of a kernel tree.

use super::args::CacheArgs;
use super::Outcome;
use crate::model::tree::report_input;
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
    /// The fact cache.
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// Run `kcensus report`.
pub fn run(args: &ReportArgs) -> Result<Outcome> {
    let cache = args.cache.open()?;
    let report = report_input(&args.input, args.rev.as_deref(), cache.as_ref())?.report;
    Ok(Outcome::success(match args.format {
        ReportFormat::Table => crate::render::report::table(&report),
        ReportFormat::Markdown => crate::render::report::markdown(&report),
        ReportFormat::Json => crate::render::report::json(&report),
        ReportFormat::Html => crate::render::html::report::page(&report),
    }))
}
