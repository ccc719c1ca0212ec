//! Commands: thin compositions of source → facts → model → render.

pub mod check;
pub mod count;
pub mod diff;
pub mod history;
pub mod inputs;
pub mod lint;
pub mod progress;
pub mod report;
