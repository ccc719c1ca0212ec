//! Command-line types shared by several commands, and the clap faces of library types: clap
//! stops here, and what the library receives are its own plain types.

use crate::cache::{Cache, CacheOptions};
use crate::facts::ClocVersion;
use crate::model::lint::Rule;
use crate::model::tree::CvesInput;
use std::path::PathBuf;

/// The `--cache PATH` / `--no-cache` options of the commands that use the cache.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CacheArgs {
    /// The fact cache (SQLite) to use [default: ~/.cache/kcensus/facts.sqlite].
    #[arg(long, value_name = "PATH", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,
    /// Compute every fact; neither read nor write the cache.
    #[arg(long)]
    pub no_cache: bool,
}

impl CacheArgs {
    /// The cache these options ask for (see [`CacheOptions::open`]), for cloc 1.96's rules.
    pub fn open(&self) -> Option<Cache> {
        CacheOptions::from(self).open()
    }

    /// The cache these options ask for, keyed by the rules of cloc `cloc`.
    pub fn open_for(&self, cloc: ClocVersion) -> Option<Cache> {
        CacheOptions {
            cloc,
            ..CacheOptions::from(self)
        }
        .open()
    }
}

/// The `--cves VULNS` / `--cves-rev REV` options of the commands that join the kernel CNA's
/// CVE records (`report`, `check`, `export`, `history`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CvesArgs {
    /// Join the kernel CNA's CVE records: VULNS is a vulns.git checkout, an unpacked snapshot,
    /// a tarball of one, or a git repository with --cves-rev (scripts/fetch-vulns.sh).
    #[arg(long, value_name = "VULNS")]
    pub cves: Option<PathBuf>,
    /// Read VULNS as a git repository at this revision.
    #[arg(long, value_name = "REV", requires = "cves")]
    pub cves_rev: Option<String>,
}

impl CvesArgs {
    /// The records these options name, if any.
    pub fn input(&self) -> Option<CvesInput<'_>> {
        self.cves.as_deref().map(|path| CvesInput {
            path,
            rev: self.cves_rev.as_deref(),
        })
    }
}

/// The `--cloc VERSION` option: whose line-counting rules to reproduce.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct ClocArgs {
    /// Count lines by the rules of this cloc version: 1.96 (the default), or 2.04 / 2.08 as
    /// compatibility modes (their language tables; see README "cloc versions").
    #[arg(long, value_enum, value_name = "VERSION", default_value = "1.96")]
    pub cloc: ClocArg,
}

impl ClocArgs {
    /// The version asked for.
    pub fn version(&self) -> ClocVersion {
        match self.cloc {
            ClocArg::V1_96 => ClocVersion::V1_96,
            ClocArg::V2_04 => ClocVersion::V2_04,
            ClocArg::V2_08 => ClocVersion::V2_08,
        }
    }
}

/// A cloc version as named on the command line ([`ClocVersion`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ClocArg {
    /// cloc 1.96 (Debian bookworm).
    #[default]
    #[value(name = "1.96")]
    V1_96,
    /// cloc 2.04 (Debian trixie).
    #[value(name = "2.04")]
    V2_04,
    /// cloc 2.08 (Debian sid).
    #[value(name = "2.08")]
    V2_08,
}

impl From<&CacheArgs> for CacheOptions {
    fn from(args: &CacheArgs) -> CacheOptions {
        CacheOptions {
            path: args.cache.clone(),
            disabled: args.no_cache,
            cloc: ClocVersion::default(),
        }
    }
}

/// Output formats of `kcensus count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// JSON for scripts.
    Json,
    /// CSV for spreadsheets.
    Csv,
}

/// A lint rule as named on the command line ([`Rule`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RuleArg {
    /// An `unsafe` block or impl without a `// SAFETY:` comment.
    UndocumentedUnsafe,
    /// An exported `unsafe fn` or `unsafe trait` without a `# Safety` section in its docs.
    MissingSafetyDoc,
    /// A `// SAFETY:` comment on safe code.
    UnnecessarySafetyComment,
    /// A `# Safety` section in the docs of an exported safe fn or a safe trait.
    UnnecessarySafetyDoc,
    /// A crate outside `rust/` names `bindings::` directly.
    DriverUsesBindings,
    /// Any `unsafe` in a crate outside `rust/` (off by default).
    UnsafeInDriver,
    /// A `.rs` file (or an unreadable path) the other rules could not analyse (always on).
    RustNotAnalysed,
}

impl From<RuleArg> for Rule {
    fn from(rule: RuleArg) -> Rule {
        match rule {
            RuleArg::UndocumentedUnsafe => Rule::UndocumentedUnsafe,
            RuleArg::MissingSafetyDoc => Rule::MissingSafetyDoc,
            RuleArg::UnnecessarySafetyComment => Rule::UnnecessarySafetyComment,
            RuleArg::UnnecessarySafetyDoc => Rule::UnnecessarySafetyDoc,
            RuleArg::DriverUsesBindings => Rule::DriverUsesBindings,
            RuleArg::UnsafeInDriver => Rule::UnsafeInDriver,
            RuleArg::RustNotAnalysed => Rule::RustNotAnalysed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn each_rule_has_its_command_line_name() {
        for arg in RuleArg::value_variants() {
            let name = arg.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(Rule::from_name(&name), Some(Rule::from(*arg)), "{name}");
        }
        assert_eq!(RuleArg::value_variants().len(), Rule::ALL.len());
    }
}
