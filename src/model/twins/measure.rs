//! The side-by-side figures of a pair, and its sentence.

use crate::model::kernel::normalize;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{Evidence, FileFigures, Pairing, SideSpec};

/// blank/comment/code and a file count.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct TwinLines {
    /// Files.
    pub files: u64,
    /// Blank lines.
    pub blank: u64,
    /// Comment lines.
    pub comment: u64,
    /// Code lines.
    pub code: u64,
}

impl TwinLines {
    fn add(&mut self, f: &FileFigures) {
        self.files += 1;
        self.blank += f.blank;
        self.comment += f.comment;
        self.code += f.code;
    }

    /// blank + comment + code.
    pub fn total(&self) -> u64 {
        self.blank + self.comment + self.code
    }
}

/// One file of a side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TwinFile {
    /// Path.
    pub path: String,
    /// cloc's language.
    pub language: String,
    /// `source` (a Kbuild object's source or a file of its crate) or `header` (included
    /// with quotes by a C file of the side).
    pub role: String,
    /// Blank lines.
    pub blank: u64,
    /// Comment lines.
    pub comment: u64,
    /// Code lines.
    pub code: u64,
    /// Function definitions, when known.
    pub functions: Option<u64>,
}

/// One side of a pair, measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TwinSide {
    /// The Kconfig symbol (without `CONFIG_`).
    pub symbol: String,
    /// Its prompt.
    pub prompt: Option<String>,
    /// The Kconfig file of the entry.
    pub kconfig_file: String,
    /// Line of the entry.
    pub kconfig_line: usize,
    /// The modules (Kbuild objects, with their folder, without `.o`) the symbol builds.
    pub modules: Vec<String>,
    /// The side's files, sorted by path.
    pub files: Vec<TwinFile>,
    /// All files of the side.
    pub lines: TwinLines,
    /// Its Rust files.
    pub rust_lines: TwinLines,
    /// Its C files and headers.
    pub c_lines: TwinLines,
    /// Function definitions over its files; null when any file's count is unknown (a C file
    /// the C pass did not see, or whose calls were not recorded), so a partial sum never
    /// reads as complete.
    pub functions: Option<u64>,
    /// `unsafe` blocks in its Rust files.
    pub unsafe_blocks: u64,
    /// `unsafe` blocks per 1,000 Rust code lines (0 without Rust code).
    pub unsafe_blocks_per_kloc: f64,
    /// `unsafe` blocks with a SAFETY comment.
    pub blocks_with_safety_comment: u64,
    /// Share of `unsafe` blocks with a SAFETY comment, in percent; `null` without blocks.
    pub safety_comment_percent: Option<f64>,
    /// Direct `bindings::` uses in its Rust files.
    pub bindings_uses: u64,
    /// Distinct C API names the side's code calls: its C files' and headers' calls
    /// ([`crate::facts::c_calls`]) and the C functions, inline functions and macros its Rust
    /// files reach directly (`bindings::`, helpers included; the reach analysis's rule), less
    /// the names the side defines (C functions and macros, Rust functions exported to C);
    /// `null` when any of its files has no record.
    pub c_api_functions_called: Option<u64>,
    /// CVE records whose program files are the side's, with `--cves`; `null` without.
    pub cves: Option<Vec<String>>,
}

/// A Rust implementation and its C original, side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Twin {
    /// A short name for the pair: the C side's first module (`null_blk`, `ax88796b`).
    pub name: String,
    /// The Rust side.
    pub rust: TwinSide,
    /// The C side.
    pub c: TwinSide,
    /// Rust code lines (Rust files only) per C code line (C side, all files); 0 when the C
    /// side has none.
    pub rust_to_c_code: f64,
    /// Why this is a pair.
    pub evidence: Vec<Evidence>,
    /// The pair in one generated sentence.
    pub sentence: String,
}

/// Rounded to two decimals, so output does not depend on float noise.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The side's files: its sources, then the headers its C files include with quotes,
/// transitively (relative to the including file's folder, as the compiler looks first).
fn side_files(
    spec: &SideSpec,
    figures: &dyn Fn(&str) -> Option<FileFigures>,
) -> Vec<(String, &'static str, FileFigures)> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    let mut queue: Vec<(String, &'static str)> =
        spec.files.iter().map(|f| (f.clone(), "source")).collect();
    queue.reverse();
    while let Some((path, role)) = queue.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let Some(f) = figures(&path) else { continue };
        for include in &f.local_includes {
            let candidate = normalize(&format!("{}/{include}", folder_of(&path)));
            if !seen.contains(&candidate) {
                queue.push((candidate, "header"));
            }
        }
        out.push((path, role, f));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn measure_side(spec: &SideSpec, figures: &dyn Fn(&str) -> Option<FileFigures>) -> TwinSide {
    let mut side = TwinSide {
        symbol: spec.symbol.clone(),
        prompt: spec.prompt.clone(),
        kconfig_file: spec.kconfig.0.clone(),
        kconfig_line: spec.kconfig.1,
        modules: spec.modules.clone(),
        files: Vec::new(),
        lines: TwinLines::default(),
        rust_lines: TwinLines::default(),
        c_lines: TwinLines::default(),
        functions: Some(0),
        unsafe_blocks: 0,
        unsafe_blocks_per_kloc: 0.0,
        blocks_with_safety_comment: 0,
        safety_comment_percent: None,
        bindings_uses: 0,
        c_api_functions_called: None,
        cves: None,
    };
    // Unknown (`None`) as soon as one file's calls are.
    let mut called: Option<BTreeSet<String>> = Some(BTreeSet::new());
    let mut defined: BTreeSet<String> = BTreeSet::new();
    for (path, role, f) in side_files(spec, figures) {
        match (&mut called, &f.c_names_called) {
            (Some(all), Some(names)) => all.extend(names.iter().cloned()),
            _ => called = None,
        }
        defined.extend(f.c_names_defined.iter().cloned());
        side.lines.add(&f);
        if f.language == "Rust" {
            side.rust_lines.add(&f);
        } else {
            side.c_lines.add(&f);
        }
        side.functions = side.functions.zip(f.functions).map(|(a, b)| a + b);
        side.unsafe_blocks += f.unsafe_blocks;
        side.blocks_with_safety_comment += f.documented_blocks;
        side.bindings_uses += f.bindings_uses;
        side.files.push(TwinFile {
            path,
            language: f.language.clone(),
            role: role.to_string(),
            blank: f.blank,
            comment: f.comment,
            code: f.code,
            functions: f.functions,
        });
    }
    side.c_api_functions_called = called.map(|names| names.difference(&defined).count() as u64);
    if side.rust_lines.code > 0 {
        side.unsafe_blocks_per_kloc =
            round2(side.unsafe_blocks as f64 * 1000.0 / side.rust_lines.code as f64);
    }
    if side.unsafe_blocks > 0 {
        side.safety_comment_percent = Some(round2(
            side.blocks_with_safety_comment as f64 * 100.0 / side.unsafe_blocks as f64,
        ));
    }
    side
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Thousands with commas (`8,000`).
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn files_phrase(n: u64) -> String {
    if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    }
}

