//! `kcensus report` on real kernel trees (Linux 6.12 and 7.3, and 6.1 when fetched), through the
//! binary and its `--format json` output, plus a renderer check on a hand-built [`Report`].
//!
//! Trees are found as in `tests/it/real_trees.rs`: `$KCENSUS_CACHE` or `~/.cache/kcensus`, a tree
//! counts as fetched when `linux-V.complete` exists. With `KCENSUS_REQUIRE_KERNELS` set a
//! missing tree is a failure, otherwise the test is skipped with a note on stderr.
//!
//! Every expected value below was checked by hand on the trees (grep, reading the files); the
//! comments say how.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use crate::common;
use common::{cache_dir, tarball, tree};

use common::kcensus_ok as kcensus;

/// A report run: the JSON text and the parsed document.
type Run = (String, Value);

/// `kcensus report --format json` on a tree: the text and the parsed document, computed once
/// per version for all tests of this file.
fn report(version: &str) -> Option<&'static Run> {
    static CACHE: OnceLock<std::sync::Mutex<BTreeMap<String, &'static OnceLock<Run>>>> =
        OnceLock::new();
    let path = tree(version)?;
    let cell: &'static OnceLock<Run> = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap()
        .entry(version.to_string())
        .or_insert_with(|| Box::leak(Box::new(OnceLock::new())));
    Some(cell.get_or_init(|| {
        let text = kcensus(&["report", "--format", "json", &path.to_string_lossy()]);
        let doc: Value = serde_json::from_str(&text).expect("valid JSON");
        // Every report this file reads is checked against the published schema as well.
        common::schema::validate("report", &[&text]);
        (text, doc)
    }))
}

fn doc(version: &str) -> Option<&'static Value> {
    report(version).map(|(_, doc)| doc)
}

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn u(v: &Value) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("expected a number, got {v}"))
}

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected an array, got {v}"))
}

fn strings(v: &Value) -> Vec<String> {
    arr(v).iter().map(|x| s(x).to_string()).collect()
}

const LINE_KEYS: [&str; 4] = ["files", "blank", "comment", "code"];

fn lines_of(v: &Value) -> [u64; 4] {
    LINE_KEYS.map(|k| u(&v[k]))
}

fn find<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    arr(list)
        .iter()
        .find(|x| x[key] == value)
        .unwrap_or_else(|| panic!("no entry with {key} = {value:?}"))
}

/// No JSON object of the report holds the same key twice (serde's `flatten` would let a
/// struct field and a flattened field share a name; parsers then keep only one of them).
#[test]
fn json_objects_have_unique_keys() {
    let Some((text, _)) = report("7.3") else {
        return;
    };
    // A minimal scan: serde_json's pretty printer puts each key on its own line, indented by
    // two spaces per level, so keys of one object share an indentation and no key of another
    // object at that level comes between an object's `{` and its `}`.
    let mut stack: Vec<BTreeSet<String>> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix('"') {
            if let Some((key, after)) = rest.split_once("\": ") {
                let keys = stack.last_mut().expect("a key inside an object");
                assert!(
                    keys.insert(key.to_string()),
                    "key {key:?} twice in one object"
                );
                if after.starts_with('{') && !after.starts_with("{}") {
                    stack.push(BTreeSet::new());
                }
                continue;
            }
        }
        if t == "{" {
            stack.push(BTreeSet::new());
        } else if t.starts_with('}') {
            stack.pop();
        }
    }
}

/// The report of each real tree validates against docs/schema/report.json (in [`report`]), and
/// its top-level keys are exactly the schema's required keys, in the schema's order: the
/// schema lists every key the report writes (`cves` only with `--cves`, not required).
#[test]
fn reports_of_the_four_trees_follow_the_published_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::schema::schema_path("report")).unwrap(),
    )
    .unwrap();
    let required: Vec<&str> = arr(&schema["required"]).iter().map(s).collect();
    for version in ["6.1", "6.12", "7.2", "7.3"] {
        let Some((text, doc)) = report(version) else {
            continue;
        };
        assert!(text.ends_with("}\n"));
        // Top-level keys in written order: the pretty printer indents them by two spaces.
        let keys: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("  \""))
            .filter_map(|l| l.split_once("\": ").map(|(key, _)| key))
            .collect();
        assert_eq!(keys, required, "Linux {version}: top-level keys");
        assert_eq!(keys.len(), doc.as_object().unwrap().len());
        assert_eq!(required[0], "schema_version");
        assert_eq!(u(&doc["schema_version"]), 1);
    }
}

/// 1. Areas add up exactly to `rust`; `rust` is the Rust row of `kcensus count`; `rust_own` is
///    `rust` minus the vendored area; the vendored crates add up to the vendored area.
#[test]
fn areas_add_up_to_rust_and_rust_equals_count() {
    for version in ["6.12", "7.3"] {
        let Some(doc) = doc(version) else { continue };
        let areas = arr(&doc["areas"]);
        let names: Vec<&str> = areas.iter().map(|a| s(&a["area"])).collect();
        assert_eq!(
            names,
            [
                "rust/kernel",
                "rust/pin-init",
                "rust/macros",
                "vendored",
                "rust (other)",
                "drivers",
                "samples/rust",
                "other"
            ],
            "{version}"
        );
        let mut sum = [0u64; 4];
        for a in areas {
            for (total, n) in sum.iter_mut().zip(lines_of(a)) {
                *total += n;
            }
        }
        let rust = lines_of(&doc["rust"]);
        assert_eq!(sum, rust, "{version}: areas do not add up to rust");

        let tree = tree(version).expect("fetched");
        let count: Value = serde_json::from_str(&kcensus(&[
            "count",
            "--format",
            "json",
            &tree.to_string_lossy(),
        ]))
        .expect("valid JSON");
        let row = find(&count["languages"], "language", "Rust");
        assert_eq!(
            rust,
            lines_of(row),
            "{version}: report's rust != count's Rust row"
        );

        let vendored = lines_of(find(&doc["areas"], "area", "vendored"));
        let own = lines_of(&doc["rust_own"]);
        for i in 0..4 {
            assert_eq!(
                own[i],
                rust[i] - vendored[i],
                "{version}: rust_own.{}",
                LINE_KEYS[i]
            );
        }
        let crates = arr(&doc["vendored"]);
        let files: u64 = crates.iter().map(|v| u(&v["files"])).sum();
        let code: u64 = crates.iter().map(|v| u(&v["code"])).sum();
        assert_eq!((files, code), (vendored[0], vendored[3]), "{version}");

        // Every per-file row adds up to the same totals.
        let mut by_file = [0u64; 4];
        for f in arr(&doc["files"]) {
            by_file[0] += 1;
            by_file[1] += u(&f["blank"]);
            by_file[2] += u(&f["comment"]);
            by_file[3] += u(&f["code"]);
        }
        assert_eq!(by_file, rust, "{version}: files[] do not add up to rust");
    }
}

