//! The benchmark floor: walk an input and read every file with kcensus's own source layer,
//! doing nothing with the bytes. `kcensus count` cannot be faster than this.
//!
//!     cargo run --release --example read_floor -- TREE_OR_TARBALL

use kcensus::source::{Entry, Source, SourceOptions, DEFAULT_MAX_FILE_SIZE};
use std::sync::atomic::{AtomicU64, Ordering};

fn main() -> anyhow::Result<()> {
    let input = std::env::args_os()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: read_floor INPUT"))?;
    let options = SourceOptions {
        max_file_size: DEFAULT_MAX_FILE_SIZE,
        ..Default::default()
    };
    let source = Source::open(std::path::Path::new(&input), None, &options)?;
    let bytes = AtomicU64::new(0);
    let files = AtomicU64::new(0);
    source.for_each(|entry| {
        if let Entry::File(file) = entry {
            // Touch the bytes so the read cannot be optimised away.
            bytes.fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
            files.fetch_add(1, Ordering::Relaxed);
        }
    })?;
    println!("{} files, {} bytes", files.into_inner(), bytes.into_inner());
    Ok(())
}
