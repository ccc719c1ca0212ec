//! The language table: how cloc recognises each language and which comment filters it applies.
//!
//! This is data, not code: the tables (in `languages_data.rs`) are generated from cloc 1.96's
//! own Perl source by `scripts/gen-cloc-languages.pl` and hold cloc's whole table: every
//! language with its filters, every extension, file name, file-name prefix and `#!`
//! interpreter. The content tests cloc applies to ambiguous extensions are in `classify.rs`.

/// One of cloc's comment filters, applied in order to the lines of a file.
/// Patterns are `regex` crate syntax with the meaning cloc's Perl pattern has.
#[derive(Debug, PartialEq, Eq)]
pub enum Filter {
    /// Drop lines matching the pattern (case-insensitive), cloc's `remove_matches`.
    RemoveMatches(&'static str),
    /// Delete `//` and `/* */` comments from the whole text (`call_regexp_common('C++')`).
    CommentsCpp,
    /// Delete `/* */` comments from the whole text (`call_regexp_common('C')`).
    CommentsC,
    /// Delete `<!-- -->` comments with Regexp::Common's rules (`call_regexp_common('HTML')`).
    CommentsHtml,
    /// Delete `{ }` and `(* *)` comments (`call_regexp_common('Pascal')`).
    CommentsPascal,
    /// Delete `--` and `/* */` comments (`call_regexp_common('PL/SQL')`).
    CommentsPlSql,
    /// Delete `" "` comments (`call_regexp_common('Smalltalk')`).
    CommentsSmalltalk,
    /// cloc's line-oriented `<!-- -->` removal (`remove_html_comments`).
    RemoveHtmlComments,
    /// Comments between two literal markers (`remove_between_general`).
    RemoveBetweenGeneral(&'static str, &'static str),
    /// Comments between two patterns (`remove_between_regex`).
    RemoveBetweenRegex(&'static str, &'static str),
    /// Drop every line above the first one matching the pattern, if one does (`remove_above`).
    RemoveAbove(&'static str),
    /// Drop everything from the first line matching the pattern (`remove_below`).
    RemoveBelow(&'static str),
    /// Drop blocks that start and end with lines matching the patterns (`remove_below_above`).
    RemoveBelowAbove(&'static str, &'static str),
    /// Python docstrings become C comments (`docstring_to_C`).
    DocstringToC,
    /// `<%-- --%>` comments (`remove_jsp_comments`).
    RemoveJspComments,
    /// Append a newline to every line (`add_newlines`).
    AddNewlines,
    /// Replace every match of the pattern (`replace_regex`).
    ReplaceRegex(&'static str, &'static str),
    /// Replace a quoted string that ends with the marker (`/*` or `*/`) right before its
    /// closing quote with `xx` (Java's `replace_between_regex` rules).
    QuotedCommentMarkerToXx(&'static str),
    /// Split a quoted string holding `/*` between the `/` and the `*` (Groovy's
    /// `replace_between_regex` rule).
    SplitQuotedCommentOpen,
    /// Add a prefix before the first line and a suffix after the last (`pre_post_fix`).
    PrePostFix(&'static str, &'static str),
    /// Drop the last line (`rm_last_line`).
    RmLastLine,
    /// Fortran 77 comments (`remove_f77_comments`).
    RemoveF77Comments,
    /// Fortran 90 comments (`remove_f90_comments`).
    RemoveF90Comments,
    /// Nested `(* *)` comments (`remove_OCaml_comments`).
    RemoveOcamlComments,
    /// Haml's indented block comments (`remove_haml_block`).
    RemoveHamlBlock,
    /// Pug's indented block comments (`remove_pug_block`).
    RemovePugBlock,
    /// Slim's indented block comments (`remove_slim_block`).
    RemoveSlimBlock,
    /// Smarty `{* *}` comments become C comments (`smarty_to_C`).
    SmartyToC,
    /// PowerShell `<# #>` comments become C comments (`powershell_to_C`).
    PowershellToC,
    /// Elixir `@doc """` blocks become C comments (`elixir_doc_to_C`).
    ElixirDocToC,
    /// Forth `( )` comments become C comments (`Forth_paren_to_C`).
    ForthParenToC,
    /// JCL comments (`remove_jcl_comments`).
    RemoveJclComments,
    /// COBOL comments (`remove_cobol_comments`).
    RemoveCobolComments,
    /// Keep only R Markdown code blocks (`reduce_to_rmd_code_blocks`).
    ReduceToRmdCodeBlocks,
    /// Keep only a notebook's code cells (`jupyter_nb`).
    JupyterNb,
    /// Haskell-family comments (`remove_haskell_comments`); needs the file name.
    RemoveHaskellComments,
}

/// How a language continues a line onto the next; a blank line right after a continued line is
/// not counted as blank by cloc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Continuation {
    /// A trailing `\`.
    Backslash,
    /// A trailing `...` (MATLAB).
    Ellipsis,
    /// A line matching this pattern (case-insensitive), for the few languages with another rule.
    Regex(&'static str),
}

/// A language cloc counts.
#[derive(Debug, PartialEq, Eq)]
pub struct Language {
    /// cloc's name for it (`C/C++ Header`, `Bourne Shell`, `make`, ...).
    pub name: &'static str,
    /// Comment filters, in order.
    pub filters: &'static [Filter],
    /// A scripting language: a first `#!` line is counted as code.
    pub script: bool,
    /// Line continuation that protects a following blank line.
    pub continuation: Option<Continuation>,
}

/// cloc's name for Rust: the language the report is about.
pub const RUST: &str = "Rust";

impl Language {
    /// Whether this is Rust.
    pub fn is_rust(&self) -> bool {
        self.name == RUST
    }
}

use Filter::*;

const BS: Option<Continuation> = Some(Continuation::Backslash);

include!("languages_data.rs");

/// Look a language up by cloc's name.
pub fn language_named(name: &str) -> Option<&'static Language> {
    LANGUAGES
        .binary_search_by(|l| l.name.cmp(name))
        .ok()
        .map(|at| &LANGUAGES[at])
}

/// What an extension or a file name says about a file's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolve {
    /// This language.
    Language(&'static str),
    /// One of several, decided from the content; cloc's name for the choice
    /// (`Perl/Prolog`, `MATLAB/Mathematica/Objective-C/MUMPS/Mercury`, ...).
    Ambiguous(&'static str),
}

/// Look a key up in a sorted table.
pub fn lookup<T: Copy>(table: &[(&str, T)], key: &str) -> Option<T> {
    table
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|at| table[at].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_entry_names_a_known_language() {
        for (key, resolve) in EXTENSIONS.iter().chain(FILE_NAMES) {
            if let Resolve::Language(name) = resolve {
                assert!(language_named(name).is_some(), "{key} -> {name}");
            }
        }
        for (key, name) in INTERPRETERS.iter().chain(PREFIXES) {
            assert!(language_named(name).is_some(), "{key} -> {name}");
        }
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(EXTENSIONS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(FILE_NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(INTERPRETERS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(PREFIXES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(LANGUAGES.windows(2).all(|w| w[0].name < w[1].name));
        assert!(NOT_CODE_EXTENSIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(NOT_CODE_FILE_NAMES.windows(2).all(|w| w[0] < w[1]));
    }

    /// Every pattern of the table is valid in the `regex` crate (they are compiled lazily).
    #[test]
    fn every_pattern_compiles() {
        for language in LANGUAGES {
            for filter in language.filters {
                let patterns: Vec<&str> = match filter {
                    RemoveMatches(p) | RemoveAbove(p) | RemoveBelow(p) | ReplaceRegex(p, _) => {
                        vec![p]
                    }
                    RemoveBelowAbove(a, b) | RemoveBetweenRegex(a, b) => vec![a, b],
                    _ => vec![],
                };
                for p in patterns {
                    assert!(
                        regex::bytes::Regex::new(&format!("(?-u){p}")).is_ok(),
                        "{}: {p}",
                        language.name
                    );
                }
            }
            if let Some(Continuation::Regex(p)) = language.continuation {
                assert!(regex::bytes::Regex::new(p).is_ok(), "{p}");
            }
        }
    }
}
