//! Commands: thin compositions of source → facts → model → render.

pub mod check;
pub mod count;
pub mod lint;
pub mod progress;
pub mod report;