/// 2. Vendored crates, from the READMEs of `rust/*/` (read by hand: 7.3's
///    `rust/{proc-macro2,quote,syn,zerocopy,zerocopy-derive}/README.md` say "These source files
///    come from the Rust `X` crate, version V"; zerocopy's say "version v0.8.54", the `v` is
///    not part of the version). `rust/pin-init/README.md` is the crate's own README, not a
///    vendoring note. 6.12 has no README in `rust/*/`; 6.1's `rust/alloc/README.md` says the
///    files "come from the Rust standard library", with no version.
#[test]
fn vendored_crates() {
    let list = |doc: &Value| -> Vec<(String, Option<String>, String)> {
        let mut l: Vec<_> = arr(&doc["vendored"])
            .iter()
            .map(|v| {
                (
                    s(&v["name"]).to_string(),
                    v["version"].as_str().map(String::from),
                    s(&v["path"]).to_string(),
                )
            })
            .collect();
        l.sort();
        l
    };
    let some = |v: &str| Some(v.to_string());
    if let Some(doc) = doc("7.3") {
        assert_eq!(
            list(doc),
            [
                (
                    "proc-macro2".into(),
                    some("1.0.101"),
                    "rust/proc-macro2".into()
                ),
                ("quote".into(), some("1.0.40"), "rust/quote".into()),
                ("syn".into(), some("2.0.106"), "rust/syn".into()),
                ("zerocopy".into(), some("0.8.54"), "rust/zerocopy".into()),
                (
                    "zerocopy-derive".into(),
                    some("0.8.54"),
                    "rust/zerocopy-derive".into()
                ),
            ]
        );
    }
    if let Some(doc) = doc("6.12") {
        assert_eq!(list(doc), []);
        assert_eq!(lines_of(&doc["rust"]), lines_of(&doc["rust_own"]));
    }
    // 6.1 is optional here (scripts/test.sh fetches 6.12 and 7.3 only).
    if cache_dir().join("linux-6.1.complete").exists() {
        let doc = doc("6.1").expect("fetched");
        assert_eq!(list(doc), [("alloc".into(), None, "rust/alloc".into())]);
    }
}

/// What a driver entry is expected to say; `None` fields are not checked.
struct Expected<'a> {
    root: &'a str,
    crate_name: &'a str,
    macro_name: Option<&'a str>,
    name: Option<&'a str>,
    license: Option<&'a str>,
    kconfig: Option<&'a str>,
    linked_into_c: bool,
    files: usize,
}

fn check_driver(version: &str, doc: &Value, e: &Expected<'_>) {
    let d = find(&doc["drivers"], "root", e.root);
    let what = format!("{version} {}", e.root);
    assert_eq!(s(&d["crate_name"]), e.crate_name, "{what}: crate_name");
    assert_eq!(d["macro"].as_str(), e.macro_name, "{what}: macro");
    assert_eq!(d["name"].as_str(), e.name, "{what}: name");
    assert_eq!(d["license"].as_str(), e.license, "{what}: license");
    assert_eq!(d["kconfig"].as_str(), e.kconfig, "{what}: kconfig");
    assert_eq!(d["linked_into_c"], e.linked_into_c, "{what}: linked_into_c");
    assert_eq!(arr(&d["paths"]).len(), e.files, "{what}: paths");
    assert_eq!(u(&d["files"]), e.files as u64, "{what}: files");
    assert_eq!(
        s(&d["kind"]),
        e.root.split('/').next().unwrap(),
        "{what}: kind"
    );
}

/// 3. Drivers and other crates outside `rust/` on 7.3. Each module macro was read in the file
///    (name, license, authors); each Kconfig symbol in the Makefile that lists the object and
///    in the Kconfig that defines it.
#[test]
fn drivers_on_7_3() {
    let Some(doc) = doc("7.3") else { return };
    let m = Some;
    let expected = [
        // drivers/android/binder/Makefile: rust_binder-y := rust_binder_main.o rust_binderfs.o
        // rust_binder_events.o — C parts, but the crate has its own module! (a module).
        Expected {
            root: "drivers/android/binder/rust_binder_main.rs",
            crate_name: "rust_binder_main",
            macro_name: m("module"),
            name: m("rust_binder"),
            license: m("GPL"),
            kconfig: m("CONFIG_ANDROID_BINDER_IPC_RUST"),
            linked_into_c: false,
            files: 20, // find drivers/android/binder -name '*.rs' | wc -l
        },
        Expected {
            root: "drivers/block/rnull/rnull.rs",
            crate_name: "rnull",
            macro_name: m("module"),
            name: m("rnull_mod"),
            license: m("GPL v2"),
            kconfig: m("CONFIG_BLK_DEV_RUST_NULL"),
            linked_into_c: false,
            files: 2, // rnull.rs, configfs.rs
        },
        Expected {
            root: "drivers/cpufreq/rcpufreq_dt.rs",
            crate_name: "rcpufreq_dt",
            macro_name: m("module_platform_driver"),
            name: m("cpufreq-dt"),
            license: m("GPL v2"),
            kconfig: m("CONFIG_CPUFREQ_DT_RUST"),
            linked_into_c: false,
            files: 1,
        },
        // drivers/gpu/drm/Makefile: drm-$(CONFIG_DRM_PANIC_SCREEN_QR_CODE) += drm_panic_qr.o
        Expected {
            root: "drivers/gpu/drm/drm_panic_qr.rs",
            crate_name: "drm_panic_qr",
            macro_name: None,
            name: None,
            license: None,
            kconfig: m("CONFIG_DRM_PANIC_SCREEN_QR_CODE"),
            linked_into_c: true,
            files: 1,
        },
        // drivers/gpu/Makefile: nova-drm-y := drm/nova/nova.o
        Expected {
            root: "drivers/gpu/drm/nova/nova.rs",
            crate_name: "nova",
            macro_name: m("module_auxiliary_driver"),
            name: m("nova-drm"),
            license: m("GPL v2"),
            kconfig: m("CONFIG_DRM_NOVA"),
            linked_into_c: false,
            files: 4,
        },
        Expected {
            root: "drivers/gpu/drm/tyr/tyr.rs",
            crate_name: "tyr",
            macro_name: m("module_platform_driver"),
            name: m("tyr"),
            license: m("Dual MIT/GPL"),
            kconfig: m("CONFIG_DRM_TYR"),
            linked_into_c: false,
            files: 12,
        },
        // drivers/gpu/Makefile: nova-core-y := nova-core/nova_core.o nova-core/nova_core_exports.o
        // 59 .rs files in drivers/gpu/nova-core, one of them (gsp/fw/r570_144/bindings.rs)
        // pulled in by `include!`, which the crate walk follows: 59.
        Expected {
            root: "drivers/gpu/nova-core/nova_core.rs",
            crate_name: "nova_core",
            macro_name: m("module"),
            name: m("nova-core"),
            license: m("GPL v2"),
            kconfig: m("CONFIG_NOVA_CORE"),
            linked_into_c: false,
            files: 59,
        },
        // drivers/net/phy/Makefile: ifdef CONFIG_AX88796B_RUST_PHY
        //   obj-$(CONFIG_AX88796B_PHY) += ax88796b_rust.o
        Expected {
            root: "drivers/net/phy/ax88796b_rust.rs",
            crate_name: "ax88796b_rust",
            macro_name: m("module_phy_driver"),
            name: m("rust_asix_phy"),
            license: m("GPL"),
            kconfig: m("CONFIG_AX88796B_RUST_PHY"),
            linked_into_c: false,
            files: 1,
        },
        Expected {
            root: "drivers/net/phy/qt2025.rs",
            crate_name: "qt2025",
            macro_name: m("module_phy_driver"),
            name: m("qt2025_phy"),
            license: m("GPL"),
            kconfig: m("CONFIG_AMCC_QT2025_PHY"),
            linked_into_c: false,
            files: 1,
        },
        Expected {
            root: "drivers/pwm/pwm_th1520.rs",
            crate_name: "pwm_th1520",
            macro_name: m("module_pwm_platform_driver"),
            name: m("pwm-th1520"),
            license: m("GPL v2"),
            kconfig: m("CONFIG_PWM_TH1520"),
            linked_into_c: false,
            files: 1,
        },
        Expected {
            root: "lib/find_bit_benchmark_rust.rs",
            crate_name: "find_bit_benchmark_rust",
            macro_name: m("module"),
            name: m("find_bit_benchmark_rust"),
            license: m("GPL v2"),
            kconfig: m("CONFIG_FIND_BIT_BENCHMARK_RUST"),
            linked_into_c: false,
            files: 1,
        },
        // mm/kasan/Makefile: ifdef CONFIG_RUST / kasan_test-objs += kasan_test_rust.o — part of
        // the C kasan_test module, built by `obj-$(CONFIG_KASAN_KUNIT_TEST) += kasan_test.o`:
        // the module's symbol; the `ifdef` around the part only decides whether it is linked in.
        Expected {
            root: "mm/kasan/kasan_test_rust.rs",
            crate_name: "kasan_test_rust",
            macro_name: None,
            name: None,
            license: None,
            kconfig: m("CONFIG_KASAN_KUNIT_TEST"),
            linked_into_c: true,
            files: 1,
        },
    ];
    for e in &expected {
        check_driver("7.3", doc, e);
    }
    let binder = find(&doc["drivers"], "root", expected[0].root);
    assert_eq!(
        strings(&binder["authors"]),
        ["Wedson Almeida Filho", "Alice Ryhl"]
    );
    assert_eq!(
        binder["kconfig_prompt"],
        "Rust version of Android Binder IPC Driver"
    );
    let asix = find(&doc["drivers"], "root", "drivers/net/phy/ax88796b_rust.rs");
    assert_eq!(
        strings(&asix["authors"]),
        ["FUJITA Tomonori <fujita.tomonori@gmail.com>"]
    );
    assert_eq!(asix["description"], "Rust Asix PHYs driver");
    assert_eq!(
        asix["kconfig_prompt"],
        "Rust reference driver for Asix PHYs"
    );
    // The host programs (scripts/Makefile: `hostprogs += generate_rust_target`,
    // `generate_rust_target-rust := y`, and the doctest tools) are crates too.
    let roots: BTreeSet<&str> = arr(&doc["drivers"]).iter().map(|d| s(&d["root"])).collect();
    for host in [
        "scripts/generate_rust_target.rs",
        "scripts/rustdoc_test_builder.rs",
        "scripts/rustdoc_test_gen.rs",
        "samples/rust/hostprogs/single.rs",
    ] {
        assert!(roots.contains(host), "7.3: {host} missing");
    }
    // samples/rust/Makefile lists 16 module objects, one per samples/rust/*.rs (rust_print.o is
    // rust_print_main.o plus the C rust_print_events.o).
    let samples = roots
        .iter()
        .filter(|r| r.starts_with("samples/rust/") && !r.contains("hostprogs"))
        .count();
    assert_eq!(samples, 16, "7.3 samples: {roots:?}");
}

