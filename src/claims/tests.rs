use super::evaluate::{measure, Measured};
use super::*;
use serde_json::json;

fn report() -> Value {
    json!({
        "rust": {"files": 163, "blank": 4083, "comment": 17760, "code": 20064},
        "areas": [
            {"area": "rust/kernel", "files": 101, "code": 13500},
            {"area": "rust (other)", "files": 5, "code": 149},
            {"area": "drivers", "files": 17, "code": 1913, "unsafe_blocks": 0}
        ],
        "drivers": [
            {"name": "rust_binder", "kind": "drivers", "code": 7495, "kconfig": null},
            {"name": "rust_minimal", "kind": "samples", "code": 46, "kconfig": "SAMPLE_RUST_MINIMAL"},
            {"name": "rust_print", "kind": "samples", "code": 75, "kconfig": null}
        ],
        "exports": [
            {"symbol": "init_module", "kind": "module lifecycle", "c_callers": []},
            {"symbol": "drm_panic_qr_generate", "kind": "other", "c_callers": ["drivers/gpu/drm/drm_panic.c"]}
        ],
        "architectures": [{"arch": "x86", "condition": "X86_64"}, {"arch": "um", "condition": null}],
        "bindings": {"helper_headers": ["linux/fs.h", "linux/mm.h"], "uses_by_area": {"rust/kernel": 9}},
        "vendored": []
    })
}

fn values(metric: &str) -> Vec<Value> {
    let r = report();
    let Metric::Path(p) = parse_metric(metric).unwrap() else {
        panic!()
    };
    select(&p, &r).values.into_iter().cloned().collect()
}

fn run(toml: &str) -> Vec<Outcome> {
    let file = parse(toml).unwrap();
    file.check_metrics(&report()).unwrap();
    file.evaluate(&report())
}

fn one(metric: &str, op: &str, expected: &str) -> Outcome {
    let exp = if expected.is_empty() {
        String::new()
    } else {
        format!("expected = {expected}\n")
    };
    let tol = if op == "approx" {
        "tolerance = 0.05\n"
    } else {
        ""
    };
    run(&format!(
        "[[claim]]\nid = \"x\"\ntext = \"t\"\nmetric = '{metric}'\nop = \"{op}\"\n{exp}{tol}"
    ))
    .remove(0)
}

#[test]
fn claims_paths_select() {
    assert_eq!(values("rust.files"), vec![json!(163)]);
    assert_eq!(values("areas[area=rust/kernel].code"), vec![json!(13500)]);
    assert_eq!(values("areas[area=rust (other)].files"), vec![json!(5)]);
    assert_eq!(values("areas[area=\"rust (other)\"].files"), vec![json!(5)]);
    assert_eq!(values("areas[1].area"), vec![json!("rust (other)")]);
    assert_eq!(
        values("drivers[kind=samples].name"),
        vec![json!("rust_minimal"), json!("rust_print")]
    );
    assert_eq!(values("drivers[name^=rust_b].code"), vec![json!(7495)]);
    assert_eq!(values("drivers[name$=_print].code"), vec![json!(75)]);
    assert_eq!(values("drivers[name*=mini].code"), vec![json!(46)]);
    assert_eq!(values("drivers[name!*=rust_].code"), Vec::<Value>::new());
    assert_eq!(
        values("drivers[kind!=samples].name"),
        vec![json!("rust_binder")]
    );
    assert_eq!(
        values("drivers[*].kconfig"),
        vec![json!("SAMPLE_RUST_MINIMAL")]
    );
    assert_eq!(
        values("architectures[*].arch"),
        vec![json!("x86"), json!("um")]
    );
    assert_eq!(
        values("bindings.uses_by_area[\"rust/kernel\"]"),
        vec![json!(9)]
    );
    assert_eq!(
        values("exports[kind=other].c_callers[0]"),
        vec![json!("drivers/gpu/drm/drm_panic.c")]
    );
    assert_eq!(values("areas[9]"), Vec::<Value>::new());
}

