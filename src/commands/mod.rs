//! The command line's subcommands: each parses its arguments (clap lives here and in
//! `main.rs` only), calls scan, model and render, and returns one [`Outcome`]. No command
//! imports another.

pub mod args;
pub mod check;
pub mod count;
pub mod diff;
pub mod export;
pub mod history;
pub mod inputs;
pub mod lint;
pub mod report;
pub mod schema;
pub mod shell;

/// What a command prints and how the process exits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Standard output.
    pub output: String,
    /// Exit status: 0 for success; `check` and `lint` exit 1 on failed claims and findings.
    pub status: u8,
}

impl Outcome {
    /// A successful run printing `output`.
    pub fn success(output: String) -> Outcome {
        Outcome { output, status: 0 }
    }
}
