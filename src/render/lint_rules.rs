//! What code-scanning services show about each lint rule: help text (plain and Markdown), a
//! link to the rule's section of docs/rules.md, the precision and the tags. One entry per
//! rule in [`help_of`]: a new [`Rule`] does not compile until it has its entry here and its
//! section in docs/rules.md (a test checks the anchors).

use crate::model::lint::Rule;

/// Where docs/rules.md is published: the crate's repository (Cargo.toml's `repository`).
pub const RULES_DOC: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// How sure a finding of the rule is, in SARIF's words (`properties.precision`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Almost never wrong.
    VeryHigh,
    /// Rarely wrong.
    High,
    /// Sometimes wrong.
    Medium,
}

impl Precision {
    /// The value SARIF and GitHub code scanning expect.
    pub fn name(self) -> &'static str {
        match self {
            Precision::VeryHigh => "very-high",
            Precision::High => "high",
            Precision::Medium => "medium",
        }
    }
}

/// The documentation of one rule.
#[derive(Debug, Clone, Copy)]
pub struct RuleHelp {
    /// What to do about a finding, as plain text.
    pub text: &'static str,
    /// The same, as Markdown.
    pub markdown: &'static str,
    /// How sure a finding is.
    pub precision: Precision,
    /// Categories shown by code-scanning services.
    pub tags: &'static [&'static str],
}

