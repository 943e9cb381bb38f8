/* The list of peers compiled in (see peers.h). */
#include "peers.h"

#include <stdio.h>

const peer_impl *const *peers_init(size_t *n) {
  static const peer_impl *list[3];
  static size_t count;
  static int done;
  if (!done) {
    done = 1;
#if defined(SCB_HAVE_ONEDNN)
    if (peer_onednn_init() == 0) list[count++] = &peer_onednn;
    else fprintf(stderr, "simdconv_bench: oneDNN init failed, skipping it\n");
#endif
#if defined(SCB_HAVE_XNNPACK)
    if (peer_xnnpack_init() == 0) list[count++] = &peer_xnnpack;
    else fprintf(stderr, "simdconv_bench: XNNPACK init failed, skipping it\n");
#endif
#if defined(SCB_HAVE_OPENBLAS)
    if (peer_openblas_init() == 0) list[count++] = &peer_openblas;
    else fprintf(stderr, "simdconv_bench: OpenBLAS init failed, skipping it\n");
#endif
  }
  *n = count;
  return list;
}
