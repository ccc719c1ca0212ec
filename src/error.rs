//! Short, stable wording for errors shown to users, and whether warnings are shown at all.

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
        eprintln!("kcensus: warning: {text}");
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
