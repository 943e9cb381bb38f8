/* The benchmark layers: the built-in suite (bench/layers.md as a C table; keep the two in sync)
 * and the parser of the user's own layer specs (--layer), which fill the same struct. */
#define _POSIX_C_SOURCE 200809L /* getline, strdup */
#include "layers.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BL_VALID SIMDCONV_PADDING_VALID
#define BL_SAME SIMDCONV_PADDING_SAME
#define BL_NONE SIMDCONV_ACTIVATION_NONE
#define BL_RELU SIMDCONV_ACTIVATION_RELU

/* Batch 1, no explicit pads, count 1. */
#define BL(name, h, w, cin, cout, kh, kw, sh, sw, dh, dw, g, pad, act, real) \
  {name, h, w, cin, cout, kh, kw, sh, sw, dh, dw, g, pad, act, real, 1, 0, 0, 0, 0, 1}

/*  name                 H    W    Cin  Cout KH KW sh sw dh dw g   padding   act      real */
const bench_layer bench_builtin_layers[] = {
    BL("seed_rgb",           3,   3,   3,    1, 2, 2, 1, 1, 1, 1, 1, BL_VALID, BL_RELU, 0),
    BL("resnet_conv1",     224, 224,   3,   64, 7, 7, 2, 2, 1, 1, 1, BL_SAME,  BL_NONE, 1),
    BL("resnet_2_3x3",      56,  56,  64,   64, 3, 3, 1, 1, 1, 1, 1, BL_SAME,  BL_NONE, 1),
    BL("resnet_2_1x1",      56,  56,  64,  256, 1, 1, 1, 1, 1, 1, 1, BL_VALID, BL_NONE, 1),
    BL("resnet_3_3x3",      28,  28, 128,  128, 3, 3, 1, 1, 1, 1, 1, BL_SAME,  BL_NONE, 1),
    BL("resnet_4_3x3",      14,  14, 256,  256, 3, 3, 1, 1, 1, 1, 1, BL_SAME,  BL_NONE, 1),
    BL("resnet_5_3x3",       7,   7, 512,  512, 3, 3, 1, 1, 1, 1, 1, BL_SAME,  BL_NONE, 1),
    BL("resnet_4_1x1_s2",   28,  28, 512, 1024, 1, 1, 2, 2, 1, 1, 1, BL_VALID, BL_NONE, 1),
    BL("mobilenet_pw_112", 112, 112,  32,   64, 1, 1, 1, 1, 1, 1, 1, BL_VALID, BL_NONE, 1),
    BL("mobilenet_pw_14",   14,  14, 512,  512, 1, 1, 1, 1, 1, 1, 1, BL_VALID, BL_NONE, 1),
    BL("vgg_3_3x3",         56,  56, 256,  256, 3, 3, 1, 1, 1, 1, 1, BL_SAME,  BL_NONE, 1),
    BL("odd_tail",          17,  19,   5,    7, 3, 3, 2, 2, 2, 2, 1, BL_SAME,  BL_NONE, 0),
    BL("mobilenet_dw_112", 112, 112,  32,   32, 3, 3, 1, 1, 1, 1, 32, BL_SAME, BL_NONE, 0),
};
const size_t bench_builtin_nlayers = sizeof bench_builtin_layers / sizeof bench_builtin_layers[0];

/* The Winograd set's own layers (bench/layers.md, "Winograd set"): only simdconv_bench --winograd
 * appends them to the built-in suite (bench_layers_winograd), so the main suite's tables, geomean
 * and pairs never see them. real 0: the Winograd geomean is BENCH_WINOGRAD_GEOMEAN, not `real`. */
const bench_layer bench_winograd_layers[] = {
    BL("wino_128x128x32",  128, 128,  32,   32, 3, 3, 1, 1, 1, 1, 1, BL_SAME,  BL_NONE, 0),
};
const size_t bench_winograd_nlayers = sizeof bench_winograd_layers / sizeof bench_winograd_layers[0];

/* ---- the layers of this run ---- */

