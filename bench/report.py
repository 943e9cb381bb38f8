#!/usr/bin/env python3
"""Turn simdconv_bench's Google Benchmark JSON into a markdown table and a bar chart.

    /usr/bin/python3 bench/report.py bench-out/results.json --out-dir bench-out

Reads the median aggregates when the run had repetitions (else the median of the iteration
rows) and writes:
  table.md  rows: layers; columns: GFLOP/s per simdconv ISA and per peer, then the speed-up of
            the best simdconv ISA over scalar, best simdconv / best peer, % of peak of the best
            ISA; a geometric-mean row over the 10 "real" layers (resnet_conv1 .. vgg_3_3x3) and a
            one-line summary of it
  chart.png grouped bars of the same GFLOP/s (--log: log scale) with the measured peaks as lines
and prints the table. Needs matplotlib only for the chart (--no-chart skips it).
"""
import argparse
import json
import math
import os
import statistics
import sys

ISAS = ["scalar", "sse", "avx2", "avx512", "neon"]
PEERS = ["onednn", "xnnpack", "openblas"]
PEER_TITLES = {"onednn": "oneDNN", "xnnpack": "XNNPACK", "openblas": "OpenBLAS"}
# The layers of the geometric mean (bench/layers.md): resnet_conv1 .. vgg_3_3x3.
REAL = ["resnet_conv1", "resnet_2_3x3", "resnet_2_1x1", "resnet_3_3x3", "resnet_4_3x3",
        "resnet_5_3x3", "resnet_4_1x1_s2", "mobilenet_pw_112", "mobilenet_pw_14", "vgg_3_3x3"]


def load(path):
    """{run_name: {"gflops", "pct_peak", "packed_bytes", "label", "error"}} in first-seen order."""
    with open(path) as f:
        doc = json.load(f)
    rows = {}
    for b in doc.get("benchmarks", []):
        name = b.get("run_name", b["name"])
        r = rows.setdefault(name, {"iter": [], "median": None, "error": None, "label": None})
        if b.get("error_occurred"):
            r["error"] = b.get("error_message", "error")
            continue
        if b.get("label"):
            r["label"] = b["label"]
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                r["median"] = b
        else:
            r["iter"].append(b)
    out = {}
    for name, r in rows.items():
        v = {"error": r["error"], "label": r["label"]}
        for key, field in (("gflops", "GFLOP/s"), ("pct_peak", "pct_peak"), ("packed_bytes", "packed_bytes"),
                           ("cpu_util", "cpu_util")):
            if r["median"] is not None and field in r["median"]:
                v[key] = r["median"][field]
            else:
                vals = [b[field] for b in r["iter"] if field in b]
                v[key] = statistics.median(vals) if vals else None
        out[name] = v
    return doc.get("context", {}), out


def geomean(vals):
    vals = [v for v in vals if v is not None and v > 0]
    return math.exp(sum(math.log(v) for v in vals) / len(vals)) if vals else None


def fmt(v, kind="g"):
    if v is None:
        return "–"
    if kind == "x":
        return f"{v:.2f}x"
    if kind == "pct":
        return f"{v:.0f} %"
    return f"{v:.1f}" if v >= 1 else f"{v:.2f}"


def build(context, runs):
    peaks = {}
    layers = []  # registration order
    cells = {}   # (layer, variant) -> run dict
    for name, v in runs.items():
        parts = name.split("/")
        if parts[0] == "peak" and len(parts) == 2:
            peaks[parts[1]] = v
        elif parts[0] == "conv" and len(parts) == 3:
            if parts[1] not in layers:
                layers.append(parts[1])
            cells[(parts[1], parts[2])] = v
    variants = {k[1] for k in cells}
    isas = [i for i in ISAS if i in variants]
    peers = [p for p in PEERS if p in variants]

    def gf(layer, var):
        c = cells.get((layer, var))
        return None if c is None or c["error"] else c["gflops"]

    table = []  # per layer: dict col -> value
    for layer in layers:
        row = {"layer": layer}
        for var in isas + peers:
            c = cells.get((layer, var))
            row[var] = "ERR" if c is not None and c["error"] else gf(layer, var)
        best_isa = max((i for i in isas if gf(layer, i)), key=lambda i: gf(layer, i), default=None)
        best_peer = max((gf(layer, p) for p in peers if gf(layer, p)), default=None)
        row["best_isa"] = best_isa
        best = gf(layer, best_isa) if best_isa else None
        row["speedup"] = best / gf(layer, "scalar") if best and gf(layer, "scalar") else None
        row["vs_peer"] = best / best_peer if best and best_peer else None
        row["pct_peak"] = cells[(layer, best_isa)]["pct_peak"] if best_isa else None
        table.append(row)
    return peaks, layers, cells, isas, peers, table


