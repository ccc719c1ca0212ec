//! A progress line on stderr while a long run reads files, shown only when stderr is a terminal
//! and the run is not quiet (`-q`).

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Counts files as they are read and, on a terminal, redraws `label: N files` every 100 ms.
pub struct Progress {
    /// Files read so far; the census bumps it.
    pub files: Arc<AtomicUsize>,
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// Start a progress line for `label` (silent when stderr is not a terminal).
    pub fn start(label: String) -> Progress {
        let files = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let thread = (std::io::stderr().is_terminal() && !crate::error::quiet()).then(|| {
            let (files, done) = (files.clone(), done.clone());
            std::thread::spawn(move || {
                let mut shown = false;
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                    let _ = write!(
                        std::io::stderr(),
                        "\r{label}: {} files",
                        files.load(Ordering::Relaxed)
                    );
                    shown = true;
                }
                if shown {
                    let _ = write!(std::io::stderr(), "\r\x1b[K");
                }
            })
        });
        Progress {
            files,
            done,
            thread,
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
