#!/usr/bin/env bash
# Build and run the simdconv benchmark suite, then write
# bench-out/{results.json,results-threads.json,table.md,chart.png} and print the tables.
#
#   bench/run.sh                      full suite: single-thread cases (5 repetitions x min_time 0.2 s,
#                                     medians), then the threads:<n> cases (3 repetitions x 0.2 s),
#                                     repetitions randomly interleaved; then the --pairs run below
#                                     (about 5 minutes in all)
#   bench/run.sh --quick              CI check: every case once with a tiny min_time; fails (exit 1)
#                                     if any case errors or any peer's output does not match
#   bench/run.sh --pairs              simdconv (best ISA) against oneDNN and XNNPACK in one process,
#                                     taking 30 ms turns, 31 rounds: median ratios (bench-out/pairs.md),
#                                     then the fused residual's fused / unfused pairs (its own section)
#   bench/run.sh --residual-pairs     only the fused / unfused residual pairs: resnet_2_1x1 with relu +
#                                     residual and ResNet-50's bottleneck block at 56x56, run_ex with the
#                                     residual against run + a separate add/relu pass (bench-out/pairs-residual.md)
#   bench/run.sh --stride-pairs       the layers (default: every layer of bench/networks/) whose DEFAULT plan
#                                     prefers a padded input pixel stride (simdconv_conv2d_input_pixel_stride):
#                                     DEFAULT dense, DEFAULT on that stride (run_ex) and oneDNN, 10 ms turns in
#                                     one process (bench-out/pairs-strides.md; ~1 min)
#   bench/run.sh --kernels            per-kernel cases only: for every layer, DEFAULT (conv/<layer>/<best isa>),
#                                     every candidate kernel of the best ISA forced (conv/<layer>/<kernel>) and
#                                     MEASURE (conv/<layer>/measure), single thread (5 x 0.2 s, about 2 minutes;
#                                     with --quick once each); then DEFAULT and the kernels again in one process,
#                                     10 ms turns, SIMDCONV_BENCH_PAIRS (31) rounds, ratios within a round (a noisy
#                                     machine's slow spells hit both sides): the kernels table and the paired
#                                     table (bench-out/kernels.md)
#   bench/run.sh --winograd           Winograd cases only: for every layer of the Winograd set (the suite's 3x3
#                                     stride-1 layers + wino_128x128x32), direct (conv/<layer>/<best isa>), Winograd
#                                     (conv/<layer>/winograd), every Winograd registry row of the best ISA forced
#                                     (conv/<layer>/winograd_fMxM_<isa>), FASTEST (conv/<layer>/fastest), oneDNN and
#                                     XNNPACK, single thread (5 x 0.2 s); then the same in one process, 30 ms turns,
#                                     SIMDCONV_BENCH_PAIRS (31) rounds: paired ratios (bench-out/winograd.md; ~3 min;
#                                     with --quick once each)
#   bench/run.sh --threads-only       only the peaks and the threads:<n> cases (scaling);
#                                     combines with --quick: bench/run.sh --quick --threads-only
#   bench/run.sh --layer SPEC         your own layer instead of the built-in suite, on every ISA and
#                                     peer, with the same tables, chart and pairs run, e.g.
#                                     --layer 'h=56,w=56,cin=64,cout=64,k=3x3,s=1,d=1,g=1,pad=same'
#                                     (repeatable; --layer @FILE or --layer-file FILE: one spec a line,
#                                     # comments). A bad spec exits 2 naming the bad field. Grammar:
#                                     bench/README.md ("Your own layer")
#   bench/run.sh --networks           only the networks: every conv layer of ResNet-50 v1.5, MobileNetV2,
#                                     EfficientNet-B0, Inception-v3, ResNeXt-50 32x4d and VGG-16 (bench/networks/),
#                                     batch 1, on every ISA, oneDNN and XNNPACK, 1 thread, then on the
#                                     threads of SIMDCONV_BENCH_THREADS above 1 (2): per-network table of total
#                                     ms, GFLOP/s and paired ratios, then each thread count's scaling over 1
#                                     thread (bench-out/networks.md, networks.png; ~4 min).
#                                     The full suite runs them too (after the pairs; table.md, chart.png)
#   bench/run.sh --network FILE       your network instead of the six (repeatable; also --network @FILE):
#                                     one layer spec a line, count=N for a layer it runs N times
#   bench/run.sh [FLAGS] ARGS...      ARGS go to the benchmark binary (both runs), e.g.
#                                     --benchmark_filter='conv/resnet_2_3x3/|peak/'  or  --benchmark_filter=/avx2
#
# run.sh's own flags (--quick, --threads-only, --kernels, --winograd, --pairs, --residual-pairs, --stride-pairs, --layer,
# --layer-file, --networks, --network) may come anywhere;
# every other argument is an ARG. The run starts with a header: the CPU (vendor, model, family/
# model/stepping, microarchitecture and caches as cpu_features reports them), the simdconv ISAs
# and CPU features it uses, and the layers (simdconv_bench --describe).
#
# Two runs of the binary: the single-thread cases pinned to one CPU (results.json), then, with
# --threads-only, the threaded cases pinned to as many CPUs as the most threads (results-threads.json;
# timed on the wall clock). A run whose cases the filter leaves out is skipped.
#
# On a Debian 12 machine as root it first installs what is missing (apt-get). Environment:
#   SIMDCONV_BENCH_BUILD    build directory            (default: <repo>/build-bench)
#   SIMDCONV_BENCH_OUT      output directory           (default: <repo>/bench-out)
#   SIMDCONV_BENCH_CPU      CPU of the single-thread run (default: 1 when the machine has 2+ CPUs, else 0;
#                                                        "none" to not pin)
#   SIMDCONV_BENCH_THREADS  thread counts of the threaded cases (default: 1,2; "none": no threaded run)
#   SIMDCONV_BENCH_CPUS     CPUs of the threaded run   (default: 0..max(threads)-1, e.g. 0-1, capped at the
#                                                        machine's CPUs; "none" to not pin)
#   SIMDCONV_BENCH_JOBS     parallel build jobs        (default: nproc)
#   SIMDCONV_BENCH_PAIRS    rounds of the pairs run    (default: 31; 0: none. The full suite runs it when no
#                                                        ARGS are given; --pairs runs only it)
#   SIMDCONV_BENCH_NET_ROUNDS  rounds of the network runs (default: 7; 0: no network runs in the full suite;
#                                                        --quick: 1, each layer once)
#   SIMDCONV_BENCH_NET_ISAS    best or all: the simdconv ISAs of the 1-thread network run (default: all; the
#                                                        ISAs other than the best take 3 rounds; --quick: best)
set -euo pipefail
# Under pipefail, never `producer | grep -q`: grep -q exits at its first match, and a producer
# still writing then dies of SIGPIPE, failing the pipeline at random (it failed CI once);
# `grep -c ... >/dev/null` reads to the end and has the same exit status.

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
build=${SIMDCONV_BENCH_BUILD:-$root/build-bench}
out=${SIMDCONV_BENCH_OUT:-$root/bench-out}
jobs=${SIMDCONV_BENCH_JOBS:-$(nproc 2>/dev/null || echo 2)}

