//! cloc 1.96's content tests for extensions several languages share, one function per test of
//! cloc's Perl source (`Lisp_or_OpenCL`, `pascal_or_puppet`, `really_is_php`, ...), with the
//! same patterns, the same points and the same tie rules.
//!
//! Lines are read as Perl's `<$IN>` reads them, newline included; a pattern's `$` means "at the
//! end of the line or before its newline" ([`super::perl::perl_line_pattern`]).

use super::perl::{case_sensitive_regex, regex_lines};
use regex::bytes::Regex;

/// A pattern compiled once (byte-oriented, ASCII classes, as Perl on bytes).
fn re(pattern: &'static str) -> &'static Regex {
    case_sensitive_regex(pattern)
}

/// Does the line match?
pub(super) fn m(pattern: &'static str, line: &[u8]) -> bool {
    re(pattern).is_match(line)
}

fn body(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\n").unwrap_or(line)
}

/// The name with the highest points; ties go to the name that sorts first (cloc's
/// `sort { $points{$b} <=> $points{$a} or $a cmp $b }`).
pub(super) fn best(mut points: Vec<(&'static str, f64)>) -> &'static str {
    points.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    points[0].0
}

/// The language a content test picks for cloc's ambiguous name `choice` (`None`: unknown).
pub(crate) fn decide(choice: &str, bytes: &[u8]) -> Option<&'static str> {
    Some(match choice {
        "Pascal/Puppet" => pascal_or_puppet(bytes),
        "Lisp/OpenCL" => lisp_or(bytes, "OpenCL", r"^\s*(int|float|const|\{)"),
        "Lisp/Julia" => lisp_or(bytes, "Julia", r"^\s*(function|end|println|for|while)"),
        "IDL/Qt Project/Prolog/ProGuard" => idl_or_qt_project(bytes),
        "Fortran 77/Forth" => forth_or(
            bytes,
            "Fortran 77",
            r"(?i)^([c*][^a-z]|\s{6,}(subroutine|program|end|implicit)\s|\s*!)",
        ),
        "F#/Forth" => forth_or(
            bytes,
            "F#",
            r"^\s*(#light|import|let|module|namespace|open|type)",
        ),
        "Verilog-SystemVerilog/Coq" => verilog_or_coq(bytes),
        "TypeScript/Qt Linguist" => typescript_or_qt_linguist(bytes),
        "Scheme/SaltStack" => scheme_or_saltstack(bytes),
        "Visual Basic/TeX/Apex Class" => visual_basic_or_tex_or_apex(bytes),
        "Ant/XML" => project_or_xml(
            bytes,
            "Ant",
            r#"xmlns:artifact="antlib:org.apache.maven.artifact.ant""#,
        ),
        "Maven/XML" => project_or_xml(bytes, "Maven", r#"xmlns="http://maven.apache.org/POM/"#),
        _ => return None,
    })
}

/// `Lisp_or_OpenCL` and `Lisp_or_Julia`: Lisp wins only with more points.
fn lisp_or(bytes: &[u8], other: &'static str, other_pattern: &'static str) -> &'static str {
    let (mut lisp, mut points) = (0, 0);
    for line in regex_lines(bytes) {
        lisp += i32::from(m(r"^\s*;", line));
        lisp += i32::from(m(r"\((def|eval|require|export|let|loop|dec|format)", line));
        points += i32::from(m(other_pattern, line));
    }
    if lisp > points {
        "Lisp"
    } else {
        other
    }
}

/// `Forth_or_Fortran` and `Forth_or_Fsharp`: Forth wins only with more points.
fn forth_or(bytes: &[u8], other: &'static str, other_pattern: &'static str) -> &'static str {
    let (mut forth, mut points) = (0, 0);
    for line in regex_lines(bytes) {
        forth += i32::from(m(r"^:\s", line));
        points += i32::from(m(other_pattern, line));
    }
    if forth > points {
        "Forth"
    } else {
        other
    }
}

/// `IDL_or_QtProject`.
fn idl_or_qt_project(bytes: &[u8]) -> &'static str {
    let (mut idl, mut qt, mut prolog, mut proguard) = (0.0, 0.0, 0.0, 0.0);
    let one = |p: &'static str, l: &[u8]| if m(p, l) { 1.0 } else { 0.0 };
    for l in regex_lines(bytes) {
        idl += one(r"^\s*;", l) + one(r"(?i)plot\(", l);
        qt += one(
            r"(?i)^\s*(qt|configs|sources|template|target|targetpath|subdirs)\b",
            l,
        ) + one(r"(?i)qthavemodule", l);
        prolog += one(r"\.\s*$", l) + one(r":-", l);
        proguard += one(r"^\s*#", l) + one(r"^-keep", l) + one(r"^-(dont)?obfuscate", l);
    }
    best(vec![
        ("IDL", idl),
        ("Qt Project", qt),
        ("Prolog", prolog),
        ("ProGuard", proguard),
    ])
}

