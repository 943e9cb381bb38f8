#!/usr/bin/env bash
# README's test command: installs what is missing (Debian 12, as root or with sudo), then builds
# and runs the CTest suite twice: a Release build and an AddressSanitizer+UBSan build.
# Usage: bash tests/run.sh            (from the repository root or anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."

# Everything the build and the tests use is named (installed without Recommends, as on a fresh
# minimal root): compilers (gcc brings libasan/libubsan and binutils' nm for the exports test),
# make, cmake, cpu_features, pthreadpool (run_parallel; SIMDCONV_WITH_PTHREADPOOL=AUTO), pkg-config.
need=(cmake make gcc g++ binutils pkg-config libcpu-features-dev libpthreadpool-dev)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "tests/run.sh: installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

jobs=$(nproc 2>/dev/null || echo 2)
for cfg in release asan; do
  dir="build-test-$cfg"
  # the sanitizer build at -Og: gcc 12 compiles the instrumented kernel files at -Og in a fraction
  # of -O1's time (the dataflow and register-allocation passes -O1 runs over the huge unrolled,
  # instrumented tiles are what took the time) and the tests run almost as fast: on a 2-core Zen 5, the
  # clean build of library + tests 260 s at -O1 -> 59 s, its CTest 55 -> 58-73 s (per file:
  # cmake/kernels.cmake). -g1: line tables, all that the sanitizers' reports use (file:line in
  # every frame); full -g took avx512.c 109 s against 81 s at -O1
  if [ "$cfg" = asan ]; then flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIMDCONV_SANITIZE=ON
    "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-Og -g1 -DNDEBUG")
  else flags=(-DCMAKE_BUILD_TYPE=Release); fi
  echo "=== $cfg build ($dir) ==="
  cmake -S . -B "$dir" "${flags[@]}" >/dev/null
  cmake --build "$dir" -j "$jobs"
  (cd "$dir" && ctest --output-on-failure -j "$jobs")
done
