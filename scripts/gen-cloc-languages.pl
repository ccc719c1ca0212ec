#!/usr/bin/perl
# Generate src/facts/languages_data.rs, cloc's whole language table as Rust data, from cloc's
# own Perl source: the hashes its `set_constants` fills (languages and their filters,
# extensions, file names, `#!` interpreters, file-name prefixes, line continuations, names and
# extensions that are never code). Run once per cloc version:
#
#   perl scripts/gen-cloc-languages.pl /usr/bin/cloc > src/facts/languages_data.rs
#
# The content classifiers for ambiguous extensions (`.m`, `.pl`, `.inc`, ...) are code, in
# src/facts/classify.rs; this table names them (`Resolve::Ambiguous`) with cloc's own words.
use strict;
use warnings;

my $cloc = shift // '/usr/bin/cloc';
open my $in, '<', $cloc or die "$cloc: $!\n";
my ($version, $body, $inside) = ('', '', 0);
while (<$in>) {
    $version = $1 if !$version && /^my \$VERSION\s*=\s*"?([0-9.]+)/;
    $inside = 1 if /^sub set_constants \{/;
    $body .= $_ if $inside;
    last if $inside && /^\} # end sub set_constants/;
}
die "set_constants not found in $cloc\n" unless $body;
eval $body;
die $@ if $@;
my (%by_ext, %by_script, %by_file, %by_prefix, %filters, %not_ext, %not_file, %scale,
    %archives, %eol);
set_constants(\%by_ext, \%by_script, \%by_file, \%by_prefix, \%filters, \%not_ext,
    \%not_file, \%scale, \%archives, \%eol);
my %script = map { $_ => 1 } values %by_script;
# cloc's main program drops from %Not_Code_Extension every key (and value) of
# %Language_by_Extension ("make sure those extensions aren't rejected").
delete @not_ext{ %by_ext };

# Values of %Language_by_Extension / %Language_by_File that classify_file resolves with a
# content test instead of taking them as a language.
my %ambiguous = map { $_ => 1 } (
    'MATLAB/Mathematica/Objective-C/MUMPS/Mercury', 'PHP/Pascal', 'Pascal/Puppet',
    'Lisp/OpenCL', 'Lisp/Julia', 'Perl/Prolog', 'Raku/Prolog',
    'IDL/Qt Project/Prolog/ProGuard', 'D/dtrace', 'Fortran 77/Forth', 'F#/Forth',
    'Verilog-SystemVerilog/Coq', 'TypeScript/Qt Linguist', 'Qt/Glade', 'C#/Smalltalk',
    'Scheme/SaltStack', 'Visual Basic/TeX/Apex Class', 'Brainfuck', 'Ant/XML', 'Maven/XML',
    # cloc 2.04 on
    'PHP/Pascal/Fortran/Pawn', 'Pascal/Pawn', 'SKILL/.NET IL', 'XML-Qt-GTK/Glade',
    # cloc 2.08 on
    'PHP/Pascal/Fortran/Pawn/BitBake', 'Clojure/Cangjie', 'Unknown/BitBake',
);

# cloc 2.04 changed `remove_html_comments`: code before a comment that stays open is kept
# (1.96 dropped the line). Read which form this cloc has from its source.
my $html_keeps_code = 0;
{
    open my $again, '<', $cloc or die "$cloc: $!\n";
    my $in_sub = 0;
    while (<$again>) {
        $in_sub = 1 if /^sub remove_html_comments\b/;
        $html_keeps_code = 1 if $in_sub && /has both code and comment/;
        last if $in_sub && /^\} # 1\}\}\}/;
    }
}

sub rs { # a Rust string literal
    my ($s) = @_;
    $s =~ s/\\/\\\\/g;
    $s =~ s/"/\\"/g;
    $s =~ s/\n/\\n/g;
    $s =~ s/\t/\\t/g;
    return "\"$s\"";
}

# A Perl pattern in the `regex` crate's syntax, same meaning on the lines cloc filters.
sub re {
    my ($p) = @_;
    $p =~ s/\\47/'/g;    # octal escape for a quote
    return rs($p);
}