#[test]
fn claims_metric_syntax_errors() {
    for bad in [
        "",
        "rust.",
        "rust..files",
        "areas[area=x",
        "areas[]",
        "areas[=x]",
        "count(a, b)",
        "sum()",
        "count(rust",
        "rust files",
    ] {
        assert!(parse_metric(bad).is_err(), "{bad} should not parse");
    }
    assert_eq!(
        parse_metric("sum(rust.blank, areas[area=a,b].code)").unwrap(),
        Metric::Sum(vec![
            parse_path("rust.blank").unwrap(),
            parse_path("areas[area=a,b].code").unwrap()
        ])
    );
    assert_eq!(
        parse_path("drivers[name=rust_binder].unsafe.grep_lines")
            .unwrap()
            .to_string(),
        "drivers[name=rust_binder].unsafe.grep_lines"
    );
}

#[test]
fn claims_functions() {
    let r = report();
    let value = |m: &str| match measure(&parse_metric(m).unwrap(), &r) {
        Ok(Measured::Value(v)) => Ok(v),
        Ok(Measured::Selection(_)) => panic!(),
        Err(e) => Err(e),
    };
    assert_eq!(value("count(drivers)"), Ok(json!(3)));
    assert_eq!(value("len(bindings.helper_headers)"), Ok(json!(2)));
    assert_eq!(value("count(drivers[kind=samples])"), Ok(json!(2)));
    assert_eq!(value("count(drivers[kind=nope])"), Ok(json!(0)));
    assert_eq!(value("count(vendored)"), Ok(json!(0)));
    assert_eq!(
        value("sum(rust.blank, rust.comment, rust.code)"),
        Ok(json!(41907))
    );
    assert_eq!(value("sum(drivers[kind=samples].code)"), Ok(json!(121)));
    assert!(value("sum(drivers[name=nope].code)")
        .unwrap_err()
        .contains("name=nope"));
    assert!(value("sum(drivers[*].name)")
        .unwrap_err()
        .contains("not a number"));
}

#[test]
fn claims_ops() {
    use Verdict::*;
    assert_eq!(one("rust.files", "==", "163").verdict, Holds);
    assert_eq!(one("rust.files", "==", "163.0").verdict, Holds);
    assert_eq!(one("rust.files", "==", "164").verdict, Fails);
    assert_eq!(one("rust.files", "!=", "164").verdict, Holds);
    assert_eq!(one("rust.files", ">=", "163").verdict, Holds);
    assert_eq!(one("rust.files", ">", "163").verdict, Fails);
    assert_eq!(one("rust.files", "<=", "100").verdict, Fails);
    assert_eq!(one("rust.files", "<", "200").verdict, Holds);
    assert_eq!(
        one("drivers[name=rust_binder].code", "approx", "8000").verdict,
        Fails
    );
    let near = one("drivers[name=rust_binder].code", "approx", "7600");
    assert_eq!(
        (near.verdict, near.reason.as_deref()),
        (Holds, Some("off by -1.4 %"))
    );
    assert_eq!(
        one("drivers[name=rust_binder]", "exists", "").verdict,
        Holds
    );
    assert_eq!(
        one("drivers[name=rust_binder]", "exists", "").actual,
        json!("rust_binder")
    );
    assert_eq!(
        one("drivers[name=rust_binder]", "absent", "").verdict,
        Fails
    );
    assert_eq!(one("drivers[name=rust_nope]", "absent", "").verdict, Holds);
    assert_eq!(
        one("drivers[name=rust_binder].kconfig", "absent", "").verdict,
        Holds
    );
    assert_eq!(
        one("exports[kind=other]", "absent", "").actual,
        json!("drm_panic_qr_generate")
    );
    assert_eq!(
        one("drivers[kind=samples]", "exists", "").actual,
        json!(["rust_minimal", "rust_print"])
    );
    assert_eq!(
        one("architectures[*].arch", "contains", "\"x86\"").verdict,
        Holds
    );
    assert_eq!(
        one("architectures[*].arch", "contains", "[\"x86\", \"um\"]").verdict,
        Holds
    );
    let missing = one("architectures[*].arch", "contains", "[\"x86\", \"s390\"]");
    assert_eq!(
        (missing.verdict, missing.reason.as_deref()),
        (Fails, Some("missing: s390"))
    );
    assert_eq!(
        one("bindings.helper_headers", "contains", "\"linux/fs.h\"").verdict,
        Holds
    );
    assert_eq!(
        one("bindings.helper_headers", "contains", "\"fs.h\"").verdict,
        Fails
    );
    assert_eq!(
        one("areas[0].area", "contains", "\"kernel\"").verdict,
        Holds
    );
    // No data: not measurable, with the reason.
    let none = one("drivers[name=nope].code", ">=", "1");
    assert_eq!(none.verdict, NotMeasurable);
    assert_eq!(
        none.reason.as_deref(),
        Some("`drivers` has no element with name=nope")
    );
    assert_eq!(
        one("vendored[name=syn].code", "==", "1").verdict,
        NotMeasurable
    );
    assert_eq!(one("drivers[0].name", ">=", "1").verdict, NotMeasurable);
}

