/* Peak FP32 throughput per ISA, measured in the same binary run as the conv cases.
 *
 * peak/<isa> is registered for every ISA the CPU runs: simdconv_isa_available(isa), or, for an
 * ISA whose simdconv kernel is not compiled in (yet), the same cpu_features bits the library's
 * dispatch checks (they include the OS saving the wider register state). Each case records
 * the best GFLOP/s it saw; the conv cases divide by it for their pct_peak counter.
 *
 * Also the run's CPU header (bench_cpu_*): vendor, model, family/model/stepping (AArch64: MIDR
 * fields), microarchitecture and caches as cpu_features reports them (caches: sysfs where it
 * reports none), and the simdconv ISAs and the CPU features its dispatch checks. */
#define _POSIX_C_SOURCE 200809L /* getline */
#include "peak.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "shim.h"

#if defined(__x86_64__) || defined(_M_X64)
#  include "cpuinfo_x86.h"
#  define PEAK_X86 1
#elif defined(__aarch64__)
#  include "cpuinfo_aarch64.h"
#  define PEAK_AARCH64 1
#endif
#include "isa_rules.h" /* dispatch/: the library's CPU-feature rule per ISA */

#define PEAK_TRIPS (1 << 20) /* loop trips per run: 2-5 ms on a 3-4 GHz core */

static const peak_kernel *const g_kernels[] = {
    &peak_kernel_scalar,
#if defined(PEAK_X86)
    &peak_kernel_sse, &peak_kernel_avx2, &peak_kernel_avx512,
#elif defined(PEAK_AARCH64)
    &peak_kernel_neon,
#endif
};
#define NKERNELS (sizeof g_kernels / sizeof g_kernels[0])

static double g_peak[NKERNELS];      /* best GFLOP/s seen, 0 = not measured */
static volatile float g_sink;        /* keeps the kernels' results alive */
static volatile float g_a = 0.999f;  /* acc -> acc * a + b converges to b / (1 - a) = 1: */
static volatile float g_b = 0.001f;  /* normal-range values throughout, never denormal */

/* The CPU runs the ISA (the library's own rule, dispatch/isa_rules.h), whether or not the
 * library was built with its kernels. */
static int cpu_runs(simdconv_isa isa) {
  const sc_cpu_caps caps = sc_read_cpu_caps();
  return simdconv_isa_available(isa) || sc_isa_runs(isa, &caps);
}


static int index_of(simdconv_isa isa) {
  for (size_t i = 0; i < NKERNELS; i++)
    if (g_kernels[i]->isa == isa) return (int)i;
  return -1;
}

/* ---- the peak/<isa> cases ---- */

static int peak_setup(const void *arg, void **ctx, char *err, size_t errlen) {
  (void)err;
  (void)errlen;
  *ctx = (void *)arg;
  return 0;
}

static void peak_run(void *ctx) {
  const peak_kernel *k = (const peak_kernel *)ctx;
  g_sink = k->fn(PEAK_TRIPS, g_a, g_b);
}

static void peak_report(void *ctx, scb_report *r) {
  const peak_kernel *k = (const peak_kernel *)ctx;
  double s = scb_report_seconds(r);
  if (s < 1e-3) return; /* too short to trust */
  double g = k->flops_per_trip * PEAK_TRIPS * scb_report_runs(r) / s * 1e-9;
  int i = index_of(k->isa);
  if (i >= 0 && g > g_peak[i]) g_peak[i] = g;
}

void peak_register(void) {
  static char names[NKERNELS][32];
  for (size_t i = 0; i < NKERNELS; i++) {
    if (!cpu_runs(g_kernels[i]->isa)) continue;
    scb_case c = {0};
    snprintf(names[i], sizeof names[i], "peak/%s", simdconv_isa_name(g_kernels[i]->isa));
    c.name = names[i];
    c.setup = peak_setup;
    c.run = peak_run;
    c.report = peak_report;
    c.flops = g_kernels[i]->flops_per_trip * PEAK_TRIPS;
    c.arg = g_kernels[i];
    scb_register(&c);
  }
}

