#!/usr/bin/env bash
# The clippy judge of kcensus's SAFETY rules (issue 18, section 1).
#
#   scripts/compare-clippy.sh [KCENSUS_BINARY]
#
# Runs `cargo clippy` (the toolchain's own, default configuration) with only the four
# SAFETY-family lints enabled on eleven real unsafe-heavy crates, runs `kcensus lint` over the
# same sources, and compares the findings per crate and rule:
#
#   clippy lint                  kcensus rule
#   undocumented_unsafe_blocks   undocumented-unsafe
#   missing_safety_doc           missing-safety-doc
#   unnecessary_safety_comment   unnecessary-safety-comment
#   unnecessary_safety_doc       unnecessary-safety-doc
#
# A finding is (file, line, rule); clippy's are read from `--message-format=json` (the primary
# span's first line), deduplicated (a macro body expanded twice is one finding).
#
# Set aside, by rule, the kcensus findings on code clippy never compiled (kcensus reads every
# `.rs` file, clippy one configuration of the crate): a finding in a file that is not in the
# build (the crate's dep-info lists the files of the build: tests, benches, examples and
# modules behind cfgs that are off are not), and a finding on an unsafe site (block, impl,
# fn, trait) at a line where rustc's `unsafe_code` lint, enabled in the same run, did not
# fire (items behind `#[cfg(test)]` or a feature that is off, in a compiled file); for the two
# rules on safe code, which no rustc lint marks, a finding inside a `#[cfg(test)]` item (its
# lines found by matching braces). Every clippy finding is compared, and every kcensus finding
# on code the build saw.
#
# The crates are fetched from crates.io by cargo into ~/.cargo/registry (the first run
# downloads them), copied into a scratch folder outside the repository (clippy lints only the
# packages of the workspace it runs in, never registry dependencies), each made the root of
# its own workspace. Scratch: $KCENSUS_CLIPPY_SCRATCH, default ${TMPDIR:-/tmp}/kcensus-clippy;
# kept between runs (cargo's build cache makes a second run fast).
#
# Output: one line per crate and rule, `equal`, or the findings only clippy / only kcensus
# has; then `clippy comparison: N passed, M failed` (one check per crate and rule). Exit 0
# when all are equal, 1 on a difference, 2 when a tool fails.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
kcensus=${1:-$repo/target/release/kcensus}
scratch=${KCENSUS_CLIPPY_SCRATCH:-${TMPDIR:-/tmp}/kcensus-clippy}
cargo_home=${CARGO_HOME:-$HOME/.cargo}

if [[ ! -x $kcensus ]]; then
    echo "compare-clippy: no kcensus binary at $kcensus (cargo build --release)" >&2
    exit 2
