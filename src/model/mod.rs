//! The kernel model: what the one pass over a tree means. Each analysis is its own module,
//! a pure function of what the scan collected (the census, Rust facts, knowledge files):
//! the tree's report ([`report`], one module per analysis), several trees over time
//! ([`history`]) and side by side ([`diff`]), the lint findings ([`lint`]), and readers of
//! the kernel's own metadata ([`kernel`]). [`tree`] opens an input and takes its report.

pub mod cves;
pub mod diff;
pub mod history;
pub mod kernel;
pub mod lint;
pub mod reach;
pub mod report;
pub mod tree;
pub mod twins;

/// The line census is the scan's own result; the model reads it from there.
pub use crate::scan::census;
pub use crate::scan::census::{Census, CensusOptions, CountedFile, LanguageTotals};
