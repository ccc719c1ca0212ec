//! Argument contracts of issue 15: `diff` with one or three inputs is refused before any tree
//! is read (it computed every census first, minutes on kernel trees).

use common::fixtures::*;

use crate::common;

#[test]
fn diff_with_one_or_three_inputs_is_refused_before_any_census() {
    // Inputs that do not exist: reading any of them would fail with "no such file or
    // directory", so the refusal must come first.
    let run = kcensus(["diff", "/nonexistent/kcensus-a"]);
    assert_one_line_error(&run, &["diff takes exactly two inputs", "given 1"]);
    assert!(!run.stderr.contains("no such file"), "{}", run.stderr);
    let run = kcensus([
        "diff",
        "/nonexistent/kcensus-a",
        "/nonexistent/kcensus-b",
        "/nonexistent/kcensus-c",
    ]);
    assert_one_line_error(&run, &["diff takes exactly two inputs", "given 3"]);
    // Two inputs are read: the first missing one is the error.
    let run = kcensus(["diff", "/nonexistent/kcensus-a", "/nonexistent/kcensus-b"]);
    assert_one_line_error(&run, &["kcensus-a", "no such file or directory"]);
}
