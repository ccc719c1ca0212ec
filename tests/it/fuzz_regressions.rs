//! Replays every saved fuzz input (`fuzz/regressions/TARGET/*`) through the check of its
//! target, the same function the fuzz target runs under libFuzzer (`fuzz/checks.rs`), so that
//! a crash found once by `scripts/fuzz.sh` stays fixed in CI, with a stable toolchain.
//! Besides the saved inputs, each check runs on a few inputs that are hostile by
//! construction, so that every check is exercised even while no crash is saved.

#[path = "../../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Inputs every target meets: empty, NUL and invalid UTF-8, deep nesting, unclosed
/// constructs, line continuations at the end, a byte-order mark.
fn hostile_inputs() -> Vec<Vec<u8>> {
    vec![
        Vec::new(),
        vec![0],
        vec![0xff, 0xfe, 0x00, b'\n'],
        b"\xef\xbb\xbf".to_vec(),
        b"/*".to_vec(),
        b"\\".to_vec(),
        b"\\\n\\\n".to_vec(),
        b"unsafe { unsafe { unsafe { // SAFETY:\n".repeat(50),
        b"obj-$(CONFIG_X) += \\\n".repeat(100),
        b"ifeq (\nifdef\nendif\nendif\nelse\n".to_vec(),
        b"config A\n\tdepends on (((B && !C) || \n\tselect HAVE_RUST if\nif\nendif\nendmenu\n"
            .to_vec(),
        b"X\nF:\t*\nF:\t**/\nN:\t(\nX:\t[\n\n".to_vec(),
        b"[[claim]]\nid = \"a\"\nmetric = \"count(areas[area!*=]\"\n".to_vec(),
        b"[[claim]]\nid=\"a\"\ntext=\"t\"\nmetric=\"sum(,)\"\nop=\"~\"\nexpected=[]\n".to_vec(),
    ]
}

#[test]
fn saved_fuzz_inputs_no_longer_crash() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    for &(target, check) in checks::TARGETS {
        let folder = root.join(target);
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable folder").path();
            let bytes = std::fs::read(&path).expect("a readable input");
            eprintln!("{target}: {}", path.display());
            check(&bytes);
            replayed += 1;
        }
    }
    eprintln!("{replayed} saved inputs replayed");
    // Every folder names a target: an input saved under a wrong name would never be replayed.
    for entry in std::fs::read_dir(&root).expect("fuzz/regressions exists") {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            assert!(
                checks::TARGETS.iter().any(|&(target, _)| target == name),
                "fuzz/regressions/{name} is not a fuzz target"
            );
        }
    }
}

/// Brackets nested 3,000 deep: enough to overflow a 2 MB thread stack (a test's, a worker
/// thread's) in a parser that recurses once per level.
fn deep_nesting() -> Vec<Vec<u8>> {
    vec![
        "(".repeat(3000).into_bytes(),
        format!("fn f() {{ let x = {} }}\n", "[".repeat(3000)).into_bytes(),
        "{[(".repeat(1000).into_bytes(),
        "[".repeat(100_000).into_bytes(),
    ]
}

#[test]
fn every_check_survives_hostile_inputs() {
    for &(name, check) in checks::TARGETS {
        let mut inputs = hostile_inputs();
        if name != "rust_facts" {
            inputs.extend(deep_nesting());
        }
        if name == "git_tree" {
            inputs.extend(git_tree_inputs());
        }
        // The first byte chooses: the language (line counter), the entry kind (git tree).
        let selectors: Vec<u8> = match name {
            "git_tree" => vec![0, 1, 2, 3, 4, 5, 0xFF],
            _ => (0..=255).collect(),
        };
        for input in inputs {
            check(&input);
            for &selector in &selectors {
                // The line counter reads its first byte as the language: try them all.
                let mut chosen = vec![selector];
                chosen.extend_from_slice(&input);
                check(&chosen);
            }
        }
    }
}

/// Trees git's fsck rejects, for the git tree reader (kind byte, name, NUL; see
/// `checks::git_tree`): names holding `/`, `.`, `..`, `.git` in any case, a name listed twice,
/// links leading out of the tree, into a subtree and in a loop, a missing blob, a submodule,
/// and raw bodies cut inside an entry.
fn git_tree_inputs() -> Vec<Vec<u8>> {
    vec![
        b"\x00a/b.c\0\x00.\0\x00..\0\x00.GIT\0\x03.git\0\x00ok.c\0".to_vec(),
        b"\x00dup.c\0\x01dup.c\0\x03dup.c\0\x00dup.c\0".to_vec(),
        b"\x02l:../../etc/passwd\0\x02m:sub/a.c\0\x03sub\0\x02n:n\0\x02o:p\0\x02p:o\0".to_vec(),
        b"\x04missing.c\0\x05module\0".to_vec(),
        b"\x03sub\0\x02sub/up:a.c\0".to_vec(),
        b"\xff100644 a.c\0\x01\x02".to_vec(),
        b"\xff40000 \0".to_vec(),
    ]
}

#[test]
fn rust_facts_survives_deep_nesting() {
    for input in deep_nesting() {
        checks::rust_facts(&input);
    }
}
