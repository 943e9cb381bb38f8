// oneDNN peer: convolution_forward (direct), src/dst NHWC, weights format `any` (reordered
// once from HWIO / grouped HWIGO in create), bias, ReLU as a post-op, CPU engine.
//
// Threads: Debian's libdnnl (2.x) is built with the OpenMP runtime (DNNL_CPU_THREADING_RUNTIME
// == OMP, linked to libgomp), which has no dnnl_set_num_threads. OpenMP's thread count is
// process-global (the nthreads ICV of the benchmark thread, the same libgomp instance oneDNN
// uses), and oneDNN sizes its work split when the primitive is created and forks on the current
// count when it runs. So every case sets its own count, n (1 for conv/<layer>/onednn, n for
// conv/<layer>/onednn/threads:<n>), with omp_set_num_threads(n) right before creating its
// primitive (create fails unless omp_get_max_threads() == n then) and again before every run,
// whatever case ran before. init checks that the count can be set to 1. With the sequential
// runtime only the single-thread cases run; with TBB or the threadpool runtime the bench
// refuses to run oneDNN rather than time it on a thread count it does not control.
#include <dnnl.hpp>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
#include <omp.h>
#endif

#include "peers.h"
#include "shim.h"

namespace {

struct OnednnCtx {
  dnnl::engine eng;
  dnnl::stream strm;
  dnnl::convolution_forward conv;
  dnnl::memory src, wts, bias, dst;
  std::unordered_map<int, dnnl::memory> args;
  std::string label;
  double wbytes = 0;
  int nthr = 1;
};

// Sets the OpenMP thread count oneDNN runs on (no-op without the OpenMP runtime). 0 when
// OpenMP then reports n threads.
int set_threads(int n) {
#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
  omp_set_num_threads(n);
  return omp_get_max_threads() == n ? 0 : 1;
#else
  return n == 1 ? 0 : 1;
#endif
}

int create(const bench_layer *l, size_t threads, const float *x, const float *w, const float *b, float *y,
           void **out, char *err, size_t errlen) {
  using namespace dnnl;
  using tag = memory::format_tag;
  using dt = memory::data_type;
  const int nthr = threads == 0 ? 1 : (int)threads;
  if (set_threads(nthr) != 0) {
#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
    std::snprintf(err, errlen, "oneDNN: omp_set_num_threads(%d) left OpenMP at %d threads", nthr,
                  omp_get_max_threads());
#else
    std::snprintf(err, errlen, "oneDNN: this threading runtime runs on one thread only");
#endif
    return 1;
  }
  try {
    std::unique_ptr<OnednnCtx> c(new OnednnCtx);
    c->nthr = nthr;
    c->eng = engine(engine::kind::cpu, 0);
    c->strm = stream(c->eng);
    const bench_geom g = bench_layer_geom(l);
    const memory::dim G = (memory::dim)l->groups, IC = (memory::dim)l->cin, OC = (memory::dim)l->cout;
    const memory::dim KH = (memory::dim)l->kh, KW = (memory::dim)l->kw;
    const memory::dim N = (memory::dim)bench_layer_batch(l);
    memory::desc src_md({N, IC, (memory::dim)l->h, (memory::dim)l->w}, dt::f32, tag::nhwc);
    memory::desc dst_md({N, OC, (memory::dim)g.oh, (memory::dim)g.ow}, dt::f32, tag::nhwc);
    memory::dims wd = G == 1 ? memory::dims{OC, IC, KH, KW} : memory::dims{G, OC / G, IC / G, KH, KW};
    // HWIO with groups: [KH][KW][IC/G][G][OC/G] == hwigo.
    memory::desc w_user_md(wd, dt::f32, G == 1 ? tag::hwio : tag::hwigo);
    memory::desc w_any_md(wd, dt::f32, tag::any);
    memory::desc b_md({OC}, dt::f32, tag::x);
    const memory::dim sh = (memory::dim)l->sh, sw = (memory::dim)l->sw;
    const memory::dim dh = (memory::dim)l->dh - 1, dw = (memory::dim)l->dw - 1;  // oneDNN: 0 = dense
    convolution_forward::desc cd(prop_kind::forward_inference, algorithm::convolution_direct, src_md, w_any_md, b_md,
                                 dst_md, {sh, sw}, {dh, dw}, {(memory::dim)g.pad_top, (memory::dim)g.pad_left},
                                 {(memory::dim)g.pad_bottom, (memory::dim)g.pad_right});
    primitive_attr attr;
    if (l->activation == SIMDCONV_ACTIVATION_RELU) {
      post_ops po;
      po.append_eltwise(1.0f, algorithm::eltwise_relu, 0.0f, 0.0f);
      attr.set_post_ops(po);
    } else if (l->activation == SIMDCONV_ACTIVATION_RELU6) {
      post_ops po;
      po.append_eltwise(1.0f, algorithm::eltwise_clip, 0.0f, 6.0f);  // min(max(x, 0), 6)
      attr.set_post_ops(po);
    }
    convolution_forward::primitive_desc pd(cd, attr, c->eng);
    c->conv = convolution_forward(pd);
    c->src = memory(src_md, c->eng, const_cast<float *>(x));
    c->dst = memory(dst_md, c->eng, y);
    c->bias = memory(b_md, c->eng);
    std::memcpy(c->bias.get_data_handle(), b, sizeof(float) * (size_t)OC);
    memory w_user(w_user_md, c->eng, const_cast<float *>(w));
    c->wts = memory(pd.weights_desc(), c->eng);
    reorder(w_user, c->wts).execute(c->strm, w_user, c->wts);
    c->strm.wait();
    c->args = {{DNNL_ARG_SRC, c->src}, {DNNL_ARG_WEIGHTS, c->wts}, {DNNL_ARG_BIAS, c->bias}, {DNNL_ARG_DST, c->dst}};
    c->label = pd.impl_info_str();
    c->wbytes = (double)pd.weights_desc().get_size() + (double)b_md.get_size();
    *out = c.release();
    return 0;
  } catch (const dnnl::error &e) {
    std::snprintf(err, errlen, "oneDNN: %s (status %d)", e.what(), (int)e.status);
  } catch (const std::exception &e) {
    std::snprintf(err, errlen, "oneDNN: %s", e.what());
  }
  return 1;
}

void run(void *ctx) {
  OnednnCtx *c = static_cast<OnednnCtx *>(ctx);
#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
  omp_set_num_threads(c->nthr);  // process-global: another case may have changed it
#endif
  c->conv.execute(c->strm, c->args);
  c->strm.wait();
}

void destroy(void *ctx) { delete static_cast<OnednnCtx *>(ctx); }
const char *label(void *ctx) { return static_cast<OnednnCtx *>(ctx)->label.c_str(); }
double weight_bytes(void *ctx) { return static_cast<OnednnCtx *>(ctx)->wbytes; }

}  // namespace

extern "C" {

const peer_impl peer_onednn = {"onednn", create, run, destroy, label, weight_bytes,
#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
                                1
#else
                                0
#endif
};

int peer_onednn_init(void) {
  const dnnl_version_t *v = dnnl_version();
  char buf[128];
  std::snprintf(buf, sizeof buf, "%d.%d.%d (%s)", v->major, v->minor, v->patch, v->hash);
  scb_context("onednn_version", buf);
#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
  omp_set_num_threads(1);
  if (omp_get_max_threads() != 1) {
    std::fprintf(stderr, "simdconv_bench: oneDNN: OpenMP still uses %d threads\n", omp_get_max_threads());
    return 1;
  }
  scb_context("onednn_threads",
              "1 (OpenMP runtime, omp_set_num_threads(1)); threads:<n> cases: omp_set_num_threads(n) before "
              "primitive creation and every run");
  return 0;
#elif DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_SEQ
  scb_context("onednn_threads", "1 (sequential runtime)");
  return 0;
#else
  std::fprintf(stderr, "simdconv_bench: oneDNN: threading runtime %d cannot be limited to one thread here\n",
               (int)DNNL_CPU_THREADING_RUNTIME);
  return 1;
#endif
}

}  // extern "C"
