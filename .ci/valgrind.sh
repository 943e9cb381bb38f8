#!/usr/bin/env bash
# Memory checks: a normal (no sanitizer) RelWithDebInfo build in its own folder, then the test
# programs and examples run directly under
#   valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
# Any memcheck error or leak fails the script; so does a test's own failure, except the known
# valgrind emulation gap below.
#
# AVX-512: valgrind 3.19 cannot decode AVX-512 instructions. Its synthetic CPUID already hides
# AVX-512 from cpu_features, and on x86-64 this script builds without the AVX-512 kernels
# (-DSIMDCONV_ISAS="SSE;AVX2": their files were half the build's compile time, for code that never
# runs here; tests/test_select compares the golden lines of the ISAs built) and also sets
#   SIMDCONV_ISA=avx2            (AUTO resolves to AVX2 at most)
#   SIMDCONV_TEST_MAX_ISA=avx2   (tests/harness.c and the fuzz replay skip the ISAs above AVX2)
# so scalar, SSE and AVX2 kernels are what valgrind checks.
#
# Known gap: valgrind does not emulate MXCSR modes (FTZ/DAZ/rounding), so test_errors' check that
# MXCSR is left unchanged is skipped here (SIMDCONV_TEST_NO_MXCSR=1); the normal CTest run checks it.
#
# Usage: .ci/valgrind.sh [build-dir]   (default build-valgrind/, gitignored)
# Env: JOBS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${1:-build-valgrind}
jobs=${JOBS:-2}
start=$SECONDS

need=()
command -v valgrind >/dev/null || need+=(valgrind)
command -v cmake >/dev/null || need+=(cmake)
command -v cc >/dev/null || need+=(gcc)
[ -e /usr/include/cpu_features/cpuinfo_x86.h ] || [ -e /usr/include/cpu_features/cpu_features_macros.h ] ||
  need+=(libcpu-features-dev)
[ -e /usr/include/pthreadpool.h ] || need+=(libpthreadpool-dev) # SIMDCONV_WITH_PTHREADPOOL (default ON)
if [ ${#need[@]} -gt 0 ]; then
  echo "valgrind.sh: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q "${need[@]}"
fi

# -O1 -g: valgrind's own slowdown dwarfs the code's speed, and -O2 took twice as long to build
isas=()
[ "$(uname -m)" = x86_64 ] && isas=("-DSIMDCONV_ISAS=SSE;AVX2")
echo "== configure + build ($build, RelWithDebInfo at -O1, no sanitizers${isas:+, ${isas[0]#-D}})"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g -DNDEBUG" \
  "${isas[@]}" -DSIMDCONV_SANITIZE=OFF -DSIMDCONV_BUILD_TESTS=ON -DSIMDCONV_BUILD_EXAMPLES=ON >"$build.configure.log" 2>&1 ||
  { cat "$build.configure.log"; exit 1; }
rm -f "$build.configure.log"
cmake --build "$build" -j"$jobs" >/dev/null
echo "   built in $((SECONDS - start)) s"

if [ "$(uname -m)" = x86_64 ]; then
  export SIMDCONV_ISA=avx2 SIMDCONV_TEST_MAX_ISA=avx2 SIMDCONV_TEST_NO_MXCSR=1
  echo "== x86-64: SIMDCONV_ISA=avx2 SIMDCONV_TEST_MAX_ISA=avx2 (valgrind has no AVX-512)"
fi

vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --track-origins=yes)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0

# run_check INDEX NAME EXPECT_REGEX PROGRAM [ARGS...]: one program under valgrind; its verdict line
# (and the log's tail on failure) goes to $out/INDEX.res, first word PASS, FAIL or SKIP
run_check() {
  local i=$1 name=$2 expect=$3 t0=$SECONDS rc=0
  shift 3
  if [ ! -x "$1" ]; then
    echo "SKIP $name ($1 not built)" >"$out/$i.res"
    return
  fi
  "${vg[@]}" "$@" >"$out/$i.log" 2>&1 || rc=$?
  local verdict=ok
  if [ $rc -eq 99 ]; then
    verdict="valgrind found errors"
  elif [ $rc -ne 0 ]; then
    verdict="exit status $rc"
  elif [ -n "$expect" ] && ! grep -Eq "$expect" "$out/$i.log"; then
    verdict="output lacks /$expect/"
  fi
  if [ "$verdict" = ok ]; then
    printf 'PASS %-28s %3d s  %s\n' "$name" $((SECONDS - t0)) "$(grep -E 'passed|checksum|OK|40404' "$out/$i.log" | tail -1)"
  else
    printf 'FAIL %-28s %3d s  %s\n' "$name" $((SECONDS - t0)) "$verdict"
    tail -40 "$out/$i.log"
  fi >"$out/$i.res"
}

# check NAME EXPECT_REGEX PROGRAM [ARGS...]: queues a run_check, JOBS of them at a time (valgrind
# runs a program on one core); the verdicts are printed in this order at the end
check() {
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_check "$n" "$@" &
  n=$((n + 1))
}

echo "== under valgrind"
# every suite test_conv has, but tiles (its large maps take minutes under valgrind; the sanitizer
# build runs it), and special without its two large streamed layers (SIMDCONV_TEST_QUICK)
export SIMDCONV_TEST_QUICK=1
for suite in $("$build/tests/test_conv" --list); do
  [ "$suite" = tiles ] && continue
  check "conv.$suite" ' 0 failed' "$build/tests/test_conv" "$suite"
done
check run_ex.quick ' 0 failed' "$build/tests/test_run_ex" quick
check errors ' 0 failed' "$build/tests/test_errors"
check dispatch ' 0 failed' "$build/tests/test_dispatch"
check options.quick ' 0 failed' "$build/tests/test_options" quick
check kernels.quick ' 0 failed' "$build/tests/test_kernels" quick
check winograd.quick ' 0 failed' "$build/tests/test_winograd" quick
check select ' 0 failed' "$build/tests/test_select" "$root/tests/golden/select_$(uname -m).txt"
check version ' 0 failed' "$build/tests/test_version"
check threads ' 0 failed' "$build/tests/test_threads"
check parallel ' 0 failed' "$build/tests/test_parallel"
check fuzz.corpus ' 0 failed' "$build/tests/fuzz_replay" "$root/tests/fuzz/corpus"
check example.keras_rgb '40404 40404' "$build/examples/keras_rgb"
check example.backend_chain 'backend_chain: OK' "$build/examples/backend_chain"
check example.backend_chain.scalar 'backend_chain: OK' "$build/examples/backend_chain" scalar

wait
passed=0 failed=0 skipped=0
for ((i = 0; i < n; i++)); do
  cat "$out/$i.res"
  case $(head -c4 "$out/$i.res") in
    PASS) passed=$((passed + 1)) ;;
    SKIP) skipped=$((skipped + 1)) ;;
    *) failed=$((failed + 1)) ;;
  esac
done
echo "valgrind: $((SECONDS - start)) s in all"
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
