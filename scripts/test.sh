#!/usr/bin/env bash
# The project's test command: fetch the real kernel trees the tests read (idempotent, cached
# outside the repository), then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
for version in 6.12 7.3; do
  scripts/fetch-kernel.sh "$version" >/dev/null
done
KCENSUS_REQUIRE_KERNELS=1 cargo test --release "$@"