typedef struct layer_list {
  bench_layer *v;
  size_t n, cap;
} layer_list;
static layer_list g_users;
static bench_layer *g_wino;   /* bench_layers_winograd: the built-in suite + bench_winograd_layers */
static size_t g_wino_n;

const bench_layer *bench_layers(size_t *n) {
  if (g_users.n > 0) {
    *n = g_users.n;
    return g_users.v;
  }
  if (g_wino != NULL) {
    *n = g_wino_n;
    return g_wino;
  }
  *n = bench_builtin_nlayers;
  return bench_builtin_layers;
}

int bench_layers_winograd(void) {
  if (g_wino != NULL) return 0;
  const size_t n = bench_builtin_nlayers + bench_winograd_nlayers;
  g_wino = malloc(n * sizeof *g_wino);
  if (g_wino == NULL) return 1;
  memcpy(g_wino, bench_builtin_layers, bench_builtin_nlayers * sizeof *g_wino);
  memcpy(g_wino + bench_builtin_nlayers, bench_winograd_layers, bench_winograd_nlayers * sizeof *g_wino);
  g_wino_n = n;
  return 0;
}

int bench_layer_winograd_shape(const bench_layer *l) {
  const size_t g = l->groups ? l->groups : 1;
  return l->kh == 3 && l->kw == 3 && (l->sh ? l->sh : 1) == 1 && (l->sw ? l->sw : 1) == 1 &&
         (l->dh ? l->dh : 1) == 1 && (l->dw ? l->dw : 1) == 1 && l->cin / g >= 4 && l->cout / g >= 4;
}

int bench_layers_user(void) { return g_users.n > 0; }

/* ---- geometry ---- */

size_t bench_layer_batch(const bench_layer *l) { return l->batch ? l->batch : 1; }

simdconv_conv2d_desc bench_layer_desc(const bench_layer *l) {
  simdconv_conv2d_desc d = {0};
  d.input_height = l->h;
  d.input_width = l->w;
  d.input_channels = l->cin;
  d.output_channels = l->cout;
  d.kernel_height = l->kh;
  d.kernel_width = l->kw;
  d.stride_height = l->sh;
  d.stride_width = l->sw;
  d.dilation_height = l->dh;
  d.dilation_width = l->dw;
  d.groups = l->groups;
  d.padding = l->padding;
  d.pad_top = l->pad_top;
  d.pad_bottom = l->pad_bottom;
  d.pad_left = l->pad_left;
  d.pad_right = l->pad_right;
  d.activation = l->activation;
  return d;
}

/* One spatial dimension: input n, kernel k, stride s, dilation d; explicit pads plo, phi. */
static void geom_1d(size_t n, size_t k, size_t s, size_t d, simdconv_padding pad, size_t plo, size_t phi,
                    size_t *out, size_t *lo, size_t *hi) {
  size_t ke = (k - 1) * d + 1;
  if (pad == SIMDCONV_PADDING_SAME) {
    size_t o = (n + s - 1) / s;
    size_t need = (o - 1) * s + ke;
    size_t total = need > n ? need - n : 0;
    *out = o;
    *lo = total / 2;
    *hi = total - total / 2;
  } else {
    if (pad != SIMDCONV_PADDING_EXPLICIT) plo = phi = 0;
    size_t padded = n + plo + phi;
    *out = padded >= ke ? (padded - ke) / s + 1 : 0;
    *lo = plo;
    *hi = phi;
  }
}

bench_geom bench_layer_geom(const bench_layer *l) {
  bench_geom g;
  geom_1d(l->h, l->kh, l->sh, l->dh, l->padding, l->pad_top, l->pad_bottom, &g.oh, &g.pad_top, &g.pad_bottom);
  geom_1d(l->w, l->kw, l->sw, l->dw, l->padding, l->pad_left, l->pad_right, &g.ow, &g.pad_left, &g.pad_right);
  return g;
}

double bench_layer_macs(const bench_layer *l) {
  bench_geom g = bench_layer_geom(l);
  return (double)bench_layer_batch(l) * g.oh * g.ow * l->cout * l->kh * l->kw * (l->cin / l->groups);
}

/* ---- the user's layer specs ---- */

