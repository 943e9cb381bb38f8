#!/usr/bin/env bash
# Seeded bugs the test suite must catch: each mutant is a one-line edit of the library (a sed
# expression that must match), built in a scratch copy of the checkout, and the named tests must
# FAIL on it. A mutant the tests pass is a test that cannot fail: this script then exits 1.
#
#   bash .ci/mutants.sh            # from anywhere; scratch copies under ${MUTANT_DIR:-/tmp}
#
# Rows: name | file | sed expression | test command (run in the mutant's build directory)
# (test_kernels, test_run_ex and test_options run quick: every registry row or case family on
# fewer shapes; each mutant still fails them, see the kill lines)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

mutants=(
  # x86 max/min return their second operand when either is NaN: with the accumulator first,
  # relu/relu6/clamp turn NaN into lo (the bug of issue 14)
  "nan-operand-order|kernels/conv_template.h|s/SC_MIN(hi_, SC_MAX(lo_, acc\[m\]\[v\]))/SC_MIN(SC_MAX(acc[m][v], lo_), hi_)/|tests/test_conv special"
  "nan-operand-order-fuzz|kernels/conv_template.h|s/SC_MIN(hi_, SC_MAX(lo_, acc\[m\]\[v\]))/SC_MIN(SC_MAX(acc[m][v], lo_), hi_)/|tests/fuzz_replay $root/tests/fuzz/corpus"
  # run_ex: a fused kernel row read as contiguous on a strided input; merged corners reading the
  # dense zero row; the residual read with the output's stride; the residual after the activation
  "strided-input-fused|dispatch/api.c|s/j.unfuse = p->fused \&\& io->xps != g->cin ? p->cin_g : 0;/j.unfuse = 0;/|tests/test_run_ex quick"
  "strided-input-zero-row|dispatch/api.c|s/j.split_zero = io->xps != g->cin;/j.split_zero = 0;/|tests/test_run_ex quick"
  "residual-stride|dispatch/api.c|s/j.rps = io->rps;/j.rps = io->yps;/|tests/test_run_ex quick"
  # the registry: a forced kernel replaced by the rules' choice; a GEMM row accepting padded
  # layers; a selection rule changed without updating the golden list
  "forced-kernel-ignored|dispatch/api.c|s/    row = forced;/    row = sc_select_default(\&g, k->rows, k->count, sc_this_tuning());/|tests/test_options quick"
  "gemm-computes-anything|dispatch/select.c|s/    case SC_KIND_GEMM: return gemm_shape(g);/    case SC_KIND_GEMM: return 1;/|tests/test_options quick"
  "select-wide-block|dispatch/select.c|s%  t.wide_block_bytes = t.l2 / 2;%  t.wide_block_bytes = t.l2 / 4;%|tests/test_select $root/tests/golden/select_$(uname -m).txt"
  # outputs streamed below the last-level cache again (the rule before session 44)
  "stream-below-llc|dispatch/select.c|s%  t.stream_bytes = llc > 2 \* t.l2 ? llc : 2 \* t.l2;%  t.stream_bytes = 2 * t.l2;%|tests/test_select $root/tests/golden/select_$(uname -m).txt"
  # a kernel that skips its last input channel: the per-kernel test forces every registry kernel
  "gemm-drops-last-channel|kernels/conv_template.h|s/  for (; k < kc; k++) {/  for (; k + 1 < kc; k++) {/|tests/test_kernels quick"
  # grouped tiles that FMA every group's first input channel C times (the permute's lane ignored)
  "grp-permute-lane|kernels/conv_template.h|s/SC_FMA(SC_LANE_BCAST(xv, c, C)/SC_FMA(SC_LANE_BCAST(xv, 0, C)/|tests/test_kernels quick"
  # ... the same in their whole-row windows; windows taken on rows whose padding holds many taps
  "grp-window-lane|kernels/conv_template.h|s/const SC_VEC pc = SC_LANE_BCAST(xv, c, C);/const SC_VEC pc = SC_LANE_BCAST(xv, 0, C);/|tests/test_kernels quick"
  "grp-windows-any-row|dispatch/select.c|s/  return 12 \* padded <= k \* g->ow;/  return 1;/|tests/test_select $root/tests/golden/select_$(uname -m).txt"
  # depthwise bands (select.c sc_dw_band_stride): rows the band keeps not moved to its front; the
  # band taken at stride 2 by rows without whole-row 3-wide windows
  "dw-band-keep|kernels/conv_template.h|s/        if (have_hi > lo) memmove(band, band + (lo - base) \* row, (have_hi - lo) \* row \* sizeof(float));/        (void)0;/|tests/test_run_ex quick"
  # ... the rows a run copies in left one short (then read stale); stride-1 layers of 4 KiB pixels
  # left in column strips, which never take the band (select.c dw_aliased_s1)
  "dw-band-copy-short|kernels/conv_template.h|s/i < hi \* iw; i++, x += j->xps/i + iw < hi * iw; i++, x += j->xps/|tests/test_run_ex quick"
  "dw-aliased-strips|dispatch/select.c|s/    c->dw_strips = 0;/    (void)0;/|tests/test_select $root/tests/golden/select_$(uname -m).txt"
  "dw-band-stride2|dispatch/select.c|s/  if (g->sh != 1 \&\& !(row->windows \& SC_DW_ROW3)) return 0;//|tests/test_select $root/tests/golden/select_$(uname -m).txt"
  # depthwise inputs off the vector alignment (api.c dw_shift): the head block never run
  # (channels [0, h) unwritten), read at the body's first channel, or its weights the shifted ones
  "dw-head-dropped|dispatch/api.c|s/    j.head = b == 0 ? sh : 0;/    j.head = 0;/|tests/test_run_ex quick"
  "dw-head-input|kernels/conv_template.h|s/{j->input - j->head, j->head_w,/{j->input, j->head_w,/|tests/test_run_ex quick"
  "dw-head-weights|dispatch/api.c|s/  j.head_w = p->packed;/  j.head_w = p->packed + p->dw_shifted[4 \/ 4];/|tests/test_run_ex quick"
  # window tiles' span walk (conv_template.h sc_span_step) stepping over the left padding's
  # columns: a left-padded edge tile reads every column one pixel to the right
  "window-walk-left-pad|kernels/conv_template.h|s/ i >= lo) \&\& (i + 1 <= last/ 1) \&\& (i + 1 <= last/|tests/test_kernels quick"
  "residual-after-activation|kernels/conv_template.h|s/    SC_RESIDUAL(MRC, NV, NR, acc, HAS_RES, RES, nc);/    SC_ACTIVATE(MRC, NV, acc, j); SC_RESIDUAL(MRC, NV, NR, acc, HAS_RES, RES, nc); if (0)/|tests/test_run_ex quick"
  # Winograd (residual-stride above edits its run units too): every output-channel chunk or group
  # reading the first one's transformed weights, or its bias (edits of dispatch/api.c: a template
  # edit would recompile every ISA file)
  # batches of small images in stacks (select.c flat_images): the last stack's cut tile dropped;
  # stacks chosen where a stack's output rows would not read its images' input rows (stride 2,
  # odd height: api.c tiling_flat then drops the table, so only the golden list sees it)
  "flat-last-stack-cut|dispatch/api.c|s/      cut = px % h;/      cut = 0;/|tests/test_run_ex quick"
  "flat-any-height|dispatch/select.c|s/g->ih != g->oh \* g->sh/0/|tests/test_select $root/tests/golden/select_$(uname -m).txt"
  "wino-chunk-weights|dispatch/api.c|s/j.u = p->packed + (grp \* p->ranges + r) \* p->wino_chunk_floats;/j.u = p->packed;/|tests/test_winograd quick"
  "dot-last-block-channels|kernels/conv_template.h|s/  else if (j->nc == 3) SC_DOT_TILES_NR(3);/  else if (j->nc == 3) SC_DOT_TILES_NR(2);/|tests/test_kernels quick"
  "conv-last-block-vectors|kernels/conv_template.h|s/SC_CONV_TILES_NV(SC_CONV_NV - 1);/SC_CONV_TILES_NV(SC_CONV_NV - 1 - (SC_CONV_NV > 2));/|tests/test_kernels quick"
  "wino-chunk-bias|dispatch/api.c|s/j.bias = p->wino_bias + (grp \* p->ranges + r) \* nc;/j.bias = p->wino_bias;/|tests/test_winograd quick"
  # a pool run that skips its last unit (test_parallel forces the pool on every case, however
  # small); the threshold under which runs stay on the calling thread changed without the golden list
  "pool-drops-last-unit|dispatch/parallel.c|s/run_unit, \&c, sc_plan_units(p, c.ck), 0);/run_unit, \&c, sc_plan_units(p, c.ck) - 1, 0);/|tests/test_parallel"
  "pool-min-threshold|dispatch/select.c|s/#define SC_POOL_MIN_NS 4000.0/#define SC_POOL_MIN_NS 2000.0/|tests/test_select $root/tests/golden/select_$(uname -m).txt"
  # a convolution tile's last block counted as NV vectors (the Zen 4 narrow-tile rule then misses
  # Cout 40) without the golden list
  "computed-lanes-nv|dispatch/select.c|s/rem <= r->nr - r->lanes ? r->nr - r->lanes : r->nr/r->nr/|tests/test_select $root/tests/golden/select_$(uname -m).txt"
  # a whole-row window run that steps by its length so far (stops short of the row's end: a
  # 1-pixel tile a row, 2 tiles a row on 7x7 maps)
  "window-run-step|kernels/tiles.c|s/e < g->ow; e = o + r.len/e < g->ow; e += r.len/|tests/test_kernels quick"
  # dilated depthwise windows cut as consecutive pixels instead of one residue class of the row's
  # columns (their epilogue steps win_step pixels: outputs land d apart)
  "dw-dilated-residue-step|kernels/tiles.c|s/      const size_t step = win \&\& g->dw > 1 ? g->dw : 1;/      const size_t step = 1;/|tests/test_run_ex quick"
)