/// 3. Drivers and other crates outside `rust/` on 6.12, determined by hand:
///    `find . -name '*.rs' -not -path './rust/*'` gives 13 files; three of them
///    (samples/rust/hostprogs/{a,b}.rs) are modules of `single.rs`
///    (`mod a; mod b;`), the other ten are roots. For each, the Makefile of its folder was read:
///    drivers/block/Makefile `rnull_mod-y := rnull.o` (obj-$(CONFIG_BLK_DEV_RUST_NULL) +=
///    rnull_mod.o), drivers/gpu/drm/Makefile `drm-$(CONFIG_DRM_PANIC_SCREEN_QR_CODE) +=
///    drm_panic_qr.o`, drivers/net/phy/Makefile (ax88796b_rust.o under ifdef
///    CONFIG_AX88796B_RUST_PHY, qt2025.o), mm/kasan/Makefile (ifdef CONFIG_RUST, kasan_test-objs),
///    samples/rust/Makefile (rust_minimal.o, rust_print.o), samples/rust/hostprogs/Makefile
///    (`hostprogs-always-y := single`, `single-rust := y`), scripts/Makefile (`hostprogs +=
///    generate_rust_target`, `hostprogs-always-$(CONFIG_RUST_KERNEL_DOCTESTS) +=
///    rustdoc_test_builder/rustdoc_test_gen`, each with `-rust := y`). `grep -E
///    '^\s*(kernel::)?module(_[a-z_]+)?! *\{'` finds the module macros of rnull, ax88796b_rust,
///    qt2025, rust_minimal and rust_print; 6.12 still uses `author:` (one string).
#[test]
fn drivers_on_6_12() {
    let Some(doc) = doc("6.12") else { return };
    let roots: Vec<&str> = arr(&doc["drivers"]).iter().map(|d| s(&d["root"])).collect();
    assert_eq!(
        roots,
        [
            "drivers/block/rnull.rs",
            "drivers/gpu/drm/drm_panic_qr.rs",
            "drivers/net/phy/ax88796b_rust.rs",
            "drivers/net/phy/qt2025.rs",
            "mm/kasan/kasan_test_rust.rs",
            "samples/rust/hostprogs/single.rs",
            "samples/rust/rust_minimal.rs",
            "samples/rust/rust_print.rs",
            "scripts/generate_rust_target.rs",
            "scripts/rustdoc_test_builder.rs",
            "scripts/rustdoc_test_gen.rs",
        ]
    );
    let m = Some;
    for e in [
        Expected {
            root: "drivers/block/rnull.rs",
            crate_name: "rnull",
            macro_name: m("module"),
            name: m("rnull_mod"),
            license: m("GPL v2"),
            kconfig: m("CONFIG_BLK_DEV_RUST_NULL"),
            linked_into_c: false,
            files: 1,
        },
        Expected {
            root: "drivers/gpu/drm/drm_panic_qr.rs",
            crate_name: "drm_panic_qr",
            macro_name: None,
            name: None,
            license: None,
            kconfig: m("CONFIG_DRM_PANIC_SCREEN_QR_CODE"),
            linked_into_c: true,
            files: 1,
        },
        Expected {
            root: "drivers/net/phy/ax88796b_rust.rs",
            crate_name: "ax88796b_rust",
            macro_name: m("module_phy_driver"),
            name: m("rust_asix_phy"),
            license: m("GPL"),
            kconfig: m("CONFIG_AX88796B_RUST_PHY"),
            linked_into_c: false,
            files: 1,
        },
        Expected {
            root: "drivers/net/phy/qt2025.rs",
            crate_name: "qt2025",
            macro_name: m("module_phy_driver"),
            name: m("qt2025_phy"),
            license: m("GPL"),
            kconfig: m("CONFIG_AMCC_QT2025_PHY"),
            linked_into_c: false,
            files: 1,
        },
        Expected {
            root: "mm/kasan/kasan_test_rust.rs",
            crate_name: "kasan_test_rust",
            macro_name: None,
            name: None,
            license: None,
            kconfig: m("CONFIG_KASAN_KUNIT_TEST"),
            linked_into_c: true,
            files: 1,
        },
        Expected {
            root: "samples/rust/hostprogs/single.rs",
            crate_name: "single",
            macro_name: None,
            name: None,
            license: None,
            kconfig: None,
            linked_into_c: false,
            files: 3,
        },
        Expected {
            root: "samples/rust/rust_print.rs",
            crate_name: "rust_print",
            macro_name: m("module"),
            name: m("rust_print"),
            license: m("GPL"),
            kconfig: m("CONFIG_SAMPLE_RUST_PRINT"),
            linked_into_c: false,
            files: 1,
        },
    ] {
        check_driver("6.12", doc, &e);
    }
    let rnull = find(&doc["drivers"], "root", "drivers/block/rnull.rs");
    // `author: "Andreas Hindborg"` and no `description:` in 6.12's rnull.rs.
    assert_eq!(strings(&rnull["authors"]), ["Andreas Hindborg"]);
    assert_eq!(rnull["description"], Value::Null);
    // No Rust file outside a crate on 6.12.
    assert_eq!(strings(&doc["unreached_files"]), Vec::<String>::new());
}