#define SPEC_MAX 1000000                 /* any one number */
#define SPEC_MAX_BYTES (1024.0 * 1024 * 1024) /* any one tensor (the bench keeps several copies) */
#define SPEC_NAME_MAX 48
#define SPEC_KEYS "h, w, cin, cout, k, s, d, g, pad, act, n, name, count"
#define SPEC_REQUIRED "h, w, cin, cout, k"

static int fail(char *err, size_t errlen, const char *field, const char *fmt, ...) {
  int n = snprintf(err, errlen, "field \"%s\": ", field);
  if (n >= 0 && (size_t)n < errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
  }
  return 2;
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = '\0';
  return s;
}

/* A decimal number 0..SPEC_MAX spanning [s, end); 0 when it is not one. */
static int number(const char *s, const char *end, size_t *out) {
  if (s == end) return 0;
  size_t v = 0;
  for (const char *p = s; p < end; p++) {
    if (*p < '0' || *p > '9') return 0;
    v = v * 10 + (size_t)(*p - '0');
    if (v > SPEC_MAX) return 0;
  }
  *out = v;
  return 1;
}

/* "A" (both) or "AxB"; each 1..SPEC_MAX. */
static int pair(const char *v, size_t *a, size_t *b) {
  const char *x = strchr(v, 'x');
  const char *end = v + strlen(v);
  if (x == NULL) {
    if (!number(v, end, a)) return 0;
    *b = *a;
  } else if (!number(v, x, a) || !number(x + 1, end, b)) {
    return 0;
  }
  return *a >= 1 && *b >= 1;
}

static int count(const char *field, const char *v, size_t *out, char *err, size_t errlen) {
  const size_t n = strlen(v);
  if (n == 0 || strspn(v, "0123456789") != n)
    return fail(err, errlen, field, "expected a positive integer, got \"%s\"", v);
  if (!number(v, v + n, out)) return fail(err, errlen, field, "%s is too large (at most %d)", v, SPEC_MAX);
  if (*out == 0) return fail(err, errlen, field, "must be at least 1, got 0");
  return 0;
}

static int padding(const char *v, bench_layer *l) {
  if (strcasecmp(v, "same") == 0) {
    l->padding = SIMDCONV_PADDING_SAME;
    return 1;
  }
  if (strcasecmp(v, "valid") == 0) {
    l->padding = SIMDCONV_PADDING_VALID;
    return 1;
  }
  size_t p[4];
  const char *s = v;
  int n = 0;
  for (;;) {
    const char *c = strchr(s, ':');
    const char *end = c != NULL ? c : s + strlen(s);
    if (n == 4 || !number(s, end, &p[n])) return 0;
    n++;
    if (c == NULL) break;
    s = c + 1;
  }
  if (n == 1) p[1] = p[2] = p[3] = p[0];
  else if (n != 4) return 0;
  l->padding = SIMDCONV_PADDING_EXPLICIT;
  l->pad_top = p[0];
  l->pad_bottom = p[1];
  l->pad_left = p[2];
  l->pad_right = p[3];
  return 1;
}

static const char *pad_text(const bench_layer *l, char *buf, size_t len, char sep) {
  if (l->padding == SIMDCONV_PADDING_SAME) return "same";
  if (l->padding == SIMDCONV_PADDING_VALID) return "valid";
  snprintf(buf, len, "%zu%c%zu%c%zu%c%zu", l->pad_top, sep, l->pad_bottom, sep, l->pad_left, sep, l->pad_right);
  return buf;
}

static const char *act_text(simdconv_activation a) {
  return a == SIMDCONV_ACTIVATION_RELU ? "relu" : a == SIMDCONV_ACTIVATION_RELU6 ? "relu6" : "none";
}

static int name_ok(const char *v) {
  size_t n = strlen(v);
  return n >= 1 && n <= SPEC_NAME_MAX &&
         strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+-") == n;
}

