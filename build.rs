//! Fingerprints of the code that computes cached results, so that a cache written by one
//! build is never read by a build that would compute something else (see src/cache).
//!
//! `KCENSUS_FACTS_FINGERPRINT` covers what per-file facts depend on (src/facts and the locked
//! dependency versions, the Rust parser's among them); `KCENSUS_TREE_FINGERPRINT` covers what
//! a whole tree's report depends on (all of src). Both are hashes of file contents: any edit
//! makes a new fingerprint, and the cache then recomputes instead of serving stale facts.

use std::hash::Hasher;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let facts = fingerprint(&["src/facts", "Cargo.lock"]);
    let tree = fingerprint(&["src", "Cargo.lock"]);
    println!("cargo:rustc-env=KCENSUS_FACTS_FINGERPRINT={facts:016x}");
    println!("cargo:rustc-env=KCENSUS_TREE_FINGERPRINT={tree:016x}");
    println!("cargo:rustc-env=KCENSUS_COMMIT={}", commit());
}

/// The commit the crate is built from (`git rev-parse --short=12 HEAD`), for `--version`; or
/// "unknown" outside a git checkout (a crate unpacked from an archive). Cargo is told to run
/// this again when HEAD or the branch it names moves.
fn commit() -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .and_then(|out| String::from_utf8(out.stdout).ok())
            .map(|text| text.trim().to_string())
            .filter(|text| !text.is_empty())
    };
    // Only files that exist: cargo runs a build script every time a listed file is missing.
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--git-path", &name]) {
            if Path::new(&path).exists() {
                println!("cargo:rerun-if-changed={path}");
            }
        }
    }
    git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".to_string())
}

/// A hash over the paths and contents of every file under `roots`, in path order.
fn fingerprint(roots: &[&str]) -> u64 {
    let mut files = Vec::new();
    for root in roots {
        collect(Path::new(root), &mut files);
    }
    files.sort();
    // FNV-1a: stable across Rust releases, unlike the standard library's default hasher.
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    for file in files {
        hasher.write(file.to_string_lossy().as_bytes());
        hasher.write(&std::fs::read(&file).unwrap_or_default());
    }
    hasher.finish()
}

fn collect(path: &Path, files: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        if let Ok(entries) = std::fs::read_dir(path) {
            for entry in entries.flatten() {
                collect(&entry.path(), files);
            }
        }
    } else if path.is_file() {
        files.push(path.to_path_buf());
    }
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
