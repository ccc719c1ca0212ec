//! Output formats. Each renderer is a pure function from a model value to text; none reads
//! the clock or the environment, so the same input gives byte-identical output.

pub mod check;
pub mod count;
pub mod lint;
pub mod report;

/// Output formats a command can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// JSON for scripts.
    Json,
    /// CSV for spreadsheets.
    Csv,
}

/// Quote a CSV field when it needs it (RFC 4180).
pub fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}