/// 4. Exports: `#[export]` functions of drm_panic_qr.rs and their C caller (grep in *.c: only
///    drivers/gpu/drm/drm_panic.c calls them); the init/exit of every module macro.
#[test]
fn exports() {
    for version in ["6.12", "7.3"] {
        let Some(doc) = doc(version) else { continue };
        let exports = arr(&doc["exports"]);
        let qr = find(&doc["exports"], "symbol", "drm_panic_qr_generate");
        assert_eq!(qr["kind"], "other", "{version}");
        assert_eq!(qr["file"], "drivers/gpu/drm/drm_panic_qr.rs", "{version}");
        assert_eq!(
            strings(&qr["c_callers"]),
            ["drivers/gpu/drm/drm_panic.c"],
            "{version}"
        );
        // rust_fmt_argument (rust/kernel/print.rs) is called from lib/vsprintf.c.
        let fmt = find(&doc["exports"], "symbol", "rust_fmt_argument");
        assert_eq!(strings(&fmt["c_callers"]), ["lib/vsprintf.c"], "{version}");
        // One init and one exit per driver whose crate has a module macro.
        let with_macro = arr(&doc["drivers"])
            .iter()
            .filter(|d| !d["macro"].is_null())
            .count();
        let lifecycle: Vec<&Value> = exports
            .iter()
            .filter(|e| e["kind"] == "module lifecycle")
            .collect();
        assert_eq!(lifecycle.len(), 2 * with_macro, "{version}");
        for e in &lifecycle {
            assert!(
                !s(&e["symbol"]).contains("__?_") && !s(&e["symbol"]).contains("(___"),
                "{version}: lifecycle entry without a module name: {e}"
            );
        }
        for e in exports {
            assert!(matches!(s(&e["kind"]), "other" | "module lifecycle"), "{e}");
        }
    }
    let Some(doc) = doc("7.3") else { return };
    let symbols: BTreeSet<&str> = arr(&doc["exports"])
        .iter()
        .map(|e| s(&e["symbol"]))
        .collect();
    for symbol in [
        "init_module (__rust_binder_init)",
        "cleanup_module (__rust_binder_exit)",
        "init_module (__nova-core_init)",
        "init_module (__rust_asix_phy_init)",
        "init_module (__find_bit_benchmark_rust_init)",
    ] {
        assert!(symbols.contains(symbol), "7.3: {symbol} missing");
    }
    let binder = find(
        &doc["exports"],
        "symbol",
        "init_module (__rust_binder_init)",
    );
    assert_eq!(binder["file"], "drivers/android/binder/rust_binder_main.rs");
    assert_eq!(binder["via"], "module!");
    // nova_core.rs also invokes `kernel::module_firmware!(..)` (line 77): modinfo only, no
    // init/exit of its own.
    let nova_core = arr(&doc["exports"])
        .iter()
        .filter(|e| e["file"] == "drivers/gpu/nova-core/nova_core.rs")
        .count();
    assert_eq!(nova_core, 2);
    let mut callers_of_new_context =
        strings(&find(&doc["exports"], "symbol", "rust_binder_new_context")["c_callers"]);
    callers_of_new_context.sort();
    assert_eq!(
        callers_of_new_context,
        ["drivers/android/binder/rust_binderfs.c"]
    );
}

fn arches(doc: &Value) -> Vec<(String, Option<String>)> {
    arr(&doc["architectures"])
        .iter()
        .map(|a| {
            (
                s(&a["arch"]).to_string(),
                a["condition"].as_str().map(String::from),
            )
        })
        .collect()
}

/// 5. `grep -rn 'select HAVE_RUST' arch/*/Kconfig` (and no other arch Kconfig file has one):
///    each architecture once, however many lines select HAVE_RUST (7.3's powerpc has two).
#[test]
fn architectures() {
    let a = |arch: &str, cond: Option<&str>| (arch.to_string(), cond.map(String::from));
    if let Some(doc) = doc("6.12") {
        assert_eq!(
            arches(doc),
            [
                a("arm64", Some("RUSTC_SUPPORTS_ARM64")),
                a("loongarch", Some("!KASAN")),
                a("riscv", Some("RUSTC_SUPPORTS_RISCV && CC_IS_CLANG")),
                a("um", None),
                a("x86", Some("X86_64")),
            ]
        );
    }
    if let Some(doc) = doc("7.3") {
        assert_eq!(
            arches(doc),
            [
                a("arm", Some("CPU_LITTLE_ENDIAN && CPU_32v7 && !KASAN")),
                a("arm64", Some("RUSTC_SUPPORTS_ARM64")),
                a("loongarch", Some("!KASAN")),
                a("powerpc", Some("PPC32 || (PPC64 && CPU_LITTLE_ENDIAN)")),
                a("riscv", Some("RUSTC_SUPPORTS_RISCV && CC_IS_CLANG")),
                a("s390", Some("!EXPOLINE")),
                a("um", None),
                a("x86", Some("X86_64")),
            ]
        );
        let powerpc = find(&doc["architectures"], "arch", "powerpc");
        assert_eq!(
            powerpc["conditions"],
            serde_json::json!(["PPC32", "PPC64 && CPU_LITTLE_ENDIAN"])
        );
    }
    // The second method: a grep of every tree's arch/*/Kconfig, the same architectures and
    // the same conditions line by line; 7.3 has 9 lines but 8 architectures.
    for version in ["6.1", "6.12", "7.2", "7.3"] {
        let (Some(path), Some(doc)) = (tree(version), doc(version)) else {
            continue;
        };
        let grep = common::have_rust_selects(&path);
        let reported: BTreeMap<String, Vec<Option<String>>> = arr(&doc["architectures"])
            .iter()
            .map(|a| {
                let conditions = arr(&a["conditions"])
                    .iter()
                    .map(|c| c.as_str().map(String::from))
                    .collect();
                (s(&a["arch"]).to_string(), conditions)
            })
            .collect();
        assert_eq!(reported, grep, "{version}");
        assert_eq!(arr(&doc["architectures"]).len(), grep.len(), "{version}");
        if version == "7.3" {
            assert_eq!(grep.len(), 8);
            assert_eq!(grep.values().map(Vec::len).sum::<usize>(), 9);
        }
    }
}

