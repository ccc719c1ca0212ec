#!/usr/bin/env bash
# The project's test command: fetch the real kernel trees the tests read (idempotent, cached
# outside the repository) and the git repository of them, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
# The real-tree tests compare with cloc, the reference for line counts.
if ! command -v cloc >/dev/null; then
  if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cloc >/dev/null
fi
for version in 6.1 6.12 7.2 7.3; do
  scripts/fetch-kernel.sh "$version" >/dev/null
done
# The four trees as one git repository with release tags (tests/it/history.rs).
scripts/make-history-repo.sh >/dev/null
# The tests build without link-time optimisation: three binaries linked with thin LTO against
# the whole dependency graph cost CI minutes and the tests nothing (the release profile's LTO
# is for the user's binary; BENCHMARKS.md measures that one). Set the variable to override.
export CARGO_PROFILE_RELEASE_LTO=${CARGO_PROFILE_RELEASE_LTO:-false}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
KCENSUS_REQUIRE_KERNELS=1 cargo test --release "$@" 2>&1 | tee "$log" || status=$?
# One closing line for the whole run: the sum over every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit $status