sub filter {
    my ($call) = @_;
    my ($name, @args) = @$call;
    # The `regex` crate has no look-around (cloc 2.08's Org Mode): such a language is marked,
    # and kcensus lists its files as not counted rather than count them differently.
    return 'Unsupported' if grep { defined && /\(\?<?[!=]/ } @args;
    return undef if $name eq 'rm_comments_in_strings';    # only with --strip-str-comments
    return undef if $name eq 'remove_inline';             # only with --inline
    # Without --no-autogen, cloc's `remove_TLAPlus_generated_code` returns the lines unchanged.
    return undef if $name eq 'remove_TLAPlus_generated_code';
    return 'RemoveHtmlCommentsKeepingCode' if $name eq 'remove_html_comments' && $html_keeps_code;
    my %simple = (
        remove_html_comments => 'RemoveHtmlComments',
        call_parse_civet => 'CivetComments', docstring_rm_comments => 'DocstringRmComments',
        remove_TLAPlus_comments => 'RemoveTlaPlusComments', remove_jsp_comments => 'RemoveJspComments',
        docstring_to_C => 'DocstringToC', add_newlines => 'AddNewlines',
        remove_f77_comments => 'RemoveF77Comments', remove_f90_comments => 'RemoveF90Comments',
        remove_OCaml_comments => 'RemoveOcamlComments', remove_haml_block => 'RemoveHamlBlock',
        remove_pug_block => 'RemovePugBlock', remove_slim_block => 'RemoveSlimBlock',
        smarty_to_C => 'SmartyToC', rm_last_line => 'RmLastLine',
        remove_jcl_comments => 'RemoveJclComments', remove_cobol_comments => 'RemoveCobolComments',
        reduce_to_rmd_code_blocks => 'ReduceToRmdCodeBlocks', powershell_to_C => 'PowershellToC',
        jupyter_nb => 'JupyterNb', elixir_doc_to_C => 'ElixirDocToC',
        Forth_paren_to_C => 'ForthParenToC', remove_haskell_comments => 'RemoveHaskellComments',
    );
    return $simple{$name} if $simple{$name};
    if ($name eq 'call_regexp_common') {
        my %syntax = ('C++' => 'CommentsCpp', 'C' => 'CommentsC', 'HTML' => 'CommentsHtml',
            'Pascal' => 'CommentsPascal', 'PL/SQL' => 'CommentsPlSql',
            'Smalltalk' => 'CommentsSmalltalk');
        return $syntax{$args[0]} // die "call_regexp_common $args[0]\n";
    }
    return 'RemoveMatches(' . re($args[0]) . ')' if $name eq 'remove_matches';
    return 'RemoveAbove(' . re($args[0]) . ')' if $name eq 'remove_above';
    return 'RemoveBelow(' . re($args[0]) . ')' if $name eq 'remove_below';
    return 'RemoveBelowAbove(' . re($args[0]) . ', ' . re($args[1]) . ')'
        if $name eq 'remove_below_above';
    return 'RemoveBetweenGeneral(' . rs($args[0]) . ', ' . rs($args[1]) . ')'
        if $name eq 'remove_between_general';
    return 'RemoveBetweenRegex(' . re($args[0]) . ', ' . re($args[1]) . ')'
        if $name eq 'remove_between_regex';
    return 'ReplaceRegex(' . re($args[0]) . ', ' . rs($args[1]) . ')'
        if $name eq 'replace_regex';
    # cloc's `remove_bf_comments` is this substitution (with its blank-line check).
    return 'ReplaceRegex(' . re('[^<>+-.,\\[\\]]+') . ', "")' if $name eq 'remove_bf_comments';
    return 'PrePostFix(' . rs($args[0]) . ', ' . rs($args[1]) . ')' if $name eq 'pre_post_fix';
    if ($name eq 'replace_between_regex') {
        # The two shapes cloc uses; both need a back reference, so they are hand-written.
        return 'QuotedCommentMarkerToXx("/*")'
            if $args[0] eq q{(["'])(.*?/\*)\g1} && $args[2] eq '"xx"';
        return 'QuotedCommentMarkerToXx("*/")'
            if $args[0] eq q{(["'])(.*?\*/)\g1} && $args[2] eq '"xx"';
        # cloc 2.04 on: the quoted text may go on after the marker.
        return 'QuotedTextWithCommentMarkerToXx("/*")'
            if $args[0] eq q{(["'])(.*?/\*)(.*?)\1} && $args[2] eq '"xx"';
        return 'QuotedTextWithCommentMarkerToXx("*/")'
            if $args[0] eq q{(["'])(.*?\*/)(.*?)\1} && $args[2] eq '"xx"';
        return 'SplitQuotedCommentOpen'
            if $args[0] eq q{(["'])(.*?/)(\*.*?)\g1} || $args[0] eq q{(["'])(.*?/)(\*.*?)\1};
        die "replace_between_regex @args\n";
    }
    die "unknown filter $name\n";
}

sub continuation {
    my ($lang) = @_;
    my $re = $eol{$lang};
    return 'None' unless defined $re;
    return 'BS' if $re eq '\\\\$';
    return 'Some(Continuation::Ellipsis)' if $re eq '\.\.\.\s*$';
    return 'Some(Continuation::Regex(' . re($re) . '))';
}

print "// Generated by scripts/gen-cloc-languages.pl from the Perl source of cloc ${version}.\n";
print "// Data, not code: regenerate instead of editing.\n\n";
print "/// Every language cloc $version counts, with its filters (cloc's `%Filters_by_Language`).\n";
print "pub static LANGUAGES: &[Language] = &[\n";
for my $lang (sort keys %filters) {
    next if $lang eq '(unknown)';
    # Placeholders for the ambiguous names (`[ 'die' ]`, "never called").
    next if grep { $_->[0] eq 'die' } @{ $filters{$lang} };
    my @f = grep { defined } map { filter($_) } @{ $filters{$lang} };
    printf "    Language {\n        name: %s,\n        filters: &[%s],\n        script: %s,\n"
        . "        continuation: %s,\n    },\n",
        rs($lang), join(', ', @f), ($script{$lang} ? 'true' : 'false'), continuation($lang);
}
print "];\n\n";

sub resolve {
    my ($ext, $lang) = @_;
    return 'Resolve::Ambiguous("Smarty")' if $lang eq 'Smarty' && $ext eq 'tpl';
    return 'Resolve::Ambiguous(' . rs($lang) . ')' if $ambiguous{$lang};
    return 'Resolve::Language(' . rs($lang) . ')';
}

print "/// File extensions (cloc's `%Language_by_Extension`), sorted for binary search;\n";
print "/// case-sensitive as in cloc on Linux.\n";
print "pub static EXTENSIONS: &[(&str, Resolve)] = &[\n";
printf "    (%s, %s),\n", rs($_), resolve($_, $by_ext{$_}) for sort keys %by_ext;
print "];\n\n";
print "/// Whole file names (cloc's `%Language_by_File`), sorted.\n";
print "pub static FILE_NAMES: &[(&str, Resolve)] = &[\n";
printf "    (%s, %s),\n", rs($_), resolve($_, $by_file{$_}) for sort keys %by_file;
print "];\n\n";
print "/// File-name stems (cloc's `%Language_by_Prefix`), sorted.\n";
print "pub static PREFIXES: &[(&str, &str)] = &[\n";
printf "    (%s, %s),\n", rs($_), rs($by_prefix{$_}) for sort keys %by_prefix;
print "];\n\n";
print "/// Interpreters named on a `#!` line (cloc's `%Language_by_Script`), sorted.\n";
print "pub static INTERPRETERS: &[(&str, &str)] = &[\n";
printf "    (%s, %s),\n", rs($_), rs($by_script{$_}) for sort keys %by_script;
print "];\n\n";
print "/// Extensions cloc never counts (`%Not_Code_Extension`), sorted.\n";
print "pub static NOT_CODE_EXTENSIONS: &[&str] = &[\n";
printf "    %s,\n", rs($_) for sort keys %not_ext;
print "];\n\n";
print "/// File names cloc never counts (`%Not_Code_Filename`), sorted.\n";
print "pub static NOT_CODE_FILE_NAMES: &[&str] = &[\n";
printf "    %s,\n", rs($_) for sort keys %not_file;
print "];\n";
