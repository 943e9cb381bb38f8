// The C shim over Google Benchmark (see shim.h). The only C++ of the simdconv cases.
#include "shim.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <set>
#include <string>
#include <vector>

struct scb_report {
  benchmark::State *state;
  double runs, seconds;
};

namespace {

struct Entry {
  std::string name;
  scb_case c;
  bool set_up = false;  // setup ran (ctx valid, or err set)
  void *ctx = nullptr;
  std::string err;
};

std::vector<std::unique_ptr<Entry>> g_entries;
std::set<std::string> g_failed;

// Contexts live from a case's first call to the end of the program, so repetitions (also
// --benchmark_enable_random_interleaving) never redo a setup.
void ensure(Entry *e) {
  if (e->set_up) return;
  e->set_up = true;
  char err[1024] = "";
  void *ctx = nullptr;
  if (e->c.setup != nullptr && e->c.setup(e->c.arg, &ctx, err, sizeof err) != 0) {
    e->err = err[0] != '\0' ? err : "setup failed";
    return;
  }
  e->ctx = ctx;
}

void release_all() {
  for (auto &e : g_entries) {
    if (e->set_up && e->err.empty() && e->c.teardown != nullptr) e->c.teardown(e->ctx);
    e->set_up = false;
    e->ctx = nullptr;
  }
}

// CPU seconds of the whole process (all its threads): a case that is descheduled by other load
// does not lose time, and one that runs on more threads than the one it should cannot gain.
double process_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

void run_case(benchmark::State &st, Entry *e) {
  ensure(e);
  if (!e->err.empty()) {
    st.SkipWithError(e->err.c_str());
    g_failed.insert(e->name);
    return;
  }
  void *ctx = e->ctx;
  void (*run)(void *) = e->c.run;
  const double c0 = process_cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : st) run(ctx);
  const auto t1 = std::chrono::steady_clock::now();
  const double c1 = process_cpu_seconds();

  const double wall = std::chrono::duration<double>(t1 - t0).count();
  const double seconds = e->c.clock == SCB_CLOCK_WALL ? wall : c1 - c0;
  scb_report r{&st, static_cast<double>(st.iterations()), seconds};
  if (wall > 0) st.counters["cpu_util"] = (c1 - c0) / wall;
  if (r.seconds > 0 && e->c.flops > 0) {
    const double gflops = e->c.flops * r.runs / r.seconds * 1e-9;
    st.counters["GFLOP/s"] = gflops;
    const double peak = e->c.peak_gflops != nullptr ? e->c.peak_gflops(e->c.arg) : 0.0;
    if (peak > 0) st.counters["pct_peak"] = 100.0 * gflops / peak;
  }
  if (e->c.report != nullptr) e->c.report(ctx, &r);
}

}  // namespace

extern "C" {

int scb_register(const scb_case *c) {
  if (c == nullptr || c->name == nullptr || c->run == nullptr) return -1;
  if (c->clock != SCB_CLOCK_CPU && c->clock != SCB_CLOCK_WALL) return -1;
  std::unique_ptr<Entry> e(new Entry);
  e->name = c->name;
  e->c = *c;
  e->c.name = e->name.c_str();
  Entry *p = e.get();
  g_entries.push_back(std::move(e));
  benchmark::internal::Benchmark *b = benchmark::RegisterBenchmark(p->name.c_str(), run_case, p);
  b->Unit(benchmark::kMicrosecond);
  // Wall-clock cases: Google Benchmark sizes the iteration count and reports time on the wall
  // clock, and its cpu_time covers all the process's threads (not only the benchmark thread).
  if (p->c.clock == SCB_CLOCK_WALL) b->UseRealTime()->MeasureProcessCPUTime();
  return 0;
}

void scb_counter(scb_report *r, const char *name, double value, int flags) {
  if (r == nullptr || name == nullptr) return;
  if (flags & SCB_RATE) value = r->seconds > 0 ? value / r->seconds : 0.0;
  r->state->counters[name] = value;
}

void scb_label(scb_report *r, const char *label) {
  if (r != nullptr && label != nullptr) r->state->SetLabel(label);
}

double scb_report_runs(const scb_report *r) { return r != nullptr ? r->runs : 0.0; }
double scb_report_seconds(const scb_report *r) { return r != nullptr ? r->seconds : 0.0; }

void scb_context(const char *key, const char *value) {
  if (key != nullptr && value != nullptr) benchmark::AddCustomContext(key, value);
}

int scb_main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const size_t n = benchmark::RunSpecifiedBenchmarks();
  release_all();
  benchmark::Shutdown();
  if (n == 0) {
    std::fprintf(stderr, "simdconv_bench: no case matched the filter\n");
    return 1;
  }
  if (!g_failed.empty()) {
    std::fprintf(stderr, "simdconv_bench: %zu case(s) failed:\n", g_failed.size());
    for (const auto &name : g_failed) std::fprintf(stderr, "  %s\n", name.c_str());
    return 1;
  }
  return 0;
}

}  // extern "C"