/* ---- lookups for the conv cases ---- */

/* GFLOP/s of k run for about `seconds`. */
static double slice(const peak_kernel *k, double seconds) {
  double t0 = bench_mono_s(), t;
  long runs = 0;
  do {
    g_sink = k->fn(PEAK_TRIPS, g_a, g_b);
    runs++;
  } while ((t = bench_mono_s() - t0) < seconds);
  return k->flops_per_trip * PEAK_TRIPS * (double)runs / t * 1e-9;
}

/* When peak/<isa> did not run: best of 5 samples of ~20 ms each. */
static double measure_now(const peak_kernel *k) {
  double best = 0;
  g_sink = k->fn(PEAK_TRIPS, g_a, g_b); /* warm up (clock, frequency) */
  for (int s = 0; s < 5; s++) {
    double g = slice(k, 0.02);
    if (g > best) best = g;
  }
  return best;
}

double peak_slice_gflops(simdconv_isa isa, double seconds) {
  int i = index_of(isa);
  return i < 0 || !cpu_runs(isa) ? 0 : slice(g_kernels[i], seconds);
}

double peak_gflops(simdconv_isa isa) {
  int i = index_of(isa);
  if (i < 0 || !cpu_runs(isa)) return 0;
  if (g_peak[i] <= 0) g_peak[i] = measure_now(g_kernels[i]);
  return g_peak[i];
}

double peak_best_gflops(void) {
  double best = 0;
  for (size_t i = 0; i < NKERNELS; i++) {
    double g = peak_gflops(g_kernels[i]->isa);
    if (g > best) best = g;
  }
  return best;
}

/* ---- the CPU the run is on ---- */

#if defined(PEAK_X86)
/* L1d, L1i, L2, L3 in bytes from cpu_features' cache info (x86 only in cpu_features 0.7). */
static void caches_cpu_features(size_t sz[4]) {
  const CacheInfo ci = GetX86CacheInfo();
  for (int i = 0; i < ci.size && i < CPU_FEATURES_MAX_CACHE_LEVEL; i++) {
    const CacheLevelInfo *c = &ci.levels[i];
    if (c->cache_size <= 0) continue;
    int k = -1;
    if (c->level == 1 && c->cache_type == CPU_FEATURE_CACHE_DATA) k = 0;
    else if (c->level == 1 && c->cache_type == CPU_FEATURE_CACHE_INSTRUCTION) k = 1;
    else if (c->level == 2 && (c->cache_type == CPU_FEATURE_CACHE_UNIFIED || c->cache_type == CPU_FEATURE_CACHE_DATA)) k = 2;
    else if (c->level == 3 && (c->cache_type == CPU_FEATURE_CACHE_UNIFIED || c->cache_type == CPU_FEATURE_CACHE_DATA)) k = 3;
    if (k >= 0 && sz[k] == 0) sz[k] = (size_t)c->cache_size;
  }
}
#endif

/* The same from Linux's /sys/devices/system/cpu/cpu0/cache/index<i>/{level,type,size}. */
static void caches_sysfs(size_t sz[4]) {
  for (int i = 0; i < 16; i++) {
    char path[96], type[32] = "", size[32] = "";
    int level = 0;
    FILE *f;
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
    if ((f = fopen(path, "r")) == NULL) break;
    if (fscanf(f, "%d", &level) != 1) level = 0;
    fclose(f);
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
    if ((f = fopen(path, "r")) != NULL) {
      if (fscanf(f, "%31s", type) != 1) type[0] = '\0';
      fclose(f);
    }
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
    if ((f = fopen(path, "r")) != NULL) {
      if (fscanf(f, "%31s", size) != 1) size[0] = '\0';
      fclose(f);
    }
    char *end = NULL;
    size_t v = (size_t)strtoull(size, &end, 10);
    if (end != NULL && (*end == 'K' || *end == 'k')) v <<= 10;
    else if (end != NULL && *end == 'M') v <<= 20;
    else if (end != NULL && *end == 'G') v <<= 30;
    int k = -1;
    if (level == 1 && strcmp(type, "Data") == 0) k = 0;
    else if (level == 1 && strcmp(type, "Instruction") == 0) k = 1;
    else if (level == 2 && strcmp(type, "Instruction") != 0) k = 2;
    else if (level == 3 && strcmp(type, "Instruction") != 0) k = 3;
    if (k >= 0 && sz[k] == 0) sz[k] = v;
  }
}