def markdown(context, runs, peaks, layers, cells, isas, peers, table):
    cols = isas + peers
    head = ["layer"] + cols + ["best ISA", "best / scalar", "best / best peer", "% peak (best ISA)"]
    titles = [PEER_TITLES.get(c, c) for c in head]
    lines = []
    ctx = []
    for key in ("date", "host_name", "simdconv_isas", "simdconv_best_isa", "peers", "onednn_version",
                "onednn_threads", "openblas_threads", "xnnpack_threads"):
        if key in context:
            ctx.append(f"{key}: {context[key]}")
    if "load_avg" in context:
        ctx.append("load_avg: " + ", ".join(f"{x:.2f}" for x in context["load_avg"]))
    if ctx:
        lines.append("<!-- " + "; ".join(ctx) + " -->")
    if peaks:
        lines.append("FMA peak, GFLOP/s per core (peak/<isa>, same run): " + ", ".join(
            f"{k} {fmt(v['gflops'])}" for k, v in peaks.items() if not v["error"]) + "  ")
    lines.append("GFLOP/s = 2 x nominal MACs (padded taps included) per CPU second, single thread, median. "
                 "% peak: of the best ISA's own FMA peak.")
    lines.append("")
    lines.append("| " + " | ".join(titles) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")

    def row_cells(r):
        out = [r["layer"]]
        for c in cols:
            v = r[c]
            out.append("ERR" if v == "ERR" else fmt(v))
        out += [r["best_isa"] or "–", fmt(r["speedup"], "x"), fmt(r["vs_peer"], "x"), fmt(r["pct_peak"], "pct")]
        return out

    for r in table:
        lines.append("| " + " | ".join(row_cells(r)) + " |")
    real_rows = [r for r in table if r["layer"] in REAL]
    summary = None
    if real_rows:
        g = {"layer": f"**geomean ({len(real_rows)} real)**", "best_isa": ""}
        for c in cols + ["speedup", "vs_peer", "pct_peak"]:
            vals = [r[c] for r in real_rows]
            ok = all(isinstance(v, (int, float)) and v > 0 for v in vals)
            g[c] = geomean(vals) if ok else None
        lines.append("| " + " | ".join(row_cells(g)) + " |")
        summary = "geomean over {} real layer{}: ".format(len(real_rows), "s" if len(real_rows) > 1 else "") + ", ".join(
            [f"{PEER_TITLES.get(c, c)} {fmt(g[c])}" for c in cols] +
            [f"best/scalar {fmt(g['speedup'], 'x')}", f"best/peer {fmt(g['vs_peer'], 'x')}",
             f"%peak {fmt(g['pct_peak'], 'pct')}"])
        if len(real_rows) < len(REAL):
            summary += f" (only {len(real_rows)} of {len(REAL)} real layers in this run)"
    lines.append("")
    labels = {}
    for (layer, var), c in cells.items():
        if c["label"]:
            labels.setdefault(var, {}).setdefault(c["label"], []).append(layer)
    for var, d in labels.items():
        lines.append(f"{PEER_TITLES.get(var, var)} implementations: " +
                     "; ".join(f"`{lab}` ({len(ls)} layer{'s' if len(ls) > 1 else ''})" for lab, ls in d.items()) + "  ")
    multi = [n for n, v in runs.items() if (v.get("cpu_util") or 0) > 1.1]
    if multi:
        lines.append("WARNING: used more than one CPU (cpu_util > 1.1; GFLOP/s are per CPU second): " +
                     ", ".join(multi) + "  ")
    utils = [v["cpu_util"] for v in runs.values() if v.get("cpu_util")]
    if utils and statistics.median(utils) < 0.9:
        lines.append(f"Note: the machine was busy (median cpu_util {statistics.median(utils):.2f}): GFLOP/s count "
                     "process CPU time, which leaves out descheduled time but not cache/frequency interference.  ")
    errors = [(n, v["error"]) for n, v in runs.items() if v["error"]]
    for n, e in errors:
        lines.append(f"ERROR {n}: {e}  ")
    if summary:
        lines.append("")
        lines.append(summary)
    return "\n".join(lines) + "\n", errors


def chart(path, peaks, layers, isas, peers, table, title, log=False):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = isas + peers
    n = len(cols)
    width = 0.8 / max(n, 1)
    fig, ax = plt.subplots(figsize=(max(10, 1.25 * len(layers) + 2), 6.5))
    cmap = plt.get_cmap("tab10")
    for k, c in enumerate(cols):
        xs, ys = [], []
        for i, r in enumerate(table):
            v = r[c]
            if isinstance(v, (int, float)) and v > 0:
                xs.append(i - 0.4 + width * (k + 0.5))
                ys.append(v)
        hatch = "//" if c in peers else None
        ax.bar(xs, ys, width, label=PEER_TITLES.get(c, c), color=cmap(k % 10), hatch=hatch,
               edgecolor="white" if hatch else None, linewidth=0)
    for isa, v in peaks.items():
        if v["error"] or not v["gflops"]:
            continue
        color = cmap(cols.index(isa) % 10) if isa in cols else "grey"
        ax.axhline(v["gflops"], color=color, linestyle="--", linewidth=0.9,
                   label=f"peak {isa} {v['gflops']:.0f}")
    values = [r[c] for r in table for c in cols if isinstance(r[c], (int, float)) and r[c] > 0]
    values += [v["gflops"] for v in peaks.values() if v["gflops"]]
    if values and log:
        ax.set_ylim(min(values) / 1.5, max(values) * 6)  # room for the legend above the bars
    elif values:
        ax.set_ylim(0, max(values) * 1.3)
    if log:
        ax.set_yscale("log")
    ax.set_ylabel("GFLOP/s (single thread%s)" % (", log scale" if log else ""))
    ax.set_xticks(range(len(layers)))
    ax.set_xticklabels(layers, rotation=35, ha="right")
    ax.set_xlim(-0.6, len(layers) - 0.4)
    ax.grid(axis="y", which="both", alpha=0.3)
    ax.legend(ncol=min(n + len(peaks), 6), fontsize=9, loc="upper left")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", help="Google Benchmark JSON (--benchmark_out=... --benchmark_out_format=json)")
    ap.add_argument("--out-dir", default=None, help="where table.md and chart.png go (default: next to results)")
    ap.add_argument("--no-chart", action="store_true", help="skip the PNG (no matplotlib needed)")
    ap.add_argument("--log", action="store_true", help="log-scale GFLOP/s axis")
    ap.add_argument("--title", default="simdconv vs peers, fp32 NHWC conv, 1 thread")
    a = ap.parse_args()
    out_dir = a.out_dir or os.path.dirname(os.path.abspath(a.results))
    os.makedirs(out_dir, exist_ok=True)
    context, runs = load(a.results)
    peaks, layers, cells, isas, peers, table = build(context, runs)
    if not layers:
        print("report.py: no conv/<layer>/<variant> results in " + a.results, file=sys.stderr)
        return 1
    md, errors = markdown(context, runs, peaks, layers, cells, isas, peers, table)
    with open(os.path.join(out_dir, "table.md"), "w") as f:
        f.write(md)
    sys.stdout.write(md)
    if not a.no_chart:
        chart(os.path.join(out_dir, "chart.png"), peaks, layers, isas, peers, table, a.title, a.log)
        print(f"\nwrote {os.path.join(out_dir, 'table.md')} and {os.path.join(out_dir, 'chart.png')}")
    else:
        print(f"\nwrote {os.path.join(out_dir, 'table.md')}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
