//! `kcensus check`: evaluate a claims file (docs/claims.md) against the census of a tree.

use super::args::{CacheArgs, CvesArgs};
use super::Outcome;
use crate::claims::{self, MissingSection, Verdict};
use crate::facts::ClocVersion;
use crate::model::cves::ReportWithCves;
use crate::model::tree::{report_input, report_with_cves, Counting};
use crate::render::printable_lines;
use anyhow::{Context, Result};
use std::path::PathBuf;

/// Output formats of `kcensus check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// A verdict table for a terminal.
    Table,
    /// A Markdown table.
    Markdown,
    /// `{"claims": [...]}` for scripts.
    Json,
}

/// Arguments of `kcensus check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The claims file (TOML, see docs/claims.md).
    pub claims: PathBuf,
    /// A kernel tree: a directory, a tarball, or a git repository with --rev.
    pub input: PathBuf,
    /// Read a git repository at this revision.
    #[arg(long)]
    pub rev: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: CheckFormat,
    /// The CVE records to join.
    #[command(flatten)]
    pub cves: CvesArgs,
    /// The fact cache.
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// Exit status when every claim holds (or cannot be measured).
pub const ALL_HOLD: u8 = 0;
/// Exit status when a claim fails.
pub const SOME_FAIL: u8 = 1;
/// Exit status when a claim reads a section the run was not given the input for (`cves.*`
/// without `--cves`): a usage error, as an unknown metric is, though the verdicts are shown.
pub const NEEDS_INPUT: u8 = 2;

/// The reason a claim reading `cves` is not measured when `--cves` was not given.
pub const CVES_NOT_GIVEN: &str =
    "needs the CVE records: run check with --cves VULNS (scripts/fetch-vulns.sh)";

/// Read and parse a claims file; errors name the file, the line and the column.
pub fn read_claims(path: &std::path::Path) -> Result<claims::ClaimsFile> {
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), crate::error::io_reason(&e)))?;
    let text = String::from_utf8(bytes)
        .ok()
        .with_context(|| format!("{}: not UTF-8 text", path.display()))?;
    claims::parse(&text).map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))
}

/// Run `kcensus check`: the output, and the exit status (0 all hold, 1 any fails, 2 a claim
/// needs `--cves`).
pub fn run(args: &CheckArgs) -> Result<Outcome> {
    // The claims file first: a typo is reported before the tree is read.
    let file = read_claims(&args.claims)?;
    let cache = args.cache.open();
    let counting = Counting {
        cloc: ClocVersion::default(),
        cache: cache.as_ref(),
    };
    let (value, missing) = match args.cves.input() {
        Some(vulns) => {
            let (tree, cves) =
                report_with_cves(&args.input, args.rev.as_deref(), counting, &vulns)?;
            let with = ReportWithCves {
                report: &tree.report,
                cves: &cves,
            };
            (serde_json::to_value(&with), Vec::new())
        }
        None => {
            let report = report_input(&args.input, args.rev.as_deref(), counting)?.report;
            let missing = vec![MissingSection {
                key: "cves".into(),
                reason: CVES_NOT_GIVEN.into(),
            }];
            (serde_json::to_value(&report), missing)
        }
    };
    let value = value.context("cannot turn the report into JSON")?;
    file.check_metrics_without(&value, &missing)
        .map_err(|e| anyhow::anyhow!("{}:{e}", args.claims.display()))?;
    let outcomes = file.evaluate_without(&value, &missing);
    // Fail closed: a claim left unmeasured for want of an input is never a pass.
    let status = if file
        .claims
        .iter()
        .any(|c| c.reads_missing(&missing).is_some())
    {
        NEEDS_INPUT
    } else if outcomes.iter().any(|o| o.verdict == Verdict::Fails) {
        SOME_FAIL
    } else {
        ALL_HOLD
    };
    let output = match args.format {
        CheckFormat::Table => printable_lines(crate::render::check::table(&outcomes)),
        CheckFormat::Markdown => printable_lines(crate::render::check::markdown(&outcomes)),
        CheckFormat::Json => crate::render::check::json(&outcomes),
    };
    Ok(Outcome { output, status })
}
