//! Times each of the C pass's per-file facts over every `.c` and `.h` file of a tree (single
//! thread, files in memory): where a cold report's C pass spends its time.
//!
//!     cargo run --release --example c_facts_time -- TREE [NAME]
//!
//! With a NAME, only the facts whose name starts with it are timed.
use kcensus::facts::{c, c_functions, c_references, calls::SymbolSearch, rust};
use std::collections::BTreeSet;
use std::time::Instant;

fn main() {
    let root = std::env::args().nth(1).expect("tree");
    let mut c_files = Vec::new();
    let mut names = BTreeSet::new();
    let mut exported = BTreeSet::new();
    for e in ignore::WalkBuilder::new(&root)
        .standard_filters(false)
        .build()
    {
        let e = e.unwrap();
        let path = e.path().to_string_lossy().into_owned();
        if path.ends_with(".rs") {
            let facts = rust::rust_facts(&std::fs::read(e.path()).unwrap());
            names.extend(facts.bindings_uses.keys().cloned());
            exported.extend(facts.exported_functions.iter().map(|e| e.symbol.clone()));
        } else if path.ends_with(".c") || path.ends_with(".h") {
            let bytes = std::fs::read(e.path()).unwrap();
            if path.contains("/rust/helpers/") && path.ends_with(".c") {
                names.extend(c::called_names(&bytes));
            }
            c_files.push(bytes);
        }
    }
    let total: usize = c_files.iter().map(Vec::len).sum();
    println!("{} files, {} MB", c_files.len(), total / 1_000_000);
    let search = SymbolSearch::new(names.into_iter().collect());
    let exported: Vec<String> = exported.into_iter().filter(|s| !s.is_empty()).collect();
    let reference_search = SymbolSearch::new(c_references::stems(&exported));
    let only = std::env::args().nth(2);
    let time = |name: &str, f: &dyn Fn(&[u8]) -> usize| {
        if only.as_deref().is_some_and(|o| !name.starts_with(o)) {
            return;
        }
        let t = Instant::now();
        let mut sum = 0;
        for bytes in &c_files {
            sum += f(bytes);
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "{name:28} {s:6.3} s {:7.0} MB/s  ({sum})",
            total as f64 / s / 1e6
        );
    };
    // Counted for the twins' files only (`c_calls`), no longer for every C file.
    time("count_function_definitions", &|b| {
        c_functions::count_function_definitions(b) as usize
    });
    // The floor of the definitions' search (every `(` found), then the search itself, then
    // with each site classified.
    time("parens", &|b| memchr::memchr_iter(b'(', b).count());
    time("sites", &|b| search.sites(b).len());
    time("definitions", &|b| c::definitions(b, &search).len());
    time("exports", &|b| c::exports(b).len());
    time("struct_definitions", &|b| c::struct_definitions(b).len());
    time("local_includes", &|b| c_functions::local_includes(b).len());
    time("pasting_macros", &|b| c_references::pasting_macros(b).len());
    let is_exported = |name: &str| exported.binary_search_by(|e| e.as_str().cmp(name)).is_ok();
    time("references", &|b| {
        c_references::references(b, &reference_search, &is_exported).len()
    });
}