/// 5b. `Documentation/rust/arch-support.rst` against Kconfig: its table's first column (read
///    here line by line: the rows between the second and third `====` border) against the
///    grep of `select HAVE_RUST`. 7.3's document omits powerpc, which Kconfig enables; 6.1's
///    lists x86 alone, as its Kconfig has it: they agree.
#[test]
fn architecture_docs_against_kconfig() {
    for version in ["6.1", "6.12", "7.3"] {
        let (Some(path), Some(doc)) = (tree(version), doc(version)) else {
            continue;
        };
        let text =
            std::fs::read_to_string(path.join("Documentation/rust/arch-support.rst")).unwrap();
        let borders: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with("====") && l.contains("  ="))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(borders.len(), 3, "{version}");
        let listed: BTreeSet<String> = text
            .lines()
            .skip(borders[1] + 1)
            .take(borders[2] - borders[1] - 1)
            .filter_map(|l| l.split_whitespace().next())
            .filter(|w| w.starts_with("``"))
            .map(|w| w.trim_matches('`').to_string())
            .collect();
        let enabled: BTreeSet<String> = common::have_rust_selects(&path).into_keys().collect();
        let docs = &doc["architecture_docs"];
        assert_eq!(docs["path"], "Documentation/rust/arch-support.rst");
        assert_eq!(
            strings(&docs["documented"]),
            listed.iter().cloned().collect::<Vec<_>>(),
            "{version}"
        );
        assert_eq!(
            strings(&docs["undocumented"]),
            enabled.difference(&listed).cloned().collect::<Vec<_>>(),
            "{version}"
        );
        assert_eq!(
            strings(&docs["documented_only"]),
            listed.difference(&enabled).cloned().collect::<Vec<_>>(),
            "{version}"
        );
        match version {
            "7.3" => {
                assert_eq!(strings(&docs["undocumented"]), ["powerpc"]);
                let table = kcensus(&["report", &path.to_string_lossy()]);
                assert!(
                    table.contains(
                        "Documentation/rust/arch-support.rst omits powerpc, which Kconfig \
                         enables (select HAVE_RUST)\n"
                    ),
                    "{table}"
                );
            }
            _ => {
                assert!(arr(&docs["undocumented"]).is_empty(), "{version}");
                assert!(arr(&docs["documented_only"]).is_empty(), "{version}");
            }
        }
    }
}

/// 6. Version (top Makefile: VERSION/PATCHLEVEL/SUBLEVEL, empty EXTRAVERSION) and minimum tools
///    (scripts/min-tool-version.sh; on 7.3 rustc's default branch is 1.85.0, with 1.96.0 for
///    s390 and 1.95.0 for powerpc). `wc -l rust/Makefile`: 476 and 815.
#[test]
fn version_and_toolchain() {
    for (version, release, rustc, bindgen, makefile_lines) in [
        ("6.12", "6.12.117", "1.78.0", "0.65.1", 476),
        ("7.3", "7.3.4", "1.85.0", "0.71.1", 815),
    ] {
        let Some(doc) = doc(version) else { continue };
        assert_eq!(doc["schema_version"], 1);
        assert_eq!(doc["kernel_version"], release);
        assert_eq!(doc["toolchain"]["rustc"], rustc, "{version}");
        assert_eq!(doc["toolchain"]["bindgen"], bindgen, "{version}");
        assert_eq!(
            doc["toolchain"]["rust_makefile_lines"], makefile_lines,
            "{version}"
        );
        let depending = strings(&doc["toolchain"]["kconfig_symbols_depending_on_rust"]);
        // Direct `depends on RUST` only: drivers/block/Kconfig's BLK_DEV_RUST_NULL and
        // drivers/net/phy/Kconfig's RUST_PHYLIB_ABSTRACTIONS say it; AX88796B_RUST_PHY depends
        // on RUST_PHYLIB_ABSTRACTIONS, not on RUST itself.
        for symbol in ["BLK_DEV_RUST_NULL", "RUST_PHYLIB_ABSTRACTIONS"] {
            assert!(depending.iter().any(|d| d == symbol), "{version}: {symbol}");
        }
        assert!(
            !depending.iter().any(|d| d == "AX88796B_RUST_PHY"),
            "{version}"
        );
    }
}

/// 7. The `kernel` crate's modules: known paths (files checked with ls), a category for every
///    module, none Uncategorized, unique paths, and every file of rust/kernel reached.
#[test]
fn kernel_crate_modules() {
    for version in ["6.12", "7.3"] {
        let Some(doc) = doc(version) else { continue };
        let modules = arr(&doc["modules"]);
        let mut expected = vec![
            ("sync", "rust/kernel/sync.rs", "Synchronization"),
            (
                "sync::lock::spinlock",
                "rust/kernel/sync/lock/spinlock.rs",
                "Synchronization",
            ),
            ("net::phy", "rust/kernel/net/phy.rs", "Networking"),
        ];
        if version == "7.3" {
            expected.push(("drm::gem", "rust/kernel/drm/gem/mod.rs", "Graphics"));
        }
        for (path, file, category) in expected {
            let m = find(&doc["modules"], "path", path);
            assert_eq!(strings(&m["paths"]), [file], "{version} {path}");
            assert_eq!(m["category"], category, "{version} {path}");
        }
        // `#[cfg(CONFIG_RUST_PHYLIB_ABSTRACTIONS)] pub mod phy;` in rust/kernel/net.rs.
        assert_eq!(
            strings(&find(&doc["modules"], "path", "net::phy")["cfg"]),
            ["CONFIG_RUST_PHYLIB_ABSTRACTIONS"]
        );

        let uncategorized: Vec<&str> = modules
            .iter()
            .filter(|m| m["category"] == "Uncategorized")
            .map(|m| s(&m["path"]))
            .collect();
        assert!(
            uncategorized.is_empty(),
            "{version}: {} Uncategorized modules: {uncategorized:?}",
            uncategorized.len()
        );
        for m in modules {
            assert!(!s(&m["category"]).is_empty(), "{version}: {m}");
            assert_eq!(arr(&m["paths"]).len(), 1, "{version}: {}", m["path"]);
            assert_eq!(u(&m["files"]), 1, "{version}: {}", m["path"]);
        }
        let paths: Vec<&str> = modules.iter().map(|m| s(&m["path"])).collect();
        let unique: BTreeSet<&str> = paths.iter().copied().collect();
        assert_eq!(unique.len(), paths.len(), "{version}: module paths repeat");
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted, "{version}: modules are not sorted by path");

        // Every .rs file of rust/kernel belongs to the kernel crate: it is lib.rs or exactly
        // one module's file.
        let kernel_files: BTreeSet<String> = arr(&doc["files"])
            .iter()
            .filter(|f| f["area"] == "rust/kernel")
            .map(|f| s(&f["path"]).to_string())
            .collect();
        let mut reached: BTreeSet<String> =
            modules.iter().flat_map(|m| strings(&m["paths"])).collect();
        reached.insert("rust/kernel/lib.rs".into());
        let unreached: Vec<&String> = kernel_files.difference(&reached).collect();
        assert!(
            unreached.is_empty(),
            "{version}: rust/kernel files outside the module tree: {unreached:?}"
        );
        assert_eq!(reached.len(), modules.len() + 1, "{version}");
        let krate = find(&doc["crates"], "name", "kernel");
        let crate_files: BTreeSet<String> = strings(&krate["files"]).into_iter().collect();
        assert_eq!(crate_files, kernel_files, "{version}");
        for f in arr(&doc["files"])
            .iter()
            .filter(|f| f["area"] == "rust/kernel")
        {
            assert_eq!(f["crate"], "kernel", "{version}: {}", f["path"]);
        }
        let unreached_files = strings(&doc["unreached_files"]);
        assert!(
            !unreached_files
                .iter()
                .any(|f| f.starts_with("rust/kernel/")),
            "{version}: {unreached_files:?}"
        );
    }
    // 6.12 has 51 .rs files in rust/kernel, 7.3 has 163 (find rust/kernel -name '*.rs').
    if let Some(doc) = doc("6.12") {
        assert_eq!(arr(&doc["modules"]).len(), 50);
    }
    if let Some(doc) = doc("7.3") {
        assert_eq!(arr(&doc["modules"]).len(), 162);
    }
}

