#!/usr/bin/env bash
# The installed package, as a downstream project sees it:
#   1. configure + build + `cmake --install` into a fresh prefix (default /tmp/simdconv-prefix)
#   2. check the layout: header, libsimdconv.a, libsimdconv.so.<version> with SONAME libsimdconv.so.0,
#      the CMake package, simdconv.pc; the exported symbols (tests/check_exports.sh)
#   3. examples/consumer (find_package(simdconv REQUIRED)): keras_rgb and backend_chain against the
#      shared and the static library, then again with SIMDCONV_USE_STATIC_LIBS=ON
#   4. plain cc + `pkg-config --cflags --libs simdconv` (shared) and `pkg-config --static`
#      (libsimdconv.a), PKG_CONFIG_PATH set to the prefix
#   5. the prefix moved elsewhere: pkg-config and find_package still work (relocatable)
# and runs every program built, checking its output (40404 / the exact backend_chain checksum).
# Works on a fresh Debian 12: installs what is missing with apt-get.
#
# Usage: .ci/package.sh   Env: SIMDCONV_PREFIX, PACKAGE_WORK (scratch, default /tmp/simdconv-package),
# JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
prefix=${SIMDCONV_PREFIX:-/tmp/simdconv-prefix}
work=${PACKAGE_WORK:-/tmp/simdconv-package}
jobs=${JOBS:-2}
start=$SECONDS

need=()
command -v cmake >/dev/null || need+=(cmake)
command -v cc >/dev/null || need+=(gcc)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v readelf >/dev/null || need+=(binutils)
[ -e /usr/include/cpu_features/cpu_features_macros.h ] || need+=(libcpu-features-dev)
[ -e /usr/include/pthreadpool.h ] || need+=(libpthreadpool-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "package.sh: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q "${need[@]}"
fi

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "PASS $*"; }
ko() { failed=$((failed + 1)); echo "FAIL $*"; }

# expect_run NAME PROGRAM [ARGS...]: runs it and checks the output of keras_rgb / backend_chain
expect_run() {
  local name=$1 out rc=0
  shift
  out=$("$@" 2>&1) || rc=$?
  case "$(basename "$1")" in
    *keras*)
      if [ $rc -eq 0 ] && [ "$(grep -c '40404 40404' <<<"$out")" -eq 2 ]; then ok "$name: 2x2 of 40404"
      else ko "$name (exit $rc)"; echo "$out"; fi ;;
    *backend_chain*)
      if [ $rc -eq 0 ] && grep -q '^total checksum: 266307875$' <<<"$out" && grep -q '^backend_chain: OK$' <<<"$out"; then
        ok "$name: checksum 266307875, $(grep '^isa:' <<<"$out")"
      else ko "$name (exit $rc)"; echo "$out"; fi ;;
    *) ko "$name: unknown program"; ;;
  esac
}
# needs_libsimdconv_so BINARY: 0 if it has a DT_NEEDED on libsimdconv.so.0
needs_so() { readelf -d "$1" | grep -c 'NEEDED.*\[libsimdconv\.so\.0\]' >/dev/null; }

rm -rf "$prefix" "$work"
mkdir -p "$work"

echo "== 1. build + install into $prefix"
# Release at -O0: what this stage checks is the install tree and its consumers, not speed; the
# kernel files compile in a fifth of -O3's time (AMD Zen 4: 36 s of CPU against 215 s)
cmake -S . -B "$work/build" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_C_FLAGS_RELEASE=-O0 -DNDEBUG" \
  -DCMAKE_INSTALL_PREFIX="$prefix" -DSIMDCONV_BUILD_TESTS=OFF -DSIMDCONV_BUILD_EXAMPLES=OFF >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" -j"$jobs" >"$work/build.log" 2>&1 || { tail -50 "$work/build.log"; exit 1; }
cmake --install "$work/build" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
echo "   built + installed in $((SECONDS - start)) s:"
(cd "$prefix" && find . -type f -o -type l | sort | sed 's/^\./   /')