# one-vector GEMM and convolution tiles whose permuted rows all take lane 0 (sc_perm_chunk;
# AVX-512 rows only, so only where the host runs them)
if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  mutants+=("perm-lane|kernels/conv_template.h|s/SC_FMA(SC_LANE_PERM(xv\[p\], idx), wv/SC_FMA(SC_LANE_PERM(xv[p], SC_LANE_IDX_FIRST()), wv/|tests/test_kernels quick")
fi

# AVX-512's 8-lane rows taken on ties with the 16-lane choice, or on classes without
# half_width_peak (x86-64 builds: the golden list's simulated CPUs, whatever the host runs)
if [[ $(uname -m) == x86_64 ]]; then
  mutants+=("select-narrow-ties|dispatch/select.c|s/padded_lanes(alt, cout_g) < padded_lanes(pick, cout_g)/padded_lanes(alt, cout_g) <= padded_lanes(pick, cout_g)/|tests/test_select $root/tests/golden/select_x86_64.txt")
  mutants+=("select-narrow-any-class|dispatch/select.c|s/ !t->half_width_peak / 0 /|tests/test_select $root/tests/golden/select_x86_64.txt")
  mutants+=("select-narrow-small-map|dispatch/select.c|s/ g->oh \* g->ow < alt->mr) return pick;/ 0) return pick;/|tests/test_select $root/tests/golden/select_x86_64.txt")
  mutants+=("select-short-gemm-one-pass|dispatch/select.c|s/cout_g > pick->nr \&\& cout_g % pick->nr/cout_g % pick->nr/|tests/test_select $root/tests/golden/select_x86_64.txt")
  mutants+=("select-odd-vectors-three|dispatch/select.c|s/v >= 5 \&\& cin_g/v >= 3 \&\& cin_g/|tests/test_select $root/tests/golden/select_x86_64.txt")
  mutants+=("select-aliased-tiles-off|dispatch/select.c|s/return h < row->mr ? h : row->mr;/return row->mr;/|tests/test_select $root/tests/golden/select_x86_64.txt")
  # the one-pass fewest-accumulators GEMM step off, down to 4 accumulator chains, or on 7x7 maps
  mutants+=("select-one-pass-off|dispatch/select.c|s/  if (cout_g <= best->nr \&\& g->oh \* g->ow >= SC_GEMM_ONE_PASS_PIXELS) return/  if (0) return/|tests/test_select $root/tests/golden/select_x86_64.txt")
  mutants+=("select-one-pass-chains|dispatch/select.c|s/half_width_peak ? 8 : 12;/half_width_peak ? 4 : 8;/|tests/test_select $root/tests/golden/select_x86_64.txt")
  # first layers: the slide row off
  mutants+=("select-slide-off|dispatch/select.c|s/!sc_slide_shape(g->kw \* g->cin, g->sw \* g->cin))/1)/|tests/test_select $root/tests/golden/select_x86_64.txt")
  mutants+=("select-dot-any-cout|dispatch/select.c|s/ > (gemm != NULL ? 1 : 3) \* dot->nr)) dot = NULL;/ > 1000)) dot = NULL;/|tests/test_select $root/tests/golden/select_x86_64.txt")
  mutants+=("select-one-pass-80-off|dispatch/select.c|s/if (whole != NULL \&\& whole->mr/if (0 \&\& whole->mr/|tests/test_select $root/tests/golden/select_x86_64.txt")
  mutants+=("select-one-pass-small-map|dispatch/select.c|s/#define SC_GEMM_ONE_PASS_PIXELS 64/#define SC_GEMM_ONE_PASS_PIXELS 1/|tests/test_select $root/tests/golden/select_x86_64.txt")
