//! The content tests cloc 2.04 and 2.08 added for extensions several languages share
//! (`php_pascal_fortran_pawn`, `Pascal_or_Pawn`, `SKILL_or_DotNetIL`; 2.08's
//! `php_pascal_fortran_pawn_bitbake`, `Clojure_or_Cangjie`, `really_is_BitBake`), one function
//! per Perl subroutine, with the same patterns, points and tie rules. Only the tables of those
//! versions name them; cloc 1.96's tests are in `ambiguous.rs`.

use super::ambiguous::{best, m};
use super::perl::regex_lines;

/// `/^\s*$/`
fn blank(line: &[u8]) -> bool {
    m(r"^\s*$", line)
}

/// The language a content test of cloc 2.04 or 2.08 picks for cloc's ambiguous name
/// `choice`: `None` when the name is not one of theirs, `Some(None)` when the test finds no
/// language (2.08's `.conf` that is not BitBake).
pub(crate) fn decide(choice: &str, bytes: &[u8]) -> Option<Option<&'static str>> {
    Some(match choice {
        "PHP/Pascal/Fortran/Pawn" => Some(php_pascal_fortran_pawn(bytes, false)),
        "PHP/Pascal/Fortran/Pawn/BitBake" => Some(php_pascal_fortran_pawn(bytes, true)),
        "Pascal/Pawn" => Some(pascal_or_pawn(bytes)),
        "SKILL/.NET IL" => Some(skill_or_dotnet_il(bytes)),
        "Clojure/Cangjie" => Some(clojure_or_cangjie(bytes)),
        "Unknown/BitBake" => really_is_bitbake(bytes).then_some("BitBake"),
        _ => return None,
    })
}

/// The BitBake points of one line (2.08's markers, shared by two tests). `layer_line`: also
/// `really_is_BitBake`'s `BBFILE`/`LAYER` assignments.
fn bitbake_points(line: &[u8], layer_line: bool) -> u32 {
    let mut points = 0;
    if m(
        r"(?i)^\s*(SRC_URI|SRC_REV|SUMMARY|LICENSE|DEPENDS|RDEPENDS|LIC_FILES_CHKSUM)\s*=",
        line,
    ) || (layer_line && m(r"(?i)^\s*(BBFILE|LAYER).*\s*=", line))
        || m(
            r"(?i)^\s*(do_compile|do_install|do_configure|python)\b",
            line,
        )
        || m(r"(?i)^\s*(inherit|include|require)\b", line)
    {
        points += 1;
    }
    if m(r"\.=|=\.|\?=|\?\?=", line) {
        points += 1;
    }
    if m(r"^[A-Z0-9_:-]+:[A-Za-z0-9_-]+\s*=", line) {
        points += 1;
    }
    points
}

/// `php_pascal_fortran_pawn` (2.04) and `php_pascal_fortran_pawn_bitbake` (2.08, `bitbake`).
/// One arm of the line tests wins per line (the `elsif` chain); the Fortran 90 and BitBake
/// markers are counted besides.
fn php_pascal_fortran_pawn(bytes: &[u8], bitbake: bool) -> &'static str {
    let (mut fortran, mut php, mut pascal, mut pawn, mut bb) = (0f64, 0f64, 0f64, 0f64, 0f64);
    let mut fortran_90 = false;
    for line in regex_lines(bytes) {
        if m(r"(?i)^\s*<\?php", line) {
            php += 100.0;
            break;
        } else if m(r"(?i)^\s*end\.", line) {
            pascal += 100.0;
            break;
        } else if m(
            r"(?i)^\s*implicit\s+(none|real|integer|complex|double)",
            line,
        ) {
            fortran += 100.0;
        } else if m(r"(?i)^\s*end;", line) {
            pascal += 1.0;
            break;
        } else if m(r"(?i)^\s*program\b", line) {
            fortran += 1.0;
            pascal += 1.0;
        } else if m(r"(?i)^\s*(subroutine|module|stop)\b", line)
            || m(r"(?i)^\s*write\s*\(", line)
            || m(r"(?i)^\s*end\s+(program|subroutine)", line)
            || m(r"(?i)^\s*end\s*(if|do)\b", line)
        {
            fortran += 1.0;
        } else if m(
            r"(?i)^\s*(writeln|begin|procedure|interface|implementation|const)\b",
            line,
        ) {
            pascal += 1.0;
        } else if m(r"^\s*(<|\?>)", line) {
            php += 1.0;
        } else if m(r";\s*$", line) {
            pascal += 1.0;
            php += 1.0;
        } else if m(r"^@", line) || m(r"^\s*(Float:|bool:)", line) {
            pawn += 1e20;
            break;
        }
        if m(
            r"(?i)^\s*(integer|real|complex|double|character|logical|public|private).*?::",
            line,
        ) || m(r"(?i)^\s*(allocatable|dimension)", line)
            || m(r"(?i)^\s*(end\s+)?(interface|type|function|module)\b", line)
        {
            fortran_90 = true;
        }
        if bitbake {
            bb += f64::from(bitbake_points(line, false));
        }
    }
    let mut points = vec![
        ("Fortran", fortran),
        ("PHP", php),
        ("Pascal", pascal),
        ("Pawn", pawn),
    ];
    if bitbake {
        points.push(("BitBake", bb));
    }
    match best(points) {
        "Fortran" if fortran_90 => "Fortran 90",
        "Fortran" => "Fortran 77",
        other => other,
    }
}

