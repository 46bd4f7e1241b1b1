#!/bin/sh
# check_symbols.sh CC INCLUDE_DIR LIBWR_SO LIBWR_A
# The library's symbol hygiene:
#   1. libwr.so exports exactly the functions the public headers declare: every wr_*, wasm_*
#      and wasi_* prototype of INCLUDE_DIR (static inline helpers excepted), nothing else;
#   2. every global symbol libwr.a defines is either public or carries the wr_ prefix (or
#      wrc_, the compiled tier's, whose names generated code shares), so a program linking
#      the archive cannot collide with an internal name.
set -eu
cc=$1 include=$2 so=$3 archive=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The declarations, read from the preprocessed headers: brace bodies (structs, enums, inline
# functions) are cut out, the text is split into statements, and a statement that is neither
# a typedef nor static declares the function named before its first "(".
for h in "$include"/*.h; do echo "#include \"$h\""; done >"$work/all.c"
"$cc" -E -P -DWR_API= -DWASM_API_EXTERN= "$work/all.c" | tr '\n' ' ' | awk '
    { for (i = 1; i <= length($0); i++) {
          c = substr($0, i, 1)
          if (c == "{") { if (depth++ == 0) printf "\n" }
          else if (c == "}") { if (--depth == 0) printf "\n" }
          else if (depth == 0) printf "%s", (c == ";" ? "\n" : c)
      } }' |
    sed -n -E -e '/^[[:space:]]*(typedef|static)[[:space:]]/d' \
        -e 's/^[^(]*[^A-Za-z0-9_]((wr|wasm|wasi)_[A-Za-z0-9_]*)[[:space:]]*\(.*/\1/p' |
    sort -u >"$work/declared"

nm -D --defined-only "$so" | awk 'NF == 3 { print $3 }' | sort -u >"$work/exported"
# Names starting with "__" are the compiler's own (e.g. ASan's __odr_asan.* indicators).
nm -g --defined-only "$archive" | awk 'NF == 3 && $3 !~ /^__/ { print $3 }' | sort -u \
    >"$work/archive"

failed=0
report() { # report FILE MESSAGE: print the names in FILE, if any, under MESSAGE
    if [ -s "$1" ]; then
        echo "$2:"
        sed 's/^/  /' "$1"
        failed=$((failed + 1))
    fi
}
[ -s "$work/declared" ] || { echo "no declarations found in $include"; exit 1; }
comm -13 "$work/declared" "$work/exported" >"$work/extra"
report "$work/extra" "exported by $(basename "$so") but declared in no public header (give it \
its folder's wr_ prefix; only WR_API functions may leave the library)"
comm -23 "$work/declared" "$work/exported" >"$work/missing"
report "$work/missing" "declared in $include but not exported by $(basename "$so") (WR_API or \
WASM_API_EXTERN missing on the prototype, or no definition)"
grep -v -E '^wrc?_' "$work/archive" | comm -23 - "$work/declared" >"$work/unprefixed"
report "$work/unprefixed" "defined by $(basename "$archive") without the wr_ prefix and not public \
(rename it with its folder's prefix, see docs/architecture.md)"

echo "$(wc -l <"$work/declared") public functions declared, $(wc -l <"$work/exported") exported,\
 $(wc -l <"$work/archive") global symbols in the archive"
echo "$((3 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
