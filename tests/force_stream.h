/* Tests of the streamed-store path on small outputs: the library streams only outputs past the
 * last-level cache (select.c sc_classify stream_bytes: 32 MiB on Zen 4/5), too large to run
 * against the fp64 reference on every kernel, ISA and stride. tc_force_stream sets a plan's
 * streaming as sc_choose would with that threshold at `bytes` (its other conditions, the row's
 * and the channels', unchanged); run_ex then streams where the output allows, as it does past the
 * threshold. Needs dispatch/ (plan.h, select.h, cpu.h). */
#ifndef SIMDCONV_TESTS_FORCE_STREAM_H
#define SIMDCONV_TESTS_FORCE_STREAM_H

#include "cpu.h"
#include "plan.h"
#include "select.h"

static inline sc_tuning tc_stream_tuning(size_t bytes) {
  sc_tuning t = *sc_this_tuning();
  t.stream_bytes = bytes;
  return t;
}

static inline void tc_force_stream(simdconv_conv2d_plan *p, size_t bytes) {
  const sc_tuning t = tc_stream_tuning(bytes);
  const sc_choice c = sc_choose(&p->g, p->row, &t);
  p->stream = c.stream;
  p->stream_residual = c.stream_residual;
}

#endif