static void size_text(size_t b, char *buf, size_t len) {
  if (b >= (1u << 20) && b % (1u << 20) == 0) snprintf(buf, len, "%zu MiB", b >> 20);
  else if (b >= 1024) snprintf(buf, len, "%zu KiB", b >> 10);
  else snprintf(buf, len, "%zu B", b);
}

#if defined(PEAK_AARCH64)
static const char *arm_implementer(int id) {
  switch (id) {
    case 0x41: return "ARM";
    case 0x42: return "Broadcom";
    case 0x43: return "Cavium";
    case 0x46: return "Fujitsu";
    case 0x48: return "HiSilicon";
    case 0x4e: return "NVIDIA";
    case 0x50: return "APM";
    case 0x51: return "Qualcomm";
    case 0x61: return "Apple";
    case 0xc0: return "Ampere";
    default: return "unknown";
  }
}
/* Arm Ltd. cores (implementer 0x41) by part number; others: "". */
static const char *arm_part(int implementer, int part) {
  if (implementer != 0x41) return "";
  switch (part) {
    case 0xd03: return "Cortex-A53";
    case 0xd04: return "Cortex-A35";
    case 0xd05: return "Cortex-A55";
    case 0xd07: return "Cortex-A57";
    case 0xd08: return "Cortex-A72";
    case 0xd09: return "Cortex-A73";
    case 0xd0a: return "Cortex-A75";
    case 0xd0b: return "Cortex-A76";
    case 0xd0c: return "Neoverse-N1";
    case 0xd0d: return "Cortex-A77";
    case 0xd40: return "Neoverse-V1";
    case 0xd41: return "Cortex-A78";
    case 0xd44: return "Cortex-X1";
    case 0xd46: return "Cortex-A510";
    case 0xd47: return "Cortex-A710";
    case 0xd48: return "Cortex-X2";
    case 0xd49: return "Neoverse-N2";
    case 0xd4f: return "Neoverse-V2";
    default: return "";
  }
}
#endif

static void feature(char *buf, size_t len, const char *name, int has, simdconv_isa isa) {
  size_t n = strlen(buf);
  const char *note = !has ? "" : simdconv_isa_available(isa) ? "" : ", kernel not compiled in";
  snprintf(buf + n, len - n, "%s%s %s (%s%s)", n ? ", " : "", name, has ? "yes" : "no", simdconv_isa_name(isa), note);
}

