//! Unit tests of `super` (cloc's counting): known counts of small texts, and the C-family
//! fast path against the general filter path.

use super::*;
use crate::facts::languages::language_named;

fn counts(lang: &str, text: &str) -> (u64, u64, u64) {
    let l = language_named(lang).expect("known language");
    let c = count(l, text.as_bytes());
    (c.blank, c.comment, c.code)
}

#[test]
fn c_basics() {
    let text = "/* header\n * more\n */\n\nint a; // trailing\n// whole\nint b;\n";
    assert_eq!(counts("C", text), (1, 4, 2));
}

#[test]
fn c_block_comment_in_middle_of_code_keeps_both_sides() {
    // The comment swallows the newline between the two lines, so cloc sees one code line.
    assert_eq!(counts("C", "int a; /* x\n y */ int b;\n"), (0, 1, 1));
    assert_eq!(counts("C", "int a; /* x\n y */\n"), (0, 1, 1));
}

#[test]
fn unclosed_block_comment_is_code() {
    assert_eq!(counts("C", "/* never closed\nint a;\n"), (0, 0, 2));
}

#[test]
fn string_with_comment_marker_is_treated_as_comment_like_cloc() {
    // cloc (without --strip-str-comments) sees `//` inside a string as a comment.
    assert_eq!(counts("C", "char *u = \"http://x\";\n"), (0, 0, 1));
    assert_eq!(counts("C", "\"//\"\n"), (0, 0, 1));
    assert_eq!(counts("C", "  \"\n// x\n"), (0, 1, 1));
}

#[test]
fn blank_line_after_continuation_is_kept_as_code() {
    let text = "#define X \\\n\nint a;\n";
    assert_eq!(counts("C", text), (0, 0, 3));
    // ...but not at the end of the file, where split() drops it.
    assert_eq!(counts("C", "#define X \\\n\n"), (0, 1, 1));
}

#[test]
fn line_comment_ending_in_backslash_swallows_next_line() {
    // `// a \` + `int b;`: the comment ends at the first newline, and no extra newline
    // separates the two lines, so `int b;` joins the code before the comment.
    assert_eq!(counts("C", "int a; // c \\\nint b;\n"), (0, 1, 1));
}

#[test]
fn crlf_bom_and_missing_final_newline() {
    assert_eq!(
        counts("C", "\u{feff}int a;\r\n\r\n// c\r\nint b;"),
        (1, 1, 2)
    );
}

#[test]
fn fast_path_matches_general_path() {
    let samples = [
        "int a;\n",
        "/* a */ /* b\n c */ d\n\n\n// e \\\nf\n",
        "x \\\n\n\ny\n",
        "x \\\n\n",
        "a // b \\\n\\\n\n c\n",
        "/*/ */ x\n/* / */\n",
        "s = \"/*\"; t = \"*/\";\n",
        "\\\n\\\n\n//\n",
        "\n\n\n",
        "0",
        "a\\",
        "/* x */\\\n\n/**/\n",
        "  \t\x0b\n\x0c\r\nq\r\r\n",
        "a /* b\n\n c */ d /* e */ f // g\nh\n",
        "/* a\n * b\n */\n\n/* unclosed\nx\n",
        "x /* y */\n/*\n\n*/ z // w \\\n\n q\n",
        "p \\\n/* c */\n\n",
        "// a\n// b \\\n\nc\n",
        "/*/ x */ y\n/**/\n//\n/",
        "\u{feff}/* bom */ a\r\nb \\\r\n\r\n",
        "a\n\n\\\n\n\n",
        "x /* */ /* \n */ /",
    ];
    for s in samples {
        assert_fast_path_matches(s.as_bytes());
    }
}

