#!/bin/sh
# check_exports.sh LIBRARY HEADER
# The shared library's dynamic symbol table must define exactly the functions the header
# declares SIMDCONV_API: nothing more (no internal sc_* helper, no cpu_features symbol), nothing
# less. Registered as the CTest test `exports`.
set -eu
lib=$1
header=$2
tmp=${TMPDIR:-/tmp}/simdconv-exports.$$
trap 'rm -f "$tmp".*' EXIT

# Declarations look like "SIMDCONV_API <type> [*]simdconv_name(": the name is the last
# identifier before the first "(" on the line.
grep -E '^[[:space:]]*SIMDCONV_API[[:space:]]' "$header" |
  sed -E 's/\(.*//; s/.*[^A-Za-z0-9_]([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*$/\1/' | sort -u >"$tmp.declared"
# Defined dynamic symbols, without symbol versions (name@VER / name@@VER).
${NM:-nm} -D --defined-only "$lib" | awk 'NF >= 3 { print $3 }' | sed 's/@.*//' | sort -u >"$tmp.exported"

status=0
if [ ! -s "$tmp.declared" ]; then echo "no SIMDCONV_API declaration found in $header"; status=1; fi
extra=$(comm -13 "$tmp.declared" "$tmp.exported")
missing=$(comm -23 "$tmp.declared" "$tmp.exported")
if [ -n "$extra" ]; then echo "exported but not declared SIMDCONV_API:"; echo "$extra" | sed 's/^/  /'; status=1; fi
if [ -n "$missing" ]; then echo "declared SIMDCONV_API but not exported:"; echo "$missing" | sed 's/^/  /'; status=1; fi
n=$(wc -l <"$tmp.exported")
if [ $status -eq 0 ]; then
  echo "exports: $n symbols, all declared SIMDCONV_API:"
  sed 's/^/  /' "$tmp.exported"
fi
exit $status