void bench_cpu_get(bench_cpu *c) {
  memset(c, 0, sizeof *c);
  size_t sz[4] = {0, 0, 0, 0};
  const char *src = "cpu_features";
#if defined(PEAK_X86)
  const X86Info info = GetX86Info();
  snprintf(c->vendor, sizeof c->vendor, "%s", info.vendor);
  snprintf(c->model, sizeof c->model, "%s", info.brand_string);
  /* the brand string is padded with spaces on some CPUs */
  for (size_t n = strlen(c->model); n > 0 && c->model[n - 1] == ' '; n--) c->model[n - 1] = '\0';
  snprintf(c->ident, sizeof c->ident, "family %d (0x%x), model %d (0x%02x), stepping %d", info.family, info.family,
           info.model, info.model, info.stepping);
  snprintf(c->uarch, sizeof c->uarch, "%s", GetX86MicroarchitectureName(GetX86Microarchitecture(&info)));
  const X86Features f = info.features;
  feature(c->features, sizeof c->features, "sse4_1", f.sse2 && f.sse3 && f.ssse3 && f.sse4_1, SIMDCONV_ISA_SSE);
  feature(c->features, sizeof c->features, "avx2+fma", f.avx && f.avx2 && f.fma3, SIMDCONV_ISA_AVX2);
  feature(c->features, sizeof c->features, "avx512f", f.avx512f, SIMDCONV_ISA_AVX512);
  caches_cpu_features(sz);
#elif defined(PEAK_AARCH64)
  const Aarch64Info info = GetAarch64Info();
  if (info.implementer == 0 && info.part == 0) /* qemu-user, or a kernel that does not expose MIDR */
    snprintf(c->vendor, sizeof c->vendor, "unknown (MIDR reads 0: emulated?)");
  else
    snprintf(c->vendor, sizeof c->vendor, "%s (0x%02x)", arm_implementer(info.implementer), info.implementer);
  snprintf(c->ident, sizeof c->ident, "implementer 0x%02x, variant 0x%x, part 0x%03x, revision %d", info.implementer,
           info.variant, info.part, info.revision);
  snprintf(c->uarch, sizeof c->uarch, "%s", arm_part(info.implementer, info.part));
  feature(c->features, sizeof c->features, "asimd", info.features.asimd, SIMDCONV_ISA_NEON);
  FILE *fc = fopen("/proc/cpuinfo", "r");
  if (fc != NULL) {
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, fc) >= 0)
      if (strncmp(line, "model name", 10) == 0 && strchr(line, ':') != NULL) {
        char *v = strchr(line, ':') + 1;
        while (*v == ' ' || *v == '\t') v++;
        v[strcspn(v, "\n")] = '\0';
        snprintf(c->model, sizeof c->model, "%s", v);
        break;
      }
    free(line);
    fclose(fc);
  }
#else
  snprintf(c->features, sizeof c->features, "none (no SIMD kernels for this architecture)");
#endif
  if (sz[0] == 0 && sz[2] == 0) {
    caches_sysfs(sz);
    src = "sysfs";
  }
  static const char *const names[4] = {"L1d", "L1i", "L2", "L3"};
  for (int k = 0; k < 4; k++) {
    if (sz[k] == 0) continue;
    char t[32];
    size_text(sz[k], t, sizeof t);
    size_t n = strlen(c->caches);
    snprintf(c->caches + n, sizeof c->caches - n, "%s%s %s", n ? ", " : "", names[k], t);
  }
  if (c->caches[0]) {
    size_t n = strlen(c->caches);
    snprintf(c->caches + n, sizeof c->caches - n, " (%s)", src);
  }
  for (int i = SIMDCONV_ISA_SCALAR; i < SIMDCONV_ISA_COUNT; i++)
    if (simdconv_isa_available((simdconv_isa)i)) {
      size_t n = strlen(c->isas);
      snprintf(c->isas + n, sizeof c->isas - n, "%s%s", n ? ", " : "", simdconv_isa_name((simdconv_isa)i));
    }
  snprintf(c->best, sizeof c->best, "%s", simdconv_isa_name(simdconv_best_isa()));
}

void bench_cpu_print(const char *prefix) {
  bench_cpu c;
  bench_cpu_get(&c);
  printf("%sCPU: %s\n", prefix, c.model[0] ? c.model : "(no model name)");
  printf("%s  vendor %s, %s, microarchitecture %s (cpu_features)\n", prefix, c.vendor[0] ? c.vendor : "unknown",
         c.ident[0] ? c.ident : "no id", c.uarch[0] ? c.uarch : "unknown");
  printf("%s  caches: %s\n", prefix, c.caches[0] ? c.caches : "unknown");
  printf("%s  simdconv %s: ISAs %s (AUTO: %s); CPU features it uses: %s\n", prefix, simdconv_version(), c.isas,
         c.best, c.features);
}

void bench_cpu_context(void) {
  bench_cpu c;
  bench_cpu_get(&c);
  scb_context("cpu_vendor", c.vendor);
  scb_context("cpu_model", c.model);
  scb_context("cpu_id", c.ident);
  scb_context("cpu_uarch", c.uarch);
  scb_context("cpu_caches", c.caches);
  scb_context("simdconv_cpu_features", c.features);
}