/// `pascal_or_puppet`.
fn pascal_or_puppet(bytes: &[u8]) -> &'static str {
    let (mut pascal, mut puppet) = (0.0f64, 0.0f64);
    let one = |p: &'static str, l: &[u8]| if m(p, l) { 1.0 } else { 0.0 };
    for l in regex_lines(bytes) {
        if m(r"^\s*#\s+", l) {
            puppet += 0.001;
            continue;
        }
        for p in [
            r"(?i)\bprogram\s+[A-Za-z]",
            r"(?i)\bunit\s+[A-Za-z]",
            r"(?i)\bmodule\s+[A-Za-z]",
            r"(?i)\bprocedure\b",
            r"(?i)\bfunction\b",
            r"(?i)^\s*interface\s+",
            r"(?i)^\s*implementation\s+",
            r"(?i)^\s*uses\s+",
            r"\:\=",
            r"<>",
            r"(?i)^\s*\{\$(I|INCLUDE)\s+.*\}",
            r"writeln",
        ] {
            pascal += one(p, l);
        }
        // `(?<!\:\:)\bbegin\b(?!\:\:)`, and the same for `end` (no look-around in `regex`).
        for word in [r"(?i)\bbegin\b", r"(?i)\bend\b"] {
            let text = body(l);
            let hit = re(word).find_iter(text).any(|w| {
                !text[..w.start()].ends_with(b"::") && !text[w.end()..].starts_with(b"::")
            });
            pascal += if hit { 1.0 } else { 0.0 };
        }
        if m(r"^\s*class\s+", l) && !m(r"class\s+operator\s+", l) {
            puppet += 1.0;
        }
        for p in [
            r"^\s*function\s+[a-z][a-z0-9]+::[a-z][a-z0-9]+\s*",
            r"^\s*type\s+[A-Z]\w+::[A-Z]\w+\s+",
            r"^\s*case\s+",
            r"^\s*package\s+",
            r"^\s*file\s+",
            r"^\s*include\s\w+",
            r"^\s*service\s+",
            r"\s\$\w+\s*\=\s*\S",
            r"\S\s*\=>\s*\S",
        ] {
            puppet += one(p, l);
        }
        if (pascal - puppet).abs() > 20.0 {
            break;
        }
    }
    if pascal > puppet {
        "Pascal"
    } else {
        "Puppet"
    }
}

/// `Verilog_or_Coq`.
fn verilog_or_coq(bytes: &[u8]) -> &'static str {
    let (mut coq, mut verilog) = (0, 0);
    for l in regex_lines(bytes) {
        verilog += i32::from(m(r"^\s*(module|begin|input|output|always)", l));
        coq += i32::from(m(
            r"\b(Inductive|Fixpoint|Definition|Theorem|Lemma|Proof|Qed|forall|Section|Check|Notation|Variable|Goal|Fail|Require|Scheme|Module|Ltac|Set|Unset|Parameter|Coercion|Axiom|Locate|Type|Record|Existing|Class)\b",
            l,
        ));
    }
    if coq > verilog {
        "Coq"
    } else {
        "Verilog-SystemVerilog"
    }
}

/// `TypeScript_or_QtLinguist`: a tie goes to TypeScript.
fn typescript_or_qt_linguist(bytes: &[u8]) -> &'static str {
    let (mut ts, mut linguist) = (0, 0);
    for l in regex_lines(bytes) {
        linguist += i32::from(m(r"\b</?(message|source|translation)>", l));
        ts += i32::from(m(r"^\s*(var|const|let|class|document)\b", l));
        ts += i32::from(m(r"[;}]\s*$", l));
        ts += i32::from(m(r"^\s*//", l));
    }
    if ts >= linguist {
        "TypeScript"
    } else {
        "Qt Linguist"
    }
}

