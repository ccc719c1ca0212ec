//! Rust's reach into the C API, for the report: the scan's C-side facts, the `bindings::`
//! names of the kernel's own Rust files, what each C helper wraps, the headers bindgen is
//! given, and the report's `kernel` modules and drivers, given to [`crate::model::reach`].

use super::{area_of, normalize, AreaName, Driver, Module, ReportInput};
use crate::facts::rust::RustFacts;
use crate::model::kernel::boundary::parse_bindgen_header;
use crate::model::kernel::maintainers::Maintainers;
use crate::model::kernel::wraps::helper_wraps;
use crate::model::reach::{
    reach_with_files, HelperTarget, Reach, ReachInput, ReachedByFile, RustUnit,
};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The MAINTAINERS entry that covers no file more than any other: not a subsystem.
const CATCH_ALL_ENTRY: &str = "THE REST";

/// The reach of the tree's Rust into its C API, and the C names each Rust file reaches.
pub(super) fn reach(
    input: &ReportInput<'_>,
    modules: &[Module],
    drivers: &[Driver],
    vendored_roots: &[String],
    maintainers: Option<&Maintainers>,
) -> (Reach, ReachedByFile) {
    let memo: RefCell<HashMap<String, String>> = RefCell::default();
    let subsystem_of = |path: &str| -> String {
        if let Some(known) = memo.borrow().get(path) {
            return known.clone();
        }
        let entry = maintainers.and_then(|m| {
            m.first_entry_for_path(path, |e| e.title == CATCH_ALL_ENTRY)
                .map(|e| e.title.clone())
        });
        let subsystem = entry.unwrap_or_else(|| top_folder(path));
        memo.borrow_mut()
            .insert(path.to_string(), subsystem.clone());
        subsystem
    };
    let mut helpers: Vec<HelperTarget> = input
        .kept
        .iter()
        .filter(|(p, _)| {
            p.as_str() == "rust/helpers.c" || (p.starts_with("rust/helpers/") && p.ends_with(".c"))
        })
        .flat_map(|(_, b)| helper_wraps(&String::from_utf8_lossy(b)))
        .filter_map(|w| {
            Some(HelperTarget {
                rust_name: w.rust_name,
                wraps: w.wraps?,
            })
        })
        .collect();
    helpers.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let bound_headers = bound_headers(input);
    let rust: BTreeMap<String, &RustFacts> = input
        .rust
        .iter()
        .filter(|(p, _)| area_of(p, vendored_roots) != AreaName::Vendored)
        .map(|(p, f)| (p.clone(), f))
        .collect();
    let mut units: Vec<RustUnit> = modules
        .iter()
        .map(|m| RustUnit {
            name: format!("kernel::{}", m.path),
            kind: "kernel module",
            files: m.files.clone(),
            uses: Vec::new(),
        })
        .collect();
    let module_paths: BTreeSet<&str> = modules.iter().map(|m| m.path.as_str()).collect();
    units.extend(drivers.iter().map(|d| RustUnit {
        name: d.name.clone().unwrap_or_else(|| d.crate_name.clone()),
        kind: "driver",
        files: d.files.clone(),
        uses: modules_used(&d.files, &rust, &module_paths),
    }));
    reach_with_files(&ReachInput {
        c_facts: input.c_facts,
        searched: input.c_searched,
        rust: &rust,
        helpers: &helpers,
        bound_headers: &bound_headers,
        units: &units,
        subsystem_of: &subsystem_of,
    })
}

/// The `kernel` modules the files use, as unit names (`kernel::block::mq`): for each path they
/// name through `kernel::` ([`RustFacts::kernel_paths`]), the longest module path that is a
/// prefix of it, segment by segment (`block::mq::gen_disk::GenDisk` uses
/// `block::mq::gen_disk`; `prelude::*` uses `prelude`). Names that are no module
/// (`c_str`, a macro of the crate root) are left out.
fn modules_used(
    files: &[String],
    rust: &BTreeMap<String, &RustFacts>,
    module_paths: &BTreeSet<&str>,
) -> Vec<String> {
    let mut used: BTreeSet<String> = BTreeSet::new();
    for path in files
        .iter()
        .filter_map(|f| rust.get(f))
        .flat_map(|f| &f.kernel_paths)
    {
        let segments: Vec<&str> = path.split("::").collect();
        if let Some(module) = (1..=segments.len())
            .rev()
            .map(|n| segments[..n].join("::"))
            .find(|p| module_paths.contains(p.as_str()))
        {
            used.insert(format!("kernel::{module}"));
        }
    }
    used.into_iter().collect()
}

/// The first component of a path (the file name for a top-level file).
fn top_folder(path: &str) -> String {
    path.split('/').next().unwrap_or(path).to_string()
}

/// The headers `bindings_helper.h` and `uapi_helper.h` include that the tree has, as paths:
/// `<linux/x.h>` is `include/linux/x.h` (or `include/uapi/linux/x.h`), `"../x.h"` is relative
/// to the including file.
fn bound_headers(input: &ReportInput<'_>) -> Vec<String> {
    let exists = |p: &str| {
        let files = &input.census.files;
        let at = files.partition_point(|f| f.path.as_str() < p);
        files.get(at).is_some_and(|f| f.path == p)
    };
    let mut out = Vec::new();
    for (file, folder) in [
        ("rust/bindings/bindings_helper.h", "rust/bindings"),
        ("rust/uapi/uapi_helper.h", "rust/uapi"),
    ] {
        let Some(text) = input.text(file) else {
            continue;
        };
        for include in parse_bindgen_header(&text).includes {
            let candidates = if include.angle {
                vec![
                    format!("include/{}", include.header),
                    format!("include/uapi/{}", include.header),
                ]
            } else {
                vec![normalize(&format!("{folder}/{}", include.header))]
            };
            if let Some(found) = candidates.into_iter().find(|c| exists(c)) {
                out.push(found);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
