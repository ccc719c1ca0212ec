//! `kcensus lint`: the kernel's Rust rules as a CI gate.
//!
//! Exit status: 0 when there is no finding (or none beyond the baseline, or a baseline was
//! written), 1 when there are findings, 2 on an error (unreadable input, unreadable or
//! malformed baseline).

use super::args::RuleArg;
use super::Outcome;
use crate::facts::line_hash::line_hashes as line_hashes_of;
use crate::model::lint::{baseline_of, lint, new_findings, Baseline, Finding, LintInput, Rule};
use crate::model::tree::report_of;
use crate::render::printable_lines;
use crate::scan::{read_tree, Plan};
use crate::source::{Source, SourceOptions};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Output formats of `kcensus lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    /// rustc-like: `path:line:col: rule: message`, the source line, a count per rule.
    Text,
    /// `{"findings":[{"rule","path","line","column","message"}]}`.
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
}

/// Arguments of `kcensus lint`.
#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// A kernel tree: a directory, a tarball, or a git repository with --rev.
    pub input: PathBuf,
    /// Read a git repository at this revision.
    #[arg(long)]
    pub rev: Option<String>,
    /// Rules to run (default: all but unsafe-in-driver; rust-not-analysed always runs).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub rule: Vec<RuleArg>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: LintFormat,
    /// Report only the findings this baseline file does not list.
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Write every current finding to this baseline file (and exit 0).
    #[arg(long)]
    pub write_baseline: Option<PathBuf>,
}

/// The rules asked for (default: [`Rule::DEFAULT`]) and [`Rule::ALWAYS`], deduplicated in
/// [`Rule::ALL`] order.
pub fn selected_rules(asked: &[RuleArg]) -> Vec<Rule> {
    if asked.is_empty() {
        return Rule::DEFAULT.to_vec();
    }
    let asked: Vec<Rule> = asked
        .iter()
        .map(|&rule| Rule::from(rule))
        .chain(Rule::ALWAYS)
        .collect();
    Rule::ALL
        .into_iter()
        .filter(|r| asked.contains(r))
        .collect()
}

/// GitHub's `primaryLocationLineHash` of each finding's line, each file hashed once.
fn line_hashes(findings: &[Finding], sources: &BTreeMap<String, Vec<u8>>) -> Vec<Option<String>> {
    let mut by_file: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    findings
        .iter()
        .map(|f| {
            let bytes = sources.get(&f.path)?;
            let hashes = by_file
                .entry(f.path.as_str())
                .or_insert_with(|| line_hashes_of(bytes));
            hashes.get((f.line as usize).checked_sub(1)?).cloned()
        })
        .collect()
}

/// Run `kcensus lint`.
pub fn run(args: &LintArgs) -> Result<Outcome> {
    let rules = selected_rules(&args.rule);
    // Read the baseline first: a bad baseline should fail before a long read of the tree.
    let baseline = match &args.baseline {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read baseline {}", path.display()))?;
            let baseline: Baseline = serde_json::from_str(&text)
                .with_context(|| format!("malformed baseline {}", path.display()))?;
            Some(baseline)
        }
        None => None,
    };
    let source = Source::open(&args.input, args.rev.as_deref(), &SourceOptions::default())?;
    // The report's pass, without the C caller search, keeping the bytes of `.rs` files.
    let plan = Plan {
        c_callers: false,
        rust_sources: true,
        // Which files are Rust is the same by every cloc version's rules.
        cloc: crate::facts::ClocVersion::default(),
        c_calls_wanted: None,
    };
    let read = read_tree(&source, plan, None)?;
    let all = lint(
        &LintInput {
            report: &report_of(&read),
            rust: &read.rust,
            sources: &read.rust_sources,
        },
        &rules,
    );
    if let Some(path) = &args.write_baseline {
        let mut text = serde_json::to_string_pretty(&baseline_of(&all))?;
        text.push('\n');
        std::fs::write(path, text)
            .with_context(|| format!("cannot write baseline {}", path.display()))?;
    }
    let shown: Vec<Finding> = match &baseline {
        Some(baseline) => new_findings(&all, baseline),
        None => all,
    };
    let output = match args.format {
        LintFormat::Text => printable_lines(crate::render::lint::text(&shown, &rules)),
        LintFormat::Json => crate::render::lint::json(&shown),
        LintFormat::Sarif => {
            crate::render::lint::sarif(&shown, &rules, &line_hashes(&shown, &read.rust_sources))
        }
    };
    let status = u8::from(!shown.is_empty() && args.write_baseline.is_none());
    Ok(Outcome { output, status })
}
