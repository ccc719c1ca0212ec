#!/usr/bin/env bash
# Fetch the official SARIF 2.1.0 JSON schema, which tests/it/lint.rs validates `kcensus lint
# --format sarif` against, into the kcensus cache folder. The schema ships inside the npm
# package @microsoft/jest-sarif (lib/schemas/). Idempotent; prints the schema's path.
set -euo pipefail
cache=${KCENSUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kcensus}
schema="$cache/sarif-2.1.0-rtm.5.json"
if [ ! -s "$schema" ]; then
  mkdir -p "$cache"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent @microsoft/jest-sarif >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work"
  found=$(find "$work/package" -name 'sarif-2.1.0-rtm.5.json' -print -quit)
  [ -n "$found" ] || { echo "fetch-sarif-schema.sh: schema not found in @microsoft/jest-sarif" >&2; exit 1; }
  cp "$found" "$schema.part" && mv "$schema.part" "$schema"
fi
echo "$schema"
