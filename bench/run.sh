#!/usr/bin/env bash
# Build and run the simdconv benchmark suite, then write bench-out/{results.json,table.md,chart.png}
# and print the table.
#
#   bench/run.sh                      full suite: 5 repetitions x min_time 0.2 s, medians (a few minutes)
#   bench/run.sh --quick              CI check: every case once with a tiny min_time; fails (exit 1)
#                                     if any case errors or any peer's output does not match
#   bench/run.sh [--quick] ARGS...    ARGS go to the benchmark binary, e.g.
#                                     --benchmark_filter='conv/resnet_2_3x3/|peak/'  or  --benchmark_filter=/avx2
#
# On a Debian 12 machine as root it first installs what is missing (apt-get). Environment:
#   SIMDCONV_BENCH_BUILD  build directory            (default: <repo>/build-bench)
#   SIMDCONV_BENCH_OUT    output directory           (default: <repo>/bench-out)
#   SIMDCONV_BENCH_CPU    CPU to pin to with taskset  (default: 1 when the machine has 2+ CPUs, else 0;
#                                                      "none" to not pin)
#   SIMDCONV_BENCH_JOBS   parallel build jobs        (default: nproc)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${SIMDCONV_BENCH_BUILD:-$root/build-bench}
out=${SIMDCONV_BENCH_OUT:-$root/bench-out}
jobs=${SIMDCONV_BENCH_JOBS:-$(nproc 2>/dev/null || echo 2)}

quick=0
if [[ ${1:-} == --quick ]]; then
  quick=1
  shift
fi

# ---- 1. dependencies ----------------------------------------------------------------------------
pkgs=(cmake g++ libcpu-features-dev libbenchmark-dev libdnnl-dev libxnnpack-dev libopenblas-dev
      libpthreadpool-dev python3-matplotlib)
missing=()
if command -v dpkg >/dev/null 2>&1; then
  for p in "${pkgs[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
fi
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
      # Peers are optional (e.g. not packaged for this architecture): install what exists.
      for p in "${missing[@]}"; do apt-get install -y --no-install-recommends "$p" || echo "run.sh: could not install $p"; done
    fi
  else
    echo "run.sh: missing packages (not root or no apt-get, not installing): ${missing[*]}" >&2
  fi
fi

# ---- 2. build ---------------------------------------------------------------------------------
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSIMDCONV_BUILD_BENCH=ON \
  -DSIMDCONV_BUILD_TESTS=OFF -DSIMDCONV_BUILD_EXAMPLES=OFF
cmake --build "$build" --target simdconv_bench -j "$jobs"
bin="$build/bench/simdconv_bench"

# ---- 3. run -----------------------------------------------------------------------------------
mkdir -p "$out"
rm -f "$out/results.json" "$out/table.md" "$out/chart.png"  # never report a previous run
if ((quick)); then
  flags=(--benchmark_min_time=0.0001 --benchmark_repetitions=1)
else
  flags=(--benchmark_min_time=0.2 --benchmark_repetitions=5 --benchmark_display_aggregates_only=true)
fi
flags+=(--benchmark_out="$out/results.json" --benchmark_out_format=json)

pin=()
cpu=${SIMDCONV_BENCH_CPU:-}
if [[ -z $cpu ]]; then
  ncpu=$(nproc --all 2>/dev/null || echo 1)
  if ((ncpu > 1)); then cpu=1; else cpu=0; fi
fi
if [[ $cpu != none ]] && command -v taskset >/dev/null 2>&1 && taskset -c "$cpu" true 2>/dev/null; then
  pin=(taskset -c "$cpu")
fi

# Belt and braces: the binary also sets one thread through each peer's API.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

echo "run.sh: ${pin[*]:+${pin[*]} }$bin ${flags[*]} $*"
rc=0
"${pin[@]}" "$bin" "${flags[@]}" "$@" || rc=$?

# ---- 4. report --------------------------------------------------------------------------------
py=/usr/bin/python3  # Debian's python3-matplotlib; a pyenv python3 earlier on PATH may lack it
[[ -x $py ]] || py=python3
if [[ -s $out/results.json ]]; then
  echo
  if ! "$py" "$here/report.py" "$out/results.json" --out-dir "$out"; then
    if ((rc == 0)); then rc=1; fi
  fi
fi
if ((rc != 0)); then
  echo "run.sh: FAILED (a case errored, a peer's output did not match, or the report failed)" >&2
fi
exit "$rc"
