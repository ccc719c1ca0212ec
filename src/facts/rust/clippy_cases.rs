//! Cases of clippy's `undocumented_unsafe_blocks`, `unnecessary_safety_comment`,
//! `missing_safety_doc` and `unnecessary_safety_doc` (rust-clippy's UI tests
//! `unnecessary_safety_comment.rs`, `unnecessary_unsafety_doc.rs`, `doc_unsafe.rs`,
//! `undocumented_unsafe_blocks.rs`, and what clippy reported on real crates), at the 1.95
//! release, written anew as small files. The expected verdicts follow clippy's source:
//! `text_has_safety_comment` (blank lines and one-line attributes skipped going up; a comment
//! trailing the code line above), `block_has_inner_safety_comment` (a comment starting with
//! `SAFETY:` as the first thing inside the block), `check_stmt`/`check_block`/`check_item` and
//! `expr_has_unnecessary_safety_comment`, and the doc pass's headings and visibility.

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
        "    unsafe {\n", // 7: documented by line 6's `/* safety:` after code
        "        g();\n", // 8
        "        // SAFETY: not the first thing.\n", // 9
        "    }\n",        // 10
        "    unsafe { // this is SAFETY: no\n", // 11: not documented
        "        g();\n", // 12
        "    }\n",        // 13
        "}\n",            // 14
    );
    assert_eq!(
        verdicts(source),
        vec![(2, true), (6, true), (7, true), (11, false)]
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

/// (line, kind, exported) of each [`SafeCodeSite`] of `source`.
fn safe_code(source: &str) -> Vec<(u32, SafeCodeKind, bool)> {
    rust_facts(source.as_bytes())
        .safety_on_safe_code
        .iter()
        .map(|s| (s.line, s.kind, s.exported))
        .collect()
}

/// The lines `unnecessary_safety_comment` reports in `source`.
fn unnecessary_comments(source: &str) -> Vec<u32> {
    safe_code(source)
        .into_iter()
        .filter(|(_, kind, _)| *kind == SafeCodeKind::Comment)
        .map(|(line, _, _)| line)
        .collect()
}

// After clippy's tests/ui/unnecessary_safety_comment.rs: items of a module that are not unsafe.
#[test]
fn safety_comment_on_safe_items() {
    let source = concat!(
        "mod safe_items {\n",             // 1
        "    // SAFETY: a constant\n",    // 2
        "    const LIMIT: u8 = 3;\n",     // 3: reported
        "    // SAFETY: a static\n",      // 4
        "    static COUNT: u8 = 0;\n",    // 5: reported
        "    // SAFETY: a struct\n",      // 6
        "    struct Plain;\n",            // 7: reported
        "    // SAFETY: an enum\n",       // 8
        "    enum Never {}\n",            // 9: reported
        "    // SAFETY: a module\n",      // 10
        "    mod inner {}\n",             // 11: reported
        "    // SAFETY: a use\n",         // 12
        "    use core::mem;\n",           // 13: reported
        "}\n",                            // 14
        "struct Cell;\n",                 // 15
        "// SAFETY: not shared.\n",       // 16
        "unsafe impl Sync for Cell {}\n", // 17: needed, not reported
        "// SAFETY: a safe trait.\n",     // 18
        "impl Clone for Cell {\n",        // 19: reported
        "    fn clone(&self) -> Self { Cell }\n",
        "}\n",                                                   // 21
        "// SAFETY: inherent impls are not judged.\n",           // 22
        "impl Cell {}\n",                                        // 23: not reported
        "// SAFETY: the value is an unsafe block.\n",            // 24
        "static P: u8 = unsafe { read() };\n",                   // 25: not reported
        "// SAFETY: an unsafe fn wants a `# Safety` section.\n", // 26
        "pub unsafe fn raw() {}\n",                              // 27: reported
    );
    assert_eq!(
        unnecessary_comments(source),
        vec![3, 5, 7, 9, 11, 13, 19, 27]
    );
}

// After clippy's tests/ui/unnecessary_safety_comment.rs (`unnecessary_on_stmt_and_expr`) and the
// findings on memchr 2.8.3 and crossbeam-utils 0.8.23.
#[test]
fn safety_comment_on_safe_statements_and_tail_expressions() {
    let source = concat!(
        "unsafe fn f(n: u32) -> u32 {\n",                           // 1
        "    // SAFETY: nothing unsafe\n",                          // 2
        "    let num = 42;\n",                                      // 3: reported
        "    // SAFETY: an if is judged without its blocks\n",      // 4
        "    if num > n { unsafe { g() } }\n",                      // 5: reported
        "    // SAFETY: a while body is a block\n",                 // 6
        "    while n > 4 { unsafe { g() }; }\n",                    // 7: reported
        "    // SAFETY: a loop body is searched\n",                 // 8
        "    loop { unsafe { g() }; break; }\n",                    // 9: not reported
        "    // SAFETY: the initializer is unsafe\n",               // 10
        "    let x = unsafe { g() };\n",                            // 11: not reported
        "    unsafe {\n",                                           // 12
        "        // SAFETY: inside an unsafe block\n",              // 13
        "        let y = 1;\n",                                     // 14: not reported
        "    }\n",                                                  // 15
        "    let z = 2; // SAFETY: trailing, for the line below\n", // 16: not reported
        "    h(z)\n",                           // 17: reported (comment on line 16)
        "}\n",                                  // 18
        "fn tail() -> u32 {\n",                 // 19
        "    // SAFETY: a call to a safe fn\n", // 20
        "    24\n",                             // 21: reported
        "}\n",                                  // 22
    );
    assert_eq!(unnecessary_comments(source), vec![3, 5, 7, 17, 21]);
}

// After clippy's tests/ui/unnecessary_safety_comment.rs (`issue_12048`): a SAFETY comment in a
// doc comment's code block documents nothing; and a statement on the block's first line has no
// line above inside the block.
#[test]
fn safety_comment_in_a_doc_code_block_is_not_one() {
    let source = concat!(
        "pub const X: u8 = 0;\n",                          // 1
        "/// ```\n",                                       // 2
        "/// // SAFETY: the example's own comment\n",      // 3
        "/// let v = unsafe { *p };\n",                    // 4
        "/// ```\n",                                       // 5
        "pub fn five() -> u8 {\n",                         // 6: not reported
        "    // SAFETY: fine\n",                           // 7
        "    { 5 }\n",                                     // 8: reported (a plain block)
        "}\n",                                             // 9
        "fn g() { /* SAFETY: same line */ let a = 1; }\n", // 10: not reported
    );
    assert_eq!(unnecessary_comments(source), vec![8]);
}

/// The `# Safety` sections of safe items: (line, kind, exported).
fn safety_docs(source: &str) -> Vec<(u32, SafeCodeKind, bool)> {
    safe_code(source)
        .into_iter()
        .filter(|(_, kind, _)| *kind != SafeCodeKind::Comment)
        .collect()
}

// After clippy's tests/ui/unnecessary_unsafety_doc.rs and doc_unsafe.rs.
#[test]
fn safety_sections_on_safe_items() {
    use SafeCodeKind::{FnDoc, TraitDoc};
    let source = concat!(
        "/// # Safety\n",                     // 1
        "///\n",                              // 2
        "/// Nothing to promise.\n",          // 3
        "pub fn exported() {}\n",             // 4: exported
        "/// # Safety\n",                     // 5
        "fn private() {}\n",                  // 6: not exported
        "mod private_mod {\n",                // 7
        "    /// # Safety\n",                 // 8
        "    pub fn hidden_by_module() {}\n", // 9: not exported
        "}\n",                                // 10
        "pub trait Methods {\n",              // 11
        "    /// # Safety\n",                 // 12
        "    fn documented(self);\n",         // 13: exported (a pub trait's)
        "}\n",                                // 14
        "/// # Safety\n",                     // 15
        "pub(crate) trait Internal {}\n",     // 16: every trait is looked at
        "pub struct S;\n",                    // 17
        "impl Methods for S {\n",             // 18
        "    /// # Safety\n",                 // 19
        "    fn documented(self) {}\n",       // 20: trait impl: not looked at
        "}\n",                                // 21
        "impl S {\n",                         // 22
        "    /// # Safety\n",                 // 23
        "    pub fn method() {}\n",           // 24: exported
        "}\n",                                // 25
        "#[doc(hidden)]\n",                   // 26
        "pub mod internals {\n",              // 27
        "    /// # Safety\n",                 // 28
        "    pub fn f() {}\n",                // 29: under doc(hidden)
        "}\n",                                // 30
        "/// # Implementation safety\n",      // 31
        "pub trait ForImplementers {}\n",     // 32: clippy's fourth heading
        "/// ```\n",                          // 33
        "/// # Safety\n",                     // 34
        "/// ```\n",                          // 35
        "pub fn in_code_block() {}\n",        // 36: not a heading
        "/// Safety\n",                       // 37
        "/// ======\n",                       // 38
        "pub fn underlined() {}\n",           // 39: a setext heading
        "/// # safety\n",                     // 40
        "pub fn lowercase() {}\n",            // 41: not clippy's spelling
        "/// Docs.\n",                        // 42
        "pub\n",                              // 43
        "/// # Safety\n",                     // 44 (inside the item: not its docs)
        "fn split() {}\n",                    // 45
    );
    assert_eq!(
        safety_docs(source),
        vec![
            (4, FnDoc, true),
            (6, FnDoc, false),
            (9, FnDoc, false),
            (13, FnDoc, true),
            (16, TraitDoc, true),
            (20, FnDoc, false),
            (24, FnDoc, true),
            (29, FnDoc, false),
            (32, TraitDoc, true),
            (39, FnDoc, true),
        ]
    );
}

// After clippy's tests/ui/doc_unsafe.rs: the `# Safety` section of unsafe items as
// missing_safety_doc reads it, and which unsafe items it looks at.
#[test]
fn missing_safety_doc_reads_headings_and_visibility_as_clippy() {
    let source = concat!(
        "/// # Safety\n",                  // 1
        "pub unsafe fn documented() {}\n", // 2: documented
        "/// # safety\n",                  // 3
        "pub unsafe fn lowercase() {}\n",  // 4: not documented
        "/// SAFETY\n",                    // 5
        "/// ------\n",                    // 6
        "pub unsafe fn underlined() {}\n", // 7: documented
        "unsafe trait Private {}\n",       // 8: looked at, unexported or not
        "#[doc(hidden)]\n",                // 9
        "pub unsafe trait Hidden {}\n",    // 10: not looked at
        "#[doc(hidden)]\n",                // 11
        "pub mod hidden {\n",              // 12
        "    pub unsafe fn f() {}\n",      // 13: not looked at
        "}\n",                             // 14
    );
    let sites: Vec<(u32, bool, bool)> = rust_facts(source.as_bytes())
        .unsafe_sites
        .iter()
        .filter(|s| matches!(s.kind, UnsafeKind::Fn | UnsafeKind::Trait))
        .map(|s| (s.line, s.documented, s.exported))
        .collect();
    assert_eq!(
        sites,
        vec![
            (2, true, true),
            (4, false, true),
            (7, true, true),
            (8, false, true),
            (10, false, false),
            (13, false, false),
        ]
    );
}

// After what clippy reported on memchr 2.8.3 (`src/arch/x86_64/memchr.rs`) and zerocopy 0.8.54
// (`src/util/macros.rs`): a SAFETY comment above a safe statement of a function written in a
// `macro_rules!` body, judged in each expansion and reported at its line in the body.
#[test]
fn safety_comment_on_safe_code_in_a_macro_body() {
    let source = concat!(
        "macro_rules! make {\n",                                        // 1
        "    ($name:ident) => {\n",                                     // 2
        "        // SAFETY: the transcriber's own level: not judged\n", // 3
        "        unsafe fn $name(p: *const u8) -> u8 {\n",              // 4
        "            // SAFETY: a call, nothing unsafe\n",              // 5
        "            let v = read(p);\n",                               // 6: reported
        "            // SAFETY: holds an unsafe block\n",               // 7
        "            let w = unsafe { *p };\n",                         // 8: not reported
        "            // SAFETY: a macro invocation\n",                  // 9
        "            check!(v);\n",                                     // 10: not judged
        "            // SAFETY: the tail\n",                            // 11
        "            v + w\n",                                          // 12: reported
        "        }\n",                                                  // 13
        "    };\n",                                                     // 14
        "}\n",                                                          // 15
    );
    assert_eq!(unnecessary_comments(source), vec![6, 12]);
}