quick=0
threads_only=0
kernels=0
winograd=0
pairs=0
layer_args=() # --layer=SPEC / --layer=@FILE for every run of the binary
net_args=()   # --network=@FILE: the user's networks (else the six of bench/networks/)
networks_only=0
args=()       # the rest: Google Benchmark flags for both runs
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --threads-only) threads_only=1 ;;
    --kernels) kernels=1 ;;
    --winograd) winograd=1 ;;
    --pairs) pairs=1 ;;
    --residual-pairs) pairs=2 ;;
    --stride-pairs) pairs=3 ;;
    --layer | --layer-file)
      if (($# < 2)); then
        echo "run.sh: $1: expected a value: $1 $([[ $1 == --layer ]] && echo "'h=56,w=56,cin=64,cout=64,k=3x3' or $1 @FILE" || echo FILE)" >&2
        exit 2
      fi
      if [[ $1 == --layer ]]; then layer_args+=("--layer=$2"); else layer_args+=("--layer=@$2"); fi
      shift
      ;;
    --layer=*) layer_args+=("$1") ;;
    --networks) networks_only=1 ;;
    --network)
      if (($# < 2)); then
        echo "run.sh: --network: expected a value: --network FILE (one layer spec a line, count=N)" >&2
        exit 2
      fi
      net_args+=("--network=@${2#@}")
      networks_only=1
      shift
      ;;
    --network=*)
      v=${1#--network=}
      net_args+=("--network=@${v#@}")
      networks_only=1
      ;;
    --layer-file=*) layer_args+=("--layer=@${1#--layer-file=}") ;;
    *) args+=("$1") ;;
  esac
  shift
