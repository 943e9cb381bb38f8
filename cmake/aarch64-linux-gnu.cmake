# CMake toolchain file: cross-build simdconv for AArch64 Linux with Debian's gcc-aarch64-linux-gnu,
# and run the tests (ctest) under qemu-user.
#
#   cmake -S . -B build-aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
#   cmake --build build-aarch64 -j2 && ctest --test-dir build-aarch64 --output-on-failure
#
# Needs (Debian 12): dpkg --add-architecture arm64; apt-get install gcc-aarch64-linux-gnu qemu-user
# libcpu-features-dev:arm64 (see .ci/cross-aarch64.sh). cpu_features comes from the arm64 multiarch
# package (/usr/lib/aarch64-linux-gnu/cmake/CpuFeatures), never from the host's x86-64 one.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(SIMDCONV_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${SIMDCONV_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${SIMDCONV_CROSS_TRIPLE}-g++) # only the benchmarks (C++) use it
set(CMAKE_LIBRARY_ARCHITECTURE ${SIMDCONV_CROSS_TRIPLE})

# Debian multiarch: the arm64 libraries and CMake packages live in /usr/lib/aarch64-linux-gnu,
# the cross toolchain's own sysroot in /usr/aarch64-linux-gnu. Search both, never the build host's
# programs' directories for libraries/packages; x86-64 paths are ignored outright.
set(CMAKE_FIND_ROOT_PATH /usr/${SIMDCONV_CROSS_TRIPLE} /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_IGNORE_PREFIX_PATH /usr/lib/x86_64-linux-gnu /usr/x86_64-linux-gnu)
set(CMAKE_IGNORE_PATH /usr/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu/cmake
    /usr/lib/x86_64-linux-gnu/cmake/CpuFeatures)

# pkg-config (if anything uses it) must read the arm64 .pc files only.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${SIMDCONV_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig)

# ctest (and add_test COMMANDs naming a target) run the aarch64 binaries through qemu-user;
# -L points the emulated dynamic loader at the cross sysroot.
# qemu's -L root for the target's loader and libraries. If Debian's multiarch arm64 runtime is
# installed (libc6:arm64, pulled in by e.g. libbenchmark-dev:arm64), use it: the cross sysroot's
# loader would otherwise pick up the multiarch libc from /lib/aarch64-linux-gnu and a mixed
# loader/libc pair hangs every program that starts a thread.
if(EXISTS /lib/ld-linux-aarch64.so.1 AND EXISTS /usr/lib/${SIMDCONV_CROSS_TRIPLE}/libc.so.6)
  set(SIMDCONV_QEMU_ROOT /)
else()
  set(SIMDCONV_QEMU_ROOT /usr/${SIMDCONV_CROSS_TRIPLE})
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;${SIMDCONV_QEMU_ROOT})
