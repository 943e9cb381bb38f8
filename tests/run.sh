#!/usr/bin/env bash
# README's test command: installs what is missing (Debian 12, as root or with sudo), then builds
# and runs the CTest suite twice: a Release build and an AddressSanitizer+UBSan build.
# Usage: bash tests/run.sh            (from the repository root or anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."

need=(cmake gcc g++ make libcpu-features-dev libpthreadpool-dev pkg-config)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

jobs=$(nproc 2>/dev/null || echo 2)
for cfg in release asan; do
  dir="build-test-$cfg"
  if [ "$cfg" = asan ]; then flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIMDCONV_SANITIZE=ON)
  else flags=(-DCMAKE_BUILD_TYPE=Release); fi
  echo "=== $cfg build ($dir) ==="
  cmake -S . -B "$dir" "${flags[@]}" >/dev/null
  cmake --build "$dir" -j "$jobs"
  (cd "$dir" && ctest --output-on-failure -j "$jobs")
done