fi

# Mutants of the library's own files first, then those of the kernel templates (kernels/): a template
# edit recompiles the kernel files (those whose preprocessed text it changes, with ccache), and so
# does the restore after it, once, for the next test target (from the cache, with ccache);
# grouped, the kernels recompile once per template mutant and once after the last one (the stage
# took 380 s with them interleaved on a 2-core Zen 5, the suites' full modes included).
ordered=()
for row in "${mutants[@]}"; do [[ $row == *"|kernels/"* ]] || ordered+=("$row"); done
for row in "${mutants[@]}"; do [[ $row == *"|kernels/"* ]] && ordered+=("$row"); done
mutants=("${ordered[@]}")

# Two shards, each with its own scratch copy and build, run at once: a mutant's rebuild keeps both
# cores busy only while it compiles, and its test program runs on one, so one shard's tests
# overlap the other's builds. AMD Zen 4 (family 25 model 17), 45 mutants, one shard / two, back to
# back: 561 s wall (814 s CPU) / 395 s (777 s); the CI stage before them, one shard, 528 s (767 s
# CPU). Two shards build twice as much at the start, and once more at the end. Rows with the same
# edit stay in one shard (they share its build). Each edit is applied to the pristine file, the
# test target rebuilt incrementally (only what includes the edited file recompiles), and the file
# restored afterwards. A shard's lines are printed when it ends.
shards=${MUTANT_SHARDS:-2}
work=$(mktemp -d "${MUTANT_DIR:-/tmp}/simdconv-mutant.XXXXXX")
trap 'rm -rf "$work"' EXIT