fn modules_phrase(side: &TwinSide) -> String {
    let names: Vec<&str> = side.modules.iter().map(|m| basename(m)).collect();
    if names.is_empty() {
        side.symbol.clone()
    } else {
        names.join(", ")
    }
}

/// The pair in one sentence, from its figures.
pub fn sentence(twin: &Twin) -> String {
    let (r, c) = (&twin.rust, &twin.c);
    let what = c.prompt.clone().unwrap_or_else(|| c.symbol.clone());
    let mut s = format!(
        "The Rust {} ({}) re-implements \"{}\" ({}) in {} code lines of Rust ({})",
        modules_phrase(r),
        r.symbol,
        what,
        modules_phrase(c),
        thousands(r.rust_lines.code),
        files_phrase(r.rust_lines.files),
    );
    if r.c_lines.files > 0 {
        s.push_str(&format!(
            " and {} of C glue ({})",
            thousands(r.c_lines.code),
            files_phrase(r.c_lines.files)
        ));
    }
    s.push_str(&format!(
        " against {} in C ({}), {:.2} times as many",
        thousands(c.lines.code),
        files_phrase(c.lines.files),
        twin.rust_to_c_code,
    ));
    match (r.functions, c.functions) {
        (Some(rust), Some(c)) => s.push_str(&format!(
            "; {} functions against {}",
            thousands(rust),
            thousands(c)
        )),
        (Some(rust), None) => s.push_str(&format!(
            "; {} functions in Rust (the C side's not counted)",
            thousands(rust)
        )),
        _ => {}
    }
    if r.unsafe_blocks == 0 {
        s.push_str("; no unsafe block");
    } else {
        s.push_str(&format!(
            "; {} unsafe block{} ({:.1} per 1,000 lines of Rust, {:.0}% with a SAFETY comment)",
            thousands(r.unsafe_blocks),
            if r.unsafe_blocks == 1 { "" } else { "s" },
            r.unsafe_blocks_per_kloc,
            r.safety_comment_percent.unwrap_or(0.0)
        ));
    }
    if r.bindings_uses == 0 {
        s.push_str(" and no direct bindings:: use.");
    } else {
        s.push_str(&format!(
            " and {} direct bindings:: use{}.",
            thousands(r.bindings_uses),
            if r.bindings_uses == 1 { "" } else { "s" }
        ));
    }
    s
}

/// Measures each pair with the per-file figures (`None` for a file that is not counted; a
/// header that is not in the tree is left out).
pub fn measure(pairings: &[Pairing], figures: &dyn Fn(&str) -> Option<FileFigures>) -> Vec<Twin> {
    pairings
        .iter()
        .map(|p| {
            let rust = measure_side(&p.rust, figures);
            let c = measure_side(&p.c, figures);
            let rust_to_c_code = if c.lines.code == 0 {
                0.0
            } else {
                round2(rust.rust_lines.code as f64 / c.lines.code as f64)
            };
            let name = c
                .modules
                .first()
                .map(|m| basename(m).to_string())
                .unwrap_or_else(|| c.symbol.to_ascii_lowercase());
            let mut twin = Twin {
                name,
                rust,
                c,
                rust_to_c_code,
                evidence: p.evidence.clone(),
                sentence: String::new(),
            };
            twin.sentence = sentence(&twin);
            twin
        })
        .collect()
}

/// Attaches CVE records to each side (the `--cves` hook): `records_for` gives the CVE ids
/// whose program files include any of the given paths; each side gets its ids, sorted.
pub fn attach_cves(twins: &mut [Twin], records_for: &dyn Fn(&[String]) -> Vec<String>) {
    for twin in twins {
        for side in [&mut twin.rust, &mut twin.c] {
            let paths: Vec<String> = side.files.iter().map(|f| f.path.clone()).collect();
            let mut ids = records_for(&paths);
            ids.sort();
            ids.dedup();
            side.cves = Some(ids);
        }
    }
}
