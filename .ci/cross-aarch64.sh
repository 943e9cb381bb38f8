#!/usr/bin/env bash
# Cross-build simdconv for AArch64 and run the whole CTest suite under qemu-user (scalar + NEON).
#
#   bash .ci/cross-aarch64.sh            # from anywhere; builds in <repo>/build-aarch64
#   CROSS_SANITIZE=1 bash .ci/cross-aarch64.sh   # also an ASan+UBSan build (build-aarch64-asan)
#
# On a fresh Debian 12 run as root it first installs the cross toolchain, qemu-user and the arm64
# cpu_features package (skipped when they are already there). Fails unless the tests ran the NEON
# kernels and AUTO resolved to neon under emulation.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${CROSS_BUILD_DIR:-build-aarch64}"
jobs="${CROSS_JOBS:-2}"

log() { printf '== %s\n' "$*"; }
die() { printf 'cross-aarch64: %s\n' "$*" >&2; exit 1; }

# ---- packages -------------------------------------------------------------------------------
pkgs=(gcc-aarch64-linux-gnu qemu-user libcpu-features-dev:arm64 cmake make)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -c 'install ok installed' >/dev/null; }
missing=()
for p in "${pkgs[@]}"; do installed "$p" || missing+=("$p"); done
if ((${#missing[@]})); then
  log "installing: ${missing[*]}"
  as_root=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null && sudo -n true 2>/dev/null || die "missing packages (${missing[*]}) and not root"
    as_root=(sudo -n)
  fi
  if ! dpkg --print-foreign-architectures | grep -cx arm64 >/dev/null; then
    "${as_root[@]}" dpkg --add-architecture arm64
  fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
else
  log "packages present: ${pkgs[*]}"
fi
for tool in aarch64-linux-gnu-gcc qemu-aarch64 cmake ctest; do
  command -v "$tool" >/dev/null || die "$tool not found after install"
done

# ---- configure, build, test ----------------------------------------------------------------
# check_tests <build dir>: the log of the last ctest run must show NEON tested and AUTO = neon.
check_tests() {
  local logf="$1/Testing/Temporary/LastTest.log" lines bad
  [[ -f $logf ]] || die "no ctest log at $logf"
  lines=$(grep -E '^[A-Za-z0-9_.-]+: isas:' "$logf" || true)
  [[ -n $lines ]] || die "no 'isas:' line in the test output: which ISAs ran is unknown"
  bad=$(grep -v -E 'isas:.* neon .*\(\+auto=neon\)$' <<<"$lines" || true)
  [[ -z $bad ]] || die "NEON not tested or AUTO did not pick neon under qemu:"$'\n'"$bad"
  # one such line per conv.* suite (tests/harness.c tc_finish; other test programs print one too)
  local want got suites
  suites=$(ctest --test-dir "$1" -N | sed -n -E 's/.*Test +#[0-9]+: conv\.([a-z_]+)$/\1/p')
  want=$(wc -w <<<"$suites")
  got=0
  for s in $suites; do grep -q -E "^$s: isas:" <<<"$lines" && got=$((got + 1)); done
  ((got == want && want > 0)) || die "expected $want conv suites reporting their ISAs, saw $got"
  log "$got/$want conv suites ran scalar + NEON with AUTO = neon: $(head -n1 <<<"$lines")"
}

# run_suite <build dir> [extra cmake args...]
run_suite() {
  local dir="$1"; shift
  log "configure $dir"
  # libpthreadpool-dev:arm64 cannot be installed beside the host's amd64 one (Debian 12 does not
  # co-install them; apt removes the host's, and XNNPACK with it): SIMDCONV_WITH_PTHREADPOOL=AUTO
  # (the default) finds no arm64 pthreadpool and builds without it (configure says so).
  cmake -S . -B "$dir" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake" \
    -DCMAKE_BUILD_TYPE=Release "$@"
  # cpu_features must be the arm64 one, never the build host's x86-64 package.
  grep -q '^CpuFeatures_DIR:PATH=/usr/lib/aarch64-linux-gnu/' "$dir/CMakeCache.txt" ||
    die "find_package(CpuFeatures) did not pick /usr/lib/aarch64-linux-gnu: $(grep '^CpuFeatures_DIR' "$dir/CMakeCache.txt")"
  log "build $dir"
  cmake --build "$dir" -j"$jobs"
  aarch64-linux-gnu-readelf -h "$dir/tests/test_conv" | grep -c 'Machine:.*AArch64' >/dev/null ||
    die "$dir/tests/test_conv is not an AArch64 binary"
  log "ctest $dir (under qemu-aarch64)"
  local t0=$SECONDS
  ctest --test-dir "$dir" --output-on-failure -j"$jobs"
  log "ctest took $((SECONDS - t0)) s"
  check_tests "$dir"
}

run_suite "$build"

if [[ ${CROSS_SANITIZE:-0} == 1 ]]; then
  # LeakSanitizer cannot run under qemu-user (it needs ptrace-like thread suspension): leaks off,
  # address and undefined-behaviour checks on.
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
  run_suite "${build}-asan" -DSIMDCONV_SANITIZE=ON
fi
log "cross-aarch64: OK"
