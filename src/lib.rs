//! kcensus: a census of Rust in the Linux kernel.
//!
//! The crate is one pipeline, and its modules follow it (ARCHITECTURE.md is the map):
//! [`source`] (a directory, tarball or git revision → files) → [`facts`] (pure functions of
//! one file's name and bytes: language, line counts, Rust facts) → [`scan`] (the one pass over
//! a tree, through the fact [`cache`]) → [`model`] (the kernel model: the report's analyses,
//! history, diff, lint) → [`render`] (table, JSON, CSV, Markdown, HTML, SARIF). [`claims`]
//! evaluates fact-checks over a report's JSON; [`commands`] parse arguments and compose the
//! stages into the command-line tool. No module imports a higher one (tests/it/architecture.rs).
#![deny(missing_docs)]

pub mod cache;
pub mod claims;
pub mod commands;
pub mod error;
pub mod facts;
pub mod model;
pub mod render;
pub mod scan;
pub mod source;
#[cfg(test)]
mod testing;
