//! kcensus: a census of Rust in the Linux kernel.
//!
//! The crate is one pipeline, and its modules follow it:
//! [`source`] (a directory, tarball or git revision → files) → [`facts`] (pure functions of a
//! file's bytes: language, line counts) → [`model`] (aggregates over the tree) → [`render`]
//! (table, JSON, CSV). [`commands`] compose these into the command-line tool.

pub mod cache;
pub mod claims;
pub mod commands;
pub mod error;
pub mod facts;
pub mod model;
pub mod render;
pub mod scan;
pub mod source;