/// Files no crate reaches on 7.3, each for a known reason: pin-init's examples (cargo
/// examples, not built by Kbuild), zerocopy's benches, tools/perf's workload (built by
/// tools/perf's own Makefile). syn's `gen/*.rs` (`mod`s declared inside the inline
/// `mod gen { .. }` of rust/syn/lib.rs) and nova-core's `r570_144/bindings.rs` (pulled in with
/// `include!`) were unreached until the crate walk followed both; they must stay reached.
#[test]
fn unreached_files_on_7_3() {
    let Some(doc) = doc("7.3") else { return };
    let unreached = strings(&doc["unreached_files"]);
    let explained = |f: &str| {
        f.starts_with("rust/pin-init/examples/")
            || f.starts_with("rust/zerocopy/benches/")
            || f == "tools/perf/tests/workloads/code_with_type.rs"
    };
    let other: Vec<&String> = unreached.iter().filter(|f| !explained(f)).collect();
    assert!(other.is_empty(), "unexpected unreached files: {other:?}");
}

/// 8. The Markdown article on 7.3.
#[test]
fn markdown_on_7_3() {
    let Some(tree) = tree("7.3") else { return };
    let md = kcensus(&["report", "--format", "markdown", &tree.to_string_lossy()]);
    assert!(
        md.starts_with("# State of Rust in Linux 7.3.4\n"),
        "{}",
        md.lines().next().unwrap_or("")
    );
    for heading in [
        "## Summary",
        "## Where the Rust is",
        "## Vendored crates",
        "## The `kernel` crate",
        "## Drivers and other users",
        "## Rust rewrites and their C originals",
        "## The C↔Rust boundary",
        "## Rust's reach into the C API",
        "## Platform",
        "## Rust files outside any crate",
    ] {
        assert!(
            md.lines().any(|l| l == heading),
            "heading {heading:?} missing"
        );
    }
    assert!(!md.to_lowercase().contains("<script"));
    assert!(md
        .contains("| rust_asix_phy | `drivers/net/phy/ax88796b_rust.rs` | `module_phy_driver!` |"));
}

/// 8. Text from the tree is escaped in Markdown: a `<script>` in any string the tree supplies
///    (version, crate names, versions, authors, Kconfig symbols, module docs and cfgs,
///    architecture conditions) never reaches the article raw.
#[test]
fn markdown_escapes_tree_strings() {
    use kcensus::model::report::{
        Architecture, Area, CodeFigures, Driver, LanguageLines, Lines, Module, NotCounted, Report,
        RustShare, SkippedPath, Toolchain, UnsafeFigures, VendoredCrate, AREAS,
    };
    let evil = "x<script>alert(1)</script>|y";
    let lines = Lines {
        files: 1,
        blank: 1,
        comment: 1,
        code: 10,
    };
    let report = Report {
        schema_version: 1,
        kernel_version: Some(format!("9.9.9{evil}")),
        rust: lines,
        rust_own: lines,
        tree: lines,
        languages: vec![LanguageLines {
            language: evil.into(),
            lines,
        }],
        rust_share: RustShare::default(),
        skipped: NotCounted {
            paths: 2,
            by_reason: [(evil.to_string(), 2)].into_iter().collect(),
            files: vec![
                SkippedPath {
                    path: format!("drivers/{evil}.rs"),
                    reason: evil.into(),
                },
                SkippedPath {
                    path: format!("{evil}.c"),
                    reason: evil.into(),
                },
            ],
        },
        areas: AREAS
            .iter()
            .map(|&area| Area {
                area,
                vendored: area.is_vendored(),
                figures: CodeFigures {
                    lines,
                    ..CodeFigures::default()
                },
                bindings_names: 0,
                bindings_uses: 0,
            })
            .collect(),
        vendored: vec![VendoredCrate {
            name: evil.into(),
            version: Some(evil.into()),
            path: "rust/v".into(),
            files: 1,
            code: 10,
        }],
        unsafe_figures: UnsafeFigures::default(),
        unsafe_own: UnsafeFigures::default(),
        crates: Vec::new(),
        unreached_files: Vec::new(),
        modules: vec![Module {
            path: "m".into(),
            files: vec!["rust/kernel/m.rs".into()],
            cfg: vec![evil.into()],
            doc: Some(evil.into()),
            category: "Uncategorized".to_string(),
            figures: CodeFigures {
                lines,
                ..CodeFigures::default()
            },
            bindings_uses: 0,
            maintainers_entries: vec![evil.into()],
        }],
        drivers: vec![Driver {
            root: "drivers/d.rs".into(),
            crate_name: "d".into(),
            kind: "drivers".into(),
            macro_name: Some("module".into()),
            name: Some(evil.into()),
            authors: vec![evil.into(), evil.into()],
            description: Some(evil.into()),
            license: Some(evil.into()),
            kconfig: Some(evil.into()),
            kconfig_prompt: Some(evil.into()),
            linked_into_c: false,
            files: vec!["drivers/d.rs".into()],
            figures: CodeFigures {
                lines,
                ..CodeFigures::default()
            },
            bindings_uses: 0,
            bindings_names: Vec::new(),
        }],
        exports: Vec::new(),
        bindings: Default::default(),
        reach: Default::default(),
        architectures: vec![Architecture {
            arch: "x86".into(),
            condition: Some(evil.into()),
            conditions: vec![Some(evil.into())],
        }],
        architecture_docs: Some(kcensus::model::report::ArchitectureDocs {
            path: "Documentation/rust/arch-support.rst".into(),
            documented: vec![evil.into()],
            undocumented: vec!["x86".into()],
            documented_only: vec![evil.into()],
        }),
        toolchain: Toolchain {
            rustc: Some("1.85.0".into()),
            ..Default::default()
        },
        twins: Vec::new(),
        files: Vec::new(),
    };
    let md = kcensus::render::report::markdown(&report);
    assert!(
        !md.to_lowercase().contains("<script") && !md.contains("</script"),
        "raw <script in:\n{md}"
    );
    assert!(md.contains("&lt;script&gt;"));
    assert!(md.starts_with("# State of Rust in Linux 9.9.9x&lt;script&gt;"));
    // A `|` in a cell is escaped, so every table row keeps its column count.
    assert!(!md.contains("</script>|y"));

    // The JSON of a report keeps strings as they are and has one `files` key per object.
    let json: Value =
        serde_json::from_str(&kcensus::render::report::json(&report)).expect("valid JSON");
    assert_eq!(json["drivers"][0]["paths"][0], "drivers/d.rs");
    assert_eq!(json["drivers"][0]["files"], 1);
    assert_eq!(json["modules"][0]["paths"][0], "rust/kernel/m.rs");
    assert_eq!(json["modules"][0]["files"], 1);
    assert_eq!(json["drivers"][0]["name"], evil);
}

