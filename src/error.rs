//! Short, stable wording for errors shown to users.

use std::io;

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
