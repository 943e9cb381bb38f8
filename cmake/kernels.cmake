# The SIMD kernel files of each architecture and the flags of their ISA (only that file gets them).
if(SIMDCONV_ARCH STREQUAL "x86_64")
  simdconv_add_kernel(SSE kernels/sse.c -msse4.1)
  simdconv_add_kernel(AVX2 kernels/avx2.c -mavx2 -mfma)
  simdconv_add_kernel(AVX512 kernels/avx512.c -mavx512f -mfma)
elseif(SIMDCONV_ARCH STREQUAL "aarch64")
  simdconv_add_kernel(NEON kernels/neon.c -fno-schedule-insns)
endif()