/// `Csharp_or_Smalltalk`, then cloc's check for a generated C# file on the first two lines:
/// cloc 1.96 wants a line of 70 dashes before the `// <auto-generated>` marker, cloc 2.04 on
/// (`marker_anywhere`) only the marker.
pub(crate) fn csharp_or_smalltalk(bytes: &[u8], marker_anywhere: bool) -> &'static str {
    let (mut cs, mut smalltalk) = (0, 0);
    for l in regex_lines(bytes) {
        // `s{//.*?$}{}`: from the first `//` to the end of the line (the newline stays).
        let text = body(l);
        let text = match memchr::memmem::find(text, b"//") {
            Some(at) => &text[..at],
            None => text,
        };
        if text.iter().all(|&b| super::perl::is_perl_space(b)) {
            continue;
        }
        if m(r"[;}{]\s*$", text) {
            cs += 1;
        } else if m(r"^(using|namespace)\s", text) || m(r"^\s*(public|private|new)\s", text) {
            cs += 20;
        } else if m(r"^\s*\[assembly:", text) {
            cs += 1;
        }
        if m(r"(!|\]\.)\s*$", text) {
            smalltalk += 1;
            cs -= 1;
        }
    }
    if smalltalk > cs {
        return "Smalltalk";
    }
    // `first_line($file, 2)` joined, newlines removed.
    let mut first_two = Vec::new();
    for l in regex_lines(bytes).take(2) {
        first_two.extend(l.iter().filter(|&&b| b != b'\n'));
    }
    let generated = if marker_anywhere {
        m(r"//\s+<auto-generated>", &first_two)
    } else {
        m(r"^//-{70,}.*?//\s+<auto-generated>", &first_two)
    };
    if generated {
        "C# Generated"
    } else {
        "C#"
    }
}

/// `Scheme_or_SaltStack`.
fn scheme_or_saltstack(bytes: &[u8]) -> &'static str {
    let (mut scheme, mut salt) = (0, 0);
    for l in regex_lines(bytes) {
        if m(r"^\s*$", l) {
            continue;
        }
        if m(r"\{%.*%\}", l) || m(r"map\.jinja\b", l) {
            salt += 5;
        } else if m(r"\((define|lambda|let|cond|do)\s", l) {
            scheme += 1;
        }
    }
    if scheme > salt {
        "Scheme"
    } else {
        "SaltStack"
    }
}

/// `Visual_Basic_or_TeX_or_Apex`.
fn visual_basic_or_tex_or_apex(bytes: &[u8]) -> &'static str {
    let (mut vb, mut tex, mut apex) = (0.0, 0.0, 0.0);
    for l in regex_lines(bytes) {
        if m(r"^\s*$", l) {
            continue;
        }
        if l.contains(&b'%') || l.contains(&b'\\') {
            tex += 1.0;
        } else {
            if m(r"(?i)^\s*(public|private)\s", l) {
                vb += 1.0;
                apex += 1.0;
            } else if m(r"(?i)^\s*(end|attribute|version)\s", l) {
                vb += 1.0;
            }
            if m(r"[{}]", l) || m(r";\s*$", l) {
                apex += 1.0;
            }
        }
    }
    best(vec![
        ("Visual Basic", vb),
        ("TeX", tex),
        ("Apex Class", apex),
    ])
}

/// `Ant_or_XML` and `Maven_or_XML`: a tie or better goes to XML.
fn project_or_xml(bytes: &[u8], other: &'static str, namespace: &'static str) -> &'static str {
    let (mut points, mut xml) = (0, 1);
    for l in regex_lines(bytes) {
        if m(r"^\s*<project\s+", l) {
            points += 1;
            xml -= 1;
        }
        if m(namespace, l) {
            points += 1;
            xml -= 1;
        }
    }
    if xml >= points {
        "XML"
    } else {
        other
    }
}

