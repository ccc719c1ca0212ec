//! Tests of the tarball reader's parts: the byte budget, the second pass, release folders.

use super::{is_release_folder, ByteBudget, Compression, PendingLinks, TarSource, Unpacked};
use crate::source::{Entry, SourceOptions};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[test]
fn byte_budget_holds_back_what_does_not_fit() {
    let budget = ByteBudget::new(100);
    budget.acquire(60);
    let first = budget.release_on_drop(60);
    // Larger than the whole budget, but alone once the first is released.
    let admitted = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            budget.acquire(150);
            admitted.store(true, Ordering::SeqCst);
        });
        std::thread::sleep(Duration::from_millis(50));
        assert!(
            !admitted.load(Ordering::SeqCst),
            "60 + 150 bytes exceed 100"
        );
        drop(first);
    });
    assert!(admitted.load(Ordering::SeqCst));
    assert_eq!(*budget.used.lock().unwrap(), 150);
    // What fits goes through at once.
    let small = ByteBudget::new(100);
    small.acquire(40);
    small.acquire(60);
    assert_eq!(*small.used.lock().unwrap(), 100);
}

/// A plain tar of `members` (path, content), written to a file of its own.
fn tar_file(name: &str, members: &[(&str, &[u8])]) -> std::path::PathBuf {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, bytes) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, path, *bytes).unwrap();
    }
    let path = std::env::temp_dir().join(format!("kcensus-{}-{name}.tar", std::process::id()));
    std::fs::write(&path, builder.into_inner().unwrap()).unwrap();
    path
}

/// The second pass reads the members links lead to again. When one of them is no longer
/// there (the file was replaced between the passes), the read fails: the links were
/// neither sent nor skipped before.
#[test]
fn a_second_pass_that_misses_a_member_fails_the_read() {
    let path = tar_file("second-pass", &[("a.c", b"int a;\n")]);
    let source = TarSource::new(path.clone(), Compression::None, SourceOptions::default());
    let (sender, receiver) = crossbeam_channel::unbounded();
    let budget = ByteBudget::new(1 << 20);
    let decoder = |source: &TarSource| Unpacked {
        inner: source.decoder().unwrap(),
        left: u64::MAX,
        exceeded: Arc::default(),
        trailing_zeros: 0,
    };
    let mut links = PendingLinks::default();
    let found: HashMap<String, Vec<String>> = [("a.c".to_string(), vec!["l.c".to_string()])].into();
    source
        .read_entries(decoder(&source), &sender, &budget, &mut links, Some(&found))
        .unwrap();
    let sent: Vec<String> = receiver
        .try_iter()
        .map(|entry| match entry {
            Entry::File(file) => file.path,
            _ => String::new(),
        })
        .collect();
    assert_eq!(sent, ["l.c"]);
    let missing: HashMap<String, Vec<String>> =
        [("b.c".to_string(), vec!["m.c".to_string()])].into();
    let error = source
        .read_entries(
            decoder(&source),
            &sender,
            &budget,
            &mut links,
            Some(&missing),
        )
        .unwrap_err()
        .to_string();
    std::fs::remove_file(&path).unwrap();
    assert!(
        error.contains("the archive changed while it was read"),
        "{error}"
    );
    assert_eq!(receiver.try_iter().count(), 0, "no link sent");
}

#[test]
fn release_folders() {
    assert!(is_release_folder("linux-6.12"));
    assert!(is_release_folder("linux-source-7.3"));
    assert!(is_release_folder("linux-v7.0-rc1"));
    assert!(!is_release_folder("drivers"));
    assert!(!is_release_folder("linux"));
    assert!(!is_release_folder("a/linux-6.1"));
}