/* The keys; index = bit in the `seen` mask. Long forms are aliases. */
enum { K_H, K_W, K_CIN, K_COUT, K_K, K_S, K_D, K_G, K_PAD, K_ACT, K_N, K_NAME, K_MULT, K_COUNT };
static const struct { const char *key; int id; } k_keys[] = {
    {"h", K_H},        {"w", K_W},          {"cin", K_CIN},     {"cout", K_COUT},     {"k", K_K},
    {"s", K_S},        {"stride", K_S},     {"d", K_D},         {"dilation", K_D},    {"g", K_G},
    {"groups", K_G},   {"pad", K_PAD},      {"padding", K_PAD}, {"act", K_ACT},       {"activation", K_ACT},
    {"n", K_N},        {"batch", K_N},      {"name", K_NAME},   {"count", K_MULT},
};

static int parse_field(const char *key, const char *v, int id, bench_layer *l, char **name, char *err,
                       size_t errlen) {
  switch (id) {
    case K_H: return count(key, v, &l->h, err, errlen);
    case K_W: return count(key, v, &l->w, err, errlen);
    case K_CIN: return count(key, v, &l->cin, err, errlen);
    case K_COUT: return count(key, v, &l->cout, err, errlen);
    case K_G: return count(key, v, &l->groups, err, errlen);
    case K_N: return count(key, v, &l->batch, err, errlen);
    case K_MULT: return count(key, v, &l->count, err, errlen);
    case K_K:
      return pair(v, &l->kh, &l->kw) ? 0
                                     : fail(err, errlen, key, "expected KHxKW or K, e.g. 3x3 or 3 (each 1..%d), got \"%s\"",
                                            SPEC_MAX, v);
    case K_S:
      return pair(v, &l->sh, &l->sw) ? 0
                                     : fail(err, errlen, key, "expected S or SHxSW, e.g. 2 or 2x1 (each 1..%d), got \"%s\"",
                                            SPEC_MAX, v);
    case K_D:
      return pair(v, &l->dh, &l->dw) ? 0
                                     : fail(err, errlen, key, "expected D or DHxDW, e.g. 2 or 2x1 (each 1..%d), got \"%s\"",
                                            SPEC_MAX, v);
    case K_PAD:
      return padding(v, l) ? 0
                           : fail(err, errlen, key,
                                  "expected same, valid, P or T:B:L:R (pixels), e.g. same or 1:1:1:1, got \"%s\"", v);
    case K_ACT:
      if (strcasecmp(v, "none") == 0 || strcasecmp(v, "linear") == 0) l->activation = SIMDCONV_ACTIVATION_NONE;
      else if (strcasecmp(v, "relu") == 0) l->activation = SIMDCONV_ACTIVATION_RELU;
      else if (strcasecmp(v, "relu6") == 0) l->activation = SIMDCONV_ACTIVATION_RELU6;
      else return fail(err, errlen, key, "expected none, relu or relu6, got \"%s\"", v);
      return 0;
    case K_NAME:
      if (!name_ok(v))
        return fail(err, errlen, key, "expected 1 to %d of A-Z a-z 0-9 _ . + -, got \"%s\"", SPEC_NAME_MAX, v);
      free(*name);
      *name = strdup(v);
      return *name != NULL ? 0 : fail(err, errlen, key, "out of memory");
    default: return fail(err, errlen, key, "unknown");
  }
}

