//! The progress line on stderr while a run reads a tree (indicatif), shown only when stderr is
//! a terminal and the run is not quiet (`-q`); otherwise nothing is drawn and no thread runs.
//!
//! What it shows depends on what the source knows ([`Meter`]): a tarball's bytes read of its
//! compressed size with an ETA, a git tree's files of its listing with an ETA, a directory
//! walk's file counter; a run over several trees (`history`, `diff`) prefixes "tree 3 of 12".

use crate::source::{Meter, Source};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The tree being read of a run over several (`(3, 12)`: "tree 3 of 12"), if any.
static STEP: Mutex<Option<(usize, usize)>> = Mutex::new(None);

/// Say which of several trees the next progress lines are about (1-based), or `None` when
/// the run reads one tree.
pub fn set_step(step: Option<(usize, usize)>) {
    if let Ok(mut current) = STEP.lock() {
        *current = step;
    }
}

/// How often the line is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// Counts files as they are read and, on a terminal, draws a progress line until dropped.
pub struct Progress {
    /// Files read so far; the census bumps it.
    pub files: Arc<AtomicUsize>,
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// Start a progress line for reading `source` (silent when stderr is not a terminal or
    /// the run is quiet).
    pub fn start(source: &Source) -> Progress {
        let files = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let thread = (std::io::stderr().is_terminal() && !crate::error::quiet()).then(|| {
            let line = Line {
                // The label is a path given on the command line: shown by the rule of all text.
                label: crate::error::printable(&source.label()).into_owned(),
                step: STEP.lock().ok().and_then(|s| *s),
                meter: source.meter(),
                files: files.clone(),
            };
            let done = done.clone();
            std::thread::spawn(move || line.run(&done))
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

/// What the drawing thread reads.
struct Line {
    label: String,
    step: Option<(usize, usize)>,
    meter: Arc<Meter>,
    files: Arc<AtomicUsize>,
}

/// Which measure the line shows: the best the source knows at the moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    /// Files read, total unknown (a directory walk, a git tree before its listing).
    Files,
    /// Files read of the listing's total (a git tree).
    FilesOf(u64),
    /// Compressed bytes read of the archive's size (a tarball).
    Bytes(u64),
}

impl Line {
    fn measure(&self) -> Measure {
        let bytes = self.meter.bytes_total.load(Ordering::Relaxed);
        let entries = self.meter.entries_total.load(Ordering::Relaxed);
        if bytes > 0 {
            Measure::Bytes(bytes)
        } else if entries > 0 {
            Measure::FilesOf(entries)
        } else {
            Measure::Files
        }
    }

    /// Redraw every [`TICK`] until `done`, then clear the line.
    fn run(&self, done: &AtomicBool) {
        let prefix = match self.step {
            Some((n, of)) => format!("tree {n} of {of}: "),
            None => String::new(),
        };
        // Styled before anything is drawn: the first frame is already this line's.
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
            .with_style(style(Measure::Files))
            .with_prefix(prefix)
            .with_message(self.label.clone());
        bar.set_draw_target(ProgressDrawTarget::stderr());
        let mut shown = Some(Measure::Files);
        let mut last_position = 0;
        loop {
            let measure = self.measure();
            if shown != Some(measure) {
                bar.set_style(style(measure));
                bar.set_length(match measure {
                    Measure::Files => u64::MAX,
                    Measure::FilesOf(n) | Measure::Bytes(n) => n,
                });
                bar.reset_eta();
                shown = Some(measure);
            }
            let files = self.files.load(Ordering::Relaxed) as u64;
            let position = match measure {
                Measure::Bytes(_) => self.meter.bytes_read.load(Ordering::Relaxed),
                Measure::Files | Measure::FilesOf(_) => files,
            };
            if position < last_position {
                // A second pass over the archive starts from its beginning.
                bar.reset_eta();
            }
            last_position = position;
            bar.set_position(position);
            bar.tick();
            bar.set_message(match measure {
                Measure::Bytes(_) => format!("{}: {files} files", self.label),
                Measure::Files | Measure::FilesOf(_) => self.label.clone(),
            });
            if done.load(Ordering::Relaxed) {
                // The last frame whatever the draw rate limit: how far the run got.
                bar.force_draw();
                break;
            }
            std::thread::sleep(TICK);
        }
        bar.finish_and_clear();
    }
}

/// The line's layout for a measure.
fn style(measure: Measure) -> ProgressStyle {
    let template = match measure {
        Measure::Files => "{prefix}{spinner} {msg}: {pos} files",
        Measure::FilesOf(_) => "{prefix}{msg} [{bar:30}] {pos}/{len} files, {eta} left",
        Measure::Bytes(_) => {
            "{prefix}{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}), {eta} left"
        }
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}