#[test]
fn claims_unknown_keys_are_errors() {
    let file = |metric: &str| {
        parse(&format!("# a comment\n\n[[claim]]\nid = \"x\"\ntext = \"t\"\nmetric = \"{metric}\"\nop = \"exists\"\n")).unwrap()
    };
    for (metric, words) in [
        ("rust.lines", "unknown key `lines` in `rust`"),
        ("nope", "unknown key `nope` in the report"),
        (
            "drivers[nam=x]",
            "unknown key `nam` in the elements of `drivers`",
        ),
        (
            "drivers[name=x].cod",
            "unknown key `cod` in `drivers[name=x]`",
        ),
        ("drivers.name", "is an array"),
        ("rust[0]", "not an array"),
    ] {
        let e = file(metric).check_metrics(&report()).unwrap_err();
        assert_eq!((e.line, e.column), (6, 10), "{metric}");
        assert!(e.message.contains(words), "{metric}: {}", e.message);
    }
    // Below an empty array, keys cannot be checked: accepted, then not measurable.
    assert!(file("vendored[name=syn].whatever")
        .check_metrics(&report())
        .is_ok());
}

#[test]
fn claims_malformed_files() {
    let err = |text: &str| parse(text).unwrap_err();
    let e = err("[[claim]]\nid = \"a\"\ntext = \"t\nmetric = \"rust.files\"\n");
    assert_eq!((e.line, e.column), (3, 10), "{e}");
    let e = err(
        "[[claim]]\nid = \"a\"\ntext = \"t\"\nmetric = \"rust.files\"\nop = \"=~\"\nexpected = 1\n",
    );
    assert_eq!(
        (e.line, e.column, e.message.contains("unknown op `=~`")),
        (5, 6, true),
        "{e}"
    );
    let e = err("[[claim]]\nid = \"a\"\ntext = \"t\"\nmetrc = \"rust.files\"\n");
    assert_eq!(e.line, 4, "{e}");
    assert!(e.message.contains("metrc"), "{e}");
    let e = err("[[claim]]\nid = \"a\"\ntext = \"t\"\nmetric = \"rust.files\"\nop = \"==\"\n");
    assert_eq!(
        (e.line, e.message.contains("needs `expected`")),
        (1, true),
        "{e}"
    );
    let e = err("[[claim]]\nid = \"a\"\ntext = \"t\"\nmetric = \"rust.files\"\nop = \"approx\"\nexpected = 1\n");
    assert!(e.message.contains("tolerance"), "{e}");
    let e = err("[[claim]]\nid = \"a\"\ntext = \"t\"\nmetric = \"rust..files\"\nop = \"exists\"\n");
    assert_eq!(
        (e.line, e.column, e.message.contains("bad metric")),
        (4, 10, true),
        "{e}"
    );
    let e = err("[[claim]]\nid = \"a\"\ntext = \"t\"\nmetric = \"rust\"\nop = \"exists\"\n[[claim]]\nid = \"a\"\ntext = \"u\"\nmetric = \"rust\"\nop = \"exists\"\n");
    assert_eq!((e.line, e.message.contains("twice")), (7, true), "{e}");
    assert!(err("").message.contains("no claims"));
}