/// 9. The 7.3 tarball gives byte-identical JSON to the unpacked tree.
#[test]
fn tarball_and_directory_give_identical_report_on_7_3() {
    let Some((from_dir, _)) = report("7.3") else {
        return;
    };
    let Some(tarball) = tarball("7.3") else {
        return;
    };
    let from_tar = kcensus(&["report", "--format", "json", &tarball.to_string_lossy()]);
    if from_tar != *from_dir {
        let first = from_tar
            .lines()
            .zip(from_dir.lines())
            .position(|(a, b)| a != b);
        panic!("directory and tarball reports differ (first at line {first:?})");
    }
}

/// 10. Two runs give byte-identical JSON.
#[test]
fn report_is_deterministic() {
    for version in ["6.12", "7.3"] {
        let Some((first, _)) = report(version) else {
            continue;
        };
        let tree = tree(version).expect("fetched");
        let second = kcensus(&["report", "--format", "json", &tree.to_string_lossy()]);
        assert!(second == *first, "{version}: two runs differ");
    }
}

/// Per-file `unsafe` figures against counts made by hand, reading the files:
/// - drivers/net/phy/ax88796b_rust.rs: no `unsafe` at all (`grep -c unsafe` = 0).
/// - drivers/gpu/drm/drm_panic_qr.rs (7.3): three `unsafe { }` blocks (lines 954, 957, 969),
///   each preceded by a `// SAFETY:` comment; two `unsafe extern "C" fn` (941, 997); six lines
///   with the word `unsafe` (941, 954, 957, 969, 995 — a comment — and 997).
/// - rust/kernel/sync/arc.rs (7.3): 39 `unsafe { }` blocks, every one with a `// SAFETY:`
///   comment right above it or above its statement; 9 `unsafe fn` (159, 246, 279, 376, 387,
///   397, 563, 581, 785); 3 `unsafe impl` (189, 196, 366); 51 lines containing `unsafe`.
#[test]
fn unsafe_counts_match_hand_counts() {
    let Some(doc) = doc("7.3") else { return };
    // (path, blocks, with SAFETY comment, unsafe fns, unsafe impls, grep lines)
    for (path, blocks, safety, fns, impls, grep) in [
        ("drivers/net/phy/ax88796b_rust.rs", 0, 0, 0, 0, 0),
        ("drivers/gpu/drm/drm_panic_qr.rs", 3, 3, 2, 0, 6),
        ("rust/kernel/sync/arc.rs", 39, 39, 9, 3, 51),
    ] {
        let f = find(&doc["files"], "path", path);
        assert_eq!(u(&f["unsafe_blocks"]), blocks, "{path}: blocks");
        assert_eq!(u(&f["unsafe"]["blocks"]), blocks, "{path}: blocks");
        assert_eq!(u(&f["unsafe"]["blocks_in_macros"]), 0, "{path}: in macros");
        assert_eq!(
            u(&f["unsafe"]["blocks_with_safety_comment"]),
            safety,
            "{path}: SAFETY"
        );
        assert_eq!(u(&f["unsafe"]["fns"]), fns, "{path}: fns");
        assert_eq!(u(&f["unsafe"]["impls"]), impls, "{path}: impls");
        assert_eq!(u(&f["unsafe"]["grep_lines"]), grep, "{path}: grep lines");
    }
}

