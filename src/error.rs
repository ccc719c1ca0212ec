//! Short, stable wording for errors shown to users, whether warnings are shown at all, and the
//! one rule for showing text from the tree ([`printable`]), which every layer that writes to a
//! terminal follows.

use std::borrow::Cow;

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether progress and warnings are silenced (`-q/--quiet`); errors are always shown.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Silence progress lines and warnings for the rest of the run (`-q/--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether progress lines and warnings are silenced.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Print a warning on stderr as `kcensus: warning: TEXT`, unless the run is quiet.
pub fn warn(text: &str) {
    if !quiet() {
        eprintln!("kcensus: warning: {}", printable(text));
    }
}

/// A few words for an I/O error, without the "(os error N)" noise.
pub fn io_reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::UnexpectedEof => "unexpected end of file (truncated?)".into(),
        io::ErrorKind::InvalidData => format!("invalid data: {error}"),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(cut) => text[..cut].to_lowercase(),
                None => text,
            }
        }
    }
}

/// Text from the tree as it may be shown: every control character (C0 with line ends and
/// tabs, DEL, C1) written as its Rust escape (`\u{1b}`, `\r`, `\n`), the rest as is. The one
/// rule for text output and error messages, so that a file name cannot move the cursor, ring
/// the bell, rewrite a line or split a row.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}