#[test]
fn claims_not_measurable_by_declaration() {
    let out = run("[[claim]]\nid = \"c\"\ntext = \"about 200 lines of C\"\nnot_measurable = \"the report counts no C files\"\nexpected = 200\n");
    assert_eq!(out[0].verdict, Verdict::NotMeasurable);
    assert_eq!(
        out[0].reason.as_deref(),
        Some("the report counts no C files")
    );
    assert_eq!(out[0].expected, json!(200));
}

/// Issue 15: `expected = inf` became JSON `null`, and the claim "not measurable" with exit 0;
/// non-finite numbers (also nested, and as a tolerance) are errors of the file.
#[test]
fn claims_non_finite_numbers_are_errors() {
    let claim = |rest: &str| {
        format!("[[claim]]\nid = \"a\"\ntext = \"t\"\nmetric = \"rust.files\"\n{rest}")
    };
    for rest in [
        "op = \"==\"\nexpected = inf\n",
        "op = \"<\"\nexpected = -inf\n",
        "op = \"==\"\nexpected = nan\n",
        "op = \"contains\"\nexpected = [1, inf]\n",
    ] {
        let e = parse(&claim(rest)).unwrap_err();
        assert!(e.message.contains("finite"), "{rest}: {e}");
        assert_eq!(e.line, 1, "{rest}: {e}");
    }
    let e = parse(&claim("op = \"approx\"\nexpected = 1\ntolerance = inf\n")).unwrap_err();
    assert_eq!(
        (e.line, e.message.contains("finite number, 0 or more")),
        (7, true),
        "{e}"
    );
    assert!(parse(&claim("op = \"==\"\nexpected = 1.5\n")).is_ok());
}

/// Issue 15: each claim's position was found by rescanning the file from its start, so 100,000
/// claims took minutes. The positions of every claim are checked against a count by hand (each
/// claim is 5 lines, the metric on its 4th), and the whole parse must take seconds.
#[test]
fn claims_positions_of_many_claims_are_found_in_linear_time() {
    let n = 100_000;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "[[claim]]\nid = \"c{i}\"\ntext = \"t\"\nmetric = \"rust.files\"\nop = \"exists\"\n"
        ));
    }
    let started = std::time::Instant::now();
    let file = parse(&text).unwrap();
    let took = started.elapsed();
    assert_eq!(file.claims.len(), n);
    for (i, claim) in file.claims.iter().enumerate() {
        assert_eq!(claim.at, (5 * i + 1, 1), "{}", claim.id);
        assert_eq!(claim.metric_at, (5 * i + 4, 10), "{}", claim.id);
    }
    assert!(took.as_secs() < 20, "parsing {n} claims took {took:?}");
}

#[test]
fn a_list_compared_with_a_number_says_its_size_and_suggests_count() {
    let outcome = one("bindings.helper_headers", ">=", "80");
    assert_eq!(outcome.verdict, Verdict::NotMeasurable);
    let reason = outcome.reason.unwrap();
    // The fixture's list has 2 headers.
    assert!(reason.contains("is a list of 2"), "{reason}");
    assert!(
        reason.contains("write `count(bindings.helper_headers)`"),
        "{reason}"
    );
    // An object counts its keys.
    let reason = one("bindings.uses_by_area", ">", "0").reason.unwrap();
    assert!(reason.contains("an object with 1 key"), "{reason}");
    assert!(reason.contains("count(bindings.uses_by_area)"), "{reason}");
    // A string compared with a number: no size, no suggestion.
    let reason = one("drivers[name=rust_binder].kind", ">", "1")
        .reason
        .unwrap();
    assert!(reason.contains("the metric is a string"), "{reason}");
    assert!(!reason.contains("count("), "{reason}");
}
