#!/usr/bin/env bash
# Fetch Debian's linux-source-VERSION package and unpack its kernel tarball into a cache folder
# outside the repository. Idempotent: a version already unpacked is not fetched again.
#
#   scripts/fetch-kernel.sh VERSION        # e.g. 6.1, 6.12, 7.2, 7.3
#
# Prints two lines: the path of the unpacked tree and of the .tar.xz (in that order).
# 6.1 and 6.12 come from the machine's default apt sources; newer versions from Debian's
# sid and trixie-backports suites, through a private apt configuration that leaves the
# system's own apt state untouched. That configuration names no host: it uses the Debian
# mirror the machine's own apt sources use (whatever mirror or proxy apt is set up with).
# On a new machine whose apt lists were never fetched, that private configuration also takes
# the machine's own suites, so no `apt-get update` is needed first.
set -euo pipefail

version=${1:?usage: fetch-kernel.sh VERSION}
case "$version" in
  [0-9]*.[0-9]*) ;;
  *) echo "fetch-kernel.sh: '$version' is not a kernel version like 6.12" >&2; exit 2 ;;
esac

cache=${KCENSUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kcensus}
dest="$cache/linux-$version"
tarball="$cache/linux-source-$version.tar.xz"

# The completion marker sits beside the tree, not in it, so it is never counted as a kernel file.
if [ -f "$dest.complete" ] && [ -d "$dest" ] && [ -f "$tarball" ]; then
  echo "$dest"; echo "$tarball"; exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/.fetch-$version.XXXXXX")
trap 'rm -rf "$work"' EXIT

package="linux-source-$version"
# Try the system's sources first; fall back to a private apt state that also knows the
# newer suites. The private state lives in the cache and never touches /etc/apt or /var/lib/apt.
# apt as root warns that it cannot drop privileges to its sandbox user for downloads into a
# folder it does not own; name root as that user instead.
apt_opts=()
if [ "$(id -u)" = 0 ]; then
  apt_opts+=(-o APT::Sandbox::User=root)
fi
fetch_with_system_apt() {
  (cd "$work" && apt-get "${apt_opts[@]}" download -q "$package" >/dev/null 2>&1)
}
# The repositories of the machine's apt sources, as apt itself reads them (both the one-line
# and the deb822 formats): "URI SUITE" lines.
system_sources() {
  apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' \
    2>/dev/null
}
# The Debian archive the machine's apt sources use: the repository of its main suite (a
# release name without a "-updates"/"-security" suffix).
system_mirror() {
  system_sources | awk '$2 !~ /-/ { print $1; exit }'
}
# The archives and suites the machine's apt sources take from the Debian archive $1 and from
# Debian's security archive: "URI SUITE" lines (`$1 bookworm`, `.../debian-security/
# bookworm-security`).
system_debian_suites() {
  system_sources | awk -v mirror="$1" '$1 == mirror || $1 ~ /\/debian-security\/?$/ { print $1, $2 }'
}
private_suites=(sid trixie-backports trixie)
fetch_with_private_apt() {
  local root="$cache/apt" mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  mirror=$(system_mirror)
  if [ -z "$mirror" ]; then
    echo "fetch-kernel.sh: the machine's apt sources name no Debian archive to take $package from" >&2
    return 1
  fi
  mkdir -p "$root/lists/partial" "$root/archives/partial" "$root/etc/preferences.d"
  # The machine's own Debian suites too (6.1 is in bookworm and bookworm-security): on a new
  # machine whose apt lists were never fetched (`apt-get update`), the system's apt knows no
  # package at all.
  local suite
  {
    for suite in "${private_suites[@]}"; do
      echo "$mirror $suite"
    done
    system_debian_suites "$mirror"
  } | sort -u | while read -r uri suite; do
    echo "deb [signed-by=$keyring] $uri $suite main"
  done > "$root/sources.list"
  local opts=(
    "${apt_opts[@]}"
    -o "Dir::Etc::SourceList=$root/sources.list"
    -o "Dir::Etc::SourceParts=-"
    -o "Dir::Etc::Preferences=-"
    -o "Dir::Etc::PreferencesParts=$root/etc/preferences.d"
    -o "Dir::State::Lists=$root/lists"
    -o "Dir::Cache::Archives=$root/archives"
    -o "Dir::State::Status=/dev/null"
    -o "Debug::NoLocking=true"
  )
  apt-get "${opts[@]}" -q update >/dev/null || return 1
  (cd "$work" && apt-get "${opts[@]}" -q download "$package" >/dev/null 2>&1)
}

if ! fetch_with_system_apt; then
  if ! fetch_with_private_apt; then
    echo "fetch-kernel.sh: cannot download $package: not in the machine's apt sources, nor in the suites ${private_suites[*]} of $(system_mirror || true)" >&2
    exit 1
  fi
fi

deb=$(ls "$work"/*.deb)
dpkg -x "$deb" "$work/pkg"
src=$(find "$work/pkg/usr/src" -maxdepth 1 -name 'linux-source-*.tar.*' -print -quit)
[ -n "$src" ] || { echo "fetch-kernel.sh: $deb holds no kernel tarball" >&2; exit 1; }
case "$src" in
  *.tar.xz) mv "$src" "$tarball.part" ;;
  *) xz -dc -f "$src" | xz -T0 -c > "$tarball.part" ;;
esac
mv "$tarball.part" "$tarball"

rm -rf "$dest" "$dest.complete" "$dest.part"
mkdir -p "$dest.part"
tar -xJf "$tarball" -C "$dest.part" --strip-components=1
mv "$dest.part" "$dest"
touch "$dest.complete"
echo "$dest"; echo "$tarball"
