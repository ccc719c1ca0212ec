//! `kcensus diff`: what changed between two trees.

use super::args::{CacheArgs, ClocArgs};
use super::inputs::paired_with_revisions;
use super::Outcome;
use crate::model::diff::{diff, Side};
use crate::model::tree::{report_input, Counting};
use crate::render::printable_lines;
use anyhow::Result;
use std::path::PathBuf;

/// Output formats of `kcensus diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// A summary for a terminal.
    Table,
    /// Everything, as JSON (see SCHEMA.md).
    Json,
    /// A Markdown section.
    Markdown,
    /// A self-contained page with change charts (works offline).
    Html,
}

/// Arguments of `kcensus diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old and the new tree: directories, tarballs, or git repositories (each followed by
    /// --rev).
    #[arg(required = true, value_names = ["OLD", "NEW"])]
    pub inputs: Vec<PathBuf>,
    /// The revision of the git repository named just before it (repeatable).
    #[arg(long, value_name = "REV", action = clap::ArgAction::Append)]
    pub rev: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: DiffFormat,
    /// The fact cache.
    #[command(flatten)]
    pub cache: CacheArgs,
    /// Whose line-counting rules.
    #[command(flatten)]
    pub cloc: ClocArgs,
}

/// Run `kcensus diff` (`matches`: the subcommand's, for pairing `--rev` with inputs).
pub fn run(args: &DiffArgs, matches: &clap::ArgMatches) -> Result<Outcome> {
    let inputs = paired_with_revisions(matches, "inputs", "rev")?;
    // Refused before any tree is read: a census of each input takes minutes.
    if inputs.len() != 2 {
        anyhow::bail!(
            "diff takes exactly two inputs: OLD NEW (given {})",
            inputs.len()
        );
    }
    let cache = args.cache.open_for(args.cloc.version());
    let counting = Counting {
        cloc: args.cloc.version(),
        cache: cache.as_ref(),
    };
    let mut sides = Vec::with_capacity(2);
    for (n, input) in inputs.iter().enumerate() {
        crate::scan::progress::set_step(Some((n + 1, inputs.len())));
        let report = report_input(&input.path, input.rev.as_deref(), counting)?.report;
        let side = Side {
            input: input.label(),
            revision: input.rev.clone(),
            kernel_version: report.kernel_version.clone(),
        };
        sides.push((side, report));
    }
    crate::scan::progress::set_step(None);
    let [(old_side, old), (new_side, new)] = <[_; 2]>::try_from(sides)
        .map_err(|_| anyhow::anyhow!("diff takes exactly two inputs: OLD NEW"))?;
    let diff = diff(old_side, &old, new_side, &new);
    Ok(Outcome::success(match args.format {
        DiffFormat::Table => printable_lines(crate::render::diff::table(&diff)),
        DiffFormat::Json => crate::render::diff::json(&diff),
        DiffFormat::Markdown => printable_lines(crate::render::diff::markdown(&diff)),
        DiffFormat::Html => crate::render::html::diff::page(&diff),
    }))
}
