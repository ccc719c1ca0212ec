#!/usr/bin/env bash
# Record every command's output, in every format, on the real kernel trees, so that a change
# meant to keep output as it is (a refactoring, a speed-up) can be shown to do so:
#
#   scripts/snapshot-outputs.sh BINARY OUTDIR [VERSION...]   # default versions: 6.1 6.12 7.2 7.3
#   diff -r before/ after/                                   # nothing: byte-identical
#
# Each report-like command runs three ways: without the cache, with a cold one and a warm one
# (a fresh cache file under OUTDIR, removed at the end), and the three outputs must be equal
# (a difference is printed and the script exits 1). Exit codes are recorded beside the output
# (`NAME.status`), since `lint` and `check` exit 1 on findings and failed claims.
# SNAPSHOT_RESUME=1 keeps the outputs OUTDIR already has (a run that was stopped goes on).
# The trees come from scripts/fetch-kernel.sh (and the history repository from
# scripts/make-history-repo.sh); nothing is written in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:?usage: snapshot-outputs.sh BINARY OUTDIR [VERSION...]}")
out=${2:?usage: snapshot-outputs.sh BINARY OUTDIR [VERSION...]}
shift 2
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(6.1 6.12 7.2 7.3)
mkdir -p "$out"
out=$(realpath "$out")
cache="$out/.cache.sqlite"
rm -f "$cache" "$cache"-*
status=0

# run NAME ARGS...: the output of `kcensus ARGS` into NAME, its exit status into NAME.status.
run() {
  local name=$1
  shift
  if [ -n "${SNAPSHOT_RESUME:-}" ] && [ -f "$out/$name.status" ] && [ "${name%.cold}" = "$name" ] && [ "${name%.warm}" = "$name" ]; then
    return
  fi
  local code=0
  "$bin" "$@" > "$out/$name" 2> "$out/$name.stderr" || code=$?
  echo "$code" > "$out/$name.status"
  if [ "$code" -ge 2 ]; then
    echo "snapshot-outputs.sh: kcensus $* exited $code: $(head -c 300 "$out/$name.stderr")" >&2
  fi
}

# cached NAME ARGS...: ARGS without the cache, with a cold cache and with a warm one; the three
# outputs must be byte-identical. The first is kept as NAME.
cached() {
  local name=$1
  shift
  if [ -n "${SNAPSHOT_RESUME:-}" ] && [ -f "$out/$name.status" ] && [ ! -f "$out/$name.cold" ]; then
    return
  fi
  run "$name" "$@" --no-cache
  run "$name.cold" "$@" --cache "$cache"
  run "$name.warm" "$@" --cache "$cache"
  for kind in cold warm; do
    if ! cmp -s "$out/$name" "$out/$name.$kind"; then
      echo "snapshot-outputs.sh: $name differs with a $kind cache" >&2
      status=1
    fi
    rm -f "$out/$name.$kind" "$out/$name.$kind.stderr" "$out/$name.$kind.status"
  done
}

declare -A tree tarball
for version in "${versions[@]}"; do
  paths=$(scripts/fetch-kernel.sh "$version")
  tree[$version]=$(sed -n 1p <<< "$paths")
  tarball[$version]=$(sed -n 2p <<< "$paths")
done

for version in "${versions[@]}"; do
  dir=${tree[$version]}
  for format in table json csv; do
    run "count-$version.$format" count "$dir" --format "$format"
  done
  run "count-$version-by-file.json" count "$dir" --by-file --format json
  run "count-$version-by-dir.table" count "$dir" --by-dir 2
  for format in table json markdown html; do
    cached "report-$version.$format" report "$dir" --format "$format"
  done
  for format in text json sarif; do
    run "lint-$version.$format" lint "$dir" --format "$format"
  done
  for format in table json markdown; do
    cached "check-$version.$format" check claims/rust-in-linux-2025-article.toml "$dir" --format "$format"
  done
done

# One tarball and one git revision: the other two sources, through count and report.
last=${versions[-1]}
run "count-$last-tarball.json" count "${tarball[$last]}" --format json
cached "report-$last-tarball.json" report "${tarball[$last]}" --format json
if [ ${#versions[@]} -ge 2 ]; then
  dirs=()
  for version in "${versions[@]}"; do dirs+=("${tree[$version]}"); done
  for format in table csv json markdown html; do
    cached "history.$format" history "${dirs[@]}" --format "$format"
  done
  first=${versions[0]}
  for format in table json markdown html; do
    cached "diff-$first-$last.$format" diff "${tree[$first]}" "${tree[$last]}" --format "$format"
  done
fi
if [ "${versions[*]}" = "6.1 6.12 7.2 7.3" ]; then
  repo=$(scripts/make-history-repo.sh)
  tag=$(git --git-dir "$repo" tag --list 'v7.3*' | head -n 1)
  run "count-git-$tag.json" count "$repo" --rev "$tag" --format json
  cached "report-git-$tag.json" report "$repo" --rev "$tag" --format json
  cached "history-git-tags.json" history "$repo" --tags 'v*' --format json
fi
rm -f "$cache" "$cache"-*
exit $status
