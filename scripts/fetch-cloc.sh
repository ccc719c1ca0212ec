#!/usr/bin/env bash
# Fetch Debian's cloc package of one version and unpack its Perl script into a cache folder
# outside the repository, without installing it (the system's cloc stays as it is).
# Idempotent: a version already unpacked is not fetched again.
#
#   scripts/fetch-cloc.sh VERSION        # 2.04 (Debian trixie) or 2.08 (sid)
#
# Prints the path of the cloc script (run it with `perl PATH`). The package comes from the
# suites trixie and sid of the Debian archive the machine's own apt sources use, through a
# private apt state in the cache (as scripts/fetch-kernel.sh does), never /etc/apt or
# /var/lib/apt.
set -euo pipefail

version=${1:?usage: fetch-cloc.sh VERSION}
case "$version" in
  2.04) package_version=2.04-1 ;;
  2.08) package_version=2.08-2 ;;
  *) echo "fetch-cloc.sh: no Debian package known for cloc '$version' (2.04 or 2.08)" >&2; exit 2 ;;
esac

cache=${KCENSUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kcensus}
dest="$cache/cloc-$version"
script="$dest/usr/bin/cloc"
if [ -f "$dest.complete" ] && [ -f "$script" ]; then
  echo "$script"; exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/.fetch-cloc-$version.XXXXXX")
trap 'rm -rf "$work"' EXIT

apt_opts=()
if [ "$(id -u)" = 0 ]; then
  apt_opts+=(-o APT::Sandbox::User=root)
fi
mirror=$(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' \
  2>/dev/null | awk '$2 !~ /-/ { print $1; exit }')
if [ -z "$mirror" ]; then
  echo "fetch-cloc.sh: the machine's apt sources name no Debian archive to take cloc from" >&2
  exit 1
fi
root="$cache/apt-cloc"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mkdir -p "$root/lists/partial" "$root/archives/partial" "$root/etc/preferences.d"
: > "$root/sources.list"
for suite in trixie sid; do
  echo "deb [signed-by=$keyring] $mirror $suite main" >> "$root/sources.list"
done
opts=(
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
# A package list already fetched may still hold the version; update only when it does not.
if ! (cd "$work" && apt-get "${opts[@]}" -q download "cloc=$package_version" >/dev/null 2>&1); then
  apt-get "${opts[@]}" -q update >/dev/null
  if ! (cd "$work" && apt-get "${opts[@]}" -q download "cloc=$package_version" >/dev/null 2>&1); then
    echo "fetch-cloc.sh: cannot download cloc $package_version from the suites trixie and sid of $mirror" >&2
    exit 1
  fi
fi

deb=$(ls "$work"/*.deb)
dpkg -x "$deb" "$work/pkg"
[ -f "$work/pkg/usr/bin/cloc" ] || { echo "fetch-cloc.sh: $deb holds no usr/bin/cloc" >&2; exit 1; }
rm -rf "$dest" "$dest.complete"
mkdir -p "$dest/usr/bin"
mv "$work/pkg/usr/bin/cloc" "$script"
touch "$dest.complete"
echo "$script"
