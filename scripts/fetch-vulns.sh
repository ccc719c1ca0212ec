#!/bin/sh
# Get the kernel CNA's CVE records (vulns.git) for `kcensus report TREE --cves VULNS`.
#
# Usage: scripts/fetch-vulns.sh [DEST]
#
# Clones (or updates) the public repository into DEST (default: the kcensus cache folder,
# $KCENSUS_CACHE or $XDG_CACHE_HOME/kcensus or ~/.cache/kcensus, as vulns/) with git's own
# client, and prints its path. Without network, it unpacks the shared snapshot
# (../shared/data/kernel-vulns-*.tar.xz, the newest) there instead. The records are under the
# CVE Terms of Use (LICENSES/ in the repository).
set -eu

REPOSITORY=https://git.kernel.org/pub/scm/linux/security/vulns.git
cache=${KCENSUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kcensus}
dest=${1:-$cache/vulns}
here=$(cd "$(dirname "$0")/.." && pwd)

if [ -d "$dest/.git" ]; then
    if git -C "$dest" pull --quiet --ff-only 2>/dev/null; then
        echo "$dest"
        exit 0
    fi
    echo "fetch-vulns: could not update $dest (no network?); using it as it is" >&2
    echo "$dest"
    exit 0
fi
if [ -d "$dest/cve/published" ]; then
    echo "$dest"
    exit 0
fi
mkdir -p "$(dirname "$dest")"
if git clone --quiet --depth 1 "$REPOSITORY" "$dest.tmp" 2>/dev/null; then
    mv "$dest.tmp" "$dest"
    echo "$dest"
    exit 0
fi
rm -rf "$dest.tmp"
snapshot=$(ls "$here"/../shared/data/kernel-vulns-*.tar.xz 2>/dev/null | sort | tail -n 1)
if [ -z "$snapshot" ]; then
    echo "fetch-vulns: cannot clone $REPOSITORY and no snapshot in ../shared/data" >&2
    exit 2
fi
echo "fetch-vulns: no network; unpacking $snapshot" >&2
mkdir -p "$dest.tmp"
tar -xJf "$snapshot" -C "$dest.tmp"
mv "$dest.tmp" "$dest"
echo "$dest"
