//! The language table: how cloc recognises each language and which comment filters it applies.
//!
//! This is data, not code: the tables are generated from cloc's own Perl source by
//! `scripts/gen-cloc-languages.pl`, one per cloc version kcensus reproduces ([`ClocVersion`]):
//! `languages_data.rs` (1.96, the default), `languages_data_2_04.rs` and
//! `languages_data_2_08.rs`. Each holds cloc's whole table: every language with its filters,
//! every extension, file name, file-name prefix and `#!` interpreter. [`ClocVersion::table`] is
//! the one place that picks a table. The content tests cloc applies to ambiguous extensions are
//! in `classify.rs` and `ambiguous*.rs`, shared by the versions (each version's table names
//! the tests it uses).

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
    /// cloc 2.04's `remove_html_comments`: as [`Filter::RemoveHtmlComments`], but the code
    /// before a comment that stays open is kept as a line.
    RemoveHtmlCommentsKeepingCode,
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
    /// Replace a quoted string holding the marker (`/*` or `*/`) anywhere with `xx` (cloc
    /// 2.04's Java `replace_between_regex('(["\'])(.*?MARKER)(.*?)\1', ...)` rules).
    QuotedTextWithCommentMarkerToXx(&'static str),
    /// Hide `/*`, `*/` and `//` inside Python-style docstrings (cloc 2.04's
    /// `docstring_rm_comments`, for Java).
    DocstringRmComments,
    /// Civet's comments, CoffeeScript style or C style as the file declares
    /// (`call_parse_civet`).
    CivetComments,
    /// TLA+ comments, keeping PlusCal code inside them (`remove_TLAPlus_comments`).
    RemoveTlaPlusComments,
    /// A filter kcensus does not reproduce (a pattern with look-around): files of a language
    /// with it are not counted, with a reason, rather than counted differently from cloc.
    Unsupported,
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

/// The cloc whose rules kcensus reproduces: 1.96 by default, or a newer one on request
/// (`--cloc 2.04`), as a documented compatibility mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClocVersion {
    /// cloc 1.96 (Debian bookworm), the default.
    #[default]
    V1_96,
    /// cloc 2.04 (Debian trixie; the seed article's).
    V2_04,
    /// cloc 2.08 (Debian sid).
    V2_08,
}

impl ClocVersion {
    /// Every version, oldest first.
    pub const ALL: [ClocVersion; 3] = [ClocVersion::V1_96, ClocVersion::V2_04, ClocVersion::V2_08];

    /// The version as cloc prints it (`1.96`).
    pub fn name(self) -> &'static str {
        match self {
            ClocVersion::V1_96 => "1.96",
            ClocVersion::V2_04 => "2.04",
            ClocVersion::V2_08 => "2.08",
        }
    }

    /// The version named `name` (`1.96`, `2.04`, `2.08`).
    pub fn from_name(name: &str) -> Option<ClocVersion> {
        ClocVersion::ALL.into_iter().find(|v| v.name() == name)
    }

    /// This version's language table: the one place a table is chosen.
    pub fn table(self) -> &'static LanguageTable {
        match self {
            ClocVersion::V1_96 => &cloc_1_96::TABLE,
            ClocVersion::V2_04 => &cloc_2_04::TABLE,
            ClocVersion::V2_08 => &cloc_2_08::TABLE,
        }
    }
}

/// One cloc version's whole language table (see the generated `languages_data*.rs`).
#[derive(Debug)]
pub struct LanguageTable {
    /// The cloc version it comes from.
    pub version: ClocVersion,
    /// Every language cloc counts, sorted by name.
    pub languages: &'static [Language],
    /// File extensions, sorted.
    pub extensions: &'static [(&'static str, Resolve)],
    /// Whole file names, sorted.
    pub file_names: &'static [(&'static str, Resolve)],
    /// File-name stems, sorted.
    pub prefixes: &'static [(&'static str, &'static str)],
    /// Interpreters of a `#!` line, sorted.
    pub interpreters: &'static [(&'static str, &'static str)],
    /// Extensions never counted, sorted.
    pub not_code_extensions: &'static [&'static str],
    /// File names never counted, sorted.
    pub not_code_file_names: &'static [&'static str],
}

impl LanguageTable {
    /// Look a language up by cloc's name.
    pub fn language_named(&self, name: &str) -> Option<&'static Language> {
        let languages = self.languages;
        languages
            .binary_search_by(|l| l.name.cmp(name))
            .ok()
            .map(|at| &languages[at])
    }
}

/// The generated tables, one module per cloc version.
macro_rules! cloc_table {
    ($module:ident, $version:expr, $file:literal) => {
        mod $module {
            use super::Filter::*;
            use super::{ClocVersion, Continuation, Language, LanguageTable, Resolve};

            const BS: Option<Continuation> = Some(Continuation::Backslash);

            include!($file);

            pub(super) static TABLE: LanguageTable = LanguageTable {
                version: $version,
                languages: LANGUAGES,
                extensions: EXTENSIONS,
                file_names: FILE_NAMES,
                prefixes: PREFIXES,
                interpreters: INTERPRETERS,
                not_code_extensions: NOT_CODE_EXTENSIONS,
                not_code_file_names: NOT_CODE_FILE_NAMES,
            };
        }
    };
}

cloc_table!(cloc_1_96, ClocVersion::V1_96, "languages_data.rs");
cloc_table!(cloc_2_04, ClocVersion::V2_04, "languages_data_2_04.rs");
cloc_table!(cloc_2_08, ClocVersion::V2_08, "languages_data_2_08.rs");

/// cloc 1.96's languages (the default table's), sorted by name.
pub use cloc_1_96::LANGUAGES;

/// Look a language up by cloc's name in the default (cloc 1.96) table.
pub fn language_named(name: &str) -> Option<&'static Language> {
    ClocVersion::default().table().language_named(name)
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
    use super::Filter::*;
    use super::*;

    #[test]
    fn every_table_entry_names_a_known_language() {
        for t in ClocVersion::ALL.map(ClocVersion::table) {
            for (key, resolve) in t.extensions.iter().chain(t.file_names) {
                if let Resolve::Language(name) = resolve {
                    assert!(t.language_named(name).is_some(), "{key} -> {name}");
                }
            }
            for (key, name) in t.interpreters.iter().chain(t.prefixes) {
                assert!(t.language_named(name).is_some(), "{key} -> {name}");
            }
        }
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for t in ClocVersion::ALL.map(ClocVersion::table) {
            assert!(t.extensions.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(t.file_names.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(t.interpreters.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(t.prefixes.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(t.languages.windows(2).all(|w| w[0].name < w[1].name));
            assert!(t.not_code_extensions.windows(2).all(|w| w[0] < w[1]));
            assert!(t.not_code_file_names.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn versions_name_their_tables() {
        for v in ClocVersion::ALL {
            assert_eq!(v.table().version, v);
            assert_eq!(ClocVersion::from_name(v.name()), Some(v));
        }
        assert_eq!(ClocVersion::from_name("2.00"), None);
    }

    /// Every pattern of the table is valid in the `regex` crate (they are compiled lazily).
    #[test]
    fn every_pattern_compiles() {
        for language in ClocVersion::ALL.iter().flat_map(|v| v.table().languages) {
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