/* The checks across fields, once every field parsed. */
static int check_layer(const bench_layer *l, char *err, size_t errlen) {
  if (l->cin % l->groups != 0)
    return fail(err, errlen, "g", "groups=%zu does not divide cin=%zu", l->groups, l->cin);
  if (l->cout % l->groups != 0)
    return fail(err, errlen, "g", "groups=%zu does not divide cout=%zu", l->groups, l->cout);
  if (l->padding != SIMDCONV_PADDING_SAME) {
    const size_t eh = (l->kh - 1) * l->dh + 1, ew = (l->kw - 1) * l->dw + 1;
    const size_t ph = l->h + l->pad_top + l->pad_bottom, pw = l->w + l->pad_left + l->pad_right;
    const char *what = l->padding == SIMDCONV_PADDING_VALID ? "input (pad=valid)" : "padded input";
    if (eh > ph)
      return fail(err, errlen, "k", "the kernel spans %zu rows (k=%zux%zu, d=%zux%zu), more than the %zu rows of the %s",
                  eh, l->kh, l->kw, l->dh, l->dw, ph, what);
    if (ew > pw)
      return fail(err, errlen, "k",
                  "the kernel spans %zu columns (k=%zux%zu, d=%zux%zu), more than the %zu columns of the %s", ew, l->kh,
                  l->kw, l->dh, l->dw, pw, what);
  }
  const bench_geom g = bench_layer_geom(l);
  const double n = (double)bench_layer_batch(l), f = (double)sizeof(float), lim = SPEC_MAX_BYTES;
  if (n * l->h * l->w * l->cin * f > lim)
    return fail(err, errlen, "h", "the input (n x h x w x cin = %.0f floats) is over the bench's 1 GiB a tensor",
                n * l->h * l->w * l->cin);
  if ((double)l->kh * l->kw * (l->cin / l->groups) * l->cout * f > lim)
    return fail(err, errlen, "k", "the weights (kh x kw x cin/g x cout = %.0f floats) are over the bench's 1 GiB a tensor",
                (double)l->kh * l->kw * (l->cin / l->groups) * l->cout);
  if (n * g.oh * g.ow * l->cout * f > lim)
    return fail(err, errlen, "cout", "the output (n x %zu x %zu x cout = %.0f floats) is over the bench's 1 GiB a tensor",
                g.oh, g.ow, n * g.oh * g.ow * l->cout);
  simdconv_conv2d_desc d = bench_layer_desc(l);
  size_t oh = 0, ow = 0;
  simdconv_status st = simdconv_conv2d_output_size(&d, &oh, &ow);
  if (st != SIMDCONV_OK || oh != g.oh || ow != g.ow)
    return fail(err, errlen, "k", "simdconv rejects the layer (%s; output %zux%zu, bench expects %zux%zu)",
                simdconv_status_string(st), oh, ow, g.oh, g.ow);
  return 0;
}

int bench_layer_parse(const char *spec, bench_layer *out, char *err, size_t errlen) {
  bench_layer l = {0};
  l.sh = l.sw = l.dh = l.dw = l.groups = l.batch = l.count = 1;
  l.padding = SIMDCONV_PADDING_VALID;
  l.activation = SIMDCONV_ACTIVATION_NONE;
  l.real = 1;
  char *name = NULL, *buf = strdup(spec);
  unsigned seen = 0;
  int rc = 0;
  if (buf == NULL) {
    snprintf(err, errlen, "out of memory");
    return 2;
  }
  for (char *tok = buf, *next; tok != NULL && rc == 0; tok = next) {
    next = strchr(tok, ',');
    if (next != NULL) *next++ = '\0';
    tok = trim(tok);
    if (*tok == '\0') continue; /* "a=1,,b=2" or a trailing comma */
    char *eq = strchr(tok, '=');
    if (eq == NULL) {
      rc = fail(err, errlen, tok, "expected key=value (keys: " SPEC_KEYS ")");
      break;
    }
    *eq = '\0';
    char *key = trim(tok), *v = trim(eq + 1);
    int id = -1;
    for (size_t i = 0; i < sizeof k_keys / sizeof k_keys[0]; i++)
      if (strcmp(key, k_keys[i].key) == 0) id = k_keys[i].id;
    if (id < 0) rc = fail(err, errlen, key, "unknown key (keys: " SPEC_KEYS ")");
    else if (seen & (1u << id)) rc = fail(err, errlen, key, "given twice");
    else {
      seen |= 1u << id;
      rc = parse_field(key, v, id, &l, &name, err, errlen);
    }
  }
  static const struct { int id; const char *key; } required[] = {{K_H, "h"}, {K_W, "w"}, {K_CIN, "cin"},
                                                                {K_COUT, "cout"}, {K_K, "k"}};
  for (size_t i = 0; rc == 0 && i < sizeof required / sizeof required[0]; i++)
    if (!(seen & (1u << required[i].id))) rc = fail(err, errlen, required[i].key, "missing (required: " SPEC_REQUIRED ")");
  if (rc == 0) rc = check_layer(&l, err, errlen);
  free(buf);
  if (rc != 0) {
    free(name);
    return rc;
  }
  if (name == NULL) {
    /* A name from the shape: 56x56x64-64-k3x3-same, plus -s/-d/-g/-relu/-n where not 1/none. */
    char b[256], p[64];
    int n = snprintf(b, sizeof b, "%zux%zux%zu-%zu-k%zux%zu", l.h, l.w, l.cin, l.cout, l.kh, l.kw);
#define ADD(...) n += snprintf(b + n, sizeof b - (size_t)n, __VA_ARGS__)
    if (l.sh != 1 || l.sw != 1) {
      if (l.sh == l.sw) ADD("-s%zu", l.sh);
      else ADD("-s%zux%zu", l.sh, l.sw);
    }
    if (l.dh != 1 || l.dw != 1) {
      if (l.dh == l.dw) ADD("-d%zu", l.dh);
      else ADD("-d%zux%zu", l.dh, l.dw);
    }
    if (l.groups != 1) ADD("-g%zu", l.groups);
    ADD("-%s%s", l.padding == SIMDCONV_PADDING_EXPLICIT ? "p" : "", pad_text(&l, p, sizeof p, '.'));
    if (l.activation != SIMDCONV_ACTIVATION_NONE) ADD("-%s", act_text(l.activation));
    if (l.batch != 1) ADD("-n%zu", l.batch);
#undef ADD
    name = strdup(b);
    if (name == NULL) {
      snprintf(err, errlen, "out of memory");
      return 2;
    }
  }
  l.name = name;
  *out = l;
  return 0;
}

