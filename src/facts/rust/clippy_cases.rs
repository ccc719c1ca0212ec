//! Cases of clippy's `undocumented_unsafe_blocks` (rust-clippy's UI tests and
//! `undocumented_unsafe_blocks.rs` at the 1.95 release), written anew as small files. The
//! expected verdicts follow clippy's source: `text_has_safety_comment` (blank lines and
//! one-line attributes skipped going up) and `block_has_inner_safety_comment` (a comment
//! starting with `SAFETY:` as the first thing inside the block).

use super::*;

/// (line, documented) of each unsafe block and impl of `source`.
fn verdicts(source: &str) -> Vec<(u32, bool)> {
    rust_facts(source.as_bytes())
        .unsafe_sites
        .iter()
        .filter(|s| matches!(s.kind, UnsafeKind::Block | UnsafeKind::Impl))
        .map(|s| (s.line, s.documented))
        .collect()
}

#[test]
fn safety_comment_first_inside_the_block() {
    let source = concat!(
        "fn f() {\n",                                   // 1
        "    unsafe {\n",                               // 2: documented, next line
        "        // SAFETY: said inside, first.\n",     // 3
        "        g();\n",                               // 4
        "    }\n",                                      // 5
        "    unsafe { /* safety: same line */ g() }\n", // 6: documented, any case
        "    unsafe {\n",                               // 7: not documented
        "        g();\n",                               // 8
        "        // SAFETY: not the first thing.\n",    // 9
        "    }\n",                                      // 10
        "    unsafe { // this is SAFETY: no\n",         // 11: not documented
        "        g();\n",                               // 12
        "    }\n",                                      // 13
        "}\n",                                          // 14
    );
    assert_eq!(
        verdicts(source),
        vec![(2, true), (6, true), (7, false), (11, false)]
    );
}

#[test]
fn one_line_attributes_are_skipped_going_up() {
    let source = concat!(
        "struct S;\n",                              // 1
        "// SAFETY: above the attribute.\n",        // 2
        "#[cfg(all())]\n",                          // 3
        "unsafe impl Send for S {}\n",              // 4: documented
        "// SAFETY: between attributes.\n",         // 5
        "#[cfg(all())]\n",                          // 6
        "// more words\n",                          // 7
        "#[allow(dead_code)]\n",                    // 8
        "unsafe impl Sync for S {}\n",              // 9: documented (the run spans 5-7)
        "struct T;\n",                              // 10
        "// SAFETY: above a two-line attribute.\n", // 11
        "#[cfg(any(unix,\n",                        // 12
        "    windows))]\n",                         // 13
        "unsafe impl Send for T {}\n",              // 14: not documented
        "const _: () = {\n",                        // 15
        "    // SAFETY: above an attribute.\n",     // 16
        "    #[allow(unused_unsafe)]\n",            // 17
        "    unsafe { g() }\n",                     // 18: documented
        "};\n",                                     // 19
    );
    assert_eq!(
        verdicts(source),
        vec![(4, true), (9, true), (14, false), (18, true)]
    );
}
