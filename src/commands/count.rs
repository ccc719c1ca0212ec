//! `kcensus count`: cloc-compatible line counts of a tree.

use super::args::{ClocArgs, Format};
use super::Outcome;
use crate::render::count::{csv, json, table, CountView};
use crate::render::printable_lines;
use crate::scan::{count_tree, CensusOptions};
use crate::source::{Source, SourceOptions};
use anyhow::Result;
use std::path::PathBuf;

/// Arguments of `kcensus count`.
#[derive(Debug, clap::Args)]
pub struct CountArgs {
    /// A kernel tree: a directory, a tarball (.tar, .tar.gz, .tar.xz, .tar.zst, .tar.bz2), or a
    /// git repository with --rev.
    pub input: PathBuf,
    /// Read a git repository at this revision (tag, branch, commit).
    #[arg(long)]
    pub rev: Option<String>,
    /// One row per file.
    #[arg(long)]
    pub by_file: bool,
    /// One row per folder, DEPTH levels deep.
    #[arg(long, value_name = "DEPTH")]
    pub by_dir: Option<usize>,
    /// Only these languages (cloc names, comma-separated, case-insensitive).
    #[arg(long, value_delimiter = ',', value_name = "L,..")]
    pub include_lang: Vec<String>,
    /// Leave out folders with these names (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "D,..")]
    pub exclude_dir: Vec<String>,
    /// Apply .gitignore files (directories only).
    #[arg(long)]
    pub gitignore: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Whose line-counting rules.
    #[command(flatten)]
    pub cloc: ClocArgs,
}

/// Run `kcensus count`.
pub fn run(args: &CountArgs) -> Result<Outcome> {
    let options = SourceOptions {
        gitignore: args.gitignore,
        exclude_dirs: args.exclude_dir.clone(),
        ..SourceOptions::default()
    };
    let source = Source::open(&args.input, args.rev.as_deref(), &options)?;
    let census = count_tree(
        &source,
        &CensusOptions {
            include_languages: args.include_lang.clone(),
            keep_duplicates: false,
            cloc: args.cloc.version(),
        },
    )?;
    let view = CountView {
        by_file: args.by_file,
        by_dir: args.by_dir,
    };
    Ok(Outcome::success(match args.format {
        Format::Table => printable_lines(table(&census, view)),
        Format::Json => json(&census, view),
        Format::Csv => printable_lines(csv(&census, view)),
    }))
}