# ccache (installed here when missing and we are root; without it the builds go on uncached): a
# template edit changes the preprocessed text of only the kernel files that instantiate the edited
# part (a GEMM edit leaves avx512_dw.c's alone, a depthwise edit avx512.c's), and the restore
# after it changes none, so those compile from the cache (preprocessor-mode hits) instead of
# again. Per run, one cache shared by the shards (CCACHE_BASEDIR: their paths are relative).
# AMD Zen 4 (family 25 model 17), 45 mutants, two shards: 293 s wall, 540 s CPU (ccache: 112
# misses, 25 preprocessed-mode and 41 direct hits); right after, the same tree with
# MUTANT_CCACHE=0: 399 s wall, 761 s CPU.
use_ccache=${MUTANT_CCACHE:-1} # MUTANT_CCACHE=0: without it
if [ "$use_ccache" = 1 ] && ! command -v ccache >/dev/null && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q ccache >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ccache >/dev/null 2>&1; } || true
fi
launcher=()
if [ "$use_ccache" = 1 ] && command -v ccache >/dev/null; then
  export CCACHE_DIR=$work/ccache CCACHE_BASEDIR=$work CCACHE_NOCOMPRESS=1 CCACHE_MAXSIZE=4G
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache)
else
  echo "mutants: no ccache: every template mutant recompiles every kernel file"