void bench_layer_free(bench_layer *l) {
  free((char *)l->name);
  l->name = NULL;
}

void bench_layer_spec(const bench_layer *l, char *buf, size_t len) {
  char p[64];
  int n = snprintf(buf, len, "name=%s,h=%zu,w=%zu,cin=%zu,cout=%zu,k=%zux%zu,s=%zux%zu,d=%zux%zu,g=%zu,pad=%s,act=%s,n=%zu",
                   l->name, l->h, l->w, l->cin, l->cout, l->kh, l->kw, l->sh, l->sw, l->dh, l->dw, l->groups,
                   pad_text(l, p, sizeof p, ':'), act_text(l->activation), bench_layer_batch(l));
  if (bench_layer_count(l) != 1 && n >= 0 && (size_t)n < len) /* a network's layer (count=) */
    snprintf(buf + n, len - (size_t)n, ",count=%zu", bench_layer_count(l));
}

size_t bench_layer_count(const bench_layer *l) { return l->count ? l->count : 1; }

/* Appends l to L, renaming it NAME_2, NAME_3, ... when its name is taken. 0, or 2 out of memory. */
static int append(layer_list *L, bench_layer *l) {
  if (L->n == L->cap) {
    size_t cap = L->cap ? 2 * L->cap : 8;
    bench_layer *p = realloc(L->v, cap * sizeof *p);
    if (p == NULL) return 2;
    L->v = p;
    L->cap = cap;
  }
  for (unsigned k = 2;; k++) {
    int taken = 0;
    for (size_t i = 0; i < L->n && !taken; i++) taken = strcmp(L->v[i].name, l->name) == 0;
    if (!taken) break;
    size_t n = strlen(l->name);
    char *renamed = malloc(n + 16);
    if (renamed == NULL) return 2;
    const char *base = l->name;
    /* strip a suffix added by the previous turn of this loop */
    if (k > 2) n = (size_t)(strrchr(base, '_') - base);
    snprintf(renamed, n + 16, "%.*s_%u", (int)n, base, k);
    free((char *)l->name);
    l->name = renamed;
  }
  L->v[L->n++] = *l;
  return 0;
}

/* The specs of file `path` (one a line, # comments) appended to L; flag names the option in
 * messages. 0, or 2 after a message. */