fi
case $scratch in
    "$repo"|"$repo"/*)
        echo "compare-clippy: the scratch folder must be outside the repository" >&2
        exit 2
        ;;
esac

# name version features: the four crates Linux 7.3 vendors (rust/zerocopy, rust/syn,
# rust/proc-macro2, rust/quote: syn with the features the kernel builds), then seven
# unsafe-heavy crates at the versions current when this script was written.
crates=(
    "zerocopy 0.8.54 -"
    "syn 2.0.106 full,extra-traits,visit,visit-mut,fold"
    "proc-macro2 1.0.101 -"
    "quote 1.0.40 -"
    "bytes 1.12.2 -"
    "smallvec 1.16.6 -"
    "arrayvec 0.7.8 -"
    "memchr 2.8.3 -"
    "hashbrown 0.17.2 -"
    "crossbeam-utils 0.8.23 -"
    "once_cell 1.21.4 -"
)
lints=(undocumented_unsafe_blocks missing_safety_doc unnecessary_safety_comment unnecessary_safety_doc)

mkdir -p "$scratch/fetch/src" "$scratch/crates" "$scratch/out"
: >"$scratch/fetch/src/lib.rs"
{
    printf '[package]\nname = "kcensus-clippy-fetch"\nversion = "0.0.0"\nedition = "2021"\n\n'
    printf '[dependencies]\n'
    for spec in "${crates[@]}"; do
        read -r name version _ <<<"$spec"
        printf '%s = "=%s"\n' "$name" "$version"
    done
    printf '\n[workspace]\n'
} >"$scratch/fetch/Cargo.toml"
(cd "$scratch/fetch" && cargo fetch --quiet) || {
    echo "compare-clippy: cargo fetch failed" >&2
    exit 2
}

# `unsafe_code` (rustc's) marks every unsafe site the build compiled: see below.
clippy_flags=(-A clippy::all -W unsafe_code)
for lint in "${lints[@]}"; do clippy_flags+=(-W "clippy::$lint"); done

for spec in "${crates[@]}"; do
    read -r name version features <<<"$spec"
    source_dir=$(ls -d "$cargo_home"/registry/src/*/"$name-$version" 2>/dev/null | head -n 1)
    if [[ -z $source_dir ]]; then
        echo "compare-clippy: $name $version not in $cargo_home/registry/src" >&2
        exit 2
    fi
    copy=$scratch/crates/$name-$version
    if [[ ! -f $copy/.copied ]]; then
        rm -rf "$copy"
        cp -r "$source_dir" "$copy"
        # Its own workspace root, whatever folder holds it.
        grep -q '^\[workspace\]' "$copy/Cargo.toml" || printf '\n[workspace]\n' >>"$copy/Cargo.toml"
        touch "$copy/.copied"
    fi
    feature_args=()
    [[ $features != - ]] && feature_args=(--features "$features")
    # On a second run cargo replays the diagnostics it cached with the build.
    (cd "$copy" && CARGO_TARGET_DIR=$scratch/target nice -n 5 cargo clippy --quiet --lib \
        "${feature_args[@]}" --message-format=json -- "${clippy_flags[@]}") \
        >"$scratch/out/$name.clippy.json" 2>"$scratch/out/$name.clippy.stderr" || {
        echo "compare-clippy: cargo clippy failed on $name $version (see $scratch/out/$name.clippy.stderr)" >&2
        exit 2
    }
    status=0
    "$kcensus" lint "$copy" --format json \
        --rule undocumented-unsafe,missing-safety-doc,unnecessary-safety-comment,unnecessary-safety-doc \
        >"$scratch/out/$name.kcensus.json" 2>"$scratch/out/$name.kcensus.stderr" || status=$?
    if [[ $status -gt 1 ]]; then
        echo "compare-clippy: kcensus lint failed on $name $version (see $scratch/out/$name.kcensus.stderr)" >&2
        exit 2
    fi
done

python3 - "$scratch" "${crates[@]}" <<'PY'
import glob, json, os, sys