/// `Pascal_or_Pawn` (`.p`): Pawn on ties.
fn pascal_or_pawn(bytes: &[u8]) -> &'static str {
    let (mut pascal, mut pawn) = (0f64, 0f64);
    for line in regex_lines(bytes) {
        if blank(line) {
            continue;
        }
        if m(r"^\s*(program|begin|end|[Ww]riteln|procedure)\s", line) {
            pascal += 1e20;
            break;
        } else if m(r"^@", line)
            || memchr::memmem::find(line, b"/*").is_some()
            || memchr::memmem::find(line, b"*/").is_some()
            || m(r"^\s*(Float:|bool:)", line)
        {
            pawn += 1e20;
            break;
        } else if m(r"^\s*(static|printf?|switch)\s", line) {
            pawn += 1.0;
        } else if m(r";\s*$", line) {
            pascal += 1.0;
        }
    }
    if pascal > pawn {
        "Pascal"
    } else {
        "Pawn"
    }
}

/// `SKILL_or_DotNetIL` (`.il`): .NET IL on ties.
fn skill_or_dotnet_il(bytes: &[u8]) -> &'static str {
    let (mut skill, mut il) = (0u64, 0u64);
    for line in regex_lines(bytes) {
        if blank(line) {
            continue;
        }
        if m(r"^\s*;", line) {
            skill += 50;
        } else if m(r"^\.(class|assembly|method|custom|entrypoint)", line) {
            il += 50;
            break;
        } else if m(r"\{\s*$", line) || m(r"^\s*\}", line) {
            il += 5;
        } else if m(r"^\s*(procedure|let|foreach)\b", line) {
            skill += 1;
        }
    }
    if skill > il {
        "SKILL"
    } else {
        ".NET IL"
    }
}

/// `Clojure_or_Cangjie` (`.cj`, 2.08): Cangjie on ties.
fn clojure_or_cangjie(bytes: &[u8]) -> &'static str {
    let (mut clojure, mut cangjie) = (0u64, 0u64);
    for line in regex_lines(bytes) {
        if blank(line) {
            continue;
        }
        if m(r"^\s*(;|\(|\[)", line) {
            clojure += 50;
        } else if m(r"^(import|func|main)", line) {
            cangjie += 50;
        } else if m(r"\{\s*$", line) || m(r"^\s*\}$", line) {
            cangjie += 5;
        } else if m(r"^\s*(procedure|let|foreach)\b", line) {
            clojure += 1;
        }
    }
    if clojure > cangjie {
        "Clojure"
    } else {
        "Cangjie"
    }
}

/// `really_is_BitBake` (`.conf`, 2.08): BitBake once its markers reach 3 (cloc starts the
/// text side at 3 points and lets BitBake win ties).
fn really_is_bitbake(bytes: &[u8]) -> bool {
    let bitbake: u32 = regex_lines(bytes)
        .filter(|line| !blank(line))
        .map(|line| bitbake_points(line, true))
        .sum();
    bitbake >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inc_files_by_their_markers() {
        let f77 = b"      program x\n      stop\n      end\n";
        assert_eq!(php_pascal_fortran_pawn(f77, false), "Fortran 77");
        let f90 = b"program x\n  integer :: i\nend program x\n";
        assert_eq!(php_pascal_fortran_pawn(f90, false), "Fortran 90");
        assert_eq!(php_pascal_fortran_pawn(b"<?php\necho 1;\n", false), "PHP");
        // Ties sort by name: a plain `;` line gives PHP and Pascal one point each.
        assert_eq!(php_pascal_fortran_pawn(b"x = 1;\n", false), "PHP");
        let recipe = b"SUMMARY = \"x\"\nSRC_URI += \"y\"\nFOO:append = \"z\"\n";
        assert_eq!(php_pascal_fortran_pawn(recipe, true), "BitBake");
        assert_eq!(php_pascal_fortran_pawn(recipe, false), "Fortran 77");
    }

    #[test]
    fn conf_is_bitbake_from_three_markers() {
        assert!(really_is_bitbake(
            b"LAYERSERIES = \"x\"\nBBFILES += \"y\"\nA ?= \"1\"\n"
        ));
        assert!(!really_is_bitbake(b"[section]\nkey = value\n"));
    }

    #[test]
    fn two_way_tests_break_ties_as_cloc() {
        assert_eq!(pascal_or_pawn(b"begin x\n"), "Pascal");
        assert_eq!(pascal_or_pawn(b"\n"), "Pawn");
        assert_eq!(skill_or_dotnet_il(b"; comment\n"), "SKILL");
        assert_eq!(skill_or_dotnet_il(b".assembly x\n"), ".NET IL");
        assert_eq!(clojure_or_cangjie(b"(ns a)\n"), "Clojure");
        assert_eq!(clojure_or_cangjie(b"main() {\n}\n"), "Cangjie");
    }
}