static int add_file(layer_list *L, const char *flag, const char *arg, const char *path, const char *prog) {
  char err[512];
  bench_layer l;
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    fprintf(stderr, "%s: %s '%s': cannot read %s: %s\n", prog, flag, arg, path, strerror(errno));
    return 2;
  }
  char *line = NULL;
  size_t cap = 0, lineno = 0, added = 0;
  int rc = 0;
  while (rc == 0 && getline(&line, &cap, f) >= 0) {
    lineno++;
    char *hash = strchr(line, '#');
    if (hash != NULL) *hash = '\0';
    char *spec = trim(line);
    if (*spec == '\0') continue;
    if (bench_layer_parse(spec, &l, err, sizeof err) != 0) {
      fprintf(stderr, "%s: %s:%zu: '%s': %s\n", prog, path, lineno, spec, err);
      rc = 2;
    } else if (append(L, &l) != 0) {
      bench_layer_free(&l);
      fprintf(stderr, "%s: out of memory\n", prog);
      rc = 2;
    } else {
      added++;
    }
  }
  if (rc == 0 && ferror(f)) {
    fprintf(stderr, "%s: %s '%s': error reading %s\n", prog, flag, arg, path);
    rc = 2;
  }
  if (rc == 0 && added == 0) {
    fprintf(stderr, "%s: %s '%s': no layer in %s (one spec a line; # comments)\n", prog, flag, arg, path);
    rc = 2;
  }
  free(line);
  fclose(f);
  return rc;
}

int bench_layers_add(const char *arg, const char *prog) {
  char err[512];
  bench_layer l;
  if (arg[0] == '@') return add_file(&g_users, "--layer", arg, arg + 1, prog);
  if (bench_layer_parse(arg, &l, err, sizeof err) != 0) {
    fprintf(stderr, "%s: --layer '%s': %s\n", prog, arg, err);
    return 2;
  }
  if (append(&g_users, &l) != 0) {
    bench_layer_free(&l);
    fprintf(stderr, "%s: out of memory\n", prog);
    return 2;
  }
  return 0;
}

/* ---- networks ---- */

static bench_network *g_nets;
static size_t g_nnets;

int bench_networks_add(const char *arg, const char *prog) {
  const char *path = arg[0] == '@' ? arg + 1 : arg;
  bench_network *p = realloc(g_nets, (g_nnets + 1) * sizeof *p);
  if (p == NULL) {
    fprintf(stderr, "%s: out of memory\n", prog);
    return 2;
  }
  g_nets = p;
  layer_list L = {0};
  int rc = add_file(&L, "--network", arg, path, prog);
  /* the name: the file's name without its directory and extension, as the layer names' charset */
  const char *base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
  size_t len = strcspn(base, ".");
  if (len == 0) len = strlen(base);
  char *name = malloc(len + 2), *copy = strdup(path);
  if (rc == 0 && (name == NULL || copy == NULL)) {
    fprintf(stderr, "%s: out of memory\n", prog);
    rc = 2;
  }
  if (rc != 0) {
    for (size_t i = 0; i < L.n; i++) bench_layer_free(&L.v[i]);
    free(L.v);
    free(name);
    free(copy);
    return rc;
  }
  for (size_t i = 0; i < len; i++)
    name[i] = strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-", base[i]) ? base[i] : '_';
  name[len] = '\0';
  if (len == 0) strcpy(name, "net");
  bench_network *nw = &g_nets[g_nnets++];
  nw->name = name;
  nw->path = copy;
  nw->layers = L.v;
  nw->n = L.n;
  return 0;
}

const bench_network *bench_networks(size_t *n) {
  *n = g_nnets;
  return g_nets;
}

void bench_networks_free(void) {
  for (size_t k = 0; k < g_nnets; k++) {
    for (size_t i = 0; i < g_nets[k].n; i++) bench_layer_free(&g_nets[k].layers[i]);
    free(g_nets[k].layers);
    free(g_nets[k].name);
    free(g_nets[k].path);
  }
  free(g_nets);
  g_nets = NULL;
  g_nnets = 0;
}

void bench_layers_free(void) {
  free(g_wino);
  g_wino = NULL;
  g_wino_n = 0;
  for (size_t i = 0; i < g_users.n; i++) bench_layer_free(&g_users.v[i]);
  free(g_users.v);
  g_users.v = NULL;
  g_users.n = g_users.cap = 0;
}
