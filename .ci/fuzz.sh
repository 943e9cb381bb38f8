#!/usr/bin/env bash
# libFuzzer run of tests/fuzz/fuzz_conv.c (clang, -fsanitize=fuzzer,address,undefined) for a
# bounded time on a copy of the checked-in seed corpus tests/fuzz/corpus/ (never modified).
# Fails on any crash, sanitizer report, leak, timeout or contract violation; prints libFuzzer's
# exec count, exec/s and coverage (cov: edges, ft: features) at the end.
#
# Build: its own CMake configuration (SIMDCONV_BUILD_FUZZ=ON, SIMDCONV_SANITIZE=ON, CC=clang),
# Debug (-O0): the SIMD kernel templates take minutes to compile with ASan+UBSan at -O2 and
# seconds at -O0; the small fuzz inputs still run at several hundred per second.
#
# Usage: .ci/fuzz.sh [seconds]   (default 60; env FUZZ_SECONDS too): the fuzzing's CPU seconds,
# run as JOBS libFuzzer workers at once (-fork=JOBS) for seconds / JOBS each (one worker process
# leaves the other core idle). AMD Zen 4 (family 25 model 17), 60 s: one worker 3906 inputs in
# 61 s (56348 features), two workers 3391-3418 inputs in 34-36 s (42173-54527 features).
# Env: FUZZ_BUILD_DIR (default build-fuzz/ in the checkout), JOBS (default 2), KEEP_CORPUS=1 keeps
# the grown corpus (its path is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-${FUZZ_SECONDS:-60}}
build=${FUZZ_BUILD_DIR:-$PWD/build-fuzz} # per checkout: a CMake cache is tied to its source tree
jobs=${JOBS:-2}
start=$SECONDS

# clang with the libFuzzer runtime (Debian 12: clang + libclang-rt-14-dev) and the library's deps
fuzzer_works() {
  local d
  d=$(mktemp -d)
  printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$d/t.c"
  clang -fsanitize=fuzzer,address,undefined "$d/t.c" -o "$d/t" >/dev/null 2>&1
  local rc=$?
  rm -rf "$d"
  return $rc
}
need=()
command -v cmake >/dev/null || need+=(cmake)
[ -e /usr/include/cpu_features/cpu_features_macros.h ] || need+=(libcpu-features-dev)
[ -e /usr/include/pthreadpool.h ] || need+=(libpthreadpool-dev) # SIMDCONV_WITH_PTHREADPOOL (default ON)
if ! command -v clang >/dev/null || ! fuzzer_works; then need+=(clang libclang-rt-14-dev); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "fuzz.sh: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q "${need[@]}"
  fuzzer_works || { echo "fuzz.sh: clang cannot link -fsanitize=fuzzer"; exit 1; }
fi

echo "== configure + build fuzz_conv ($build, clang, Debug, ASan+UBSan+libFuzzer)"
CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DSIMDCONV_BUILD_FUZZ=ON -DSIMDCONV_SANITIZE=ON \
  -DSIMDCONV_BUILD_EXAMPLES=OFF >"$build.configure.log" 2>&1 || { cat "$build.configure.log"; exit 1; }
rm -f "$build.configure.log"
cmake --build "$build" -j"$jobs" --target fuzz_conv >/dev/null
echo "   built in $((SECONDS - start)) s"

work=$(mktemp -d /tmp/simdconv-fuzz.XXXXXX)
[ "${KEEP_CORPUS:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp "$root"/tests/fuzz/corpus/* "$work/corpus/"
seeds=$(ls "$work/corpus" | wc -l)

workers=$((jobs > 1 ? jobs : 1))
wall=$(((seconds + workers - 1) / workers))
echo "== fuzzing ${seconds} s: $workers worker(s) x $wall s, from $seeds seeds (copy in $work/corpus)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
t0=$SECONDS
rc=0
fork=()
((workers > 1)) && fork=(-fork="$workers") # (a crash stops every worker; its exit status is libFuzzer's)
"$build/tests/fuzz/fuzz_conv" "${fork[@]}" -max_total_time="$wall" -timeout=20 -rss_limit_mb=2048 -max_len=256 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/fuzz.log" 2>&1 || rc=$?

# one worker: the DONE line and the final stats; -fork: the last "#N: cov: ..." line (N inputs)
done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/fuzz.log" | tail -1 || true)
[ -n "$done_line" ] || done_line=$(grep -E '^#[0-9]+' "$work/fuzz.log" | tail -1 || true)
execs=$(grep -E '^stat::number_of_executed_units' "$work/fuzz.log" | awk '{print $2}' || true)
((workers == 1)) || execs=$(echo "$done_line" | grep -oE '^#[0-9]+' | tr -d '#' || true)
rate=$(grep -E '^stat::average_exec_per_sec' "$work/fuzz.log" | awk '{print $2}' || true)
((workers == 1)) || rate=$([ -n "$execs" ] && echo $((execs / (SECONDS - t0 > 0 ? SECONDS - t0 : 1))) || true)
cov=$(echo "$done_line" | grep -oE 'cov: [0-9]+' | awk '{print $2}' || true)
ft=$(echo "$done_line" | grep -oE 'ft: [0-9]+' | awk '{print $2}' || true)
corp=$(echo "$done_line" | grep -oE 'corp: [0-9]+(/[0-9]+[a-zA-Z]*)?' | awk '{print $2}' || true)

if [ $rc -ne 0 ] || ls "$work/artifacts"/* >/dev/null 2>&1; then
  trap - EXIT
  echo "fuzz.sh: FAILED (libFuzzer exit $rc) after $((SECONDS - t0)) s"
  grep -A1 'fuzz_conv FAIL' "$work/fuzz.log" | head -2 || true
  grep -E -A12 'ERROR: |runtime error' "$work/fuzz.log" | grep -v 'fuzzer::\|libc\|_start' | head -16 || true
  grep -E '^SUMMARY' "$work/fuzz.log" | head -2 || true
  for a in "$work"/artifacts/*; do
    [ -e "$a" ] || continue
    echo "reproducer: $a  (rerun: $build/tests/fuzz/fuzz_conv $a)"
    od -An -tx1 "$a" | head -4
  done
  echo "full log: $work/fuzz.log"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "fuzz.sh: OK: ${execs:-?} inputs in $((SECONDS - t0)) s (${rate:-?} exec/s), cov: ${cov:-?} edges," \
  "ft: ${ft:-?} features, corpus ${seeds} -> ${corp:-?}; $((SECONDS - start)) s in all"
[ "${KEEP_CORPUS:-0}" = 1 ] && echo "grown corpus kept in $work/corpus"
echo "1 passed, 0 failed"
