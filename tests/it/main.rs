//! kcensus's integration tests, as one test binary.
//!
//! Each file here was its own test crate once; cargo linked each of them, with the release
//! profile's LTO, against the whole dependency graph, and those links were most of the
//! test build. As modules of one crate they link once, and their tests share one pool of
//! test threads. Run one group with `cargo test --release --test it GROUP::` (e.g. `report::`),
//! one test with its name as the filter.

mod common;

mod architecture;
mod bad_input;
mod boundary;
mod check;
mod cli;
mod cloc_suite;
mod crate_model;
mod csv;
mod cves;
mod export;
mod fuzz_regressions;
mod history;
mod hostile;
mod hostile_args;
mod hostile_git;
mod hostile_lint;
mod hostile_resources;
mod hostile_tar;
mod hostile_text;
mod html;
mod lint;
mod progress;
mod properties;
mod reach;
mod real_trees;
mod report;
mod schema;
mod sources;
mod twins_calls;
