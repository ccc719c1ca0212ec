//! One tree, every kind of input: a folder, tarballs in each compression (with a `linux-9.9/`
//! top folder, and without one), and a git repository read at a revision. All of them must give
//! byte-identical output, the output must hold the documented keys and hand-checked counts, and
//! two runs must give the same bytes.
//!
//! Inputs are built at test time in temporary folders, with the system `tar`, compressors and
//! `git` when they are there; a tarball whose tools are missing is built with the crates.

use serde_json::Value;
use std::ffi::OsStr;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::git;

use crate::common;

const BIN: &str = env!("CARGO_BIN_EXE_kcensus");
const TOP: &str = "linux-9.9";

// ---- running the binary ---------------------------------------------------------------------

/// Run kcensus to its end (at most two minutes); it must succeed. Returns stdout.
fn kcensus<I, S>(args: I) -> Vec<u8>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(BIN);
    command.args(args);
    let shown = format!("{command:?}");
    let (status, stdout, stderr) = common::run_bounded(command);
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    assert!(
        status.success() && stderr.is_empty(),
        "{shown}: {status}\n{stderr}"
    );
    stdout
}

/// An input: a path, plus `--rev` for git, and options it needs to hold the same tree.
#[derive(Debug, Clone)]
struct Input {
    what: String,
    path: PathBuf,
    rev: Option<String>,
    options: &'static [&'static str],
}

impl Input {
    fn count(&self, extra: &[&str]) -> Vec<u8> {
        let mut args: Vec<&OsStr> = vec![OsStr::new("count")];
        args.extend(extra.iter().map(OsStr::new));
        args.extend(self.options.iter().map(OsStr::new));
        args.push(self.path.as_os_str());
        if let Some(rev) = &self.rev {
            args.push(OsStr::new("--rev"));
            args.push(OsStr::new(rev));
        }
        kcensus(args)
    }
}

// ---- the tree -------------------------------------------------------------------------------

/// Hand-checked files: (path, language, [blank, comment, code]).
const KNOWN: &[(&str, &str, [u64; 3], &str)] = &[
    (
        "k.c",
        "C",
        [2, 3, 4],
        "// SPDX-License-Identifier: GPL-2.0\n\
         /* Add two numbers.\n \
         */\n\
         \n\
         int k_add(int a, int b)\n\
         {\n\
         \n\
         \treturn a + b; /* sum */\n\
         }\n",
    ),
    (
        "include/k.h",
        "C/C++ Header",
        [0, 1, 4],
        "#ifndef K_H\n#define K_H\n/* decl */\nint k_add(int a, int b);\n#endif\n",
    ),
    (
        "rust/kernel/lib.rs",
        "Rust",
        [2, 3, 3],
        "// SPDX-License-Identifier: GPL-2.0\n\
         \n\
         //! Module doc.\n\
         \n\
         /// Adds.\n\
         pub fn add(a: i32, b: i32) -> i32 {\n    \
         a + b /* inline */\n\
         }\n",
    ),
    (
        "scripts/run.sh",
        "Bourne Shell",
        [1, 1, 2],
        "#!/bin/sh\n# comment\n\necho hi # trailing\n",
    ),
    (
        "Makefile",
        "make",
        [1, 2, 3],
        "# SPDX\nobj-y += k.o\n\n# more\nclean:\n\trm -f *.o\n",
    ),
];

/// Generated C files, each `[1, 1, 1]` and each different.
const GENERATED: usize = 150;

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, bytes).expect("write file");
}