echo "== 2. layout, SONAME, exports"
ver=$(sed -n 's/^project(simdconv VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt) # e.g. 0.2.0
so_full=libsimdconv.so.$ver
pc=$(find "$prefix" -name simdconv.pc | head -1)
libdir=$(dirname "$(dirname "$pc")")
for f in "$prefix/include/simdconv/simdconv.h" "$libdir/libsimdconv.a" "$libdir/$so_full" \
         "$libdir/libsimdconv.so.0" "$libdir/libsimdconv.so" "$libdir/cmake/simdconv/simdconvConfig.cmake" \
         "$libdir/cmake/simdconv/simdconvConfigVersion.cmake" "$libdir/cmake/simdconv/simdconvTargets.cmake" "$pc"; do
  if [ -e "$f" ]; then ok "installed ${f#"$prefix"/}"; else ko "missing ${f#"$prefix"/}"; fi
done
soname=$(readelf -d "$libdir/$so_full" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
if [ "$soname" = libsimdconv.so.0 ]; then ok "SONAME $soname"; else ko "SONAME '$soname'"; fi
if [ "$(readlink "$libdir/libsimdconv.so.0")" = "$so_full" ] &&
   [ "$(readlink "$libdir/libsimdconv.so")" = libsimdconv.so.0 ]; then ok "links so -> so.0 -> $so_full"
else ko "library symlinks"; fi
if sh tests/check_exports.sh "$libdir/$so_full" "$prefix/include/simdconv/simdconv.h" >"$work/exports.log"; then
  ok "exports: $(tail -n +2 "$work/exports.log" | tr -d ' ' | tr '\n' ' ')"
else ko "exports"; cat "$work/exports.log"; fi

echo "== 3. CMake consumer (examples/consumer, find_package(simdconv REQUIRED))"
for mode in default static; do
  b="$work/consumer-$mode"
  extra=()
  [ $mode = static ] && extra=(-DSIMDCONV_USE_STATIC_LIBS=ON)
  if cmake -S examples/consumer -B "$b" -DCMAKE_PREFIX_PATH="$prefix" "${extra[@]}" >"$b.log" 2>&1 &&
     cmake --build "$b" -j"$jobs" >>"$b.log" 2>&1; then
    ok "consumer ($mode): $(grep -o 'simdconv 0[^)]*)' "$b.log")"
  else
    ko "consumer ($mode) build"; tail -30 "$b.log"; continue
  fi
  for ex in keras_rgb backend_chain; do
    expect_run "cmake $mode: $ex (simdconv::simdconv)" "$b/$ex"
    expect_run "cmake $mode: ${ex}_static (simdconv::simdconv_static)" "$b/${ex}_static"
    if needs_so "$b/${ex}_static"; then ko "${ex}_static needs libsimdconv.so.0"; fi
    if [ $mode = default ]; then
      needs_so "$b/$ex" && ok "$ex: DT_NEEDED libsimdconv.so.0" || ko "$ex does not link the shared library"
    else
      needs_so "$b/$ex" && ko "$ex (SIMDCONV_USE_STATIC_LIBS) links the shared library" || ok "$ex: static (no libsimdconv.so)"
    fi
  done
done

echo "== 4. pkg-config + cc"
export PKG_CONFIG_PATH="$(dirname "$pc")"
v=$(pkg-config --modversion simdconv)
if [ "$v" = "$ver" ]; then ok "pkg-config --modversion: $v"; else ko "pkg-config --modversion: $v"; fi
shared_flags=$(pkg-config --cflags --libs simdconv)
static_flags=$(pkg-config --static --cflags --libs simdconv)
echo "   shared: $shared_flags"
echo "   static: $static_flags"
for ex in keras_rgb backend_chain; do
  # shared: -lsimdconv finds libsimdconv.so; rpath so it runs from the prefix
  # shellcheck disable=SC2086
  if cc -O2 examples/$ex.c $shared_flags -Wl,-rpath,"$libdir" -o "$work/pc-$ex"; then
    expect_run "pkg-config shared: $ex" "$work/pc-$ex"
    needs_so "$work/pc-$ex" && ok "pc-$ex: DT_NEEDED libsimdconv.so.0" || ko "pc-$ex is not linked to the .so"
  else ko "pkg-config shared: $ex does not link"; fi
  # static: the archive (-l:libsimdconv.a picks it over the .so) + Libs.private
  # shellcheck disable=SC2086
  if cc -O2 examples/$ex.c ${static_flags/-lsimdconv/-l:libsimdconv.a} -o "$work/pc-$ex-static"; then
    expect_run "pkg-config --static: $ex" "$work/pc-$ex-static"
    needs_so "$work/pc-$ex-static" && ko "pc-$ex-static needs libsimdconv.so.0" || ok "pc-$ex-static: no libsimdconv.so"
  else ko "pkg-config --static: $ex does not link"; fi
done

echo "== 5. relocated prefix"
moved="$work/moved-prefix"
cp -a "$prefix" "$moved"
mlibdir=${libdir/#"$prefix"/$moved}
export PKG_CONFIG_PATH="$mlibdir/pkgconfig"
# shellcheck disable=SC2046
if cc -O2 examples/keras_rgb.c $(pkg-config --cflags --libs simdconv) -Wl,-rpath,"$mlibdir" -o "$work/moved-keras"; then
  expect_run "moved prefix, pkg-config: keras_rgb" "$work/moved-keras"
  case "$(pkg-config --variable=libdir simdconv)" in "$moved"/*) ok "moved prefix: libdir follows the .pc";;
    *) ko "moved prefix: libdir $(pkg-config --variable=libdir simdconv)";; esac
else ko "moved prefix: pkg-config link"; fi
rm -rf "$prefix.hidden" && mv "$prefix" "$prefix.hidden" # the original must not be what is found
if cmake -S examples/consumer -B "$work/consumer-moved" -DCMAKE_PREFIX_PATH="$moved" -DSIMDCONV_USE_STATIC_LIBS=ON \
     >"$work/consumer-moved.log" 2>&1 && cmake --build "$work/consumer-moved" -j"$jobs" >>"$work/consumer-moved.log" 2>&1; then
  expect_run "moved prefix, find_package: backend_chain_static" "$work/consumer-moved/backend_chain_static"
else ko "moved prefix: find_package"; tail -30 "$work/consumer-moved.log"; fi
mv "$prefix.hidden" "$prefix"

echo "package: $((SECONDS - start)) s in all; prefix $prefix"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
