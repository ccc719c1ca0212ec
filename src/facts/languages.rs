//! The language table: how cloc recognises each language and which comment filters it applies.
//!
//! This is data, not code: adding a language means adding a row to [`LANGUAGES`] and its
//! extensions to [`EXTENSIONS`]. The rows reproduce cloc 1.96's definitions for every language
//! cloc reports on Linux kernel trees; files in other languages are listed as skipped
//! ("unknown language") rather than counted approximately.

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
    /// cloc's line-oriented `<!-- -->` removal (`remove_html_comments`).
    RemoveHtmlComments,
    /// Comments between two literal markers (`remove_between_general`).
    RemoveBetweenGeneral(&'static str, &'static str),
    /// Comments between two patterns (`remove_between_regex`).
    RemoveBetweenRegex(&'static str, &'static str),
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
}

/// How a language continues a line onto the next; a blank line right after a continued line is
/// not counted as blank by cloc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Continuation {
    /// A trailing `\`.
    Backslash,
    /// A trailing `...` (MATLAB).
    Ellipsis,
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

const C_LIKE: &[Filter] = &[CommentsCpp];
const HASH: &[Filter] = &[RemoveMatches(r"^\s*#")];
const MARKUP: &[Filter] = &[RemoveHtmlComments, CommentsHtml];
const BLANK_ONLY: &[Filter] = &[RemoveMatches(r"^\s*$")];
const BS: Option<Continuation> = Some(Continuation::Backslash);

macro_rules! lang {
    ($name:expr, $filters:expr) => {
        Language {
            name: $name,
            filters: $filters,
            script: false,
            continuation: None,
        }
    };
    ($name:expr, $filters:expr, script) => {
        Language {
            name: $name,
            filters: $filters,
            script: true,
            continuation: None,
        }
    };
    ($name:expr, $filters:expr, $cont:expr) => {
        Language {
            name: $name,
            filters: $filters,
            script: false,
            continuation: $cont,
        }
    };
    ($name:expr, $filters:expr, script, $cont:expr) => {
        Language {
            name: $name,
            filters: $filters,
            script: true,
            continuation: $cont,
        }
    };
}