/// `really_is_smarty`: two lines that look like Smarty.
pub(crate) fn really_is_smarty(bytes: &[u8]) -> bool {
    let mut points = 0;
    for l in regex_lines(bytes) {
        if m(r"\{(if|include)\s", l) || m(r"\{/if\}", l) || m(r"(\{\*|\*\})", l) || m(r"\{\$\w", l)
        {
            points += 1;
        }
        if points >= 2 {
            break;
        }
    }
    points >= 2
}

/// `really_is_bf`: more than half the lines, or more than five, look like Brainfuck.
pub(crate) fn really_is_bf(bytes: &[u8]) -> bool {
    // `read_file` lines: a final line without newline still counts.
    let lines: Vec<&[u8]> = regex_lines(bytes).collect();
    let hits = lines
        .iter()
        .filter(|l| m(r"([+-]{4,}|[\[\]]{4,}|[<>][+-]|<{3,}|^\s*[\[\]]\s*$)", l))
        .count();
    let ratio = if lines.is_empty() {
        0.0
    } else {
        hits as f64 / lines.len() as f64
    };
    ratio > 0.5 || hits > 5
}

/// `really_is_php`: `<?` then `?>`, `<script language=php>` then `</script>`, or `<%` then `%>`.
pub(crate) fn really_is_php(bytes: &[u8]) -> bool {
    let (mut normal, mut script, mut asp) = (0u8, 0u8, 0u8);
    for l in regex_lines(bytes) {
        if m(r"<\?", l) {
            normal |= 1;
        }
        if m(r"\?>", l) && normal & 1 != 0 {
            normal |= 2;
        }
        if m(r#"(?i)<script.*language="?php"?"#, l) {
            script |= 1;
        }
        if m(r"(?i)</script>", l) && script & 1 != 0 {
            script |= 2;
        }
        if m(r"<%", l) {
            asp |= 1;
        }
        if m(r"%>", l) && asp & 1 != 0 {
            asp |= 2;
        }
    }
    normal == 3 || script == 3 || asp == 3
}

/// A line with `{...}` and `(*...*)` comments removed, as `really_is_pascal` reads it.
fn pascal_line(line: &[u8]) -> Vec<u8> {
    let text = re(r"\{.*?\}").replace_all(body(line), &b""[..]);
    re(r"\(\*.*?\*\)").replace_all(&text, &b""[..]).into_owned()
}

/// `really_is_pascal`.
fn really_is_pascal(bytes: &[u8]) -> bool {
    let (mut program, mut unit, mut module, mut routine, mut begin, mut end) =
        (false, false, false, false, false, false);
    for l in regex_lines(bytes) {
        let l = pascal_line(l);
        program |= m(r"(?i)\bprogram\s+[A-Za-z]", &l);
        unit |= m(r"(?i)\bunit\s+[A-Za-z]", &l);
        module |= m(r"(?i)\bmodule\s+[A-Za-z]", &l);
        routine |= m(r"(?i)\bprocedure\b", &l)
            || m(r"(?i)\bfunction\b", &l)
            || m(r"(?i)^\s*interface\s+", &l)
            || m(r"(?i)^\s*implementation\s+", &l);
        begin |= m(r"(?i)\bbegin\b", &l);
        end |= m(r"(?i)end\.\s*$", &l);
    }
    ((unit || program) && routine && begin && end) || (module && end) || (program && begin && end)
}

/// `really_is_incpascal`: Pascal, or any line that looks like Pascal (cloc's test of `begin`
/// before a final `end.` is an assignment, so `end.` alone is enough).
pub(crate) fn really_is_incpascal(bytes: &[u8]) -> bool {
    if really_is_pascal(bytes) {
        return true;
    }
    regex_lines(bytes).any(|l| {
        let l = pascal_line(l);
        [
            r"(?i)\bprogram\s+[A-Za-z]",
            r"(?i)\bunit\s+[A-Za-z]",
            r"(?i)\bmodule\s+[A-Za-z]",
            r"(?i)\bprocedure\b",
            r"(?i)\bfunction\b",
            r"(?i)^\s*interface\s+",
            r"(?i)^\s*implementation\s+",
            r"(?i)\bconstant\s+",
            r"(?i)end\.\s*$",
        ]
        .iter()
        .any(|p| m(p, &l))
    })
}
