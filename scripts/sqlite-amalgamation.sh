#!/bin/sh
# Puts the SQLite amalgamation (sqlite3.c, sqlite3.h) that the SQLite benchmark builds from
# into a cache folder outside the repository, and prints that folder. It comes from the npm
# registry's better-sqlite3 package, which ships it in deps/sqlite3/; the package version and
# its SHA-256 are pinned here, so every machine benchmarks the same SQLite. npm is the only
# client used and the npm registry the only host contacted; an existing cache entry is used
# as it is, without any network access. bench/sqlite/CMakeLists.txt runs this at configure time.
#
#   scripts/sqlite-amalgamation.sh        into ${XDG_CACHE_HOME:-~/.cache}/wr-bench/sqlite-VERSION
#   scripts/sqlite-amalgamation.sh DIR    into DIR
set -eu

package=better-sqlite3@12.9.0
package_sha256=ad0e29650140c49d0335b1d356596aa8166f12b758f418a98446130e3278f250
sqlite_version=3.53.0

dir=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/wr-bench/sqlite-$sqlite_version}
have_files() { [ -f "$dir/sqlite3.c" ] && [ -f "$dir/sqlite3.h" ]; }
if have_files; then
    echo "$dir"
    exit 0
fi

fail() {
    echo "sqlite-amalgamation.sh: $*" >&2
    exit 1
}
missing=""
for tool in npm tar sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -z "$missing" ] || fail "missing tools:$missing (Debian: apt-get install npm tar coreutils)"

parent=$(dirname "$dir")
mkdir -p "$parent" || fail "cannot create $parent"
# Everything is staged in a folder beside the destination and renamed into place at the end,
# so an interrupted run, or two builds fetching at once, never leave a half-written entry.
stage=$(mktemp -d "$parent/.sqlite-fetch.XXXXXX") || fail "cannot create a folder in $parent"
trap 'rm -rf "$stage"' EXIT

tarball=$(cd "$stage" && npm pack --loglevel=error "$package") ||
    fail "npm pack $package failed (is the npm registry reachable?)"
actual=$(sha256sum "$stage/$tarball" | cut -d' ' -f1)
[ "$actual" = "$package_sha256" ] ||
    fail "$tarball has SHA-256 $actual, expected $package_sha256"
tar -xzf "$stage/$tarball" -C "$stage" package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h ||
    fail "$tarball does not hold deps/sqlite3/sqlite3.c and sqlite3.h"
grep -q "^#define SQLITE_VERSION *\"$sqlite_version\"" "$stage/package/deps/sqlite3/sqlite3.h" ||
    fail "$tarball does not hold SQLite $sqlite_version"

mkdir "$stage/out"
mv "$stage/package/deps/sqlite3/sqlite3.c" "$stage/package/deps/sqlite3/sqlite3.h" "$stage/out/"
# Another build may have renamed its copy into place meanwhile: that one is as good. Otherwise
# what is there is an incomplete entry from an interrupted older run.
have_files || rm -rf "$dir"
mv -T "$stage/out" "$dir" 2>/dev/null || have_files || fail "cannot move the files to $dir"
echo "$dir"
