//! Times the Rust fact extractor against a bare parse over every `.rs` file of a tree
//! (single thread): the parse is the floor the extractor's own walks add to.
//!
//!     cargo run --release --example rust_facts_time -- TREE
use std::time::Instant;

fn main() {
    let root = std::env::args().nth(1).expect("tree");
    let mut files = Vec::new();
    for e in ignore::WalkBuilder::new(&root)
        .standard_filters(false)
        .build()
    {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "rs") {
            files.push(std::fs::read(e.path()).unwrap());
        }
    }
    let t = Instant::now();
    for f in &files {
        let text = String::from_utf8_lossy(f);
        let p = ra_ap_syntax::SourceFile::parse(&text, ra_ap_syntax::Edition::Edition2021);
        std::hint::black_box(p);
    }
    println!("parse only: {:?}", t.elapsed());
    let t = Instant::now();
    for f in &files {
        std::hint::black_box(kcensus::facts::rust::rust_facts(f));
    }
    println!("rust_facts: {:?}", t.elapsed());
}
