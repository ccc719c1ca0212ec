//! Tree-level aggregation of per-file facts.
//!
//! For now the model is the census of files by language ([`census`]): cloc's duplicate rule,
//! per-language and per-folder totals, and the list of files that were not counted.

pub mod census;
pub mod claims;
pub mod diff;
pub mod history;
pub mod kernel;
pub mod lint;
pub mod reach;
pub mod report;

pub use census::{Census, CensusOptions, CountedFile, LanguageTotals};
