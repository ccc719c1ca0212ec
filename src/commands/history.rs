//! `kcensus history`: the census of several trees (releases), as time series with a fitted
//! projection. Each tree is one `report`, through the fact cache: a git revision reported
//! before is not read again, and a new one costs about its changed files.

use super::args::{CacheArgs, ClocArgs, CvesArgs};
use super::inputs::{paired_with_revisions, NamedInput};
use super::Outcome;
use crate::model::cves::records::{read_records, RecordSet};
use crate::model::cves::{headline, JoinInput};
use crate::model::history::{DateHints, History, Point};
use crate::model::kernel::releases::Date;
use crate::model::tree::{report_and_census, report_input, Counting};
use crate::render::printable_lines;
use crate::source::release_tags;
use anyhow::{anyhow, bail, Result};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Output formats of `kcensus history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HistoryFormat {
    /// A table for a terminal.
    Table,
    /// One row per tree, one column per series.
    Csv,
    /// Points, series and projections (see SCHEMA.md).
    Json,
    /// The series and the projection as a Markdown section.
    Markdown,
    /// A self-contained page with trend charts (works offline).
    Html,
}

/// Arguments of `kcensus history`.
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// Kernel trees, oldest first: directories, tarballs, or git repositories (each followed
    /// by --rev, or one repository with --revs or --tags).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The revision of the git repository named just before it (repeatable).
    #[arg(long, value_name = "REV", action = clap::ArgAction::Append)]
    pub rev: Vec<String>,
    /// Revisions of the one repository given, in this order (comma-separated).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "REV,REV,...",
        conflicts_with = "tags"
    )]
    pub revs: Vec<String>,
    /// The release tags (vX.Y or vX.Y.Z) of the one repository given that match this pattern
    /// (`*`, `?`), oldest version first.
    #[arg(long, value_name = "PATTERN")]
    pub tags: Option<String>,
    /// The release date of a series, overriding the built-in table (repeatable).
    #[arg(long = "release-date", value_name = "SERIES=YYYY-MM-DD")]
    pub release_dates: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: HistoryFormat,
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

/// The inputs the arguments name, one per point: `--rev` pairs, or a repository's `--revs`
/// or `--tags`.
fn expand(args: &HistoryArgs, matches: &clap::ArgMatches) -> Result<Vec<NamedInput>> {
    let inputs = paired_with_revisions(matches, "inputs", "rev")?;
    if args.revs.is_empty() && args.tags.is_none() {
        return Ok(inputs);
    }
    let [repo] = inputs.as_slice() else {
        bail!("--revs and --tags take exactly one git repository");
    };
    if repo.rev.is_some() {
        bail!(
            "{}: give --rev or --revs/--tags, not both",
            repo.path.display()
        );
    }
    let revs = match &args.tags {
        Some(pattern) => {
            let tags = release_tags(&repo.path, pattern)?;
            if tags.is_empty() {
                bail!(
                    "{}: no release tag matches '{pattern}'",
                    repo.path.display()
                );
            }
            tags
        }
        None => args.revs.clone(),
    };
    Ok(revs
        .into_iter()
        .map(|rev| NamedInput {
            path: repo.path.clone(),
            rev: Some(rev),
        })
        .collect())
}

/// Parse `--release-date SERIES=YYYY-MM-DD` values.
fn given_dates(values: &[String]) -> Result<BTreeMap<String, Date>> {
    values
        .iter()
        .map(|value| {
            let (series, date) = value
                .split_once('=')
                .ok_or_else(|| anyhow!("--release-date {value}: expected SERIES=YYYY-MM-DD"))?;
            let date = Date::parse(date).ok_or_else(|| {
                anyhow!("--release-date {value}: '{date}' is not a date (YYYY-MM-DD)")
            })?;
            Ok((series.trim().to_string(), date))
        })
        .collect()
}

/// The census of one input, as a history point; with `records`, its CVE figures too (the
/// tree is then read whole: the join needs its census).
fn point_of(
    input: &NamedInput,
    given: &BTreeMap<String, Date>,
    records: Option<&RecordSet>,
    counting: Counting<'_>,
) -> Result<Point> {
    let rev = input.rev.as_deref();
    let (tree, cves) = match records {
        Some(records) => {
            let (tree, census) = report_and_census(&input.path, rev, counting)?;
            let cves = headline(&JoinInput::new(&census, &tree.report, records));
            (tree, Some(cves))
        }
        None => (report_input(&input.path, rev, counting)?, None),
    };
    let hints = DateHints {
        given: given.clone(),
        commit: tree.commit_seconds.map(Date::from_unix_seconds),
    };
    let mut point = Point::new(input.label(), input.rev.clone(), &tree.report, &hints);
    point.cves = cves;
    Ok(point)
}

/// Run `kcensus history` (`matches`: the subcommand's, for pairing `--rev` with inputs).
pub fn run(args: &HistoryArgs, matches: &clap::ArgMatches) -> Result<Outcome> {
    let given = given_dates(&args.release_dates)?;
    let inputs = expand(args, matches)?;
    let cache = args.cache.open_for(args.cloc.version());
    let counting = Counting {
        cloc: args.cloc.version(),
        cache: cache.as_ref(),
    };
    let records = match args.cves.input() {
        Some(vulns) => Some(read_records(vulns.path, vulns.rev, cache.as_ref())?),
        None => None,
    };
    let mut points = Vec::with_capacity(inputs.len());
    for (n, input) in inputs.iter().enumerate() {
        crate::scan::progress::set_step(Some((n + 1, inputs.len())));
        points.push(point_of(input, &given, records.as_ref(), counting)?);
    }
    crate::scan::progress::set_step(None);
    let history = History::new(points);
    Ok(Outcome::success(match args.format {
        HistoryFormat::Table => printable_lines(crate::render::history::table(&history)),
        HistoryFormat::Csv => printable_lines(crate::render::history::csv(&history)),
        HistoryFormat::Json => crate::render::history::json(&history),
        HistoryFormat::Markdown => printable_lines(crate::render::history::markdown(&history)),
        HistoryFormat::Html => crate::render::html::history::page(&history),
    }))
}
