#!/usr/bin/env bash
# Fuzz every target of fuzz/ (cargo-fuzz, nightly) for a bounded time each, then print a
# Markdown table of executions and durations for TESTING.md.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     # default: 180 seconds, every target
#
# KCENSUS_FUZZ_MAX_LEN bounds the size of generated inputs (default 8192 bytes).
#
# The corpus (fuzz/corpus/TARGET, not committed) is seeded once from the kernel tree in the
# kcensus cache when there is one (scripts/fetch-kernel.sh 7.3), so the fuzzer starts from real
# Makefiles, Kconfig files, Rust and MAINTAINERS text. Any input that crashes a target, hangs
# it (over 10 s) or exhausts its memory is copied to fuzz/regressions/TARGET/, which
# tests/it/fuzz_regressions.rs replays in CI; the script then exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-180}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi
tree=${KCENSUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kcensus}/linux-7.3

# seed TARGET MAX_BYTES FILE...: the first MAX_BYTES of each file, into an empty corpus only.
seed() {
  local target=$1 max=$2 dir=fuzz/corpus/$1 file
  shift 2
  mkdir -p "$dir"
  [ -z "$(ls -A "$dir")" ] || return 0
  for file in "$@"; do
    head -c "$max" "$file" > "$dir/seed-$(sha1sum < "$file" | cut -c1-16)"
  done
}

if [ -d "$tree" ]; then
  mapfile -t rust < <(find "$tree/rust/kernel" "$tree/drivers" -name '*.rs' | sort | head -n 80)
  mapfile -t makefiles < <(find "$tree/rust" "$tree/drivers/gpu" "$tree/drivers/net/phy" \( -name Makefile -o -name Kbuild \) | sort | head -n 40)
  mapfile -t kconfigs < <(find "$tree/arch" "$tree/drivers/gpu" "$tree/init" -maxdepth 2 -name 'Kconfig*' | sort | head -n 40)
  mapfile -t mixed < <(find "$tree/scripts" "$tree/rust" "$tree/Documentation/rust" -maxdepth 1 -type f | sort | head -n 60)
  seed line_counter 4096 "${mixed[@]}" "${rust[@]:0:10}" "${makefiles[@]:0:5}"
  seed rust_facts 16384 "${rust[@]}"
  seed kbuild 16384 "${makefiles[@]}"
  seed kconfig 16384 "${kconfigs[@]}"
  chunks=$(mktemp -d)
  split -b 4096 "$tree/MAINTAINERS" "$chunks/m-"
  mapfile -t maintainers < <(find "$chunks" -type f | sort | awk 'NR % 25 == 1')
  seed maintainers 4096 "${maintainers[@]}"
  rm -rf "$chunks"
fi
seed claims 16384 claims/*.toml

failed=0
rows=()
for target in "${targets[@]}"; do
  log=fuzz/artifacts/$target.log
  mkdir -p fuzz/artifacts "fuzz/artifacts/$target"
  start=$(date +%s)
  status=0
  # No AddressSanitizer: kcensus is safe Rust, and the sanitizer would cost half the
  # executions; overflow checks and debug assertions stay on.
  cargo +nightly fuzz run -O --debug-assertions --sanitizer none "$target" -- \
    -max_total_time="$seconds" -timeout=10 -max_len="${KCENSUS_FUZZ_MAX_LEN:-8192}" \
    -print_final_stats=1 > "$log" 2>&1 || status=$?
  took=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  # libFuzzer's own time, without the build.
  fuzzed=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
  outcome="no crash"
  if [ "$status" -ne 0 ]; then
    failed=1
    outcome="FAILED (exit $status, see $log)"
    for artifact in "fuzz/artifacts/$target"/*; do
      [ -f "$artifact" ] || continue
      mkdir -p "fuzz/regressions/$target"
      cp "$artifact" "fuzz/regressions/$target/"
      outcome="FAILED: $(basename "$artifact") saved to fuzz/regressions/$target/"
    done
  fi
  corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
  rows+=("| \`$target\` | ${runs:-?} | ${fuzzed:-?} s | $corpus | $outcome |")
  echo "$target: ${runs:-?} executions in ${fuzzed:-?} s (${took} s with the build), $outcome" >&2
done

echo "| Target | Executions | Fuzzing time | Corpus files | Outcome |"
echo "|---|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
exit $failed