done
set -- "${args[@]}"
threads=${SIMDCONV_BENCH_THREADS-1,2}
[[ $threads == none || $threads == 0 ]] && threads=""
if [[ -n $threads && ! $threads =~ ^[0-9]+(,[0-9]+)*$ ]]; then
  echo "run.sh: SIMDCONV_BENCH_THREADS=\"$threads\": expected thread counts separated by commas, or none" >&2
  exit 2
fi
if ((kernels && (threads_only || pairs))); then
  echo "run.sh: --kernels runs alone: not with --threads-only, --pairs or --residual-pairs" >&2
  exit 2
fi
if ((networks_only && (kernels || threads_only || pairs))); then
  echo "run.sh: --networks / --network run alone: not with --threads-only, --kernels, --pairs or --residual-pairs" >&2
  exit 2
fi
if ((winograd && (kernels || threads_only || pairs || networks_only))); then
  echo "run.sh: --winograd runs alone: not with --threads-only, --kernels, --pairs, --residual-pairs or --networks" >&2
  exit 2
fi
if ((threads_only)) && [[ -z $threads ]]; then
  echo "run.sh: --threads-only with SIMDCONV_BENCH_THREADS=none: nothing to run" >&2
  exit 2
fi

# ---- 1. dependencies ----------------------------------------------------------------------------
# Everything is named: apt-get runs with --no-install-recommends (cmake alone brings neither make
# nor a compiler; libdnnl-dev only recommends the OpenCL packages its CMake package needs).
# Build: compilers, make, cmake, the library's and the benchmark's libraries. Peers (optional: a
# peer that cannot be installed or found is skipped, see bench/CMakeLists.txt): oneDNN (+ OpenCL
# for Debian's dnnl-config.cmake), XNNPACK, OpenBLAS. Report: python3 + matplotlib (the chart).
build_pkgs=(cmake make gcc g++ pkg-config libcpu-features-dev libpthreadpool-dev libbenchmark-dev
            python3 python3-matplotlib)
peer_pkgs=(libdnnl-dev ocl-icd-opencl-dev opencl-headers libxnnpack-dev libopenblas-dev)
missing=()
if command -v dpkg >/dev/null 2>&1; then
  arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
  for p in "${build_pkgs[@]}" "${peer_pkgs[@]}"; do
    # With a package installed for two architectures (multiarch), plain `dpkg -s p` fails.
    dpkg -s "$p" >/dev/null 2>&1 || dpkg -s "$p:$arch" >/dev/null 2>&1 || missing+=("$p")
  done
