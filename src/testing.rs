//! Access to the real kernel trees for the real-tree tests of every layer (test builds only):
//! where `scripts/fetch-kernel.sh` unpacks them, and whether a missing one fails the test.

use std::path::PathBuf;

fn cache_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("KCENSUS_CACHE") {
        return PathBuf::from(dir);
    }
    let base = std::env::var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache")
        });
    base.join("kcensus")
}

/// The unpacked tree of a kernel version. `None` (with a note) when it is absent, unless
/// `KCENSUS_REQUIRE_KERNELS` is set, then a panic. `required: false` is for the optional
/// trees (6.1, 7.2), which are skipped silently.
pub fn tree(version: &str, required: bool) -> Option<PathBuf> {
    let cache = cache_dir();
    let tree = cache.join(format!("linux-{version}"));
    if tree.join("Makefile").is_file() {
        return Some(tree);
    }
    if required {
        assert!(
            std::env::var_os("KCENSUS_REQUIRE_KERNELS").is_none(),
            "Linux {version} is not in {} (run scripts/fetch-kernel.sh {version})",
            cache.display()
        );
        eprintln!("skipping: Linux {version} not fetched (scripts/fetch-kernel.sh {version})");
    }
    None
}

/// A file of a tree, as text (lossy); panics when it is missing.
pub fn read(tree: &std::path::Path, path: &str) -> String {
    let bytes = std::fs::read(tree.join(path))
        .unwrap_or_else(|e| panic!("{}: {e}", tree.join(path).display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The C sources and headers (`.c`, `.h`) under `root`, sorted by path.
pub fn c_files(root: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                folders.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "c" || e == "h") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