/// Every language kcensus counts. (`remove_inline` filters are left out: cloc only applies
/// them with `--inline`.)
pub static LANGUAGES: &[Language] = &[
    lang!(
        "Assembly",
        &[
            RemoveMatches(r"^\s*#"),
            RemoveMatches(r"^\s*;"),
            CommentsCpp,
            RemoveMatches(r"^\s*@"),
            RemoveMatches(r"^\s*\|"),
            RemoveMatches(r"^\s*!"),
            RemoveMatches(r"^\s*--"),
            RemoveMatches(r"^\*"),
        ],
        BS
    ),
    lang!("awk", HASH, script, BS),
    lang!("Bourne Again Shell", HASH, script, BS),
    lang!("Bourne Shell", HASH, script, BS),
    lang!("C", C_LIKE, BS),
    lang!("C++", C_LIKE, BS),
    lang!("C/C++ Header", C_LIKE, BS),
    lang!(
        "Clojure",
        &[RemoveMatches(r"^\s*;"), RemoveMatches(r"^\s*#_")]
    ),
    lang!("CSS", &[CommentsC]),
    lang!("CSV", BLANK_ONLY),
    lang!("Cucumber", HASH),
    lang!("Glade", MARKUP),
    lang!("HTML", MARKUP),
    lang!("INI", &[RemoveMatches(r"^\s*;")]),
    lang!("JSON", BLANK_ONLY),
    lang!("lex", &[CommentsC], BS),
    lang!("Logos", HASH),
    lang!("m4", &[RemoveMatches(r"^dnl\s")]),
    lang!("make", HASH, script, BS),
    lang!(
        "Markdown",
        &[
            RemoveBetweenGeneral("<!--", "-->"),
            RemoveBetweenRegex(r"\[(comment|//)?\]\s*:?\s*(<\s*>|#)?\s*\(.*?", r".*?\)"),
        ]
    ),
    lang!(
        "MATLAB",
        &[RemoveBetweenGeneral("%{", "%}"), RemoveMatches(r"^\s*%")],
        Some(Continuation::Ellipsis)
    ),
    lang!("NAnt script", MARKUP),
    lang!(
        "Perl",
        &[
            RemoveBelow(r"^__(END|DATA)__"),
            RemoveMatches(r"^\s*#"),
            RemoveBelowAbove(r"^=head1", r"^=cut"),
        ],
        script
    ),
    lang!("PO File", &[RemoveMatches(r"^\s*#[^,]")]),
    lang!(
        "Python",
        &[
            RemoveMatches(r"/\*"),
            RemoveMatches(r"\*/"),
            RemoveMatches(r"^\s*#"),
            DocstringToC,
            CommentsC,
        ],
        script,
        BS
    ),
    lang!("Qt", MARKUP),
    lang!(
        "reStructuredText",
        &[RemoveBetweenRegex(r"^\.\.", r"^[^ \n\t\r\f\.]")]
    ),
    lang!(
        "Ruby",
        &[
            RemoveMatches(r"^\s*#"),
            RemoveBelowAbove(r"^=begin", r"^=end")
        ],
        script,
        BS
    ),
    lang!("Rust", C_LIKE),
    lang!("sed", HASH, script, BS),
    lang!("SVG", MARKUP),
    lang!("TeX", &[RemoveMatches(r"^\s*%")]),
    lang!("Text", BLANK_ONLY),
    lang!("TNSDL", C_LIKE),
    lang!("TOML", HASH),
    lang!("Umka", C_LIKE),
    lang!(
        "Velocity Template Language",
        &[
            RemoveHtmlComments,
            CommentsHtml,
            RemoveJspComments,
            RemoveMatches(r"^\s*##"),
            RemoveBetweenGeneral("#**", "*#"),
            AddNewlines,
        ]
    ),
    lang!("vim script", &[RemoveMatches(r#"^\s*""#)]),
    lang!("Windows Module Definition", &[RemoveMatches(r"^\s*;")]),
    lang!("XML", MARKUP),
    lang!("XSD", MARKUP),
    lang!("XSLT", MARKUP),
    lang!("yacc", C_LIKE),
    lang!("YAML", HASH),
];

/// Look a language up by cloc's name.
pub fn language_named(name: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|l| l.name == name)
}

/// What an extension says about a file's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolve {
    /// This language.
    Language(&'static str),
    /// `.pl`: Perl unless the content looks like Prolog.
    PerlOrProlog,
    /// `.inc`: PHP or Pascal if the content says so, otherwise unknown.
    PhpOrPascal,
    /// `.m`: MATLAB, Objective-C, Mathematica, MUMPS or Mercury, from the content.
    MatlabFamily,
    /// `.ui`: Qt or Glade, from the content.
    QtOrGlade,
}

/// File extensions (without the dot; double and triple extensions such as `rst.txt` too),
/// case-sensitive as in cloc on Linux.
pub static EXTENSIONS: &[(&str, Resolve)] = &[
    ("C", Resolve::Language("C++")),
    ("CPP", Resolve::Language("C++")),
    ("Gnumakefile", Resolve::Language("make")),
    ("H", Resolve::Language("C/C++ Header")),
    ("Makefile", Resolve::Language("make")),
    ("PL", Resolve::PerlOrProlog),
    ("S", Resolve::Language("Assembly")),
    ("SVG", Resolve::Language("SVG")),
    ("XML", Resolve::Language("XML")),
    ("XSD", Resolve::Language("XSD")),
    ("XSL", Resolve::Language("XSLT")),
    ("XSLT", Resolve::Language("XSLT")),
    ("a51", Resolve::Language("Assembly")),
    ("ac", Resolve::Language("m4")),
    ("ack", Resolve::Language("Perl")),
    ("adml", Resolve::Language("XML")),
    ("admx", Resolve::Language("XML")),
    ("al", Resolve::Language("Perl")),
    ("am", Resolve::Language("make")),
    ("ant", Resolve::Language("XML")),
    ("app.config", Resolve::Language("XML")),
    ("appraisals", Resolve::Language("Ruby")),
    ("arcconfig", Resolve::Language("JSON")),
    ("asm", Resolve::Language("Assembly")),
    ("auk", Resolve::Language("awk")),
    ("aux", Resolve::Language("TeX")),
    ("avsc", Resolve::Language("JSON")),
    ("awk", Resolve::Language("awk")),
    ("axml", Resolve::Language("XML")),
    ("bash", Resolve::Language("Bourne Again Shell")),
    ("bbx", Resolve::Language("TeX")),
    ("berksfile", Resolve::Language("Ruby")),
    ("bib", Resolve::Language("TeX")),
    ("boot", Resolve::Language("Clojure")),
    ("brewfile", Resolve::Language("Ruby")),
    ("bst", Resolve::Language("TeX")),
    ("buck", Resolve::Language("Python")),
    ("build", Resolve::Language("NAnt script")),
    ("build.bazel", Resolve::Language("Python")),
    ("builder", Resolve::Language("Ruby")),
    ("buildfile", Resolve::Language("Ruby")),
    ("buildozer.spec", Resolve::Language("INI")),
    ("builds", Resolve::Language("XML")),
    ("c", Resolve::Language("C")),
    ("c++", Resolve::Language("C++")),
    ("capfile", Resolve::Language("Ruby")),
    ("cats", Resolve::Language("C")),
    ("cbx", Resolve::Language("TeX")),
    ("cc", Resolve::Language("C++")),
    ("ccproj", Resolve::Language("XML")),
    ("ccxml", Resolve::Language("XML")),
    ("cii", Resolve::Language("TNSDL")),
    ("cin", Resolve::Language("TNSDL")),
    ("cl2", Resolve::Language("Clojure")),
    ("clang-format", Resolve::Language("YAML")),
    ("clang-tidy", Resolve::Language("YAML")),
    ("classpath", Resolve::Language("XML")),
    ("clixml", Resolve::Language("XML")),
    ("clj", Resolve::Language("Clojure")),
    ("cljs.hl", Resolve::Language("Clojure")),
    ("cljscm", Resolve::Language("Clojure")),
    ("cljx", Resolve::Language("Clojure")),
    ("composer.lock", Resolve::Language("JSON")),
    ("contents.lr", Resolve::Language("Markdown")),
    ("cpanfile", Resolve::Language("Perl")),
    ("cpp", Resolve::Language("C++")),
    ("cproject", Resolve::Language("XML")),
    ("cscfg", Resolve::Language("XML")),
    ("csdef", Resolve::Language("XML")),
    ("csl", Resolve::Language("XML")),
    ("css", Resolve::Language("CSS")),
    ("csv", Resolve::Language("CSV")),
    ("ct", Resolve::Language("XML")),
    ("cxx", Resolve::Language("C++")),
    ("dangerfile", Resolve::Language("Ruby")),
    ("def", Resolve::Language("Windows Module Definition")),
    ("deliverfile", Resolve::Language("Ruby")),
    ("depproj", Resolve::Language("XML")),
    ("ditamap", Resolve::Language("XML")),
    ("ditaval", Resolve::Language("XML")),
    ("dll.config", Resolve::Language("XML")),
    ("dotsettings", Resolve::Language("XML")),
    ("dtx", Resolve::Language("TeX")),
    ("ec", Resolve::Language("C")),
    ("eye", Resolve::Language("Ruby")),
    ("fastfile", Resolve::Language("Ruby")),
    ("feature", Resolve::Language("Cucumber")),
    ("filters", Resolve::Language("XML")),
    ("fsproj", Resolve::Language("XML")),
    ("gawk", Resolve::Language("awk")),
    ("gclient", Resolve::Language("Python")),
    ("gemfile", Resolve::Language("Ruby")),
    ("gemfile.lock", Resolve::Language("Ruby")),
    ("gemrc", Resolve::Language("YAML")),
    ("gemspec", Resolve::Language("Ruby")),
    ("geojson", Resolve::Language("JSON")),
    ("glade", Resolve::Language("Glade")),
    ("glide.lock", Resolve::Language("YAML")),
    ("gltf", Resolve::Language("JSON")),
    ("gmx", Resolve::Language("XML")),
    ("gnumakefile", Resolve::Language("make")),
    ("god", Resolve::Language("Ruby")),
    ("grxml", Resolve::Language("XML")),
    ("guardfile", Resolve::Language("Ruby")),
    ("gyp", Resolve::Language("Python")),
    ("gypi", Resolve::Language("Python")),
    ("h", Resolve::Language("C/C++ Header")),
    ("h++", Resolve::Language("C++")),
    ("har", Resolve::Language("JSON")),
    ("hh", Resolve::Language("C/C++ Header")),
    ("hic", Resolve::Language("Clojure")),
    ("hpp", Resolve::Language("C/C++ Header")),
    ("htm", Resolve::Language("HTML")),
    ("html", Resolve::Language("HTML")),
    ("html.hl", Resolve::Language("HTML")),
    ("htmlhintrc", Resolve::Language("JSON")),
    ("hxx", Resolve::Language("C/C++ Header")),
    ("idc", Resolve::Language("C")),
    ("iml", Resolve::Language("XML")),
    ("in1", Resolve::Language("TNSDL")),
    ("in2", Resolve::Language("TNSDL")),
    ("in3", Resolve::Language("TNSDL")),
    ("in4", Resolve::Language("TNSDL")),
    ("inc", Resolve::PhpOrPascal),
    ("inf", Resolve::Language("TNSDL")),
    ("ini", Resolve::Language("INI")),
    ("inl", Resolve::Language("C++")),
    ("ins", Resolve::Language("TeX")),
    ("interface", Resolve::Language("TNSDL")),
    ("ipp", Resolve::Language("C++")),
    ("irbrc", Resolve::Language("Ruby")),
    ("ivy", Resolve::Language("XML")),
    ("jarfile", Resolve::Language("Ruby")),
    ("jbuilder", Resolve::Language("Ruby")),
    ("jelly", Resolve::Language("XML")),
    ("json", Resolve::Language("JSON")),
    ("json-tmlanguage", Resolve::Language("JSON")),
    ("jsonl", Resolve::Language("JSON")),
    ("jsproj", Resolve::Language("XML")),
    ("kml", Resolve::Language("XML")),
    ("l", Resolve::Language("lex")),
    ("launch", Resolve::Language("XML")),
    ("lbx", Resolve::Language("TeX")),
    ("lektorproject", Resolve::Language("INI")),
    ("lex", Resolve::Language("lex")),
    ("lmi", Resolve::Language("Python")),
    ("ltx", Resolve::Language("TeX")),
    ("m", Resolve::MatlabFamily),
    ("m4", Resolve::Language("m4")),
    ("makefile", Resolve::Language("make")),
    ("makefile.pl", Resolve::Language("Perl")),
    ("markdown", Resolve::Language("Markdown")),
    ("mavenfile", Resolve::Language("Ruby")),
    ("mawk", Resolve::Language("awk")),
    ("mcmeta", Resolve::Language("JSON")),
    ("mcmod.info", Resolve::Language("JSON")),
    ("md", Resolve::Language("Markdown")),
    ("mdown", Resolve::Language("Markdown")),
    ("mdpolicy", Resolve::Language("XML")),
    ("mdwn", Resolve::Language("Markdown")),
    ("mdx", Resolve::Language("Markdown")),
    ("mir", Resolve::Language("YAML")),
    ("mjml", Resolve::Language("XML")),
    ("mk", Resolve::Language("make")),
    ("mkd", Resolve::Language("Markdown")),
    ("mkdn", Resolve::Language("Markdown")),
    ("mkdown", Resolve::Language("Markdown")),
    ("mkii", Resolve::Language("TeX")),
    ("mkiv", Resolve::Language("TeX")),
    ("mkvi", Resolve::Language("TeX")),
    ("mspec", Resolve::Language("Ruby")),
    ("nasm", Resolve::Language("Assembly")),
    ("natvis", Resolve::Language("XML")),
    ("nawk", Resolve::Language("awk")),
    ("ndproj", Resolve::Language("XML")),
    ("nproj", Resolve::Language("XML")),
    ("nuget.config", Resolve::Language("XML")),
    ("nuspec", Resolve::Language("XML")),
    ("odd", Resolve::Language("XML")),
    ("osm", Resolve::Language("XML")),
    ("packages.config", Resolve::Language("XML")),
    ("pcc", Resolve::Language("C++")),
    ("perl", Resolve::Language("Perl")),
    ("pgc", Resolve::Language("C")),
    ("ph", Resolve::Language("Perl")),
    ("pkgproj", Resolve::Language("XML")),
    ("pl", Resolve::PerlOrProlog),
    ("plh", Resolve::Language("Perl")),
    ("plist", Resolve::Language("XML")),
    ("plx", Resolve::Language("Perl")),
    ("pm", Resolve::Language("Perl")),
    ("po", Resolve::Language("PO File")),
    ("podfile", Resolve::Language("Ruby")),
    ("podspec", Resolve::Language("Ruby")),
    ("prefs", Resolve::Language("INI")),
    ("proj", Resolve::Language("XML")),
    ("project", Resolve::Language("XML")),
    ("props", Resolve::Language("XML")),
    ("pryrc", Resolve::Language("Ruby")),
    ("ps1xml", Resolve::Language("XML")),
    ("psc1", Resolve::Language("XML")),
    ("psgi", Resolve::Language("Perl")),
    ("pt", Resolve::Language("XML")),
    ("puppetfile", Resolve::Language("Ruby")),
    ("py", Resolve::Language("Python")),
    ("py3", Resolve::Language("Python")),
    ("pyde", Resolve::Language("Python")),
    ("pyi", Resolve::Language("Python")),
    ("pyp", Resolve::Language("Python")),
    ("pyt", Resolve::Language("Python")),
    ("pyw", Resolve::Language("Python")),
    ("rabl", Resolve::Language("Ruby")),
    ("rake", Resolve::Language("Ruby")),
    ("rb", Resolve::Language("Ruby")),
    ("rbuild", Resolve::Language("Ruby")),
    ("rbw", Resolve::Language("Ruby")),
    ("rbx", Resolve::Language("Ruby")),
    ("rdf", Resolve::Language("XML")),
    ("reek", Resolve::Language("YAML")),
    ("rest", Resolve::Language("reStructuredText")),
    ("rest.txt", Resolve::Language("reStructuredText")),
    ("resx", Resolve::Language("XML")),
    ("rexfile", Resolve::Language("Perl")),
    ("riemann.config", Resolve::Language("Clojure")),
    ("ronn", Resolve::Language("Markdown")),
    ("rou", Resolve::Language("TNSDL")),
    ("rs", Resolve::Language("Rust")),
    ("rs.in", Resolve::Language("Rust")),
    ("rss", Resolve::Language("XML")),
    ("rst", Resolve::Language("reStructuredText")),
    ("rst.txt", Resolve::Language("reStructuredText")),
    ("ru", Resolve::Language("Ruby")),
    ("rviz", Resolve::Language("YAML")),
    ("s", Resolve::Language("Assembly")),
    ("sconscript", Resolve::Language("Python")),
    ("sconstruct", Resolve::Language("Python")),
    ("scxml", Resolve::Language("XML")),
    ("sdl", Resolve::Language("TNSDL")),
    ("sdt", Resolve::Language("TNSDL")),
    ("sed", Resolve::Language("sed")),
    ("settings.stylecop", Resolve::Language("XML")),
    ("sfproj", Resolve::Language("XML")),
    ("sh", Resolve::Language("Bourne Shell")),
    ("shproj", Resolve::Language("XML")),
    ("snakefile", Resolve::Language("Python")),
    ("snapfile", Resolve::Language("Ruby")),
    ("spd", Resolve::Language("TNSDL")),
    ("srdf", Resolve::Language("XML")),
    ("ssc", Resolve::Language("TNSDL")),
    ("sst", Resolve::Language("TNSDL")),
    ("storyboard", Resolve::Language("XML")),
    ("sttheme", Resolve::Language("XML")),
    ("sty", Resolve::Language("TeX")),
    ("sublime-snippet", Resolve::Language("XML")),
    ("sublime-syntax", Resolve::Language("YAML")),
    ("svg", Resolve::Language("SVG")),
    ("syntax", Resolve::Language("YAML")),
    ("tac", Resolve::Language("Python")),
    ("targets", Resolve::Language("XML")),
    ("tcc", Resolve::Language("C++")),
    ("tern-config", Resolve::Language("JSON")),
    ("tern-project", Resolve::Language("JSON")),
    ("tex", Resolve::Language("TeX")),
    ("text", Resolve::Language("Text")),
    ("tfstate", Resolve::Language("JSON")),
    ("tfstate.backup", Resolve::Language("JSON")),
    ("thor", Resolve::Language("Ruby")),
    ("thorfile", Resolve::Language("Ruby")),
    ("tmcommand", Resolve::Language("XML")),
    ("tml", Resolve::Language("XML")),
    ("tmlanguage", Resolve::Language("XML")),
    ("tmpreferences", Resolve::Language("XML")),
    ("tmsnippet", Resolve::Language("XML")),
    ("tmtheme", Resolve::Language("XML")),
    ("toml", Resolve::Language("TOML")),
    ("topojson", Resolve::Language("JSON")),
    ("tpp", Resolve::Language("C++")),
    ("txt", Resolve::Language("Text")),
    ("ui", Resolve::QtOrGlade),
    ("um", Resolve::Language("Umka")),
    ("urdf", Resolve::Language("XML")),
    ("ux", Resolve::Language("XML")),
    ("vagrantfile", Resolve::Language("Ruby")),
    ("vcxproj", Resolve::Language("XML")),
    ("vim", Resolve::Language("vim script")),
    ("vm", Resolve::Language("Velocity Template Language")),
    ("vsixmanifest", Resolve::Language("XML")),
    ("vssettings", Resolve::Language("XML")),
    ("vstemplate", Resolve::Language("XML")),
    ("vxml", Resolve::Language("XML")),
    ("watchmanconfig", Resolve::Language("JSON")),
    ("watchr", Resolve::Language("Ruby")),
    ("web.config", Resolve::Language("XML")),
    ("web.debug.config", Resolve::Language("XML")),
    ("web.release.config", Resolve::Language("XML")),
    ("webapp", Resolve::Language("JSON")),
    ("webmanifest", Resolve::Language("JSON")),
    ("workbook", Resolve::Language("Markdown")),
    ("workspace", Resolve::Language("Python")),
    ("wscript", Resolve::Language("Python")),
    ("wsf", Resolve::Language("XML")),
    ("wsgi", Resolve::Language("Python")),
    ("x", Resolve::Language("Logos")),
    ("x3d", Resolve::Language("XML")),
    ("xacro", Resolve::Language("XML")),
    ("xht", Resolve::Language("HTML")),
    ("xib", Resolve::Language("XML")),
    ("xlf", Resolve::Language("XML")),
    ("xliff", Resolve::Language("XML")),
    ("xm", Resolve::Language("Logos")),
    ("xml", Resolve::Language("XML")),
    ("xml.dist", Resolve::Language("XML")),
    ("xproj", Resolve::Language("XML")),
    ("xpy", Resolve::Language("Python")),
    ("xsd", Resolve::Language("XSD")),
    ("xsl", Resolve::Language("XSLT")),
    ("xslt", Resolve::Language("XSLT")),
    ("xspec", Resolve::Language("XML")),
    ("xul", Resolve::Language("XML")),
    ("y", Resolve::Language("yacc")),
    ("yacc", Resolve::Language("yacc")),
    ("yaml", Resolve::Language("YAML")),
    ("yaml-tmlanguage", Resolve::Language("YAML")),
    ("yml", Resolve::Language("YAML")),
    ("yml.mysql", Resolve::Language("YAML")),
    ("yyp", Resolve::Language("JSON")),
    ("zcml", Resolve::Language("XML")),
];

/// Whole file names with a language of their own (cloc's `%Language_by_File`, for the
/// languages kcensus counts).
pub static FILE_NAMES: &[(&str, &str)] = &[
    ("Gnumakefile", "make"),
    ("gnumakefile", "make"),
    ("Makefile", "make"),
    ("makefile", "make"),
    ("Rakefile", "Ruby"),
    ("rakefile", "Ruby"),
];

/// Interpreters named on a `#!` line (cloc's `%Language_by_Script`, for the languages
/// kcensus counts).
pub static INTERPRETERS: &[(&str, &str)] = &[
    ("awk", "awk"),
    ("bash", "Bourne Again Shell"),
    ("make", "make"),
    ("miniperl", "Perl"),
    ("perl", "Perl"),
    ("perl5", "Perl"),
    ("python", "Python"),
    ("python2.6", "Python"),
    ("python2.7", "Python"),
    ("python3", "Python"),
    ("python3.3", "Python"),
    ("python3.4", "Python"),
    ("python3.5", "Python"),
    ("python3.6", "Python"),
    ("python3.7", "Python"),
    ("python3.8", "Python"),
    ("ruby", "Ruby"),
    ("sed", "sed"),
    ("sh", "Bourne Shell"),
];

/// Extensions cloc never counts (documentation, images, archives, ...).
pub static NOT_CODE_EXTENSIONS: &[&str] = &[
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
    "Tag",
    "Y",
    "Z",
    "a",
    "ad",
    "afm",
    "arc",
    "arj",
    "au",
    "bak",
    "bdf",
    "bmp",
    "bz2",
    "desktop",
    "dic",
    "doc",
    "elc",
    "eps",
    "fig",
    "gif",
    "gitignore",
    "gz",
    "h5",
    "hdf",
    "in",
    "jpg",
    "kdelnk",
    "man",
    "mf",
    "mp3",
    "o",
    "o.cmd",
    "pbm",
    "pdf",
    "pfb",
    "png",
    "ppt",
    "pptx",
    "ps",
    "sgm",
    "sgml",
    "so",
    "tfm",
    "tgz",
    "tiff",
    "tsv",
    "vf",
    "wav",
    "xbm",
    "xls",
    "xlsx",
    "xpm",
    "zip",
];

/// File names cloc never counts.
pub static NOT_CODE_FILE_NAMES: &[&str] = &[
    ".cvsignore",
    "AUTHORS",
    "BUGS",
    "CHANGES",
    "COPYING",
    "ChangeLog",
    "Changelog",
    "Changes",
    "DESCRIPTION",
    "Entries",
    "FAQ",
    "INSTALL",
    "MAINTAINERS",
    "MD5SUMS",
    "NAMESPACE",
    "NEWS",
    "README",
    "README.tk",
    "Readme",
    "Repository",
    "Root",
    "TODO",
    "readme",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_entry_names_a_known_language() {
        for (ext, resolve) in EXTENSIONS {
            if let Resolve::Language(name) = resolve {
                assert!(language_named(name).is_some(), "{ext} -> {name}");
            }
        }
        for (file, name) in FILE_NAMES.iter().chain(INTERPRETERS) {
            assert!(language_named(name).is_some(), "{file} -> {name}");
        }
    }

    #[test]
    fn extension_table_is_sorted_for_binary_search() {
        assert!(EXTENSIONS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