scratch, specs = sys.argv[1], sys.argv[2:]
rules = {
    "clippy::undocumented_unsafe_blocks": "undocumented-unsafe",
    "clippy::missing_safety_doc": "missing-safety-doc",
    "clippy::unnecessary_safety_comment": "unnecessary-safety-comment",
    "clippy::unnecessary_safety_doc": "unnecessary-safety-doc",
}
# Known differences, each with its cause (TESTING.md, "The clippy judge"): (crate, rule,
# path, line) -> why. A known difference is printed as such and does not fail the run; any
# other difference fails it, and so does a known one that no longer occurs (the list cannot
# go stale). Each is a kcensus finding on code clippy's library build never compiles, the one
# exception issue 18 allows.
known = {
    **{("zerocopy", "unnecessary-safety-comment", "src/macros.rs", line):
       "cfg'd-out code: a SAFETY comment in an arm of `cryptocorrosion_derive_traits!`, whose "
       "only invocations are in `#[cfg(test)] mod tests` (src/macros.rs:1703-1748); clippy "
       "judges expansions, and `cargo clippy --lib --tests` (cfg(test) on) reports this line"
       for line in (1045, 1190)},
}
known_seen = set()
passed = failed = 0
for spec in specs:
    name, version, _ = spec.split()
    copy = os.path.join(scratch, "crates", f"{name}-{version}")
    # The files of the build, from the dep-info of the crate's lib (one `.d` per build).
    lib = name.replace("-", "_")
    compiled = set()
    for dep_info in glob.glob(os.path.join(scratch, "target", "debug", "deps", f"{lib}-*.d")):
        with open(dep_info) as f:
            for line in f:
                target, _, deps = line.partition(": ")
                if not target.endswith(".rmeta"):
                    continue
                for dep in deps.split():
                    # Relative to the package's folder, where cargo ran rustc.
                    path = os.path.realpath(os.path.join(copy, dep))
                    if path.startswith(os.path.realpath(copy) + os.sep):
                        compiled.add(os.path.relpath(path, os.path.realpath(copy)))
    clippy = {rule: set() for rule in rules.values()}
    unsafe_seen = set()
    with open(os.path.join(scratch, "out", f"{name}.clippy.json")) as f:
        for line in f:
            message = json.loads(line)
            if message.get("reason") != "compiler-message":
                continue
            diagnostic = message["message"]
            code = (diagnostic.get("code") or {}).get("code")
            if code == "unsafe_code":
                for span in diagnostic["spans"]:
                    if span["is_primary"]:
                        path = os.path.relpath(os.path.realpath(os.path.join(copy, span["file_name"])), os.path.realpath(copy))
                        unsafe_seen.add((path, span["line_start"]))
                continue
            if code not in rules:
                continue
            for span in diagnostic["spans"]:
                if span["is_primary"]:
                    path = os.path.relpath(os.path.realpath(os.path.join(copy, span["file_name"])), os.path.realpath(copy))
                    clippy[rules[code]].add((path, span["line_start"]))
    kcensus = {rule: set() for rule in rules.values()}
    unsafe_site_rules = ("undocumented-unsafe", "missing-safety-doc")
    safe_code_rules = ("unnecessary-safety-comment", "unnecessary-safety-doc")
    test_lines = {}

    def in_test_code(path, line):
        # Safe code fires no `unsafe_code`: for it, the lines of `#[cfg(test)]` items (a
        # `mod tests { .. }` and the like) are what the build leaves out, found by matching
        # braces from the item after the attribute (braces in strings and comments are rare
        # enough in these crates not to matter).
        if path not in test_lines:
            spans = []
            with open(os.path.join(copy, path), errors="replace") as f:
                text = f.read().split("\n")
            index = 0
            while index < len(text):
                if text[index].strip() == "#[cfg(test)]":
                    depth, opened, end = 0, False, index
                    for end in range(index + 1, len(text)):
                        depth += text[end].count("{") - text[end].count("}")
                        opened = opened or "{" in text[end]
                        if (opened and depth <= 0) or (not opened and text[end].rstrip().endswith(";")):
                            break
                    spans.append((index + 1, end + 1))
                    index = end
                index += 1
            test_lines[path] = spans
        return any(first <= line <= last for first, last in test_lines[path])
    with open(os.path.join(scratch, "out", f"{name}.kcensus.json")) as f:
        findings = json.load(f)["findings"]
    set_aside = 0
    for finding in findings:
        if finding["rule"] not in kcensus:
            continue
        if finding["path"] not in compiled:
            set_aside += 1
            continue
        key = (finding["path"], finding["line"])
        if finding["rule"] in unsafe_site_rules and key not in unsafe_seen and key not in clippy[finding["rule"]]:
            set_aside += 1
            continue
        if finding["rule"] in safe_code_rules and key not in clippy[finding["rule"]] and in_test_code(*key):
            set_aside += 1
            continue
        kcensus[finding["rule"]].add(key)
    for rule in rules.values():
        only_clippy = sorted(clippy[rule] - kcensus[rule])
        only_kcensus = sorted(kcensus[rule] - clippy[rule])
        both = len(clippy[rule] & kcensus[rule])
        expected = [k for k in only_kcensus if (name, rule, *k) in known]
        only_kcensus = [k for k in only_kcensus if (name, rule, *k) not in known]
        known_seen.update((name, rule, *k) for k in expected)
        if not only_clippy and not only_kcensus:
            passed += 1
            print(f"{name:16} {rule:27} equal ({both})" + (f", {len(expected)} known" if expected else ""))
            for path, line in expected:
                print(f"    known, only kcensus: {path}:{line} ({known[(name, rule, path, line)]})")
            continue
        failed += 1
        print(f"{name:16} {rule:27} DIFFER: {both} equal, {len(only_clippy)} only clippy, {len(only_kcensus)} only kcensus")
        for path, line in only_clippy:
            print(f"    only clippy:  {path}:{line}")
        for path, line in only_kcensus:
            print(f"    only kcensus: {path}:{line}")
    if set_aside:
        print(f"{name:16} ({set_aside} kcensus findings on code clippy did not compile, set aside)")
for stale in sorted(set(known) - known_seen):
    failed += 1
    print(f"known difference no longer seen (remove it from the list): {' '.join(map(str, stale))}")
print(f"clippy comparison: {passed} passed, {failed} failed, {len(known_seen)} known differences")
sys.exit(1 if failed else 0)
PY
