# The SIMD kernel files of each architecture: simdconv_add_kernel(<ISA> <files> <rule> <flags...>),
# the rule being what a CPU needs to run the flags' instructions (the sc_cpu_caps bits of
# dispatch/isa_rules.h), the flags given to those files only (kernels/<isa>.c defines the ISA's
# rows table, kernel.h SC_ISA_KERNELS; the other files' rows are listed there, SC_ROW_EXTERN_REF).
if(SIMDCONV_ARCH STREQUAL "x86_64")
  simdconv_add_kernel(SSE kernels/sse.c "c->sse4_1" -msse4.1)
  simdconv_add_kernel(AVX2 kernels/avx2.c "c->avx && c->avx2_fma" -mavx2 -mfma)
  # With 32 vector registers gcc spills general-purpose registers into xmm16-31 (vmovq), and each
  # such move takes a vector-pipe slot from the FMAs: the AVX-512 object had ~1900 of them in its
  # tile loops (the AVX2 object none). Turning gcc's inter-unit moves off makes it spill to the
  # stack instead. Measured in one session (scratch harness, avx512, GFLOP/s, with -> without
  # the flag): mobilenet_pw_112 112.0 -> 113.4, mobilenet_dw_112 86.5 -> 92.0; 3x3 layers and
  # resnet_conv1 unchanged. A gcc tuning switch (clang has no such spills and no such flag).
  include(CheckCCompilerFlag)
  check_c_compiler_flag("-mtune-ctrl=^inter_unit_moves_to_vec,^inter_unit_moves_from_vec" SIMDCONV_CC_TUNE_CTRL)
  set(simdconv_avx512_tune "")
  if(SIMDCONV_CC_TUNE_CTRL)
    set(simdconv_avx512_tune "-mtune-ctrl=^inter_unit_moves_to_vec,^inter_unit_moves_from_vec")
  endif()
  # three files, one rows table (kernels/avx512.c): a parallel build compiles them at once, the
  # slowest first (gcc 12, Zen 5, -O3: avx512_dw.c 46 s, avx512.c 43 s, avx512_ymm.c 3 s; avx2.c 24 s,
  # sse.c 13 s; the sanitizer build of tests/run.sh took them to 147 / 123 / 10 / 90 / 21 s at -O1,
  # 26 / 30 / - / 20 / - s at -Og, which it now uses)
  simdconv_add_kernel(AVX512 "kernels/avx512_dw.c;kernels/avx512.c;kernels/avx512_ymm.c" "c->avx512f" -mavx512f -mfma ${simdconv_avx512_tune})
elseif(SIMDCONV_ARCH STREQUAL "aarch64")
  simdconv_add_kernel(NEON kernels/neon.c "c->asimd" -fno-schedule-insns)
endif()