fi
if ((${#missing[@]})); then
  as_root=()
  [[ $(id -u) == 0 ]] || as_root=(sudo) # as root, or through sudo (as tests/run.sh)
  if command -v apt-get >/dev/null 2>&1 && { ((${#as_root[@]} == 0)) || command -v sudo >/dev/null 2>&1; }; then
    apt_install() {
      "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
    }
    echo "run.sh: installing ${missing[*]}"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    if ! apt_install "${missing[@]}"; then
      # Peers are optional (e.g. not packaged for this architecture): install what exists, one by
      # one; the build packages must install.
      for p in "${missing[@]}"; do
        apt_install "$p" && continue
        if [[ " ${build_pkgs[*]} " == *" $p "* ]]; then
          echo "run.sh: could not install $p, which the build needs" >&2
          exit 1
        fi
        echo "run.sh: could not install $p: the peer that needs it is skipped"
      done
    fi
  else
    echo "run.sh: missing packages (no apt-get, or not root and no sudo; not installing): ${missing[*]}" >&2
  fi
fi

# ---- 2. build ---------------------------------------------------------------------------------
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSIMDCONV_BUILD_BENCH=ON \
  -DSIMDCONV_BUILD_TESTS=OFF -DSIMDCONV_BUILD_EXAMPLES=OFF
cmake --build "$build" --target simdconv_bench -j "$jobs"
bin="$build/bench/simdconv_bench"

# ---- 3. run -----------------------------------------------------------------------------------
# The header: the CPU, what simdconv uses of it, the layers. The binary parses the --layer specs
# (one parser for every run); a bad one exits 2 here, before any output is touched.
# The networks: yours (--network), else the six of bench/networks/ (the full suite and --networks).
net_user=${#net_args[@]}
if ((net_user == 0)); then
  for n in resnet50 mobilenetv2 efficientnet_b0 inception_v3 resnext50_32x4d vgg16; do
    net_args+=("--network=@$here/networks/$n.txt")
  done
fi
net_rounds=${SIMDCONV_BENCH_NET_ROUNDS:-7}
if [[ ! $net_rounds =~ ^[0-9]+$ ]] || ((10#$net_rounds > 100000)); then
  echo "run.sh: SIMDCONV_BENCH_NET_ROUNDS=\"$net_rounds\": expected a number of rounds (0: none)" >&2
  exit 2
fi
net_rounds=$((10#$net_rounds))
net_isas=${SIMDCONV_BENCH_NET_ISAS:-all}
if [[ $net_isas != all && $net_isas != best ]]; then
  echo "run.sh: SIMDCONV_BENCH_NET_ISAS=\"$net_isas\": expected best or all" >&2
  exit 2
fi
# The full suite runs the networks (after the pairs) unless ARGS, --layer or --threads-only narrow it.
run_nets=0
if ((networks_only)) || { ((!threads_only && !kernels && !winograd && $# == 0 && ${#layer_args[@]} == 0)) &&
                          { ((quick)) || ((net_rounds > 0)); }; }; then
  run_nets=1
fi
desc_nets=()
((run_nets)) && desc_nets=("${net_args[@]}")
desc_wino=()
((winograd)) && desc_wino=(--winograd) # the header lists the Winograd set
desc_err=$(mktemp)
drc=0
header=$("$bin" --describe "${layer_args[@]}" "${desc_nets[@]}" "${desc_wino[@]}" 2>"$desc_err") || drc=$?
if ((drc != 0)); then
  sed 's/^simdconv_bench: /run.sh: /' "$desc_err" >&2
  rm -f "$desc_err"
  exit "$drc"
fi
rm -f "$desc_err"
echo
echo "$header"
echo
mkdir -p "$out"
common=(--benchmark_out_format=json)
if ((quick)); then
  flags=(--benchmark_min_time=0.0001 --benchmark_repetitions=1)
  tflags=(--benchmark_min_time=0.0001 --benchmark_repetitions=1)
else
  # Repetitions of all cases run in random interleaved order, so slow phases of the shared
  # machine hit every variant of a layer alike (the ratios in the table compare medians).
  flags=(--benchmark_min_time=0.2 --benchmark_repetitions=5 --benchmark_display_aggregates_only=true
         --benchmark_enable_random_interleaving=true)
  # Fewer repetitions: the threaded run should add about a minute, not double the suite.
  tflags=(--benchmark_min_time=0.2 --benchmark_repetitions=3 --benchmark_display_aggregates_only=true
          --benchmark_enable_random_interleaving=true)
fi

# Single-thread run: one CPU.
pin=()
cpu=${SIMDCONV_BENCH_CPU:-}
ncpu=$(nproc --all 2>/dev/null || echo 1)
if [[ -z $cpu ]]; then
  if ((ncpu > 1)); then cpu=1; else cpu=0; fi
fi
if [[ $cpu != none ]] && command -v taskset >/dev/null 2>&1 && taskset -c "$cpu" true 2>/dev/null; then
  pin=(taskset -c "$cpu")
fi

# Belt and braces: the binary also sets one thread through each peer's API (oneDNN's threads:<n>
# cases set n OpenMP threads themselves, over OMP_NUM_THREADS).
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

# Pairs: simdconv against each peer in one process, interleaved in 30 ms turns (conv_pairs): the
# ratios of the table compare medians of separate cases, which the shared machine's slow phases
# move by a few per cent; these cancel them.
rounds=${SIMDCONV_BENCH_PAIRS:-31}
if [[ ! $rounds =~ ^[0-9]+$ ]] || ((10#$rounds > 100000)); then
  echo "run.sh: SIMDCONV_BENCH_PAIRS=\"$rounds\": expected a number of rounds (0: none)" >&2
  exit 2
fi
rounds=$((10#$rounds))
((quick && rounds > 3)) && rounds=3
# run_pairs [--residual-pairs FILE]: the pairs run (conv pairs, then the fused-residual pairs), or
# only the fused-residual pairs.
run_pairs() {
  local flag=--pairs file=$out/pairs.md
  if (($#)); then flag=$1 file=$2; fi
  echo "run.sh: ${pin[*]} $bin $flag=$rounds ${layer_args[*]} > $file"
  "${pin[@]}" "$bin" "$flag=$rounds" "${layer_args[@]}" >"$file"
}
if ((pairs)); then
  ((rounds == 0)) && rounds=31
  rc=0
  file=$out/pairs.md
  if ((pairs == 2)); then
    file=$out/pairs-residual.md
    run_pairs --residual-pairs "$file" || rc=$?
  elif ((pairs == 3)); then
    file=$out/pairs-strides.md
    if ((${#layer_args[@]} == 0)); then
      for f in "$here"/networks/*.txt; do layer_args+=("--layer=@$f"); done
    fi
    run_pairs --stride-pairs "$file" || rc=$?
  else
    run_pairs || rc=$?
  fi
  cat "$file"
  echo "wrote $file"
  ((rc == 0)) || echo "run.sh: FAILED (a pairs case errored: an output check failed, e.g. fused != unfused)" >&2
  exit "$rc"
fi

# The network runs: 1 thread pinned as the single-thread run (networks.json), then on n threads for
# every n > 1 of SIMDCONV_BENCH_THREADS pinned as the threaded run (networks-threads-<n>.json).
# --quick: each layer once, the best ISA and the peers (outputs checked as always); of the built-in
# six, on 1 thread all but VGG-16 (its 9 plain 3x3 layers take most of the scalar reference's time),
# on n threads the two small ones. Sets net_files; returns non-zero when a run failed.
run_networks() {
  local nrc=0 r=$net_rounds isas=$net_isas slice=3 f t
  local nets_1=("${net_args[@]}") nets_t=("${net_args[@]}")
  ((r == 0)) && r=7
  if ((quick)); then
    r=1 isas=best slice=0
    if ((net_user == 0)); then
      nets_1=() nets_t=()
      for f in "${net_args[@]}"; do
        [[ $f == */vgg16.txt ]] || nets_1+=("$f")
        [[ $f == */mobilenetv2.txt || $f == */efficientnet_b0.txt ]] && nets_t+=("$f")
      done
    fi
  fi
  net_files=()
  f=$out/networks.json
  echo "run.sh: ${pin[*]} $bin --networks=$r --net-isas=$isas --net-slice-ms=$slice ${nets_1[*]} > $f"
  "${pin[@]}" "$bin" "--networks=$r" "--net-isas=$isas" "--net-slice-ms=$slice" "${nets_1[@]}" >"$f" || nrc=$?
  [[ -s $f ]] && net_files+=("$f")
  if [[ -n $threads ]]; then
    IFS=, read -ra tl <<<"$threads"
    for t in "${tl[@]}"; do
      ((10#$t > 1)) || continue
      f=$out/networks-threads-$((10#$t)).json
      echo "run.sh: ${tpin[*]} $bin --networks=$r --net-threads=$((10#$t)) --net-slice-ms=$slice ${nets_t[*]} > $f"
      "${tpin[@]}" "$bin" "--networks=$r" "--net-threads=$((10#$t))" "--net-slice-ms=$slice" "${nets_t[@]}" >"$f" || nrc=$?
      [[ -s $f ]] && net_files+=("$f")
    done
  fi
  return "$nrc"
}

# mode_cases MODE JSON [ARGS]: the single-thread cases of a mode of its own (--kernels, --winograd),
# pinned as the main run, into JSON; sets rc (1: a case failed, or the filter left no conv/ case).
mode_cases() {
  local mode=$1 json=$2
  shift 2
  local cmd=("${pin[@]}" "$bin" "--$mode" "${layer_args[@]}" "${flags[@]}" --benchmark_out="$json" "${common[@]}" "$@")
  echo "run.sh: ${cmd[*]}"
  SIMDCONV_BENCH_THREADS=none "${cmd[@]}" || rc=$?
  if ! "$bin" "--$mode" "${layer_args[@]}" "$@" --benchmark_list_tests=true 2>/dev/null | grep -c '^conv/' >/dev/null; then
    echo "run.sh: --$mode: no conv/<layer>/... case (the filter leaves out every one, or no layer fits the mode)" >&2
    rc=1
    return 1
  fi
}
# mode_pairs MODE SLICE_MS JSON [ARGS]: without ARGS (Google Benchmark flags), the paired run of a
# mode (--MODE-pairs: SIMDCONV_BENCH_PAIRS rounds, 31 by default, of SLICE_MS turns; --quick: 1
# round, one run a turn), pinned, into JSON, and paired_report=(--MODE-pairs JSON) for report.py;
# sets rc when the run fails.
mode_pairs() {
  local mode=$1 slice=$2 json=$3 r=$rounds
  shift 3
  paired_report=()
  if (($#)); then
    echo "run.sh: no --$mode-pairs run with Google Benchmark flags"
    return 0
  fi
  ((r == 0)) && r=31
  if ((quick)); then r=1 slice=0; fi
  echo
  echo "run.sh: ${pin[*]} $bin --$mode-pairs=$r --$mode-slice-ms=$slice ${layer_args[*]} > $json"
  "${pin[@]}" "$bin" "--$mode-pairs=$r" "--$mode-slice-ms=$slice" "${layer_args[@]}" >"$json" || rc=$?
  [[ -s $json ]] && paired_report=("--$mode-pairs" "$json")
  return 0
}
py=/usr/bin/python3 # Debian's python3-matplotlib; a pyenv python3 earlier on PATH may lack it
[[ -x $py ]] || py=python3

# The per-kernel run (--kernels): its own files, the main run's results are left alone.
if ((kernels)); then
  rm -f "$out/results-kernels.json" "$out/kernel-pairs.json" "$out/kernels.md"
  rc=0
  if mode_cases kernels "$out/results-kernels.json" "$@" && [[ -s $out/results-kernels.json ]]; then
    mode_pairs kernel 10 "$out/kernel-pairs.json" "$@"
    echo
    "$py" "$here/report.py" "$out/results-kernels.json" --kernels "${paired_report[@]}" --out-dir "$out" || { ((rc)) || rc=1; }
  fi
  ((rc == 0)) || echo "run.sh: FAILED (a case errored, an output check failed, or the report failed)" >&2
  exit "$rc"
fi

# The Winograd run (--winograd): its own files, the main run's results are left alone. 1. the cases
# (Google Benchmark, pinned as the single-thread run) into results-winograd.json; 2. without ARGS,
# the paired run (--winograd-pairs, SIMDCONV_BENCH_PAIRS rounds of 30 ms turns; --quick: 1 round,
# one run per turn) into winograd-pairs.json; 3. report.py --winograd: winograd.md.
if ((winograd)); then
  rm -f "$out/results-winograd.json" "$out/winograd-pairs.json" "$out/winograd.md"
  rc=0
  mode_cases winograd "$out/results-winograd.json" "$@" || true
  mode_pairs winograd 30 "$out/winograd-pairs.json" "$@"
  results=()
  [[ -s $out/results-winograd.json ]] && results=("$out/results-winograd.json")
  if ((${#results[@]} || ${#paired_report[@]})); then
    echo
    "$py" "$here/report.py" "${results[@]}" --winograd "${paired_report[@]}" --out-dir "$out" || { ((rc)) || rc=1; }
  fi
  ((rc == 0)) || echo "run.sh: FAILED (a case errored, an output check failed, or the report failed)" >&2
  exit "$rc"
fi

# Threaded run: CPUs 0..max(threads)-1 (0-1 for the default 1,2), at most the machine's.
tpin=()
if [[ -n $threads ]]; then
  maxt=0
  IFS=, read -ra tlist <<<"$threads"
  for t in "${tlist[@]}"; do
    [[ $t =~ ^[0-9]+$ ]] && ((10#$t > maxt)) && maxt=$((10#$t))
  done
  cpus=${SIMDCONV_BENCH_CPUS:-}
  if [[ -z $cpus ]]; then
    if ((maxt > ncpu)); then
      echo "run.sh: warning: up to $maxt threads on $ncpu CPUs: the threaded cases are oversubscribed" >&2
      maxt=$ncpu
    fi
    ((maxt < 1)) && maxt=1
    cpus="0-$((maxt - 1))"
  fi
  if [[ $cpus != none ]] && command -v taskset >/dev/null 2>&1 && taskset -c "$cpus" true 2>/dev/null; then
    tpin=(taskset -c "$cpus")
  fi
fi

# Only the networks (--networks, --network FILE): their own files (networks.md, networks.png).
if ((networks_only)); then
  rm -f "$out"/networks.json "$out"/networks-threads-*.json "$out/networks.md" "$out/networks.png"
  rc=0
  run_networks || rc=$?
  if ((${#net_files[@]})); then
    echo
    "$py" "$here/report.py" --networks "${net_files[@]}" --out-dir "$out" --table-name networks.md \
      --chart-name networks.png || { ((rc)) || rc=1; }
  fi
  ((rc == 0)) || echo "run.sh: FAILED (a network layer errored: a setup or an output check failed)" >&2
  exit "$rc"
fi

# never report a previous run
rm -f "$out/results.json" "$out/results-threads.json" "$out/table.md" "$out/chart.png" "$out/pairs.md" \
  "$out"/networks.json "$out"/networks-threads-*.json

# The names of the cases a run would select (the filter may leave out all of a run's cases).
selected() { "$bin" "${layer_args[@]}" "$@" --benchmark_list_tests=true 2>/dev/null || true; }

rc=0
ran=0
# 1. single-thread cases, one CPU
if ((!threads_only)) && [[ -n $(SIMDCONV_BENCH_THREADS=none selected "$@") ]]; then
  cmd=("${pin[@]}" "$bin" "${layer_args[@]}" "${flags[@]}" --benchmark_out="$out/results.json" "${common[@]}" "$@")
  echo "run.sh: SIMDCONV_BENCH_THREADS=none ${cmd[*]}"
  SIMDCONV_BENCH_THREADS=none "${cmd[@]}" || rc=$?
  ran=1
fi
# 2. peaks + threads:<n> cases, max(n) CPUs, wall-clock time
if [[ -n $threads ]] &&
  { ((threads_only)) || SIMDCONV_BENCH_THREADS=$threads selected --threads-only "$@" | grep -c '/threads:' >/dev/null; }; then
  ((ran)) && echo
  cmd=("${tpin[@]}" "$bin" --threads-only "${layer_args[@]}" "${tflags[@]}" --benchmark_out="$out/results-threads.json"
       "${common[@]}" "$@")
  echo "run.sh: SIMDCONV_BENCH_THREADS=$threads ${cmd[*]}"
  SIMDCONV_BENCH_THREADS=$threads "${cmd[@]}" || rc=$?
  ran=1
fi
if ((!ran)); then
  # No run selected anything: let the binary say so (and fail).
  SIMDCONV_BENCH_THREADS=none "${pin[@]}" "$bin" "${layer_args[@]}" "${flags[@]}" "$@" || rc=$?
  ((rc == 0)) && rc=1
fi
# 3. the pairs run (full suite only, the built-in layers or yours: it ignores ARGS)
paired=0
if ((!quick && !threads_only && rounds > 0 && $# == 0)); then
  echo
  run_pairs || rc=$?
  paired=1
fi

# 3b. the network runs (full suite and --quick, without ARGS or --layer)
net_files=()
if ((run_nets)); then
  echo
  run_networks || rc=$?
fi

# ---- 4. report --------------------------------------------------------------------------------
results=()
for f in "$out/results.json" "$out/results-threads.json"; do
  [[ -s $f ]] && results+=("$f")
done
if ((${#results[@]})); then
  echo
  pairs_arg=()
  ((paired)) && [[ -s $out/pairs.md ]] && pairs_arg=(--pairs "$out/pairs.md")
  nets_arg=()
  ((${#net_files[@]})) && nets_arg=(--networks "${net_files[@]}")
  if ! "$py" "$here/report.py" "${results[@]}" --out-dir "$out" "${pairs_arg[@]}" "${nets_arg[@]}"; then
    if ((rc == 0)); then rc=1; fi
  fi
fi
if ((paired)) && [[ -s $out/pairs.md ]]; then
  echo
  echo "## pairs"
  echo
  cat "$out/pairs.md"
  echo "wrote $out/pairs.md"
fi
if ((rc != 0)); then
  echo "run.sh: FAILED (a case errored, a peer's output did not match, or the report failed)" >&2
fi
exit "$rc"
