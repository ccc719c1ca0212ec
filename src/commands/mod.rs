//! Commands: thin compositions of source → facts → model → render.

pub mod count;
pub mod progress;
pub mod report;
