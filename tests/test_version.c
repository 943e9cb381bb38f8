/* `version` test: simdconv_version() (from the shared library) equals the header's
 * SIMDCONV_VERSION_* macros and project(VERSION) (SIMDCONV_EXPECTED_VERSION, from CMake). */
#include <stdio.h>
#include <string.h>

#include <simdconv/simdconv.h>

#ifndef SIMDCONV_EXPECTED_VERSION
#  error "SIMDCONV_EXPECTED_VERSION must be defined (tests/CMakeLists.txt passes PROJECT_VERSION)"
#endif

int main(void) {
  char macros[64];
  int failed = 0;
  snprintf(macros, sizeof macros, "%d.%d.%d", SIMDCONV_VERSION_MAJOR, SIMDCONV_VERSION_MINOR, SIMDCONV_VERSION_PATCH);
  const char *lib = simdconv_version();
  printf("simdconv_version() = %s, header macros = %s, project(VERSION) = %s\n", lib ? lib : "(null)", macros,
         SIMDCONV_EXPECTED_VERSION);
  if (lib == NULL || strcmp(lib, macros) != 0) { printf("FAIL library and header versions differ\n"); failed++; }
  if (strcmp(macros, SIMDCONV_EXPECTED_VERSION) != 0) { printf("FAIL header macros differ from project(VERSION)\n"); failed++; }
  printf("%d passed, %d failed\n", 2 - failed, failed);
  return failed ? 1 : 0;
}
