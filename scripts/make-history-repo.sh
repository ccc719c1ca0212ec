#!/usr/bin/env bash
# Build a git repository holding Debian's kernel trees as successive commits, one release tag
# each (v6.1.N, v6.12.N, v7.2.N, v7.3.N), for `kcensus history --tags` and its benchmark.
# Idempotent: an existing complete repository is reused. Nothing is written in this project.
#
#   scripts/make-history-repo.sh [VERSION...]    # default: 6.1 6.12 7.2 7.3
#
# Prints the repository's path. Each tree is committed exactly as unpacked (ignored files
# included: `add -f`), so that `kcensus` reads the same files from the tag as from the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(6.1 6.12 7.2 7.3)

cache=${KCENSUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kcensus}
repo="$cache/history-repo-$(IFS=-; echo "${versions[*]}")"
if [ -f "$repo.complete" ] && [ -d "$repo" ]; then
  echo "$repo"; exit 0
fi
rm -rf "$repo"
git init -q --bare "$repo"
export GIT_DIR="$repo" GIT_INDEX_FILE="$repo/index.build"
export GIT_AUTHOR_NAME=kcensus GIT_AUTHOR_EMAIL=kcensus@localhost
export GIT_COMMITTER_NAME=kcensus GIT_COMMITTER_EMAIL=kcensus@localhost
for version in "${versions[@]}"; do
  tree=$(scripts/fetch-kernel.sh "$version" | sed -n 1p)
  full=$(awk -F' = ' '/^VERSION =/{v=$2} /^PATCHLEVEL =/{p=$2} /^SUBLEVEL =/{s=$2} END{print v"."p"."s}' "$tree/Makefile")
  # The commit date is the tree's top Makefile's time (when Debian built the release):
  # reproducible, and a real date of that tree.
  stamp=$(date -u -r "$tree/Makefile" +%Y-%m-%dT%H:%M:%SZ)
  git --work-tree="$tree" add -A -f .
  export GIT_AUTHOR_DATE=$stamp GIT_COMMITTER_DATE=$stamp
  git --work-tree="$tree" commit -q -m "Linux $full (Debian linux-source-$version)"
  git tag -a "v$full" -m "Linux $full"
  echo "make-history-repo: committed $full as v$full" >&2
done
rm -f "$GIT_INDEX_FILE"
# One pack, without delta compression: quick to write, quick to read (no delta chains).
git repack -a -d -q --window=0
git prune-packed
touch "$repo.complete"
echo "$repo"