/// The documentation of `rule`.
pub fn help_of(rule: Rule) -> RuleHelp {
    match rule {
        Rule::UndocumentedUnsafe => RuleHelp {
            text: "Every unsafe block and unsafe impl in the kernel carries a `// SAFETY:` \
                   comment just above it that says why the operation is sound (why each of the \
                   callee's safety requirements holds here). Write that comment, or make the \
                   code safe. The rule follows clippy's undocumented_unsafe_blocks and \
                   undocumented_unsafe_impls.",
            markdown: "Every `unsafe` block and `unsafe impl` in the kernel carries a \
                       `// SAFETY:` comment just above it that says why the operation is \
                       sound: why each of the callee's safety requirements holds here.\n\n\
                       ```rust\n// SAFETY: `ptr` is valid for reads: it comes from `&self.inner`.\n\
                       let value = unsafe { *ptr };\n```\n\n\
                       Write that comment, or make the code safe. The rule follows clippy's \
                       [`undocumented_unsafe_blocks`](https://rust-lang.github.io/rust-clippy/master/index.html#undocumented_unsafe_blocks).",
            precision: Precision::High,
            tags: &["safety", "unsafe", "documentation"],
        },
        Rule::MissingSafetyDoc => RuleHelp {
            text: "An exported unsafe fn or unsafe trait states what its callers (or \
                   implementers) must guarantee, in a `# Safety` section of its documentation. \
                   Add that section. The rule follows clippy's missing_safety_doc.",
            markdown: "An exported `unsafe fn` or `unsafe trait` states what its callers (or \
                       implementers) must guarantee, in a `# Safety` section of its \
                       documentation:\n\n```rust\n/// Reads the register.\n///\n/// # Safety\n\
                       ///\n/// `addr` is mapped and 4-byte aligned.\npub unsafe fn read(addr: usize) -> u32 { .. }\n```\n\n\
                       The rule follows clippy's \
                       [`missing_safety_doc`](https://rust-lang.github.io/rust-clippy/master/index.html#missing_safety_doc).",
            precision: Precision::High,
            tags: &["safety", "unsafe", "documentation"],
        },
        Rule::UnnecessarySafetyComment => RuleHelp {
            text: "A `// SAFETY:` comment explains why unsafe code is sound; this one stands on \
                   safe code (a statement, expression or item that holds no unsafe block), \
                   where it misleads the reader. Remove it, or move it to the unsafe block it \
                   was meant for; on an `unsafe fn`, say it in a `# Safety` doc section. The \
                   rule follows clippy's unnecessary_safety_comment.",
            markdown: "A `// SAFETY:` comment explains why unsafe code is sound; this one stands \
                       on safe code (a statement, expression or item that holds no `unsafe` \
                       block), where it misleads the reader:\n\n```rust\n// SAFETY: nothing \
                       unsafe follows.\nlet len = buf.len();\n```\n\nRemove it, or move it to \
                       the unsafe block it was meant for; on an `unsafe fn`, say it in a \
                       `# Safety` doc section. The rule follows clippy's \
                       [`unnecessary_safety_comment`](https://rust-lang.github.io/rust-clippy/master/index.html#unnecessary_safety_comment).",
            precision: Precision::High,
            tags: &["safety", "documentation"],
        },
        Rule::UnnecessarySafetyDoc => RuleHelp {
            text: "A `# Safety` section states what callers of an unsafe fn (or implementers of \
                   an unsafe trait) must guarantee; this fn or trait is safe, so its callers \
                   owe nothing. Remove the section, or make the item unsafe if callers do owe \
                   something. The rule follows clippy's unnecessary_safety_doc.",
            markdown: "A `# Safety` section states what callers of an `unsafe fn` (or \
                       implementers of an `unsafe trait`) must guarantee; this fn or trait is \
                       safe, so its callers owe nothing. Remove the section, or make the item \
                       `unsafe` if callers do owe something. The rule follows clippy's \
                       [`unnecessary_safety_doc`](https://rust-lang.github.io/rust-clippy/master/index.html#unnecessary_safety_doc).",
            precision: Precision::High,
            tags: &["safety", "documentation"],
        },
        Rule::DriverUsesBindings => RuleHelp {
            text: "Drivers and other crates outside rust/ use the kernel crate's safe \
                   abstractions rather than the raw C bindings. Use (or write) an abstraction \
                   in rust/kernel for what this `bindings::` path reaches.",
            markdown: "Drivers and other crates outside `rust/` use the `kernel` crate's safe \
                       abstractions rather than the raw C bindings (`bindings::`). Use (or \
                       write, in `rust/kernel`) an abstraction for what this path reaches.",
            precision: Precision::VeryHigh,
            tags: &["maintainability", "abstraction"],
        },
        Rule::UnsafeInDriver => RuleHelp {
            text: "Code outside rust/ contains unsafe code. Kernel drivers aim to need none: \
                   move the unsafe operation into a safe abstraction in rust/kernel.",
            markdown: "Code outside `rust/` contains `unsafe` code. Kernel drivers aim to need \
                       none: move the unsafe operation into a safe abstraction in \
                       `rust/kernel`. Off by default (`--rule unsafe-in-driver`).",
            precision: Precision::VeryHigh,
            tags: &["safety", "unsafe"],
        },
        Rule::RustNotAnalysed => RuleHelp {
            text: "A Rust file (or an unreadable path that may hold one) could not be analysed:                    binary by a NUL byte, too large, nested too deep to parse, or unreadable.                    The other rules cannot vouch for it, so the gate fails closed. Fix the file                    or its permissions.",
            markdown: "A Rust file (or an unreadable path that may hold one) could not be \
                       analysed: binary by a NUL byte, too large, nested too deep to parse, or \
                       unreadable. The other rules cannot vouch for it, so the gate fails \
                       closed. Fix the file or its permissions. Always on, whatever `--rule` \
                       names.",
            precision: Precision::VeryHigh,
            tags: &["security", "correctness"],
        },
    }
}

/// The address of `rule`'s section of docs/rules.md (its anchor is the rule's name).
pub fn help_uri(rule: Rule) -> String {
    format!("{RULES_DOC}#{}", rule.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_section_in_docs_rules_md() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
            .expect("docs/rules.md");
        for rule in Rule::ALL {
            // GitHub's anchor of a heading `## `name`` is the name itself.
            let heading = format!("## `{}`", rule.name());
            assert!(
                doc.lines().any(|line| line == heading),
                "docs/rules.md has no heading {heading}"
            );
            let help = help_of(rule);
            assert!(!help.text.is_empty() && !help.markdown.is_empty());
            assert!(!help.tags.is_empty());
            assert!(help_uri(rule).ends_with(&format!("docs/rules.md#{}", rule.name())));
        }
    }
}
