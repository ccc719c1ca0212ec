//! The areas: which part of the tree a Rust file belongs to, and the sums over the Rust files
//! (totals, per area, per vendored crate, per file).

use super::schema::{
    Area, AreaName, CodeFigures, Crate, Lines, RustFile, UnsafeFigures, VendoredCrate, AREAS,
};
use super::{kernel, Counted, ReportInput};
use crate::facts::rust::RustFacts;
use std::collections::{BTreeMap, BTreeSet};

/// Which area a Rust file belongs to.
pub fn area_of(path: &str, vendored_roots: &[String]) -> AreaName {
    if vendored_roots
        .iter()
        .any(|root| path.starts_with(root.as_str()) && path[root.len()..].starts_with('/'))
    {
        return AreaName::Vendored;
    }
    const PREFIXES: &[(&str, AreaName)] = &[
        ("rust/kernel/", AreaName::Kernel),
        ("rust/pin-init/", AreaName::PinInit),
        ("rust/macros/", AreaName::Macros),
        ("rust/", AreaName::RustOther),
        ("drivers/", AreaName::Drivers),
        ("samples/rust/", AreaName::Samples),
    ];
    PREFIXES
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix))
        .map_or(AreaName::Other, |&(_, area)| area)
}

/// Vendored crates: folders of rust/ whose README says where the files come from (their
/// file and code counts are filled by [`tally`]).
pub(super) fn vendored_crates(input: &ReportInput<'_>) -> Vec<VendoredCrate> {
    let mut vendored = Vec::new();
    for (path, bytes) in input.kept {
        let Some(folder) = path
            .strip_prefix("rust/")
            .and_then(|p| p.strip_suffix("/README.md"))
        else {
            continue;
        };
        if folder.contains('/') {
            continue;
        }
        if let Some(origin) = kernel::vendored::detect(&String::from_utf8_lossy(bytes)) {
            vendored.push(VendoredCrate {
                name: origin.name,
                version: origin.version,
                path: format!("rust/{folder}"),
                files: 0,
                code: 0,
            });
        }
    }
    vendored
}

/// The sums over every counted Rust file: all Rust, Rust without vendored crates, each area,
/// each vendored crate, and each file.
pub(super) struct Tally {
    /// All Rust.
    pub rust: Lines,
    /// Rust without vendored crates.
    pub rust_own: Lines,
    /// `unsafe` over all Rust (not finished: per-kloc rates are computed by the caller).
    pub unsafe_all: UnsafeFigures,
    /// `unsafe` over Rust without vendored crates (not finished).
    pub unsafe_own: UnsafeFigures,
    /// Every area, in [`AREAS`] order.
    pub areas: Vec<Area>,
    /// The vendored crates with their files and code.
    pub vendored: Vec<VendoredCrate>,
    /// Every counted Rust file.
    pub files: Vec<RustFile>,
}

/// One area's running sums: lines, `unsafe`, distinct `bindings::` names, `bindings::` uses.
type AreaSums<'a> = (Lines, UnsafeFigures, BTreeSet<&'a str>, u64);

/// Sum every counted Rust file into the totals, its area, its vendored crate and its own row.
pub(super) fn tally(
    input: &ReportInput<'_>,
    counted: &Counted<'_>,
    crates: &[Crate],
    mut vendored: Vec<VendoredCrate>,
    vendored_roots: &[String],
) -> Tally {
    let crate_of: BTreeMap<&str, &str> = crates
        .iter()
        .flat_map(|c| c.files.iter().map(move |f| (f.as_str(), c.name.as_str())))
        .collect();
    let mut rust = Lines::default();
    let mut rust_own = Lines::default();
    let mut unsafe_all = UnsafeFigures::default();
    let mut unsafe_own = UnsafeFigures::default();
    let mut area_sums: BTreeMap<AreaName, AreaSums<'_>> = BTreeMap::new();
    let mut files = Vec::new();
    let empty = RustFacts::default();
    for (&path, &lines) in counted {
        let facts = input.rust.get(path).unwrap_or(&empty);
        let area = area_of(path, vendored_roots);
        rust.add_file(lines);
        unsafe_all.add(facts);
        if !area.is_vendored() {
            rust_own.add_file(lines);
            unsafe_own.add(facts);
        }
        let entry = area_sums.entry(area).or_default();
        entry.0.add_file(lines);
        entry.1.add(facts);
        entry
            .2
            .extend(facts.bindings_uses.keys().map(String::as_str));
        entry.3 += facts
            .bindings_uses
            .values()
            .map(|&n| u64::from(n))
            .sum::<u64>();
        for v in vendored.iter_mut() {
            if area.is_vendored() && path.starts_with(&format!("{}/", v.path)) {
                v.files += 1;
                v.code += lines.code;
            }
        }
        let mut figures = UnsafeFigures::default();
        figures.add(facts);
        files.push(RustFile {
            path: path.to_string(),
            crate_name: crate_of.get(path).map(|s| s.to_string()),
            area,
            blob: input
                .rust_blobs
                .get(path)
                .map(ToString::to_string)
                .unwrap_or_default(),
            figures: CodeFigures::new(*lines, lines.code, figures),
            bindings_uses: facts.bindings_uses.values().map(|&n| u64::from(n)).sum(),
            parse_errors: facts.parse_errors.count,
        });
    }
    let areas = AREAS
        .iter()
        .map(|&area| {
            let (lines, figures, names, uses) = area_sums.remove(&area).unwrap_or_default();
            Area {
                area,
                vendored: area.is_vendored(),
                figures: CodeFigures::new(lines, lines.code, figures),
                bindings_names: names.len() as u64,
                bindings_uses: uses,
            }
        })
        .collect();
    Tally {
        rust,
        rust_own,
        unsafe_all,
        unsafe_own,
        areas,
        vendored,
        files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_follow_the_path_and_vendored_roots_win() {
        let vendored = vec!["rust/syn".to_string()];
        assert_eq!(
            area_of("rust/kernel/sync/lock.rs", &vendored),
            AreaName::Kernel
        );
        assert_eq!(
            area_of("rust/pin-init/src/lib.rs", &vendored),
            AreaName::PinInit
        );
        assert_eq!(area_of("rust/macros/lib.rs", &vendored), AreaName::Macros);
        assert_eq!(area_of("rust/syn/lib.rs", &vendored), AreaName::Vendored);
        // A sibling whose name only starts with the root is not inside it.
        assert_eq!(area_of("rust/synx/lib.rs", &vendored), AreaName::RustOther);
        assert_eq!(area_of("rust/helpers.rs", &[]), AreaName::RustOther);
        assert_eq!(
            area_of("drivers/net/phy/ax88796b_rust.rs", &vendored),
            AreaName::Drivers
        );
        assert_eq!(
            area_of("samples/rust/rust_minimal.rs", &vendored),
            AreaName::Samples
        );
        assert_eq!(area_of("samples/other.rs", &vendored), AreaName::Other);
    }

    #[test]
    fn names_serialize_as_their_strings_in_report_order() {
        let names: Vec<String> = AREAS
            .iter()
            .map(|a| {
                serde_json::to_value(a)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let shown: Vec<String> = AREAS.iter().map(ToString::to_string).collect();
        assert_eq!(names, shown);
        assert_eq!(
            names,
            [
                "rust/kernel",
                "rust/pin-init",
                "rust/macros",
                "vendored",
                "rust (other)",
                "drivers",
                "samples/rust",
                "other"
            ]
        );
        assert_eq!(
            serde_json::from_str::<AreaName>("\"rust (other)\"").unwrap(),
            AreaName::RustOther
        );
    }
}