/// The C-family fast path, with every byte classifier this processor runs, gives what the
/// general filter path gives: for a language with `\` continuations (C) and one without (Rust).
fn assert_fast_path_matches(bytes: &[u8]) {
    for (name, continuation) in [("C", true), ("Rust", false)] {
        let lang = language_named(name).expect("known language");
        assert_eq!(lang.filters, C_FAMILY, "{name} takes the fast path");
        assert_eq!(
            lang.continuation == Some(Continuation::Backslash),
            continuation,
            "{name}'s continuation"
        );
        let general = count_with_filters(lang, "", bytes);
        for kernel in c_family::Kernel::available() {
            let fast = c_family::count_with(kernel, bytes, continuation);
            assert_eq!(
                fast,
                general,
                "{name}, {kernel:?}, sample {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

#[test]
fn every_byte_classifier_runs_here() {
    // On x86-64 with AVX2, POPCNT, BMI1, BMI2 and LZCNT (the machines the project is built and
    // benchmarked on), both the AVX2 and the portable classifier are tested above.
    let kernels = c_family::Kernel::available();
    assert!(kernels.contains(&c_family::Kernel::Portable));
    #[cfg(target_arch = "x86_64")]
    assert_eq!(
        kernels.contains(&c_family::Kernel::Avx2),
        std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("popcnt")
            && std::arch::is_x86_feature_detected!("bmi1")
            && std::arch::is_x86_feature_detected!("bmi2")
            && std::arch::is_x86_feature_detected!("lzcnt")
    );
}

#[test]
fn fast_path_matches_general_path_across_block_boundaries() {
    // Lines of every length around the 64-byte blocks the classifiers work on, with the
    // markers at their ends, so each lands on both sides of a block boundary.
    let mut text = Vec::new();
    for length in 0..140 {
        for tail in [&b"// c \\"[..], b"/* c", b" */ x", b"\\", b"  \r", b"/"] {
            text.extend(std::iter::repeat_n(b'x', length));
            text.extend_from_slice(tail);
            text.push(b'\n');
            if length % 7 == 0 {
                text.extend_from_slice(b"  \t\n\n");
            }
        }
    }
    assert_fast_path_matches(&text);
    // The same text with every line's start moved by one byte at a time.
    for shift in 1..64 {
        let mut shifted = vec![b' '; shift];
        shifted.extend_from_slice(&text[..2000]);
        assert_fast_path_matches(&shifted);
    }
}

mod properties {
    //! The fast path against the general one on random bytes, mostly the ones cloc's C++
    //! rule reads: `/`, `*`, `\`, quotes, `\r`, tabs, newlines and blank lines.
    use super::assert_fast_path_matches;
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = Vec<u8>> {
        let pieces: Vec<&'static [u8]> = vec![
            b"/",
            b"*",
            b"\\",
            b"\"",
            b"'",
            b"\r",
            b"\t",
            b"\n",
            b"\n\n",
            b"  \n",
            b" ",
            b"//",
            b"/*",
            b"*/",
            b"\\\n",
            b"\r\n",
            b"\\\r\n",
            b"\x0b",
            b"\x0c",
            b"x",
            b"int a;",
            b"\xef\xbb\xbf",
            b"+/v8",
            b"0",
        ];
        prop_oneof![
            6 => proptest::sample::select(pieces).prop_map(<[u8]>::to_vec),
            1 => any::<u8>().prop_map(|b| vec![b]),
            // Long runs of code, so lines cross the classifiers' 64-byte blocks.
            1 => (1usize..100).prop_map(|n| vec![b'y'; n]),
            // Long blank runs and runs of plain lines, which the counter carries from block
            // to block.
            1 => (1usize..200).prop_map(|n| vec![b' '; n]),
            1 => (1usize..12, 0usize..90).prop_map(|(lines, n)| {
                let mut line = vec![b'z'; n];
                line.push(b'\n');
                line.repeat(lines)
            }),
            // A comment mark far into a line: the counter reads the `/`s of a line that lies
            // within two 64-byte blocks from their masks and searches longer ones, so lines
            // on both sides of that need marks past the first block.
            1 => (40usize..200, proptest::sample::select(vec![&b"/*"[..], b"*/", b"//", b"/"]))
                .prop_map(|(n, mark)| {
                    let mut line = vec![b'q'; n];
                    line.extend_from_slice(mark);
                    line
                }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn fast_path_matches_general_path_on_random_bytes(
            pieces in proptest::collection::vec(piece(), 0..120)
        ) {
            assert_fast_path_matches(&pieces.concat());
        }
    }
}

#[test]
fn shell_keeps_shebang_as_code() {
    assert_eq!(
        counts("Bourne Shell", "#!/bin/sh\n# c\necho hi # x\n"),
        (0, 1, 2)
    );
}

#[test]
fn python_docstrings_are_comments() {
    let text = "#!/usr/bin/env python3\n\"\"\"Doc\nstring\"\"\"\nx = 1  # c\n";
    assert_eq!(counts("Python", text), (0, 2, 2));
}

#[test]
fn html_comment_regex() {
    assert_eq!(html_comment_at(b"<!-- a -- -- b -->x"), Some(18));
    assert_eq!(html_comment_at(b"<!---->"), Some(7));
    assert_eq!(html_comment_at(b"<!-- a --- b -->"), None);
    assert_eq!(html_comment_at(b"<!>"), Some(3));
    assert_eq!(html_comment_at(b"<!DOCTYPE html>"), None);
}

/// The one-line-at-a-time chain gives what the array path gives, for every language it takes,
/// in every cloc version's table.
fn assert_streaming_matches(bytes: &[u8]) {
    let mut taken = 0;
    for version in crate::facts::languages::ClocVersion::ALL {
        for lang in version.table().languages {
            if let Some(streamed) = streaming::count(lang, bytes) {
                taken += 1;
                assert_eq!(
                    streamed,
                    count_with_filters(lang, "", bytes),
                    "{} (cloc {}), sample {:?}",
                    lang.name,
                    version.name(),
                    String::from_utf8_lossy(bytes)
                );
            }
        }
    }
    // make, the shells, YAML, JSON, text, reStructuredText, Python, XML and many more.
    assert!(taken > 3 * 150, "{taken} languages stream");
}

#[test]
fn streaming_takes_the_line_filter_languages_of_kernel_trees() {
    for name in [
        "make",
        "Bourne Shell",
        "Bourne Again Shell",
        "YAML",
        "JSON",
        "Text",
        "reStructuredText",
        // The languages whose filters join lines or carry state from line to line.
        "Python",
        "Assembly",
        "XML",
        "SVG",
        "CSS",
        "lex",
        "Perl",
        "Ruby",
        "Velocity Template Language",
        "C",
    ] {
        for version in crate::facts::languages::ClocVersion::ALL {
            let lang = version
                .table()
                .language_named(name)
                .expect("known language");
            assert!(streaming::count(lang, b"a\n").is_some(), "{name}");
        }
    }
    // A filter that needs the whole file (`remove_above`), one not streamed, COBOL's blanks.
    for name in ["Visual Basic", "Haskell", "COBOL"] {
        let lang = language_named(name).expect("known language");
        assert!(streaming::count(lang, b"a\n").is_none(), "{name}");
    }
}

#[test]
fn streaming_matches_the_array_path() {
    let samples: [&[u8]; 14] = [
        b"#!/bin/sh\n# c\necho hi # x\n",
        b"#!/usr/bin/env python3\n\"\"\"Doc\nstring\"\"\"\nx = 1  # c\n",
        b"s = \"# no\" # yes\nu'\'\'doc\'\'\'\n\"\"\" open\n\nx\n",
        b"a /* b\n\n c */ d // e \\\nf\n/* never closed\ng\n",
        b"<a><!-- c --></a>\n<!--\n x\n-->\n<b/>\n<!-- -- -- >\n",
        b"=head1 X\n\ndoc\n=cut\nmy $x;\n__END__\ndata\n",
        b"x\r\n/*\r\n*/\r\n\r\ny",
        b"#!/bin/sh\n",
        b"# only\n\n  \n",
        b"a \\\n\n# c \\\n\nb\n",
        b"\xef\xbb\xbf# bom\r\nx\r\n0",
        b".. comment\n   more\nText\n.. x\ny\n",
        b"{\n\n  \"a\": 1\n}",
        b"",
    ];
    for sample in samples {
        assert_streaming_matches(sample);
    }
}

mod streaming_properties {
    //! The one-line-at-a-time chain against the array path on random bytes.
    use super::assert_streaming_matches;
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = Vec<u8>> {
        let pieces: Vec<&'static [u8]> = vec![
            b"#",
            b"#!/bin/sh\n",
            b"..",
            b".. ",
            b"\\",
            b"\\\n",
            b"\r",
            b"\r\n",
            b"\n",
            b"\n\n",
            b"  ",
            b"\t",
            b"x",
            b"=pod",
            b"--",
            b"//",
            b"/*",
            b"*/",
            b"%",
            b";",
            b"'",
            b"\"",
            b"0",
            b"\xef\xbb\xbf",
            b"{-",
            b"-}",
            b"...",
        ];
        prop_oneof![
            6 => proptest::sample::select(pieces).prop_map(<[u8]>::to_vec),
            1 => any::<u8>().prop_map(|b| vec![b]),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn streaming_matches_the_array_path_on_random_bytes(
            pieces in proptest::collection::vec(piece(), 0..60)
        ) {
            assert_streaming_matches(&pieces.concat());
        }
    }
}

/// Every syntax `regexp_common` knows.
const SYNTAXES: [CommentSyntax; 6] = [
    CommentSyntax::Cpp,
    CommentSyntax::C,
    CommentSyntax::Html,
    CommentSyntax::Pascal,
    CommentSyntax::PlSql,
    CommentSyntax::Smalltalk,
];

/// The joining filter fed these lines one at a time gives `regexp_common`'s lines.
fn assert_stream_lines_match(lines: Vec<Cow<'_, [u8]>>, syntax: CommentSyntax) {
    use super::comment_stream::CommentStream;
    let mut streamed: Vec<Vec<u8>> = Vec::new();
    let mut stream = CommentStream::new(syntax);
    for line in &lines {
        stream.push(line, &mut |out| streamed.push(out.into_owned()));
    }
    stream.finish(&mut |out| streamed.push(out.into_owned()));
    let shown = format!("{lines:?}");
    let joined: Vec<Vec<u8>> = regexp_common(lines, syntax)
        .into_iter()
        .map(Cow::into_owned)
        .collect();
    assert!(streamed == joined, "{syntax:?}, lines {shown}");
}

/// The joining filter fed one line at a time gives `regexp_common`'s lines, for every syntax:
/// for the file's lines as read, and for lines without their newlines (as a filter that joined
/// before leaves them), so that comments are cut at more places.
fn assert_comment_stream_matches(bytes: &[u8]) {
    for syntax in SYNTAXES {
        assert_stream_lines_match(read_lines(bytes), syntax);
        let without_newlines = bytes.split(|&b| b == b'\n').map(Cow::Borrowed).collect();
        assert_stream_lines_match(without_newlines, syntax);
    }
}

#[test]
fn comment_stream_matches_regexp_common() {
    let samples: [&[u8]; 12] = [
        b"a /* b\n c */ d\n// e \\\nf\n",
        b"/* open\nx\n/* y */\n",
        b"/* open\nx\n",
        b"/",
        b"<!-- a -- -- b -->x\n<!\n-- c --\n  >\n<!-- d\n",
        b"{ a\n b } (* c\n*) d (\n*\n",
        b"-- a\n/* b */ -\n",
        b"\"a\nb\" c \"\n",
        b"\n\nx\n\n\n",
        b"x /* */ /* \n */ /",
        b"a <!-- b -- -- c -- >d<!>e<!-",
        b"(* a * ) *) { b } // c\n-- d */ \"",
    ];
    for sample in samples {
        assert_comment_stream_matches(sample);
        // Cut into two lines at every byte: each opener and closer split across the cut.
        for syntax in SYNTAXES {
            for cut in 0..=sample.len() {
                let (head, tail) = sample.split_at(cut);
                assert_stream_lines_match(vec![Cow::Borrowed(head), Cow::Borrowed(tail)], syntax);
            }
        }
    }
    // A long comment, closed and not, across many lines (the stream's waits double).
    let long = "/* a\n".to_string() + &"b // c\n".repeat(5000);
    assert_comment_stream_matches(long.as_bytes());
    assert_comment_stream_matches((long + "*/ d\n").as_bytes());
}

mod joined_properties {
    //! The streamed chain (and its joining filter alone) against the array path on random
    //! bytes, mostly the ones the line-joining filters read: `#`, quotes and triple quotes,
    //! comment markers of C, HTML, Pascal and PL/SQL, backslashes, `\r` and blank lines.
    use super::{assert_comment_stream_matches, assert_streaming_matches};
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = Vec<u8>> {
        let pieces: Vec<&'static [u8]> = vec![
            b"#",
            b"#!/usr/bin/env python\n",
            b"\"\"\"",
            b"\'\'\'",
            b"u\"\"\"",
            b"\"",
            b"'",
            b"\\",
            b"\\\n",
            b"\r",
            b"\r\n",
            b"\n",
            b"\n\n",
            b"  \n",
            b" ",
            b"\t",
            b"x",
            b"/",
            b"*",
            b"/*",
            b"*/",
            b"//",
            b"<",
            b"<!",
            b"<!--",
            b"-->",
            b"-",
            b"--",
            b">",
            b"{",
            b"}",
            b"(*",
            b"*)",
            b"(",
            b"<%--",
            b"--%>",
            b"=head1\n",
            b"=cut\n",
            b"__END__\n",
            b"0",
        ];
        prop_oneof![
            8 => proptest::sample::select(pieces).prop_map(<[u8]>::to_vec),
            1 => any::<u8>().prop_map(|b| vec![b]),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn streamed_chain_matches_the_array_path_on_random_bytes(
            pieces in proptest::collection::vec(piece(), 0..60)
        ) {
            assert_streaming_matches(&pieces.concat());
        }

        #[test]
        fn comment_stream_matches_regexp_common_on_random_bytes(
            pieces in proptest::collection::vec(piece(), 0..120)
        ) {
            assert_comment_stream_matches(&pieces.concat());
        }
    }
}