/// Write the tree at `root` (which becomes `linux-9.9/` in tarballs).
fn make_tree(root: &Path) {
    for (path, _, _, text) in KNOWN {
        write(&root.join(path), text.as_bytes());
    }
    std::fs::set_permissions(
        root.join("scripts/run.sh"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    for i in 0..GENERATED {
        write(
            &root.join(format!("drivers/gen{}/g{i:03}.c", i % 7)),
            format!("int g{i};\n\n/* generated {i} */\n").as_bytes(),
        );
    }
    // Duplicates: cloc keeps, of identical files, the path that sorts last.
    write(&root.join("drivers/net/dup.c"), KNOWN[0].3.as_bytes());
    for d in ["a", "b", "c"] {
        write(&root.join(format!("dups/{d}/x.c")), b"int same;\n");
    }
    // Not counted, each for its reason.
    write(&root.join("Documentation/README"), b"Read me.\n");
    write(&root.join("empty.c"), b"");
    write(&root.join("firmware/fw.bin"), b"\x7fELF\x02\x01\x01\0\0\0");
    // A dangling link: skipped by every kind of input (links to files are followed).
    std::os::unix::fs::symlink("gone.c", root.join("link.c")).unwrap();
    write(&root.join(OsStr::from_bytes(b"odd/caf\xe9.c")), b"int e;\n");
    write(
        &root.join(OsStr::from_bytes(b"d\xffr/inner.c")),
        b"int f;\n",
    );
}

/// What the tree's `skipped` list must be.
fn expected_skipped() -> Vec<(String, String)> {
    let utf8 = "file name is not valid UTF-8";
    let mut v: Vec<(String, String)> = [
        ("Documentation/README", "documentation file name"),
        ("drivers/net/dup.c", "duplicate of k.c"),
        ("dups/a/x.c", "duplicate of dups/c/x.c"),
        ("dups/b/x.c", "duplicate of dups/c/x.c"),
        ("empty.c", "empty file"),
        ("firmware/fw.bin", "binary file"),
        ("link.c", "symbolic link"),
        ("odd/caf\u{fffd}.c", utf8),
        ("d\u{fffd}r/inner.c", utf8),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    v.sort();
    v
}

// ---- tarballs -------------------------------------------------------------------------------

fn have(program: &str) -> bool {
    Command::new("which")
        .arg(program)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn quiet(mut command: Command) -> bool {
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The tree under `parent/linux-9.9` as an uncompressed tar, made with the `tar` crate.
fn tar_with_crate(parent: &Path) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    builder.follow_symlinks(false);
    builder
        .append_dir_all(TOP, parent.join(TOP))
        .expect("tar the tree");
    builder.into_inner().expect("finish tar")
}

fn compress_with_crate(extension: &str, data: &[u8]) -> Vec<u8> {
    match extension {
        "tar" => data.to_vec(),
        "tar.gz" | "tgz" => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "tar.xz" => {
            let mut e = xz2::write::XzEncoder::new(Vec::new(), 6);
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "tar.zst" => {
            let mut e = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
            e.include_checksum(true).unwrap();
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "tar.bz2" => {
            let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        other => panic!("no compression for {other}"),
    }
}

/// Tarballs of `parent/linux-9.9` in every compression, with the system `tar` and compressor
/// when both are there, with the crates otherwise.
fn make_tarballs(parent: &Path, out: &Path) -> Vec<Input> {
    let system_tar = have("tar");
    let mut inputs = Vec::new();
    for (extension, program) in [
        ("tar", None),
        ("tar.gz", Some("gzip")),
        ("tgz", Some("gzip")),
        ("tar.xz", Some("xz")),
        ("tar.zst", Some("zstd")),
        ("tar.bz2", Some("bzip2")),
    ] {
        let path = out.join(format!("{TOP}.{extension}"));
        let mut made_by = "tar command";
        let by_command = system_tar && program.is_none_or(have) && {
            let mut c = Command::new("tar");
            c.arg("-C").arg(parent);
            if let Some(p) = program {
                c.arg(format!("--use-compress-program={p}"));
            }
            c.arg("-cf").arg(&path).arg(TOP);
            quiet(c)
        };
        if !by_command {
            made_by = "crates";
            let data = compress_with_crate(extension, &tar_with_crate(parent));
            std::fs::write(&path, data).unwrap();
        }
        inputs.push(Input {
            what: format!("{extension} ({made_by})"),
            path,
            rev: None,
            options: &[],
        });
    }
    // A tarball without a top folder, its members named `./k.c` and so on.
    if system_tar && have("gzip") {
        let path = out.join("flat.tar.gz");
        let mut c = Command::new("tar");
        c.arg("-C")
            .arg(parent.join(TOP))
            .arg("-czf")
            .arg(&path)
            .arg(".");
        assert!(quiet(c), "tar of `.`");
        inputs.push(Input {
            what: "flat.tar.gz (members ./...)".into(),
            path,
            rev: None,
            options: &[],
        });
    }
    inputs
}

// ---- git ------------------------------------------------------------------------------------

/// A repository holding the tree in one commit, tagged `v9.9` (annotated) and `light`; plus a
/// bare clone. Returns the inputs that read it.
fn make_git(repo: &Path, bare: &Path) -> Vec<Input> {
    make_tree(repo);
    git(repo, &["init", "-q"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "Linux 9.9"]);
    git(repo, &["tag", "-a", "v9.9", "-m", "Linux 9.9"]);
    git(repo, &["tag", "light"]);
    let mut c = Command::new("git");
    c.args(["clone", "-q", "--bare"]).arg(repo).arg(bare);
    assert!(quiet(c), "git clone --bare");
    let input = |what: &str, path: &Path, rev: &str| Input {
        what: what.into(),
        path: path.to_path_buf(),
        rev: Some(rev.into()),
        options: &[],
    };
    vec![
        input("git HEAD", repo, "HEAD"),
        input("git annotated tag", repo, "v9.9"),
        input("git light tag", repo, "light"),
        input("git branch", repo, "main"),
        input("git .git folder", &repo.join(".git"), "v9.9"),
        input("bare clone", bare, "v9.9"),
        // The work tree read as a folder, without its `.git` (left out as cloc leaves it
        // out, and listed as skipped unless excluded: bad_input tests that).
        Input {
            what: "git work tree as a folder".into(),
            path: repo.to_path_buf(),
            rev: None,
            options: &["--exclude-dir", ".git"],
        },
    ]
}

/// Every input kind, all holding the same tree. The folder comes first.
fn all_inputs(base: &Path) -> Vec<Input> {
    let parent = base.join("parent");
    make_tree(&parent.join(TOP));
    let mut inputs = vec![Input {
        what: "folder".into(),
        path: parent.join(TOP),
        rev: None,
        options: &[],
    }];
    let archives = base.join("archives");
    std::fs::create_dir_all(&archives).unwrap();
    inputs.extend(make_tarballs(&parent, &archives));
    inputs.extend(make_git(&base.join("repo"), &base.join("bare.git")));
    inputs
}

// ---- the tests ------------------------------------------------------------------------------

fn keys(value: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort();
    k
}

#[test]
fn json_has_the_documented_keys_and_hand_counted_lines() {
    let base = tempfile::tempdir().unwrap();
    let root = base.path().join(TOP);
    make_tree(&root);
    let text = kcensus([
        OsStr::new("count"),
        OsStr::new("--by-file"),
        OsStr::new("--format"),
        OsStr::new("json"),
        root.as_os_str(),
    ]);
    let doc: Value = serde_json::from_slice(&text).expect("valid JSON");

    assert_eq!(
        keys(&doc),
        ["files", "languages", "skipped", "summary", "total"]
    );
    let count_keys = ["blank", "code", "comment", "files", "language"];
    for entry in doc["languages"].as_array().expect("languages") {
        assert_eq!(keys(entry), count_keys);
    }
    for entry in doc["files"].as_array().expect("files") {
        assert_eq!(
            keys(entry),
            ["blank", "code", "comment", "language", "path"]
        );
    }
    for entry in doc["skipped"].as_array().expect("skipped") {
        assert_eq!(keys(entry), ["path", "reason"]);
    }
    assert_eq!(keys(&doc["total"]), ["blank", "code", "comment", "files"]);

    // The hand-counted files, exactly.
    let files = doc["files"].as_array().unwrap();
    for (path, language, [blank, comment, code], _) in KNOWN {
        let entry = files
            .iter()
            .find(|f| f["path"] == *path)
            .unwrap_or_else(|| panic!("{path} is counted"));
        assert_eq!(entry["language"], *language, "{path}");
        assert_eq!(entry["blank"], *blank, "{path}");
        assert_eq!(entry["comment"], *comment, "{path}");
        assert_eq!(entry["code"], *code, "{path}");
    }
    // Everything else counted is the generated files (plus the kept duplicate `dups/c/x.c`).
    let g = GENERATED as u64;
    assert_eq!(files.len(), KNOWN.len() + GENERATED + 1);
    assert!(files.iter().any(|f| f["path"] == "dups/c/x.c"));

    // Per-language totals, largest code first.
    let languages: Vec<(String, [u64; 4])> = doc["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let n = |k: &str| l[k].as_u64().expect("a count");
            (
                l["language"].as_str().unwrap().to_string(),
                [n("files"), n("blank"), n("comment"), n("code")],
            )
        })
        .collect();
    assert_eq!(
        languages,
        vec![
            ("C".to_string(), [g + 2, g + 2, g + 3, g + 5]),
            ("C/C++ Header".to_string(), [1, 0, 1, 4]),
            // A tie on code goes by name, bytewise: `Rust` before `make`.
            ("Rust".to_string(), [1, 2, 3, 3]),
            ("make".to_string(), [1, 1, 2, 3]),
            ("Bourne Shell".to_string(), [1, 1, 1, 2]),
        ]
    );
    let total = &doc["total"];
    assert_eq!(total["files"], g + 6);
    assert_eq!(total["blank"], g + 6);
    assert_eq!(total["comment"], g + 10);
    assert_eq!(total["code"], g + 17);

    // The paths not counted, each with its reason, and the summary that counts them.
    let skipped = common::fixtures::skipped(&doc);
    assert_eq!(skipped, expected_skipped());
    let summary = &doc["summary"];
    assert_eq!(summary["counted"], g + 6);
    assert_eq!(summary["not_counted"], 9);
    assert_eq!(
        summary["not_counted_by_reason"],
        serde_json::json!({
            "binary file": 1,
            "documentation file name": 1,
            "duplicate": 3,
            "empty file": 1,
            "file name is not valid UTF-8": 2,
            "symbolic link": 1,
        })
    );
}

#[test]
fn every_input_kind_gives_identical_output() {
    let base = tempfile::tempdir().unwrap();
    let inputs = all_inputs(base.path());
    assert!(inputs.len() >= 13, "{inputs:#?}");
    for view in [
        &["--by-file", "--format", "json"][..],
        &["--by-file", "--format", "csv"],
        &["--by-dir", "2", "--format", "json"],
        &[],
    ] {
        let reference = inputs[0].count(view);
        assert!(reference.len() > 100, "output of {view:?} is too short");
        for input in &inputs[1..] {
            let output = input.count(view);
            assert!(
                output == reference,
                "{} differs from the folder for {view:?}:\n--- folder\n{}\n--- {}\n{}",
                input.what,
                String::from_utf8_lossy(&reference),
                input.what,
                String::from_utf8_lossy(&output),
            );
        }
    }
    // And the folder's output is the checked one, so every input's is.
    let doc: Value =
        serde_json::from_slice(&inputs[0].count(&["--by-file", "--format", "json"])).unwrap();
    assert_eq!(
        doc["files"].as_array().map(Vec::len),
        Some(KNOWN.len() + GENERATED + 1)
    );
    assert_eq!(doc["skipped"].as_array().map(Vec::len), Some(9));
}

#[test]
fn output_is_deterministic() {
    let base = tempfile::tempdir().unwrap();
    let inputs = all_inputs(base.path());
    // The folder, one tarball and one git revision: each read twice, in each format.
    let picked: Vec<&Input> = ["folder", "tar.xz", "git annotated tag"]
        .iter()
        .map(|w| {
            inputs
                .iter()
                .find(|i| i.what.starts_with(w))
                .unwrap_or_else(|| panic!("input {w}"))
        })
        .collect();
    for input in picked {
        for view in [
            &["--by-file", "--format", "json"][..],
            &["--format", "json"],
            &["--by-file", "--format", "csv"],
            &["--format", "csv"],
        ] {
            let first = input.count(view);
            let second = input.count(view);
            assert!(!first.is_empty());
            assert!(first == second, "{} {view:?}: two runs differ", input.what);
        }
    }
}

/// A hard link member of a tar is a reference to an earlier member's content: the tarball
/// counts as the folder it unpacks to, where the two names are two identical files (one
/// counted, the other a duplicate, as cloc does). The archive is made by GNU tar, which stores
/// the second name of a file as a hard link member (`tar -tv` shows it as `h...`).
#[test]
fn a_tarball_with_hard_links_counts_as_its_folder() {
    if !have("tar") {
        eprintln!("skipping: no tar");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().join(TOP);
    write(&top.join("a.c"), b"int a;\n\n/* one */\nint b;\n");
    write(&top.join("c.c"), b"int c;\n");
    write(
        &top.join("rust/x.rs"),
        b"//! X.\n\npub fn x() {\n    // SAFETY: none needed.\n    unsafe {}\n}\n",
    );
    std::fs::create_dir_all(top.join("sub")).unwrap();
    std::fs::hard_link(top.join("a.c"), top.join("sub/b.c")).unwrap();
    std::fs::hard_link(top.join("rust/x.rs"), top.join("rust/y.rs")).unwrap();
    let tarball = dir.path().join("linux-9.9.tar");
    let mut tar = Command::new("tar");
    tar.arg("-cf")
        .arg(&tarball)
        .arg("-C")
        .arg(dir.path())
        .arg(TOP);
    assert!(quiet(tar), "tar -cf");
    let listing = Command::new("tar")
        .arg("-tvf")
        .arg(&tarball)
        .output()
        .unwrap();
    let hard_members = String::from_utf8_lossy(&listing.stdout)
        .lines()
        .filter(|l| l.starts_with('h'))
        .count();
    assert_eq!(
        hard_members, 2,
        "GNU tar stores the second names as hard links"
    );
    for args in [
        &["--by-file", "--format", "json"][..],
        &["--format", "csv"][..],
    ] {
        let count = |input: &Path| {
            let mut all: Vec<&OsStr> = vec![OsStr::new("count")];
            all.extend(args.iter().map(OsStr::new));
            all.push(input.as_os_str());
            kcensus(all)
        };
        let (from_dir, from_tar) = (count(&top), count(&tarball));
        assert_eq!(
            String::from_utf8_lossy(&from_tar),
            String::from_utf8_lossy(&from_dir),
            "{args:?}"
        );
    }
    // And by hand: three distinct contents counted, the other two names duplicates (cloc keeps
    // the path that sorts last).
    let doc: Value = serde_json::from_slice(&kcensus([
        OsStr::new("count"),
        OsStr::new("--format"),
        OsStr::new("json"),
        tarball.as_os_str(),
    ]))
    .unwrap();
    assert_eq!(doc["total"]["files"], 3);
    let skipped = common::fixtures::skipped(&doc);
    assert_eq!(
        skipped,
        [
            ("a.c".to_string(), "duplicate of sub/b.c".to_string()),
            (
                "rust/x.rs".to_string(),
                "duplicate of rust/y.rs".to_string()
            ),
        ]
    );
}
