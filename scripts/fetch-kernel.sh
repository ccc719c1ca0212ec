#!/usr/bin/env bash
# Fetch Debian's linux-source-VERSION package and unpack its kernel tarball into a cache folder
# outside the repository. Idempotent: a version already unpacked is not fetched again.
#
#   scripts/fetch-kernel.sh VERSION        # e.g. 6.1, 6.12, 7.2, 7.3
#
# Prints two lines: the path of the unpacked tree and of the .tar.xz (in that order).
# 6.1 and 6.12 come from the machine's default apt sources; newer versions from Debian's
# sid and trixie-backports suites, through a private apt configuration that leaves the
# system's own apt state untouched.
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
fetch_with_system_apt() {
  (cd "$work" && apt-get download -q "$package" >/dev/null 2>&1)
}
fetch_with_private_apt() {
  local root="$cache/apt"
  mkdir -p "$root/lists/partial" "$root/archives/partial" "$root/etc/preferences.d"
  cat > "$root/sources.list" <<SOURCES
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
SOURCES
  local opts=(
    -o "Dir::Etc::SourceList=$root/sources.list"
    -o "Dir::Etc::SourceParts=-"
    -o "Dir::Etc::Preferences=-"
    -o "Dir::Etc::PreferencesParts=$root/etc/preferences.d"
    -o "Dir::State::Lists=$root/lists"
    -o "Dir::Cache::Archives=$root/archives"
    -o "Dir::State::Status=/dev/null"
    -o "Debug::NoLocking=true"
  )
  apt-get "${opts[@]}" -q update >/dev/null
  (cd "$work" && apt-get "${opts[@]}" -q download "$package" >/dev/null)
}

if ! fetch_with_system_apt; then
  fetch_with_private_apt || { echo "fetch-kernel.sh: cannot download $package from Debian" >&2; exit 1; }
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
