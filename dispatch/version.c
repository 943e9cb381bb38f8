/* simdconv_version(): the version string, built from the header's SIMDCONV_VERSION_* macros
 * (kept equal to project(VERSION) by a configure-time check in cmake/install.cmake and the
 * `version` test). */
#include <simdconv/simdconv.h>

#define SC_STR_(x) #x
#define SC_STR(x) SC_STR_(x)

const char *simdconv_version(void) {
  return SC_STR(SIMDCONV_VERSION_MAJOR) "." SC_STR(SIMDCONV_VERSION_MINOR) "." SC_STR(SIMDCONV_VERSION_PATCH);
}
