#!/usr/bin/env bash
# The benchmark binary, cross-built for AArch64 and run in quick mode under qemu-aarch64:
# emulation says nothing of speed, so this only checks that every case builds, runs and passes
# its output check on scalar and NEON (the x86 peers are not there on AArch64).
# Installs g++-aarch64-linux-gnu and libbenchmark-dev:arm64 (which brings Debian's multiarch arm64
# runtime; cmake/aarch64-linux-gnu.cmake then points qemu at it).
set -euo pipefail
cd "$(dirname "$0")/.."
# the AArch64 CTest stage's build directory (.ci/cross-aarch64.sh), when it is there: the library is
# already built in it, and only the benchmark is added
dir=${1:-${CROSS_BUILD_DIR:-build-aarch64}}
export DEBIAN_FRONTEND=noninteractive
pkgs=(gcc-aarch64-linux-gnu g++-aarch64-linux-gnu qemu-user libcpu-features-dev:arm64 libbenchmark-dev:arm64 cmake)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  dpkg --print-foreign-architectures | grep -cx arm64 >/dev/null || dpkg --add-architecture arm64
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
fi

# no arm64 pthreadpool (see cross-aarch64.sh): SIMDCONV_WITH_PTHREADPOOL=AUTO leaves it out
cmake -S . -B "$dir" -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/aarch64-linux-gnu.cmake" -DCMAKE_BUILD_TYPE=Release \
  -DSIMDCONV_BUILD_BENCH=ON
cmake --build "$dir" --target simdconv_bench -j2
# the arm64 runtime libbenchmark-dev:arm64 brought (libstdc++6:arm64 ...): Debian's multiarch root
root=/
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# every layer but vgg_3_3x3 (3.7 GFLOP: half a minute per ISA under emulation), each case once
SIMDCONV_BENCH_THREADS=none qemu-aarch64 -L "$root" "$dir/bench/simdconv_bench" \
  --benchmark_min_time=0.0001 --benchmark_repetitions=1 --benchmark_filter='-vgg_3_3x3' | tee "$log"
n_neon=$(grep -c '^conv/[a-z0-9_]*/neon ' "$log" || true)
n_scalar=$(grep -c '^conv/[a-z0-9_]*/scalar ' "$log" || true)
if grep -q 'ERROR OCCURRED' "$log" || ((n_neon < 12 || n_scalar < 12)); then
  echo "cross-bench-aarch64: FAILED (neon cases $n_neon, scalar cases $n_scalar)"
  exit 1
fi
echo "cross-bench-aarch64: OK: $n_neon NEON and $n_scalar scalar cases ran under qemu and matched the reference"
