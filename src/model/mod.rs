//! Tree-level aggregation of per-file facts.
//!
//! For now the model is the census of files by language ([`census`]): cloc's duplicate rule,
//! per-language and per-folder totals, and the list of files that were not counted.

pub mod diff;
pub mod history;
pub mod kernel;
pub mod lint;
pub mod reach;
pub mod report;
pub mod tree;

/// The line census is the scan's own result; the model reads it from there.
pub use crate::scan::census;
pub use crate::scan::census::{Census, CensusOptions, CountedFile, LanguageTotals};
