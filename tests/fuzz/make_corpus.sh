#!/bin/sh
# Regenerates the seed corpus tests/fuzz/corpus/ (one file per case; layout in fuzz_conv.c):
#   [0] flags  [1] H-1  [2] W-1  [3] Cin-1  [4] Cout-1  [5] kh  [6] kw  [7] strides/dilations
#   [8] groups  [9] pads  [10] batch-1 (+0x80: also on a thread pool, ISA index in bits 4-6)  [11] clamp min*4  [12] clamp max*4
#   [13..] data (int8/16)
set -eu
cd "$(dirname "$0")"
mkdir -p corpus
seed() { # seed NAME HEXBYTES...
  name=$1; shift
  out=""
  for b in "$@"; do out="$out\\$(printf '%03o' "0x$b")"; done
  printf "$out" >"corpus/$name"
}
D="10 f0 20 e0 30 d0 08 f8 18 e8 28 d8 01 ff 7f 80"  # some data bytes; the rest comes from the PRNG
#                               fl H  W  Ci Co kh kw sd g  pd bt mn mx
seed 01-keras-2x2-relu          04 02 02 02 00 02 02 00 00 00 00 00 00 $D
seed 02-same-3x3-8to16          01 07 06 07 0f 03 03 00 00 00 01 00 00 $D
seed 03-depthwise-stride2-relu  45 09 08 0b 00 03 03 0a 00 00 00 00 00 $D
seed 04-depthwise-mult3         41 05 06 04 02 03 03 00 00 00 00 00 00 $D
seed 05-1x1-12to40              00 09 09 0b 27 01 01 00 00 00 00 00 00 $D
seed 06-stride-dilation-same    01 09 09 03 08 03 02 ee 00 00 00 00 00 $D
seed 07-explicit-pads-clamp     0e 06 07 02 05 03 04 00 00 e7 00 f8 08 $D
seed 08-relu6-nobias-unaligned-g2 39 04 05 05 03 03 03 00 02 00 02 00 00 $D
seed 17-pool-same-3x3-batch3    05 05 05 05 1f 03 03 00 00 00 a2 00 00 $D
seed 18-pool-depthwise-explicit 46 08 09 0f 00 03 03 05 00 b4 b0 00 00 $D
# special values (data bytes 80 NaN, 7f +inf, 81 -inf) in input, weights and bias
S="80 10 7f e0 81 d0 08 f8 7f 81 28 d8 01 80 10 f0 81 7f 20 e0 30 d0 80 08"
seed 19-special-same-3x3-relu6  09 06 07 03 04 03 03 00 00 00 01 00 00 $S
seed 20-special-1x1-clamp       0c 05 06 07 21 01 01 00 00 00 00 f8 08 $S
seed 21-special-depthwise-relu  45 07 06 05 00 03 03 00 00 00 00 00 00 $S
# Winograd (3x3 stride 1, >= 4 channels per group): explicit pads (2, 1, 0, 3), groups 2, relu,
# batch 2 on a pool, special values; VALID clamp batch 3 with 12 -> 40 channels; SAME relu6, no bias
seed 22-winograd-explicit-g2-pool 06 08 09 07 0b 03 03 00 02 c6 91 00 00 $S
seed 23-winograd-valid-clamp-b3 0c 05 05 0b 13 03 03 00 00 00 02 f4 0c $D
seed 24-winograd-same-relu6-nobias 19 06 09 04 08 03 03 00 00 00 00 00 00 $S
seed 09-invalid-padding-enum    03 03 03 02 01 02 02 00 00 00 00 00 00
seed 10-invalid-kernel-0        00 03 03 02 01 00 02 00 00 00 00 00 00
seed 11-invalid-groups          00 03 03 04 03 01 01 00 02 00 00 00 00
seed 12-invalid-clamp-order     0c 03 03 02 01 02 02 00 00 00 00 10 f0
seed 13-invalid-valid-too-small 00 01 04 02 01 05 03 00 00 00 00 00 00
seed 14-wild-size-max           80 10 01 01 01 01 01 00 00 00 00 00 00
seed 15-wild-2pow31-valid       80 0b 01 01 01 01 01 00 00 00 00 00 00
seed 16-wild-overflow-product   80 0e 0e 0d 0d 01 01 00 00 00 00 00 00
echo "wrote $(ls corpus | wc -l) seeds to $(pwd)/corpus"