/// 11. The kernel-wide context is `kcensus count` of the same tree: `tree` is its total,
///     `languages` its rows (the ten largest by code and C, C/C++ Header, Assembly and Rust, in
///     its order), `rust_share` Rust's code against its figures, and `skipped` its skipped paths
///     (counts by reason; listed: every `.rs` path and every path neither a duplicate nor
///     left out as not source code). The article's lead and the table's kernel line say the
///     share.
#[test]
fn tree_languages_share_and_skipped_equal_count() {
    use kcensus::render::thousands;
    for version in ["6.12", "7.3"] {
        let Some(doc) = doc(version) else { continue };
        let path = tree(version).expect("fetched");
        let path = path.to_string_lossy();
        let count: Value =
            serde_json::from_str(&kcensus(&["count", "--format", "json", &path])).expect("JSON");

        assert_eq!(
            lines_of(&doc["tree"]),
            lines_of(&count["total"]),
            "{version}"
        );
        let key = ["C", "C/C++ Header", "Assembly", "Rust"];
        let expected: Vec<&Value> = arr(&count["languages"])
            .iter()
            .enumerate()
            .filter(|(rank, l)| *rank < 10 || key.contains(&s(&l["language"])))
            .map(|(_, l)| l)
            .collect();
        assert_eq!(
            arr(&doc["languages"]).iter().collect::<Vec<_>>(),
            expected,
            "{version}: languages"
        );
        let code = |list: &Value, language: &str| u(&find(list, "language", language)["code"]);
        for language in key {
            assert_eq!(
                code(&doc["languages"], language),
                code(&count["languages"], language),
                "{version}: {language}"
            );
        }
        let total = u(&count["total"]["code"]);
        let rust = code(&count["languages"], "Rust");
        let own = u(&doc["rust_own"]["code"]);
        let c_and_headers =
            code(&count["languages"], "C") + code(&count["languages"], "C/C++ Header");
        let share = &doc["rust_share"];
        assert_eq!(u(&share["c_and_headers_code"]), c_and_headers, "{version}");
        for (field, part, whole) in [
            ("percent_of_code", rust, total),
            ("own_percent_of_code", own, total),
            ("percent_of_c_and_headers", rust, c_and_headers),
            ("own_percent_of_c_and_headers", own, c_and_headers),
        ] {
            let exact = part as f64 * 100.0 / whole as f64;
            let given = share[field].as_f64().expect("a number");
            assert!(
                (given - exact).abs() <= 0.0005 + 1e-9,
                "{version}: rust_share.{field} = {given}, exactly {exact}"
            );
        }

        let skipped = &doc["skipped"];
        assert_eq!(
            skipped["paths"], count["summary"]["not_counted"],
            "{version}"
        );
        assert_eq!(
            skipped["by_reason"], count["summary"]["not_counted_by_reason"],
            "{version}"
        );
        let not_source = [
            "unknown language",
            "not code (by extension)",
            "documentation file name",
            "editor backup file",
            "empty file",
        ];
        let listed: Vec<&Value> = arr(&count["skipped"])
            .iter()
            .filter(|x| {
                let reason = s(&x["reason"]);
                s(&x["path"]).ends_with(".rs")
                    || !(reason.starts_with("duplicate of ") || not_source.contains(&reason))
            })
            .collect();
        assert_eq!(
            arr(&skipped["files"]).iter().collect::<Vec<_>>(),
            listed,
            "{version}: skipped.files"
        );
        if version == "7.3" {
            // A GIF; and a symbolic link to a file, followed as cloc follows it (`ls -l`:
            // Documentation/Changes -> process/changes.rst), has a name cloc never counts.
            let files = &skipped["files"];
            assert_eq!(
                find(files, "path", "Documentation/images/logo.gif")["reason"],
                "binary file"
            );
            assert_eq!(
                find(&count["skipped"], "path", "Documentation/Changes")["reason"],
                "documentation file name"
            );

            let percent = |part: u64| format!("{:.2}%", part as f64 * 100.0 / total as f64);
            let md = kcensus(&["report", "--format", "markdown", &path]);
            let lead = format!(
                "in {} files, {} of the kernel's {} code lines (all languages)",
                thousands(u(&doc["rust"]["files"])),
                percent(rust),
                thousands(total)
            );
            assert!(md.contains(&lead), "{lead:?} not in the article");
            assert!(md.contains(&format!(
                "**{} code lines** in {} files, {} of the kernel's code.",
                thousands(own),
                thousands(u(&doc["rust_own"]["files"])),
                percent(own)
            )));
            assert!(md.contains("\n## Rust among the kernel's languages\n"));
            assert!(md.contains(&format!(
                "| **all languages** | {} |",
                thousands(u(&count["total"]["files"]))
            )));
            assert!(md.contains("\n## What was not counted\n"));
            let binary = u(&count["summary"]["not_counted_by_reason"]["binary file"]);
            assert!(md.contains(&format!("| binary file | {} |", thousands(binary))));
            // Since symbolic links to files are followed (as cloc follows them), 16 paths are
            // left to list (4 binary files, 12 links to folders, which cloc does not follow
            // either): at most 20, so the article names each one rather than pointing to the
            // JSON.
            let files = arr(&skipped["files"]);
            assert_eq!(files.len(), 16);
            assert!(!md.contains("the JSON report lists them (`skipped.files`)"));
            for file in files {
                let item = format!("- `{}`: {}", s(&file["path"]), s(&file["reason"]));
                assert!(md.contains(&item), "{item:?} not in the article");
            }
            assert!(md.contains("No `.rs` file was left out."));

            let table = kcensus(&["report", &path]);
            let line = format!(
                "kernel: {} code lines in {} files; Rust {} of them (own {}), ",
                thousands(total),
                thousands(u(&count["total"]["files"])),
                percent(rust),
                percent(own)
            );
            assert_eq!(
                table.lines().nth(2).map(|l| l.starts_with(&line)),
                Some(true),
                "{line:?} is not the table's third line:\n{table}"
            );
            // Every line fits 100 columns; lists continue on indented lines, joined here.
            for line in table.lines() {
                assert!(
                    line.chars().count() <= 100,
                    "{version}: {line:?} is too wide"
                );
            }
            let table = table.replace(&format!("\n{}", " ".repeat(13)), " ");
            let duplicates = u(&count["summary"]["not_counted_by_reason"]["duplicate"]);
            assert!(table.lines().any(|l| l.starts_with(&format!(
                "not counted: {} duplicate, ",
                thousands(duplicates)
            )) && l
                .contains(&format!("{} binary file", thousands(binary)))));
        }
    }
}

/// Twins: `twins[]` holds the pairs the model's real-tree test asserts with their evidence
/// (src/model/twins/tests/real.rs), through the whole report; the report's sides are the
/// Kbuild sources, the crates' files (`find drivers/android/binder -name '*.rs'`: 20
/// files) and the headers their C files include with quotes (C Binder: 4 sources and 5
/// headers), with cloc's lines (`ax88796b.c`: 130 lines, 83 code; `ax88796b_rust.rs`: 133
/// lines, 93 code, by `cloc --by-file`).
#[test]
fn twins_on_real_trees() {
    let pairs = |doc: &Value| -> Vec<(String, String)> {
        arr(&doc["twins"])
            .iter()
            .map(|t| {
                (
                    s(&t["rust"]["symbol"]).to_string(),
                    s(&t["c"]["symbol"]).to_string(),
                )
            })
            .collect()
    };
    let own = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    if let Some(doc) = doc("6.12") {
        assert_eq!(
            pairs(doc),
            own(&[
                ("AX88796B_RUST_PHY", "AX88796B_PHY"),
                ("BLK_DEV_RUST_NULL", "BLK_DEV_NULL_BLK")
            ])
        );
    }
    let Some(doc) = doc("7.3") else { return };
    assert_eq!(
        pairs(doc),
        own(&[
            ("ANDROID_BINDER_IPC_RUST", "ANDROID_BINDER_IPC"),
            ("AX88796B_RUST_PHY", "AX88796B_PHY"),
            ("BLK_DEV_RUST_NULL", "BLK_DEV_NULL_BLK"),
            ("CPUFREQ_DT_RUST", "CPUFREQ_DT"),
            ("FIND_BIT_BENCHMARK_RUST", "FIND_BIT_BENCHMARK"),
            ("SAMPLE_RUST_CONFIGFS", "SAMPLE_CONFIGFS"),
        ])
    );
    let ax = find(&doc["twins"], "name", "ax88796b");
    assert_eq!(lines_of(&ax["c"]["lines"])[3], 83);
    assert_eq!(
        u(&ax["c"]["lines"]["blank"]) + u(&ax["c"]["lines"]["comment"]) + 83,
        130
    );
    assert_eq!(lines_of(&ax["rust"]["rust_lines"])[3], 93);
    assert_eq!(u(&ax["rust"]["functions"]), 10);
    let rules: Vec<&str> = arr(&ax["evidence"]).iter().map(|e| s(&e["rule"])).collect();
    assert_eq!(
        rules,
        [
            "kconfig-help",
            "kconfig-name",
            "kconfig-prompt",
            "makefile-alternative",
            "module-name"
        ]
    );
    let binder = find(&doc["twins"], "name", "binder_linux");
    assert_eq!(u(&binder["rust"]["rust_lines"]["files"]), 20);
    assert_eq!(u(&binder["rust"]["rust_lines"]["code"]), 7495);
    // What Binder's Rust side calls: the C names its driver's chain (reach) counts directly,
    // the Rust side's Rust files being the driver's crate files, and what its C glue calls
    // (`rust_binderfs.c`: tests/it/twins_calls.rs checks the C parts by a second method).
    let chain = arr(&doc["reach"]["chains"])
        .iter()
        .find(|c| s(&c["rust"]) == "rust_binder")
        .expect("rust_binder's chain");
    assert!(u(&binder["rust"]["c_api_functions_called"]) > u(&chain["direct_c_functions"]));
    assert!(u(&binder["c"]["c_api_functions_called"]) > 0);
    // The C side now has its headers (binder_internal.h and its companions) and functions.
    assert_eq!(u(&binder["c"]["lines"]["files"]), 9);
    assert!(u(&binder["c"]["functions"]) > 0);
}