fi

# run_shard K: the rows of edit groups K, K + shards, ... in scratch copy $work/K; status 1 when a
# mutant survived or the restored tree fails
run_shard() {
  local k=$1 dir=$work/$1 prev="" group=-1 key="" rc=0 row name file expr cmd t0 target trc
  mkdir -p "$dir"
  (cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$dir")
  # -O0: the mutants need the tests to fail, not speed. Each template mutant recompiles every
  # kernel file: 16 s at -O0 on 2 cores (Zen 5, session 33; 33 s at -Og), and this script once
  # took 130 s at -O0 against 337 s at -O1. The template mutants take 14-25 s each, almost all
  # of it that rebuild (stopping their tests at the first failure saved nothing measurable).
  cmake -S "$dir" -B "$dir/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE=-O0 -DSIMDCONV_BUILD_EXAMPLES=OFF \
    "${launcher[@]}" >/dev/null
  # (restored with a new mtime, so that what the edit touched recompiles for the next mutant)
  restore() { [[ -n $prev ]] && cp "$dir/${prev%%|*}.orig" "$dir/${prev%%|*}"; prev=""; }
  for row in "${mutants[@]}"; do
    IFS='|' read -r name file expr cmd <<<"$row"
    [[ "$file|$expr" == "$key" ]] || group=$((group + 1))
    key="$file|$expr"
    ((group % shards == k)) || continue
    if [[ "$file|$expr" != "$prev" ]]; then # a new edit on a pristine tree
      restore
      [[ -f $dir/$file.orig ]] || cp -p "$dir/$file" "$dir/$file.orig"
      cp -p "$dir/$file.orig" "$dir/$file"
      sed -i "$expr" "$dir/$file"
      if cmp -s "$dir/$file" "$dir/$file.orig"; then
        echo "mutant $name: the edit did not apply to $file (update .ci/mutants.sh)"
        return 1
      fi
      prev="$file|$expr"
    fi
    t0=$SECONDS
    target=$(basename "${cmd%% *}")
    cmake --build "$dir/build" --target "$target" -j "$jobs_per_shard" >/dev/null
    set +e
    (cd "$dir/build" && eval "$cmd") >"$dir/log" 2>&1
    trc=$?
    set -e
    if ((trc == 0)); then
      echo "mutant $name: SURVIVED ($cmd passed on it)"
      tail -3 "$dir/log"
      rc=1
    else
      echo "mutant $name: killed in $((SECONDS - t0)) s ($cmd exit $trc: $(grep -m1 -E 'failed|FAIL' "$dir/log" | cut -c1-120))"
    fi
  done
  restore
  # the restored tree passes again (no mutant was killed by an edit left behind)
  cmake --build "$dir/build" --target test_run_ex --target test_options -j "$jobs_per_shard" >/dev/null
  if ! (cd "$dir/build" && tests/test_run_ex quick && tests/test_options quick) >"$dir/log" 2>&1; then
    echo "mutants: shard $k's restored tree fails its tests:"; tail -5 "$dir/log"; return 1
  fi
  return $rc
}

jobs_per_shard=$(((jobs + shards - 1) / shards))
pids=()
for ((k = 0; k < shards; k++)); do
  (run_shard "$k") >"$work/shard$k.out" 2>&1 &
  pids+=($!)
done
rc=0
for ((k = 0; k < shards; k++)); do
  src=0
  wait "${pids[k]}" || src=$?
  cat "$work/shard$k.out"
  if ((src != 0)); then
    grep -q SURVIVED "$work/shard$k.out" || echo "mutants: shard $k stopped (exit $src)"
    rc=1
  fi
done
if ((${#launcher[@]})); then
  ccache --print-stats 2>/dev/null | awk '/^(direct_cache_hit|preprocessed_cache_hit|cache_miss)\t/ { s = s " " $1 " " $2 }
    END { print "mutants: ccache" s }' || true
fi
echo "$(( ${#mutants[@]} )) mutants in $shards shards, $( ((rc)) && echo 'some SURVIVED or a shard failed' || echo 'all killed')"
exit $rc
