#!/usr/bin/env python3
"""Turn simdconv_bench's Google Benchmark JSON into markdown tables and a bar chart.

    /usr/bin/python3 bench/report.py bench-out/results.json [bench-out/results-threads.json] --out-dir bench-out

Reads one or more JSON files (a case found in several: the first file's counts; the contexts
are merged), the median aggregates when the run had repetitions (else the median of the
iteration rows), and writes:
  table.md  the single-thread table (when the run had conv/<layer>/<variant> cases): rows: layers;
            columns: GFLOP/s per simdconv ISA and per peer, then the speed-up of the best simdconv
            ISA over scalar, best simdconv / best peer, with --pairs the same ratio measured in one
            process (the smallest of the pairs run's simdconv / peer ratios), % of peak of the best
            ISA; a geometric-mean row over the 10 "real" layers (resnet_conv1 .. vgg_3_3x3; with
            the user's own layers, simdconv_bench --layer: over those, when there are two or more)
            and a one-line summary of it; above the table, the CPU (cpu_features' vendor, model,
            family/model/stepping, microarchitecture, caches), the simdconv ISAs and CPU features,
            and the user's layer specs;
            then the "threads" table (when the run had conv/<layer>/<variant>/threads:<n> cases,
            wall-clock GFLOP/s): per layer, GFLOP/s at each thread count for simdconv (its best
            ISA), XNNPACK and oneDNN, the scaling of each (most threads / 1 thread) and simdconv /
            XNNPACK at the most threads; a geometric-mean row over the real layers and a summary
            then the "fused residual" table (when the run had conv/<layer>/residual[_unfused] or
            block/<name>/<fused|unfused>[/threads:<n>] cases): fused and unfused GFLOP/s, fused / unfused,
            with --pairs the pairs run's paired fused / unfused (its "residual case" section)
  kernels.md with --kernels (simdconv_bench --kernels: conv/<layer>/<kernel> and conv/<layer>/measure
            cases), the "kernels" table only: per layer, each candidate kernel's GFLOP/s (the
            best ISA's registry kernels create_ex accepts, forced), marked D where DEFAULT
            (conv/<layer>/<isa>, its label) runs it and M where MEASURE (conv/<layer>/measure)
            does, DEFAULT's and MEASURE's GFLOP/s, the best candidate, best / DEFAULT, MEASURE /
            DEFAULT and the create times (create_ms: DEFAULT / MEASURE); a geometric-mean row
            over the real layers and a summary
            then, with --networks (simdconv_bench --networks: networks.json, networks-threads.json),
            the "networks" tables, one per thread count: per network its total time per implementation
            (the sum over its distinct conv layers of the layer's median time x its count), GFLOP/s,
            simdconv (best ISA) / oneDNN and / XNNPACK (ratios of the totals) and the paired ratios
            (median over rounds of the ratio of the round's totals: every layer's implementations
            took turns in one process); then the 10 layers where simdconv is furthest below oneDNN
  chart.png grouped bars of the single-thread GFLOP/s (--log: log scale) with the measured peaks
            as lines (not drawn when the run had no single-thread conv cases); with --networks a
            panel per thread count: each network's GFLOP/s per implementation
and prints the tables. Needs matplotlib only for the chart (--no-chart skips it).
"""
import argparse
import json
import math
import os
import re
import statistics
import sys

ISAS = ["scalar", "sse", "avx2", "avx512", "neon"]
PEERS = ["onednn", "xnnpack", "openblas"]
PEER_TITLES = {"onednn": "oneDNN", "xnnpack": "XNNPACK", "openblas": "OpenBLAS"}
# Peers of the threads table, in column order (after simdconv).
THREAD_PEERS = ["xnnpack", "onednn"]
# What Google Benchmark appends to the names of wall-clock cases (MeasureProcessCPUTime, UseRealTime).
TIME_SUFFIXES = ("process_time", "real_time", "manual_time")
# The layers of the geometric mean (bench/layers.md): resnet_conv1 .. vgg_3_3x3. The binary names
# them in the context ("geomean_layers": with --layer, all of the user's layers); this list is for
# results written before it did.
REAL = ["resnet_conv1", "resnet_2_3x3", "resnet_2_1x1", "resnet_3_3x3", "resnet_4_3x3",
        "resnet_5_3x3", "resnet_4_1x1_s2", "mobilenet_pw_112", "mobilenet_pw_14", "vgg_3_3x3"]


def case_name(b):
    """The case's name without Google Benchmark's timing suffixes (.../threads:2/process_time/real_time)."""
    parts = b.get("run_name", b["name"]).split("/")
    while len(parts) > 1 and parts[-1] in TIME_SUFFIXES:
        parts.pop()
    return "/".join(parts)


def load(paths):
    """context, {case name: {"gflops", "pct_peak", "packed_bytes", "cpu_util", "label", "error"}} in
    first-seen order; a case in several files: the first file's rows."""
    if isinstance(paths, str):
        paths = [paths]
    context = {}
    rows = {}
    for path in paths:
        with open(path) as f:
            doc = json.load(f)
        for k, v in doc.get("context", {}).items():
            context.setdefault(k, v)
        seen_here = set()
        # Registration order (the layer table's), also when the repetitions ran interleaved in
        # random order (--benchmark_enable_random_interleaving); sorted() is stable.
        benchmarks = sorted(doc.get("benchmarks", []),
                            key=lambda b: (b.get("family_index", 0), b.get("per_family_instance_index", 0)))
        for b in benchmarks:
            name = case_name(b)
            if name in rows and name not in seen_here:
                continue  # already read from an earlier file
            seen_here.add(name)
            add_row(rows, name, b)
    return context, summarise(rows)


def add_row(rows, name, b):
    r = rows.setdefault(name, {"iter": [], "median": None, "error": None, "label": None})
    if b.get("error_occurred"):
        r["error"] = b.get("error_message", "error")
        return
    if b.get("label"):
        r["label"] = b["label"]
    if b.get("run_type") == "aggregate":
        if b.get("aggregate_name") == "median":
            r["median"] = b
    else:
        r["iter"].append(b)


def summarise(rows):
    out = {}
    for name, r in rows.items():
        v = {"error": r["error"], "label": r["label"]}
        for key, field in (("gflops", "GFLOP/s"), ("pct_peak", "pct_peak"), ("packed_bytes", "packed_bytes"),
                           ("cpu_util", "cpu_util"), ("create_ms", "create_ms")):
            if r["median"] is not None and field in r["median"]:
                v[key] = r["median"][field]
            else:
                vals = [b[field] for b in r["iter"] if field in b]
                v[key] = statistics.median(vals) if vals else None
        out[name] = v
    return out


def user_layers(context):
    """True when the run benchmarked the user's layers (simdconv_bench --layer)."""
    return str(context.get("bench_layers", "")).startswith("user")


def real_layers(context):
    """The layers of the geometric mean: the context's "geomean_layers", else REAL."""
    names = context.get("geomean_layers")
    return [n for n in names.split(",") if n] if isinstance(names, str) else REAL


def geo_rows(context, rows):
    """The rows of the geometric mean and the label of its row: the real layers of the built-in
    suite ("10 real"), or all of the user's layers when there are two or more ("3 layers")."""
    real = real_layers(context)
    picked = [r for r in rows if r["layer"] in real]
    if user_layers(context):
        return (picked, f"{len(picked)} layers", real) if len(picked) >= 2 else ([], "", real)
    return picked, f"{len(picked)} real", real


def header_lines(context):
    """The CPU (cpu_features' view) and what simdconv uses of it; with --layer, the user's specs."""
    lines = []
    if context.get("cpu_model") or context.get("cpu_vendor"):
        cpu = context.get("cpu_model") or "(no model name)"
        ident = ", ".join(x for x in (context.get("cpu_vendor"), context.get("cpu_id")) if x)
        uarch = context.get("cpu_uarch")
        lines.append(f"CPU: {cpu} ({ident}{', microarchitecture ' + uarch if uarch else ''}, as cpu_features "
                     f"reports it)" + (f"; caches: {context['cpu_caches']}" if context.get("cpu_caches") else "")
                     + "  ")
    if context.get("simdconv_isas"):
        lines.append(f"simdconv ISAs here: {context['simdconv_isas']} (AUTO: {context.get('simdconv_best_isa', '?')})"
                     + (f"; CPU features it uses: {context['simdconv_cpu_features']}"
                        if context.get("simdconv_cpu_features") else "") + "  ")
    if user_layers(context) and context.get("layer_specs"):
        lines.append("Your layers (--layer): " + "; ".join(f"`{x.strip()}`" for x in
                                                           context["layer_specs"].split(" ; ")) + "  ")
    return lines


def geomean(vals):
    vals = [v for v in vals if v is not None and v > 0]
    return math.exp(sum(math.log(v) for v in vals) / len(vals)) if vals else None


def fmt(v, kind="g"):
    if v is None:
        return "–"
    if kind == "x":
        return f"{v:.2f}x"
    if kind == "x3":
        return f"{v:.3f}x"
    if kind == "pct":
        return f"{v:.0f} %"
    return f"{v:.1f}" if v >= 1 else f"{v:.2f}"


def load_pairs(path):
    """{layer: {peer: ratio}} from the pairs run's markdown table (simdconv_bench --pairs)."""
    ratios, cols = {}, None
    with open(path) as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not line.startswith("|") or len(cells) < 2:
                cols = None  # a table ends at the first line that is not a row (the residual section follows)
                continue
            if cells[0] == "layer":
                cols = {i: c.split(" / ", 1)[1] for i, c in enumerate(cells) if c.startswith("simdconv / ")}
            elif cols and not cells[0].startswith(("**", "---")):
                r = {}
                for i, peer in cols.items():
                    try:
                        r[peer] = float(cells[i])
                    except (IndexError, ValueError):
                        pass
                if r:
                    ratios[cells[0]] = r
    return ratios


def load_residual_pairs(path):
    """{(case, threads): {"ratio", "q", "range"}} from the pairs run's fused-residual section
    (simdconv_bench --pairs / --residual-pairs: "| residual case | threads | shape | fused GFLOP/s |
    unfused GFLOP/s | fused / unfused | q1 - q3 | min - max |"); case: a layer, or block/<name>."""
    out, head = {}, None
    with open(path) as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not line.startswith("|") or len(cells) < 2:
                head = None
                continue
            if cells[0] == "residual case":
                head = {c: i for i, c in enumerate(cells)}
            elif head and not cells[0].startswith("---"):
                try:
                    key = (cells[0], int(cells[head["threads"]]))
                    out[key] = {"ratio": float(cells[head["fused / unfused"]]),
                                "q": cells[head.get("q1 - q3", -1)] if "q1 - q3" in head else "",
                                "range": cells[head["min - max"]] if "min - max" in head else "",
                                "floor": float(cells[head["fused / no residual"]])
                                if "fused / no residual" in head else None}
                except (KeyError, IndexError, ValueError):
                    pass
    return out


def build(context, runs, pairs=None):
    peaks = {}
    layers = []  # registration order
    cells = {}   # (layer, variant) -> run dict
    for name, v in runs.items():
        parts = name.split("/")
        if parts[0] == "peak" and len(parts) == 2:
            peaks[parts[1]] = v
        elif parts[0] == "conv" and len(parts) == 3 and parts[2] in ISAS + PEERS:
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
        paired = (pairs or {}).get(layer, {})
        row["vs_peer_paired"] = min(paired.values()) if paired else None
        row["pct_peak"] = cells[(layer, best_isa)]["pct_peak"] if best_isa else None
        table.append(row)
    return peaks, layers, cells, isas, peers, table


def finish(lines, runs, summary):
    """Appends the failed cases and the summary line; returns (markdown text, errors)."""
    errors = [(n, v["error"]) for n, v in runs.items() if v["error"]]
    lines += [f"ERROR {n}: {e}  " for n, e in errors]
    if summary:
        lines += ["", summary]
    return "\n".join(lines) + "\n", errors


def context_lines(context, keys, peaks):
    """The run's context as an HTML comment, then the measured peaks."""
    ctx = [f"{key}: {context[key]}" for key in keys if key in context]
    if "load_avg" in context:
        ctx.append("load_avg: " + ", ".join(f"{x:.2f}" for x in context["load_avg"]))
    lines = ["<!-- " + "; ".join(ctx) + " -->"] if ctx else []
    if peaks:
        lines.append("Peak, GFLOP/s per core (peak/<isa>, same run; FMA, or separate mul + add for scalar and sse): "
                     + ", ".join(f"{k} {fmt(v['gflops'])}" for k, v in peaks.items() if not v["error"]) + "  ")
    return lines


def markdown(context, runs, peaks, layers, cells, isas, peers, table):
    cols = isas + peers
    paired = any(r["vs_peer_paired"] for r in table)
    head = ["layer"] + cols + ["best ISA", "best / scalar", "best / best peer"] + \
        (["paired: best / best peer"] if paired else []) + ["% peak (best ISA)"]
    titles = [PEER_TITLES.get(c, c) for c in head]
    lines = context_lines(context, ("date", "host_name", "simdconv_isas", "simdconv_best_isa", "peers",
                                    "onednn_version", "onednn_threads", "openblas_threads", "xnnpack_threads"),
                          peaks)
    lines += header_lines(context)
    lines.append("GFLOP/s = 2 x nominal MACs (padded taps included) per CPU second, single thread, median. "
                 "% peak: of the best ISA's own FMA peak." +
                 (" Paired: simdconv (AUTO's ISA) against oneDNN and XNNPACK in one process, 30 ms turns, the "
                  "median of the rounds' ratios (bench-out/pairs.md), the smaller of the two." if paired else ""))
    lines.append("")
    lines.append("| " + " | ".join(titles) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")

    def row_cells(r):
        out = [r["layer"]]
        for c in cols:
            v = r[c]
            out.append("ERR" if v == "ERR" else fmt(v))
        out += [r["best_isa"] or "–", fmt(r["speedup"], "x"), fmt(r["vs_peer"], "x")]
        if paired:
            out.append(fmt(r["vs_peer_paired"], "x3"))
        out.append(fmt(r["pct_peak"], "pct"))
        return out

    for r in table:
        lines.append("| " + " | ".join(row_cells(r)) + " |")
    real_rows, geo_label, real = geo_rows(context, table)
    summary = None
    if real_rows:
        g = {"layer": f"**geomean ({geo_label})**", "best_isa": ""}
        for c in cols + ["speedup", "vs_peer", "vs_peer_paired", "pct_peak"]:
            vals = [r[c] for r in real_rows]
            ok = all(isinstance(v, (int, float)) and v > 0 for v in vals)
            g[c] = geomean(vals) if ok else None
        lines.append("| " + " | ".join(row_cells(g)) + " |")
        summary = "geomean over {} {}layer{}: ".format(len(real_rows), "" if user_layers(context) else "real ",
                                                     "s" if len(real_rows) > 1 else "") + ", ".join(
            [f"{PEER_TITLES.get(c, c)} {fmt(g[c])}" for c in cols] +
            [f"best/scalar {fmt(g['speedup'], 'x')}", f"best/peer {fmt(g['vs_peer'], 'x')}"] +
            ([f"best/peer paired {fmt(g['vs_peer_paired'], 'x3')}"] if paired else []) +
            [f"%peak {fmt(g['pct_peak'], 'pct')}"])
        if len(real_rows) < len(real):
            summary += f" (only {len(real_rows)} of {len(real)} {'' if user_layers(context) else 'real '}layers in this run)"
    lines.append("")
    labels = {}
    for (layer, var), c in cells.items():
        if c["label"] and var not in ISAS:  # simdconv's label (its kernel) is the kernels table's
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
    return finish(lines, runs, summary)



def is_threaded(name):
    parts = name.split("/")
    return len(parts) == 4 and parts[0] == "conv" and parts[3].startswith("threads:")


def build_threads(context, runs):
    """The threads table: conv/<layer>/<variant>/threads:<n> runs (simdconv = an ISA variant)."""
    layers, counts, isas = [], set(), []
    cells = {}  # (layer, engine, n) -> run dict
    for name, v in runs.items():
        if not is_threaded(name):
            continue
        _, layer, var, t = name.split("/")
        try:
            n = int(t[len("threads:"):])
        except ValueError:
            continue
        if var in ISAS:
            engine = "simdconv"
            if var not in isas:
                isas.append(var)
        elif var in THREAD_PEERS:
            engine = var
        else:
            continue
        if layer not in layers:
            layers.append(layer)
        counts.add(n)
        cells[(layer, engine, n)] = v
    counts = sorted(counts)
    engines = [e for e in ["simdconv"] + THREAD_PEERS if any(k[1] == e for k in cells)]
    base = 1 if 1 in counts else (counts[0] if counts else None)
    top = counts[-1] if counts else None

    def gf(layer, engine, n):
        c = cells.get((layer, engine, n))
        return None if c is None or c["error"] else c["gflops"]

    table = []
    for layer in layers:
        row = {"layer": layer}
        for e in engines:
            for n in counts:
                c = cells.get((layer, e, n))
                row[(e, n)] = "ERR" if c is not None and c["error"] else gf(layer, e, n)
            if top != base:
                a, b = gf(layer, e, top), gf(layer, e, base)
                row[("scaling", e)] = a / b if a and b else None
        if "xnnpack" in engines and "simdconv" in engines:
            a, b = gf(layer, "simdconv", top), gf(layer, "xnnpack", top)
            row["vs_xnnpack"] = a / b if a and b else None
        table.append(row)
    return {"layers": layers, "counts": counts, "engines": engines, "isas": isas, "base": base, "top": top,
            "cells": cells, "table": table}


def markdown_threads(context, runs, t, peaks=None):
    """The threads table as markdown (peaks: also the FMA-peak line, when there is no main table)."""
    counts, engines, base, top = t["counts"], t["engines"], t["base"], t["top"]
    isa = ",".join(t["isas"]) or context.get("simdconv_best_isa", "?")
    title = {"simdconv": f"simdconv ({isa})"}
    title.update(PEER_TITLES)
    cols = [(e, n) for e in engines for n in counts]
    ratio_cols = []
    if top != base:
        ratio_cols += [(("scaling", e), f"{title[e].split(' (')[0]} {top}t/{base}t") for e in engines]
    if "xnnpack" in engines and "simdconv" in engines:
        ratio_cols.append(("vs_xnnpack", f"simdconv / XNNPACK {top}t"))
    head = ["layer"] + [f"{title[e]} {n}t" for e, n in cols] + [h for _, h in ratio_cols]
    lines = ["## threads", ""] + context_lines(
        context, ("bench_threads", "simdconv_best_isa", "simdconv_threads", "threaded_peers", "onednn_threads",
                  "xnnpack_threads"), peaks)
    if peaks is not None:
        lines += header_lines(context)  # no single-thread table above: the header goes here
    lines.append("GFLOP/s = 2 x nominal MACs (padded taps included) per wall-clock second on n threads "
                 "(conv/<layer>/<variant>/threads:<n>), median; simdconv: simdconv_conv2d_run_parallel on a "
                 "pthreadpool, XNNPACK: the same pool, oneDNN: OpenMP. "
                 + (f"{top}t/{base}t: GFLOP/s at {top} threads / at {base}." if top != base else ""))
    lines.append("")
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")

    def starved(layer, e, n):
        c = t["cells"].get((layer, e, n))
        return c is not None and not c["error"] and c.get("cpu_util") is not None and c["cpu_util"] < 0.9 * n

    def row_cells(r):
        out = [r["layer"]]
        for c in cols:
            v = r.get(c)
            out.append("ERR" if v == "ERR" else fmt(v) + (" *" if starved(r["layer"], *c) else ""))
        out += [fmt(r.get(k), "x") for k, _ in ratio_cols]
        return out

    for r in t["table"]:
        lines.append("| " + " | ".join(row_cells(r)) + " |")
    real_rows, geo_label, real = geo_rows(context, t["table"])
    summary = None
    if real_rows:
        g = {"layer": f"**geomean ({geo_label})**"}
        for k in cols + [k for k, _ in ratio_cols]:
            vals = [r.get(k) for r in real_rows]
            ok = all(isinstance(v, (int, float)) and v > 0 for v in vals)
            g[k] = geomean(vals) if ok else None
        lines.append("| " + " | ".join(row_cells(g)) + " |")
        parts = []
        for e in engines:
            p = f"{title[e]} " + ", ".join(f"{n}t {fmt(g[(e, n)])}" for n in counts)
            if top != base:
                p += f" ({top}t/{base}t {fmt(g[('scaling', e)], 'x')})"
            parts.append(p)
        if "vs_xnnpack" in g:
            parts.append(f"simdconv / XNNPACK at {top}t {fmt(g['vs_xnnpack'], 'x')}")
        summary = "threads, geomean over {} {}layer{} (GFLOP/s): ".format(
            len(real_rows), "" if user_layers(context) else "real ", "s" if len(real_rows) > 1 else "") + "; ".join(parts)
        if len(real_rows) < len(real):
            summary += f" (only {len(real_rows)} of {len(real)} {'' if user_layers(context) else 'real '}layers in this run)"
    lines.append("")
    utils = {}
    for (layer, e, n), c in t["cells"].items():
        if c.get("cpu_util") and not c["error"]:
            utils.setdefault((e, n), []).append(c["cpu_util"])
    if utils:
        lines.append("cpu_util (process CPU seconds / wall-clock seconds; spin-waiting threads count as busy), "
                     "median over layers: " + "; ".join(
                         f"{title[e].split(' (')[0]} " + ", ".join(
                             f"{n}t {statistics.median(utils[(e, n)]):.2f}" for n in counts if (e, n) in utils)
                         for e in engines) + "  ")
        if any(starved(layer, e, n) for (layer, e, n) in t["cells"]):
            lines.append("\\* the case got fewer CPUs than threads (cpu_util < 0.9 x threads): other work "
                         "shared its CPUs, its wall-clock GFLOP/s (and the scaling) are understated.  ")
        short = sorted({n for (e, n), u in utils.items() if statistics.median(u) < 0.9 * n})
        if short:
            lines.append("Note: at " + ", ".join(f"{n}" for n in short) + " thread(s) the process got fewer CPUs "
                         "than threads (median cpu_util < 0.9 x threads): the machine was busy, wall-clock "
                         "GFLOP/s there are low and the scaling understated.  ")
    labels = {}
    for (layer, e, n), c in t["cells"].items():
        if c["label"]:
            labels.setdefault(e, {}).setdefault(c["label"], set()).add(layer)
    for e, d in labels.items():
        lines.append(f"{title[e]} implementations (threaded): " +
                     "; ".join(f"`{lab}` ({len(ls)} layer{'s' if len(ls) > 1 else ''})" for lab, ls in d.items())
                     + "  ")
    return finish(lines, runs, summary)


def is_residual(name):
    """conv/<layer>/residual[_unfused] and block/<name>/<fused|unfused>[/threads:<n>] (residual.c)."""
    parts = name.split("/")
    return (len(parts) == 3 and parts[0] == "conv" and parts[2] in ("residual", "residual_unfused")) or \
        (parts[0] == "block" and len(parts) in (3, 4) and parts[2] in ("fused", "unfused"))


def build_residual(context, runs, rpairs=None):
    """Rows of the fused-residual table: per layer (conv/<layer>/residual vs .../residual_unfused),
    then per block and clock (block/<name>/fused vs .../unfused, single-thread CPU seconds, then
    threads:<n> wall clock): fused and unfused GFLOP/s, fused / unfused (medians), and the pairs
    run's median of per-round ratios where it measured the same case."""
    rows, order = {}, []
    for name, v in runs.items():
        if not is_residual(name):
            continue
        parts = name.split("/")
        if parts[0] == "conv":
            key = (parts[1], "1", parts[1], 1)
            side = "fused" if parts[2] == "residual" else "unfused"
        else:
            t = parts[3][len("threads:"):] if len(parts) == 4 and parts[3].startswith("threads:") else None
            key = ("block/" + parts[1], f"{t} (wall)" if t else "1", "block/" + parts[1], int(t) if t else 1)
            if t == "1":
                key = key[:3] + (None,)  # the pairs run's 1-thread row is the single-thread case's
            side = parts[2]
        if key not in rows:
            rows[key] = {}
            order.append(key)
        rows[key][side] = v
    table = []
    for key in order:
        case, threads, pair_case, pair_threads = key
        r = rows[key]

        def gf(side):
            c = r.get(side)
            return None if c is None or c["error"] else c["gflops"]

        f, u = gf("fused"), gf("unfused")
        paired = (rpairs or {}).get((pair_case, pair_threads)) if pair_threads is not None else None
        table.append({"case": case, "threads": threads, "fused": "ERR" if r.get("fused", {}).get("error") else f,
                      "unfused": "ERR" if r.get("unfused", {}).get("error") else u,
                      "ratio": f / u if f and u else None, "paired": paired,
                      "block": case.startswith("block/")})
    return table


def markdown_residual(context, runs, table, with_header=False):
    """The fused-residual table (and, with_header, the CPU lines: no table above it)."""
    paired = any(r["paired"] for r in table)
    lines = ["## fused residual", ""]
    if with_header:
        lines += header_lines(context)
    lines.append("y = relu(conv + bias + residual). fused: `simdconv_conv2d_run_ex` with the residual (added in "
                 "registers before the relu); unfused: `simdconv_conv2d_run` (no activation) + a separate "
                 "y = relu(y + r) pass compiled -O3 -march=native. simdconv " +
                 str(context.get("simdconv_best_isa", "(best ISA)")) + ". GFLOP/s: the convolutions' nominal "
                 "FLOPs per second, median (threads 1: CPU seconds, one CPU; n (wall): threads:<n>, wall clock). "
                 "fused / unfused: ratio of the medians" +
                 ("; paired: the pairs run's median of per-round ratios (30 ms turns in one process), "
                  "with its quartiles; fused / no residual: against the same convolution with relu and no residual "
                  "(< 1: what the fused add costs)." if paired else "."))
    lines.append("")
    head = ["case", "threads", "fused GFLOP/s", "unfused GFLOP/s", "fused / unfused"] + \
        (["paired fused / unfused", "paired q1 - q3", "paired fused / no residual"] if paired else [])
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|---|---:|" + "---:|" * (len(head) - 2))

    def cells(r):
        out = [r["case"], r["threads"]] + ["ERR" if r[k] == "ERR" else fmt(r[k]) for k in ("fused", "unfused")]
        out.append(fmt(r["ratio"], "x3"))
        if paired:
            p = r["paired"]
            out += [fmt(p["ratio"], "x3") if p else "–", p["q"] if p else "",
                    fmt(p.get("floor"), "x3") if p else "–"]
        return out

    for r in table:
        lines.append("| " + " | ".join(cells(r)) + " |")
    layer_rows = [r for r in table if not r["block"]]
    real_rows, geo_label, _ = geo_rows(context, [dict(r, layer=r["case"]) for r in layer_rows])
    summary = None
    g = None
    if real_rows:
        vals = [r["ratio"] for r in real_rows]
        g = geomean(vals) if all(vals) else None
        lines.append("| " + " | ".join([f"**geomean ({geo_label})**", "1", "", "", fmt(g, "x3")] +
                                       (["", "", ""] if paired else [])) + " |")
    parts = []
    for r in table:
        if r["case"] == "resnet_2_1x1" or r["block"]:
            p = r["paired"]
            tl = r["threads"].replace(" (wall)", "t wall") if "wall" in r["threads"] else r["threads"] + "t"
            parts.append(f"{r['case']} {tl} {fmt(r['ratio'], 'x3')}" +
                         (f" (paired {fmt(p['ratio'], 'x3')})" if p else ""))
    if g:
        parts.append(f"geomean over {len(real_rows)} layers {fmt(g, 'x3')}")
    if parts:
        summary = "fused / unfused: " + "; ".join(parts)
    lines.append("")
    return finish(lines, runs, summary)


def load_networks(path):
    """The JSON of simdconv_bench --networks (networks.c)."""
    with open(path) as f:
        return json.load(f)


# simdconv's best ISA with SIMDCONV_ALGORITHM_FASTEST in the network runs (networks.c)
NET_FASTEST = "fastest"
# n-thread network runs: simdconv's best ISA on one thread, in the same rounds (networks.c), so that
# the n-thread / 1-thread scaling is paired in one process
NET_ONE_THREAD = "one_thread"


def net_title(i):
    return {NET_FASTEST: "FASTEST", NET_ONE_THREAD: "DEFAULT 1 thread"}.get(i, PEER_TITLES.get(i, i))


def net_impls(doc):
    """The implementations of a networks run in the tables' order: simdconv ISAs (ISAS order), FASTEST,
    then peers."""
    impls = doc.get("context", {}).get("impls", [])
    own = (NET_FASTEST, NET_ONE_THREAD)
    return [i for i in ISAS if i in impls] + [i for o in own for i in impls if i == o] + \
        [i for i in impls if i not in ISAS and i not in own]


def build_networks(doc):
    """Per network: totals per implementation (sum over its layers of median seconds x count; None when
    a layer of it failed or is missing), GFLOP/s, simdconv (best ISA) / peer as ratios of the totals,
    the paired ratios (median over rounds of peer total / simdconv total, each round's totals over the
    same rounds of every layer), the median cpu_util (threaded runs); and a row per layer."""
    ctx = doc.get("context", {})
    best = ctx.get("simdconv_best_isa")
    impls = net_impls(doc)
    peers = [i for i in impls if i not in ISAS and i not in (NET_FASTEST, NET_ONE_THREAD)]
    nets = []
    for nw in doc.get("networks", []):
        total = {i: 0.0 for i in impls}
        fastest = {i: 0.0 for i in impls}  # sum of each layer's fastest round x count
        rounds = {i: None for i in impls}
        utils = {i: [] for i in impls}
        flops = convs = 0
        layers = []
        errors = []
        for l in nw.get("layers", []):
            cnt = l.get("count", 1)
            flops += l["flops"] * cnt
            convs += cnt
            med = {}
            for i in impls:
                ts = l.get("times", {}).get(i)
                if i in l.get("errors", {}) or not ts:
                    total[i] = fastest[i] = None
                    rounds[i] = []
                    continue
                med[i] = statistics.median(ts)
                if total[i] is not None:
                    total[i] += med[i] * cnt
                    fastest[i] += min(ts) * cnt
                if rounds[i] is None:
                    rounds[i] = [0.0] * len(ts)
                if rounds[i]:
                    n = min(len(rounds[i]), len(ts))
                    rounds[i] = [rounds[i][r] + ts[r] * cnt for r in range(n)]
                if i in l.get("cpu_util", {}):
                    utils[i].append(l["cpu_util"][i])
            for i, e in l.get("errors", {}).items():
                errors.append(f"{nw['name']}/{l['name']}/{i}: {e}")
            layers.append({"network": nw["name"], "name": l["name"], "spec": l.get("spec", ""), "count": cnt,
                           "flops": l["flops"], "med": med, "labels": l.get("labels", {})})
        row = {"name": nw["name"], "flops": flops, "convs": convs, "nlayers": len(layers), "total": total,
               "fastest": fastest,
               "gflops": {i: flops / t * 1e-9 if t else None for i, t in total.items()}, "layers": layers,
               "errors": errors, "util": {i: statistics.median(u) for i, u in utils.items() if u}}

        def ratios(side, p):
            """the total of p over side's (> 1: side faster), and the paired one"""
            tb, tp = total.get(side), total.get(p)
            rb, rp = rounds.get(side) or [], rounds.get(p) or []
            n = min(len(rb), len(rp))
            return (tp / tb if tb and tp else None,
                    statistics.median(rp[r] / rb[r] for r in range(n)) if n and all(rb[:n]) else None)

        for p in peers:
            row[("ratio", p)], row[("paired", p)] = ratios(best, p)
        # the scaling: DEFAULT's 1-thread total over its n-thread total, and paired round by round
        row["scaling"], row["scaling_paired"] = ratios(best, NET_ONE_THREAD) if NET_ONE_THREAD in impls else (None, None)
        if NET_FASTEST in impls:
            for p in peers + [best]:
                row[("fratio", p)], row[("fpaired", p)] = ratios(NET_FASTEST, p)
            # the layers FASTEST ran as Winograd (its label: a winograd_ registry row), and their FLOPs
            wl = [l for l in layers if str(l["labels"].get(NET_FASTEST, "")).startswith("winograd_")]
            row["wino_layers"] = len(wl)
            row["wino_convs"] = sum(l["count"] for l in wl)
            row["wino_flops"] = sum(l["flops"] * l["count"] for l in wl)
        nets.append(row)
    return {"nets": nets, "impls": impls, "peers": peers, "best": best, "fastest": NET_FASTEST in impls,
            "threads": ctx.get("threads", 0), "peak": ctx.get("peak_gflops") or None,
            "rounds": ctx.get("rounds"), "slice_ms": ctx.get("slice_ms"), "context": ctx}


def markdown_networks(nt, with_header=False):
    """A networks table (one thread count) and the layers furthest below oneDNN."""
    ctx, impls, peers, best = nt["context"], nt["impls"], nt["peers"], nt["best"]
    n = nt["threads"] or 1
    tl = f"{n} thread{'s' if n > 1 else ''}"
    lines = [f"## networks, {tl}", ""]
    if with_header:
        lines += header_lines(ctx)
    clock = ("process CPU seconds, one CPU" if not nt["threads"] else
             f"wall-clock seconds; simdconv: simdconv_conv2d_run_parallel on a pthreadpool of {n}, XNNPACK: the "
             f"same pool, oneDNN: {n} OpenMP threads; each implementation runs its rounds in blocks, each after a "
             f"{ctx.get('thread_pause_ms', '?')} ms pause and {ctx.get('thread_warm_ms', '?')} ms of untimed runs, "
             f"as the workers of one runtime spin long enough to hold a CPU in the next one's turn; the rounds "
             f"dealt over {ctx.get('thread_passes', '?')} passes, so that a stall of the machine through one block "
             f"cannot set a median")
    others = [i for i in impls if i in ISAS and i != best]
    fast = nt.get("fastest")
    scaled = NET_ONE_THREAD in impls  # n threads: the paired scaling columns
    side = "DEFAULT" if fast else "simdconv"  # the title of simdconv best's ratio columns
    lines.append(f"Batch 1, every conv layer of each network (its file: bench/networks/NAME.txt, or --network FILE), "
                 f"fp32 NHWC. ms: the network's "
                 f"convolutions, the sum over its distinct layers of the layer's median time x the times it occurs "
                 f"({clock}; {nt['rounds']} interleaved rounds of {fmt(nt['slice_ms'])} ms turns per layer"
                 + (f", {', '.join(others)}: {min(nt['rounds'] or 0, 3)}" if others else "") +
                 "). GFLOP/s: the network's conv FLOPs (the direct convolution's, whatever the algorithm) over that "
                 f"time. {side} / peer: the peer's total time over simdconv {best}'s (> 1: simdconv faster); "
                 f"paired: the median over rounds of that ratio of the round's totals (every layer's implementations "
                 f"took turns in one process)." +
                 (f" {side} {n} threads / 1: the scaling, DEFAULT's total on 1 thread (its rounds taken in the same "
                  f"blocks, on the wall clock, the {n}-thread workers asleep) over its total on {n}; paired: the "
                  f"median of the rounds' ratios (separate 1- and {n}-thread runs drift apart with the machine's "
                  f"load)." if scaled else "") +
                 (f" % peak: GFLOP/s over {n} x the FMA peak of one core ({best} {fmt(nt['peak'])} GFLOP/s, "
                  f"measured in the same run): how much room any direct convolution has left." if nt["peak"] else "") +
                 (f" {best} = simdconv's DEFAULT plans (direct convolution); FASTEST = simdconv {best} with "
                  "SIMDCONV_ALGORITHM_FASTEST (Winograd where the library's rule says it is faster, direct "
                  "elsewhere; outputs checked with the Winograd bound), every round like DEFAULT; FASTEST / X: X's "
                  "total time over FASTEST's; Winograd: the distinct layers (convs) FASTEST ran as Winograd and "
                  "their share of the FLOPs." if fast else ""))
    lines.append("")
    rated = [i for i in impls if i == best or i in peers or i == NET_FASTEST]  # with GFLOP/s (and % peak)
    pk = rated if nt["peak"] else []
    head = ["network", "convs", "GFLOP"] + [f"{net_title(i)} ms" for i in impls] + \
        [f"{net_title(i)} GFLOP/s" for i in rated] + [f"{net_title(i)} % peak" for i in pk]
    for p in peers:
        head += [f"{side} / {PEER_TITLES.get(p, p)}", "paired"]
    if scaled:
        head += [f"{side} {n} threads / 1", "paired"]
    if fast:
        for p in peers:
            head += [f"FASTEST / {PEER_TITLES.get(p, p)}", "paired"]
        head += ["FASTEST / DEFAULT", "paired", "Winograd"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|---|" + "---:|" * (len(head) - 1 - (1 if fast else 0)) + ("---|" if fast else ""))

    def ms(v):
        return "ERR" if v is None else (f"{v * 1e3:.1f}" if v * 1e3 >= 10 else f"{v * 1e3:.2f}")

    for r in nt["nets"]:
        cells = [r["name"], str(r["convs"]), f"{r['flops'] * 1e-9:.3f}"] + [ms(r["total"][i]) for i in impls]
        cells += [fmt(r["gflops"][i]) for i in rated]
        cells += [fmt(100 * r["gflops"][i] / (n * nt["peak"]) if r["gflops"][i] else None, "pct") for i in pk]
        for p in peers:
            cells += [fmt(r[("ratio", p)], "x3"), fmt(r[("paired", p)], "x3")]
        if scaled:
            cells += [fmt(r["scaling"], "x3"), fmt(r["scaling_paired"], "x3")]
        if fast:
            for p in peers + [best]:
                cells += [fmt(r[("fratio", p)], "x3"), fmt(r[("fpaired", p)], "x3")]
            cells.append(f"{r['wino_layers']} of {r['nlayers']} ({r['wino_convs']} of {r['convs']}), "
                         f"{100 * r['wino_flops'] / r['flops']:.0f} %" if r["flops"] else "–")
        lines.append("| " + " | ".join(cells) + " |")
    ok = [r for r in nt["nets"] if all(r[("paired", p)] for p in peers)]
    fok = [r for r in nt["nets"] if fast and all(r[("fpaired", p)] for p in peers + [best])]
    summary = None
    if len(ok) > 1:
        g = {p: geomean([r[("ratio", p)] for r in ok]) for p in peers}
        gp = {p: geomean([r[("paired", p)] for r in ok]) for p in peers}
        cells = [f"**geomean ({len(ok)} networks)**", "", ""] + [""] * len(impls) + \
            [""] * len(rated) + [""] * len(pk)
        for p in peers:
            cells += [fmt(g[p], "x3"), fmt(gp[p], "x3")]
        # the scaling's geomeans: where every network of the row has both scalings
        sc = [r for r in ok if r["scaling"] and r["scaling_paired"]] if scaled else []
        sc_all = scaled and len(sc) == len(ok)
        if scaled:
            cells += [fmt(geomean([r["scaling"] for r in sc]), "x3") if sc_all else "",
                      fmt(geomean([r["scaling_paired"] for r in sc]), "x3") if sc_all else ""]
        if fast:
            fg = {p: geomean([r[("fratio", p)] for r in fok]) if len(fok) == len(ok) else None for p in peers + [best]}
            fgp = {p: geomean([r[("fpaired", p)] for r in fok]) if len(fok) == len(ok) else None
                   for p in peers + [best]}
            for p in peers + [best]:
                cells += [fmt(fg[p], "x3"), fmt(fgp[p], "x3")]
            cells.append("")
        lines.append("| " + " | ".join(cells) + " |")
        summary = f"networks, {tl}, simdconv {best}: " + "; ".join(
            f"{r['name']} {ms(r['total'].get(best))} ms" for r in nt["nets"]) + "; geomean " + ", ".join(
            f"{side} / {PEER_TITLES.get(p, p)} {fmt(g[p], 'x3')} (paired {fmt(gp[p], 'x3')})" for p in peers)
        if sc_all:
            summary += f"; {side} {n} threads / 1 thread, paired: " + ", ".join(
                f"{r['name']} {fmt(r['scaling_paired'], 'x3')}" for r in sc)
        if fast and len(fok) == len(ok):
            summary += "; FASTEST: " + "; ".join(
                f"{r['name']} {ms(r['total'].get(NET_FASTEST))} ms" for r in nt["nets"]) + "; geomean " + ", ".join(
                f"FASTEST / {PEER_TITLES.get(p, p) if p != best else 'DEFAULT'} {fmt(fg[p], 'x3')} "
                f"(paired {fmt(fgp[p], 'x3')})" for p in peers + [best])
    lines.append("")
    # (cpu_util, in the JSON, is not reported: over 3 ms turns it is too coarse, other threads' CPU time
    # being accounted late)
    # the layers furthest below oneDNN (or the first peer)
    ref = "onednn" if "onednn" in peers else (peers[0] if peers else None)
    if ref and best:
        rows = []
        for r in nt["nets"]:
            for l in r["layers"]:
                if best in l["med"] and ref in l["med"] and l["med"][best] > 0:
                    rows.append((l["med"][ref] / l["med"][best], l))
        rows.sort(key=lambda x: x[0])
        if rows:
            lines += ["", f"The 10 layers where simdconv {best} is furthest below {PEER_TITLES.get(ref, ref)} ({tl}; "
                      f"ratio < 1: simdconv slower; share: of simdconv's network time):", "",
                      f"| network | layer | shape | count | simdconv {best} ms | " +
                      " | ".join(f"{PEER_TITLES.get(p, p)} ms" for p in peers) +
                      f" | simdconv / {PEER_TITLES.get(ref, ref)} | share | simdconv kernel |",
                      "|---|---|---|---:|---:|" + "---:|" * len(peers) + "---:|---:|---|"]
            for ratio, l in rows[:10]:
                net = next(r for r in nt["nets"] if r["name"] == l["network"])
                tb = net["total"].get(best)
                shape = ",".join(x for x in l["spec"].split(",") if not x.startswith(("name=", "d=1x1", "act=none",
                                                                                      "n=1", "count=")))
                lines.append(f"| {l['network']} | {l['name']} | `{shape}` | {l['count']} | "
                             f"{l['med'][best] * 1e3:.3f} | " +
                             " | ".join(f"{l['med'][p] * 1e3:.3f}" if p in l["med"] else "–" for p in peers) +
                             f" | {ratio:.3f} | " +
                             (f"{100 * l['med'][best] * l['count'] / tb:.1f} %" if tb else "–") +
                             f" | {l['labels'].get(best, '')} |")
    errors = [e for r in nt["nets"] for e in r["errors"]]
    lines += [f"ERROR {e}  " for e in errors]
    if summary:
        lines += ["", summary]
    return "\n".join(lines) + "\n", errors


def markdown_scaling(nets):
    """Per thread count n > 1 with a 1-thread run of the same networks: each implementation's network
    time on 1 thread over n threads, from the median totals and from the fastest-round totals (each
    layer's fastest round: a stall of the machine that sets a sub-millisecond layer's median, as on a
    many-core VM, does not set its fastest round), and simdconv / peer from the fastest-round totals."""
    one = next((nt for nt in nets if not nt["threads"]), None)
    many = [nt for nt in nets if nt["threads"] and nt["threads"] > 1]
    if one is None or not many:
        return ""
    base = {r["name"]: r for r in one["nets"]}
    lines = []
    for nt in many:
        n, best, peers = nt["threads"], nt["best"], nt["peers"]
        impls = [best] + peers
        title = {i: f"simdconv {i}" if i == best else net_title(i) for i in impls}
        lines += [f"## networks, {n} threads over 1 thread", "",
                  f"Network time on 1 thread over {n} threads (> 1: faster on {n}), per implementation: from the "
                  "median totals of the two tables, and (fastest) from the sums of each layer's fastest round on "
                  "1 and on n threads; simdconv / peer on n threads from the fastest-round totals (the median's "
                  "ratios are in the table above). The fastest rounds stand where the machine stalled some rounds "
                  "of the parallel runs: a stall of a few ms sets the median of a layer of tens of microseconds.",
                  "",
                  "| network | " + " | ".join(f"{title[i]} {n}t/1t | (fastest)" for i in impls) + " | " +
                  " | ".join(f"{n}t simdconv / {title[p]} (fastest)" for p in peers) + " |",
                  "|---|" + "---:|" * (2 * len(impls) + len(peers))]
        for r in nt["nets"]:
            b = base.get(r["name"])
            if b is None:
                continue
            cells = [r["name"]]
            for i in impls:
                for key in ("total", "fastest"):
                    t1, tn = b[key].get(i), r[key].get(i)
                    cells.append(fmt(t1 / tn if t1 and tn else None, "x"))
            for p in peers:
                tb, tp = r["fastest"].get(best), r["fastest"].get(p)
                cells.append(fmt(tp / tb if tb and tp else None, "x3"))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def network_panel(ax, nt, cmap, cols):
    """One panel: GFLOP/s of each network per implementation (one thread count)."""
    impls, nets = [i for i in nt["impls"] if i != NET_ONE_THREAD], nt["nets"]
    width = 0.8 / max(len(impls), 1)
    for k, i in enumerate(impls):
        xs, ys = [], []
        for j, r in enumerate(nets):
            v = r["gflops"].get(i)
            if v:
                xs.append(j - 0.4 + width * (k + 0.5))
                ys.append(v)
        hatch = "//" if i not in ISAS and i != NET_FASTEST else None
        color = cmap(cols.index(i) % 10) if i in cols else cmap((len(cols) + k) % 10)
        ax.bar(xs, ys, width, label=net_title(i), color=color, hatch=hatch,
               edgecolor="white" if hatch else None, linewidth=0)
        for x, y in zip(xs, ys):
            if i in (nt["best"], NET_FASTEST):
                ax.annotate(f"{y:.0f}", (x, y), ha="center", va="bottom", fontsize=7)
    n = nt["threads"] or 1
    ax.set_title(f"networks, batch 1, {n} thread{'s' if n > 1 else ''}: conv GFLOP/s (sum of layer time x count)",
                 fontsize=10)
    ax.set_xticks(range(len(nets)))
    ax.set_xticklabels([r["name"] for r in nets], rotation=20, ha="right")
    ax.set_xlim(-0.6, len(nets) - 0.4)
    vals = [v for r in nets for v in r["gflops"].values() if v]
    if vals:
        ax.set_ylim(0, max(vals) * 1.3)
    ax.set_ylabel("GFLOP/s")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(ncol=min(len(impls), 6), fontsize=8, loc="upper left")


# A registry kernel name, "<kind>_<isa>_<MR>x<NR>" (simdconv.h), for results without "simdconv_kernels".
KERNEL_NAME = re.compile(r"^[a-z0-9]+_[a-z0-9]+_[0-9]+x[0-9]+$")


def is_kernel_case(name, context=None):
    """conv/<layer>/<kernel> and conv/<layer>/measure (simdconv_bench --kernels)."""
    parts = name.split("/")
    if len(parts) != 3 or parts[0] != "conv":
        return False
    known = str((context or {}).get("simdconv_kernels", "")).split(",")
    return parts[2] == "measure" or parts[2] in known or bool(KERNEL_NAME.match(parts[2]))


def build_kernels(context, runs):
    """The kernels table: per layer that has conv/<layer>/<kernel> or .../measure cases, the
    candidates' cells, DEFAULT (conv/<layer>/<best isa>) and MEASURE (conv/<layer>/measure)."""
    best_isa = context.get("simdconv_best_isa")
    known = [k for k in str(context.get("simdconv_kernels", "")).split(",") if k]
    layers, kernels, cells = [], [], {}
    for name, v in runs.items():
        parts = name.split("/")
        if len(parts) != 3 or parts[0] != "conv":
            continue
        layer, var = parts[1], parts[2]
        if var == best_isa:
            cells[(layer, "DEFAULT")] = v
        elif var == "measure":
            cells[(layer, "MEASURE")] = v
        elif is_kernel_case(name, context):
            cells[(layer, var)] = v
            if var not in kernels:
                kernels.append(var)
        else:
            continue
        if var != best_isa and layer not in layers:
            layers.append(layer)
    # registry order (the context's list), then any others in the order seen
    kernels = [k for k in known if k in kernels] + [k for k in kernels if k not in known]

    def gf(layer, var):
        c = cells.get((layer, var))
        return None if c is None or c["error"] else c["gflops"]

    table = []
    for layer in layers:
        row = {"layer": layer, "cands": {}}
        for k in kernels:
            c = cells.get((layer, k))
            if c is not None:
                row["cands"][k] = "ERR" if c["error"] else c["gflops"]
        for who in ("DEFAULT", "MEASURE"):
            c = cells.get((layer, who))
            row[who] = "ERR" if c is not None and c["error"] else gf(layer, who)
            row[who + "_kernel"] = c["label"] if c is not None and not c["error"] else None
            row[who + "_create"] = c.get("create_ms") if c is not None and not c["error"] else None
        ok = {k: v for k, v in row["cands"].items() if isinstance(v, (int, float)) and v > 0}
        row["best"] = max(ok, key=ok.get) if ok else None
        d, m = gf(layer, "DEFAULT"), gf(layer, "MEASURE")
        row["best_vs_default"] = ok[row["best"]] / d if ok and d else None
        row["measure_vs_default"] = m / d if m and d else None
        table.append(row)
    return {"layers": layers, "kernels": kernels, "table": table, "isa": best_isa}


def markdown_kernels(context, runs, kt):
    """The kernels table as markdown, with the CPU lines and the peaks above it."""
    kernels, table = kt["kernels"], kt["table"]
    peaks = {n.split("/")[1]: v for n, v in runs.items() if n.startswith("peak/") and n.count("/") == 1}
    lines = ["## kernels", ""] + context_lines(context, ("date", "host_name", "simdconv_isas", "simdconv_best_isa",
                                                         "simdconv_kernels"), peaks)
    lines += header_lines(context)
    lines.append(f"simdconv {kt['isa'] or '(best ISA)'}, single thread, GFLOP/s per CPU second (median). Kernel "
                 "columns: conv/<layer>/<kernel>, that registry kernel forced (create_ex options.kernel; – where "
                 "it cannot compute the layer); D: the kernel DEFAULT runs (conv/<layer>/<isa>), M: the one "
                 "MEASURE kept (conv/<layer>/measure). best / DEFAULT: the fastest candidate's GFLOP/s over "
                 "DEFAULT's; create ms: wall-clock milliseconds of the create call, DEFAULT / MEASURE.")
    lines.append("")
    head = ["layer"] + kernels + ["DEFAULT", "MEASURE", "best", "best / DEFAULT", "MEASURE / DEFAULT",
                                  "create ms D / M"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")

    def ms(v):
        return "–" if v is None else (f"{v:.1f}" if v >= 1 else f"{v:.3f}")

    def row_cells(r):
        out = [r["layer"]]
        if "DEFAULT" not in r:  # the geomean row: the ratios only
            return out + [""] * (len(kernels) + 3) + [fmt(r.get("best_vs_default"), "x3"),
                                                      fmt(r.get("measure_vs_default"), "x3"), ""]
        for k in kernels:
            v = r["cands"].get(k)
            if v is None:
                out.append("–")
                continue
            mark = ("D" if r.get("DEFAULT_kernel") == k else "") + ("M" if r.get("MEASURE_kernel") == k else "")
            out.append(("ERR" if v == "ERR" else fmt(v)) + (" " + mark if mark else ""))
        for who in ("DEFAULT", "MEASURE"):
            out.append("ERR" if r.get(who) == "ERR" else fmt(r.get(who)))
        out += [r.get("best") or "–", fmt(r.get("best_vs_default"), "x3"), fmt(r.get("measure_vs_default"), "x3"),
                f"{ms(r.get('DEFAULT_create'))} / {ms(r.get('MEASURE_create'))}"]
        return out

    for r in table:
        lines.append("| " + " | ".join(row_cells(r)) + " |")
    real_rows, geo_label, real = geo_rows(context, table)
    summary = None
    if real_rows:
        g = {"layer": f"**geomean ({geo_label})**", "cands": {}}
        for k in ("best_vs_default", "measure_vs_default"):
            vals = [r[k] for r in real_rows]
            g[k] = geomean(vals) if all(vals) else None
        lines.append("| " + " | ".join(row_cells(g)) + " |")
        n = len(real_rows)
        d_best = sum(1 for r in real_rows if r["best"] and r["DEFAULT_kernel"] == r["best"])
        m_best = sum(1 for r in real_rows if r["best"] and r["MEASURE_kernel"] == r["best"])
        creates = [(r["MEASURE_create"], r["layer"]) for r in real_rows if r.get("MEASURE_create") is not None]
        summary = (f"kernels, geomean over {n} {'' if user_layers(context) else 'real '}layer{'s' if n > 1 else ''}: "
                   f"best candidate / DEFAULT {fmt(g['best_vs_default'], 'x3')}, MEASURE / DEFAULT "
                   f"{fmt(g['measure_vs_default'], 'x3')}; the fastest candidate was DEFAULT's kernel on {d_best} "
                   f"and MEASURE's on {m_best} of {n}")
        if creates:
            top = max(creates)
            summary += (f"; MEASURE's create: {sum(c for c, _ in creates):.0f} ms in all, median "
                        f"{statistics.median(c for c, _ in creates):.1f} ms, most {top[0]:.1f} ms ({top[1]})")
        if len(real_rows) < len(real):
            summary += f" (only {len(real_rows)} of {len(real)} {'' if user_layers(context) else 'real '}layers in this run)"
    lines.append("")
    return finish(lines, runs, summary)


def markdown_kernel_pairs(context, doc):
    """The paired section of kernels.md (simdconv_bench --kernel-pairs, impl_pairs.h): per layer,
    each forced kernel's GFLOP/s over DEFAULT's within a round, the median over rounds; the best
    kernel by that ratio and DEFAULT's distance to it. Returns (lines, summary or None)."""
    pctx = doc.get("context", {})
    isa = pctx.get("isa") or "(best ISA)"
    kernels = wino_list(pctx, "kernels")
    rounds, slice_ms = pctx.get("rounds"), pctx.get("slice_ms")
    quick = (rounds or 0) <= 1 or not slice_ms
    players = doc.get("layers", [])
    lines = [f"### paired: one process, {rounds} round{'s' if rounds != 1 else ''} in which DEFAULT and every "
             f"candidate kernel run for {fmt(slice_ms)} ms of CPU time each in turn (who goes first rotating); "
             "kernel / DEFAULT = the median over rounds of the round's ratio of GFLOP/s (> 1: the forced kernel "
             "faster); best: the kernel with the highest such ratio (DEFAULT's own kernel included, forced), "
             "DEFAULT / best its inverse" + (" (quick: a check of the mode, not a measurement)" if quick else ""), ""]
    present = [k for k in kernels if any(k in l.get("impls", []) for l in players)]
    head = ["layer", "DEFAULT runs", "DEFAULT GFLOP/s"] + [f"{k} / D" for k in present] + ["best", "DEFAULT / best"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|---|---|" + "---:|" * (len(present) + 1) + "---|---:|")
    rows = []
    for l in players:
        g = l.get("gflops", {})
        ratios = {k: pair_ratio(l, k, isa) for k in present if k in g}
        ratios = {k: v for k, v in ratios.items() if v is not None}
        best = max(ratios, key=ratios.get) if ratios else None
        d_vs_best = 1.0 / ratios[best] if best and ratios[best] > 0 else None
        med = statistics.median(g[isa]) if g.get(isa) else None
        label = l.get("labels", {}).get(isa, "–")
        cells = [l["name"], label, fmt(med)] + [
            "ERR" if k in l.get("errors", {}) else fmt(ratios.get(k), "x3") for k in present] + \
            [best or "–", fmt(d_vs_best, "x3")]
        lines.append("| " + " | ".join(cells) + " |")
        rows.append({"layer": l["name"], "d_vs_best": d_vs_best, "default_is_best": best == label})
    picked, geo_label, _ = geo_rows(dict(context, **{k: v for k, v in pctx.items() if k not in context}), rows)
    summary = None
    vals = [r["d_vs_best"] for r in picked]
    if picked and all(v is not None and v > 0 for v in vals):
        lines.append("| **geomean (" + geo_label + ")** | | | " + " | " * len(present) + "| " +
                     fmt(geomean(vals), "x3") + " |")
        within = sum(1 for v in vals if v >= 0.98)
        summary = (f"kernel pairs, {len(picked)} layers: DEFAULT / best forced kernel geomean {fmt(geomean(vals), 'x3')}, "
                   f"lowest {fmt(min(vals), 'x3')}; DEFAULT within 2 % of the best on {within} of {len(picked)}, "
                   f"its kernel the best on {sum(1 for r in picked if r['default_is_best'])}")
    lines.append("")
    return lines, summary


# ---- the Winograd mode (simdconv_bench --winograd, --winograd-pairs; bench/run.sh --winograd) ----

# The done-when for the Winograd set: winograd / oneDNN (paired) geomean and lowest layer.
WINO_GOAL_GEOMEAN = 1.8
WINO_GOAL_MIN = 1.3


def wino_short(name):
    """Column title of an implementation of the Winograd mode."""
    return {"winograd": "winograd", "fastest": "fastest"}.get(name, PEER_TITLES.get(name, name))


def wino_list(context, key):
    return [x for x in str(context.get(key, "")).split(",") if x]


def build_winograd(context, runs):
    """The Winograd cases of simdconv_bench --winograd: per layer of the context's "winograd_layers",
    {impl: run dict}, and the unsupported implementations ("winograd_unsupported": layer/impl)."""
    best = context.get("simdconv_best_isa")
    rows = wino_list(context, "winograd_kernels")
    layers = wino_list(context, "winograd_layers")
    unsupported = {}
    for x in wino_list(context, "winograd_unsupported"):
        layer, _, impl = x.partition("/")
        unsupported.setdefault(layer, set()).add(impl)
    cells = {}
    for name, v in runs.items():
        parts = name.split("/")
        if len(parts) == 3 and parts[0] == "conv":
            if parts[1] not in layers:
                layers.append(parts[1])
            cells[(parts[1], parts[2])] = v
    impls = ([best] if best else []) + ["winograd"] + rows + ["fastest"] + \
        [p for p in PEERS if any(k[1] == p for k in cells)]
    return {"layers": [l for l in layers if any(k[0] == l for k in cells) or l in unsupported],
            "impls": impls, "rows": rows, "best": best, "cells": cells, "unsupported": unsupported}


def load_winograd_pairs(path):
    """The JSON of simdconv_bench --winograd-pairs (winograd.c): per layer, every implementation's
    GFLOP/s per round; adds "ratio"(a, b): the median over rounds of a's GFLOP/s / b's."""
    with open(path) as f:
        doc = json.load(f)
    for l in doc.get("layers", []):
        g = l.get("gflops", {})
        l["median"] = {i: statistics.median(v) for i, v in g.items() if v}
    return doc


def pair_ratio(layer, a, b):
    """A paired run's (impl_pairs.h) ratio a / b: the median over rounds of the rounds' GFLOP/s ratios."""
    g = layer.get("gflops", {})
    ga, gb = g.get(a), g.get(b)
    if not ga or not gb:
        return None
    n = min(len(ga), len(gb))
    vals = [ga[r] / gb[r] for r in range(n) if gb[r] > 0]
    return statistics.median(vals) if vals else None


def markdown_winograd(context, runs, wt, pairs=None):
    """winograd.md: the paired ratios (against oneDNN, against XNNPACK), the paired GFLOP/s, the
    done-when line, then the Google Benchmark cases' GFLOP/s."""
    best, rows = wt["best"] or "(best ISA)", wt["rows"]
    pctx = (pairs or {}).get("context", {})
    ctx = dict(context)
    for k, v in pctx.items():
        ctx.setdefault(k, v)
    user = user_layers(ctx) or bool(pctx.get("user_layers"))
    geo_names = wino_list(ctx, "winograd_geomean_layers") or wino_list(pctx, "geomean_layers")
    peaks = {n.split("/")[1]: v for n, v in runs.items() if n.startswith("peak/") and n.count("/") == 1}
    lines = ["## winograd", ""] + context_lines(context, ("date", "host_name", "simdconv_isas", "simdconv_best_isa",
                                                          "peers", "onednn_version", "winograd_kernels"), peaks)
    lines += header_lines(ctx)
    skipped = wino_list(ctx, "winograd_skipped_layers") or wino_list(pctx, "skipped_layers")
    lines.append(
        f"Winograd F(m x m, 3x3) in simdconv {best}, single thread, against its direct convolution and the peers, on "
        "the Winograd set: the suite's 3x3 stride-1 layers with at least 4 channels per group, plus "
        "`wino_128x128x32` (bench/layers.md, \"Winograd set\"; with --layer: your layers that are Winograd layers)"
        + (f"; not Winograd layers, skipped: {', '.join(skipped)}" if skipped else "") + ". "
        "**GFLOP/s are effective: the direct convolution's nominal FLOPs (2 x MACs, padded taps included) per "
        "CPU second, whatever the algorithm computes** (Winograd does fewer multiplications; its GFLOP/s can pass "
        "the FMA peak). Implementations: `winograd` = create_ex options.algorithm WINOGRAD, the library's "
        "variant (DEFAULT tuning; which one: the \"winograd runs\" column); `winograd_fMxM_<isa>` = that registry "
        "row forced (options.kernel); `fastest` = algorithm FASTEST (Winograd where the library's rule says it is "
        f"faster, else direct); `direct` = conv/<layer>/{best} (algorithm DIRECT, DEFAULT). Outputs checked "
        "against simdconv's scalar kernel first: |y - ref| <= 1e-4 x (|bias| + sum|x||w|) + 1e-6 (the library's "
        "Winograd bound). `unsupported`: create_ex answered SIMDCONV_UNSUPPORTED. a / b > 1: a faster.")
    lines.append("")
    variants = ["winograd"] + rows + ["fastest", best]
    titles = {best: "direct"}
    errors = []
    summary = None

    def vt(i):
        return titles.get(i, wino_short(i))

    if pairs is not None:
        rounds, slice_ms = pctx.get("rounds"), pctx.get("slice_ms")
        players = pairs.get("layers", [])
        quick = (rounds or 0) <= 1 or not slice_ms
        turn = f"runs for {fmt(slice_ms)} ms of CPU time" if slice_ms else "runs once"
        lines.append(f"### paired: one process, {rounds} round{'s' if rounds != 1 else ''} in which every "
                     f"implementation {turn} in turn (who goes first rotating); "
                     "ratio = the median over rounds of the round's ratio of GFLOP/s" +
                     (" (quick: a check of the mode, not a measurement)" if quick else ""))
        lines.append("")

        def cell(layer, a, b):
            if a in layer.get("unsupported", []):
                return "unsupported"
            if a in layer.get("errors", {}) or b in layer.get("errors", {}):
                return "ERR"
            return fmt(pair_ratio(layer, a, b), "x3")

        def label(layer, i):
            if i in layer.get("unsupported", []):
                return "unsupported"
            return layer.get("labels", {}).get(i, "–") if i not in layer.get("errors", {}) else "ERR"

        geo_layers = [l for l in players if l["name"] in geo_names]
        use_geo = len(geo_layers) >= (2 if user else 1)
        verdict = None
        for ref in [p for p in ("onednn", "xnnpack") if any(p in l.get("impls", []) for l in players)]:
            rt = PEER_TITLES[ref]
            cols = [(i, ref) for i in variants] + ([("winograd", best), ("fastest", best)] if ref == "onednn" else [])
            head = ["layer"] + [f"{vt(a)} / {'direct' if b == best else rt}" for a, b in cols] + \
                (["winograd runs", "fastest runs"] if ref == "onednn" else [])
            lines.append(f"Against {rt} ({rt}'s direct convolution" + (", as the issue's done-when" if ref == "onednn"
                                                                         else "") + "):")
            lines.append("")
            lines.append("| " + " | ".join(head) + " |")
            lines.append("|---|" + "---:|" * (len(head) - 1 - (2 if ref == "onednn" else 0)) +
                         ("---|---|" if ref == "onednn" else ""))
            for l in players:
                out = [l["name"] + (" \\*" if l["name"] in geo_names and not user else "")]
                out += [cell(l, a, b) for a, b in cols]
                if ref == "onednn":
                    out += [label(l, "winograd"), label(l, "fastest")]
                lines.append("| " + " | ".join(out) + " |")
            if use_geo:
                g, lo = ["**geomean**"], ["lowest"]
                for a, b in cols:
                    vals = [pair_ratio(l, a, b) for l in geo_layers]
                    ok = all(v is not None and v > 0 for v in vals)
                    g.append(fmt(geomean(vals), "x3") if ok else "–")
                    lo.append(fmt(min(vals), "x3") if ok else "–")
                if ref == "onednn":
                    g += ["", ""]
                    lo += ["", ""]
                lines.append("| " + " | ".join(g) + " |")
                lines.append("| " + " | ".join(lo) + " |")
                if ref == "onednn":
                    vals = [(pair_ratio(l, "winograd", "onednn"), l["name"]) for l in geo_layers]
                    if all(v is not None and v > 0 for v, _ in vals):
                        gm = geomean([v for v, _ in vals])
                        low = min(vals)
                        verdict = (gm, low)
            lines.append("")
        if use_geo:
            names = ", ".join(l["name"] for l in geo_layers)
            lines.append(f"geomean and lowest: over {len(geo_layers)} layer{'s' if len(geo_layers) != 1 else ''} "
                         f"({names}{'' if user else '; marked *'}).")
            missing = [n for n in geo_names if n not in [l["name"] for l in geo_layers]]
            if missing:
                lines.append(f"(not in this run: {', '.join(missing)})")
            lines.append("")
        # paired GFLOP/s
        impls = []
        for l in players:
            for i in l.get("impls", []):
                if i not in impls:
                    impls.append(i)
        head = ["layer", "MFLOP"] + [vt(i) for i in impls]
        lines.append("Effective GFLOP/s (direct FLOPs per CPU second), median over the rounds:")
        lines.append("")
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|---|" + "---:|" * (len(head) - 1))
        for l in players:
            out = [l["name"], fmt(l["flops"] * 1e-6)]
            for i in impls:
                if i in l.get("unsupported", []):
                    out.append("unsupported")
                elif i in l.get("errors", {}):
                    out.append("ERR")
                else:
                    out.append(fmt(l["median"].get(i)))
            lines.append("| " + " | ".join(out) + " |")
        lines.append("")
        for l in players:
            for i, e in l.get("errors", {}).items():
                errors.append((f"winograd-pairs {l['name']}/{i}", e))
        if verdict and not user:
            gm, (lv, ln) = verdict
            met = gm >= WINO_GOAL_GEOMEAN and lv >= WINO_GOAL_MIN
            summary = (f"winograd / oneDNN (paired, {rounds} round{'s' if rounds != 1 else ''}), geomean over the {len(geo_layers)} done-when "
                       f"layers: {gm:.3f}x (goal >= {WINO_GOAL_GEOMEAN}x), lowest {lv:.3f}x on {ln} (goal >= "
                       f"{WINO_GOAL_MIN}x): {'met' if met else 'NOT met'}" +
                       (" (quick run: not a measurement)" if quick else ""))
        elif use_geo and not user:
            unsup = [l["name"] for l in geo_layers if "winograd" in l.get("unsupported", [])]
            summary = ("winograd / oneDNN: " + (f"unsupported on {', '.join(unsup)}" if unsup else
                                                "no ratio on every done-when layer (errors)") + ": NOT met")
        elif verdict:
            gm, (lv, ln) = verdict
            summary = (f"winograd / oneDNN (paired), geomean over your {len(geo_layers)} Winograd layers: {gm:.3f}x, "
                       f"lowest {lv:.3f}x on {ln}")
    # the Google Benchmark cases
    if wt["layers"]:
        impls = [i for i in wt["impls"] if any(k[1] == i for k in wt["cells"]) or
                 any(i in u for u in wt["unsupported"].values())]
        lines.append("### cases (Google Benchmark: conv/<layer>/<impl>, median GFLOP/s, effective)")
        lines.append("")
        ratio_cols = [(a, b) for a, b in (("winograd", "onednn"), ("fastest", "onednn"), (best, "onednn"),
                                          ("winograd", best)) if a in impls and b in impls]
        head = ["layer"] + [vt(i) for i in impls] + [f"{vt(a)} / {'direct' if b == best else vt(b)}"
                                                      for a, b in ratio_cols] + ["winograd runs"]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|---|" + "---:|" * (len(head) - 2) + "---|")

        def gf(layer, i):
            c = wt["cells"].get((layer, i))
            return None if c is None or c["error"] else c["gflops"]

        for layer in wt["layers"]:
            out = [layer]
            for i in impls:
                c = wt["cells"].get((layer, i))
                if i in wt["unsupported"].get(layer, ()):
                    out.append("unsupported")
                elif c is not None and c["error"]:
                    out.append("ERR")
                else:
                    out.append(fmt(gf(layer, i)))
            for a, b in ratio_cols:
                va, vb = gf(layer, a), gf(layer, b)
                out.append(fmt(va / vb if va and vb else None, "x3"))
            c = wt["cells"].get((layer, "winograd"))
            out.append((c or {}).get("label") or ("unsupported" if "winograd" in wt["unsupported"].get(layer, ())
                                                  else "–"))
            lines.append("| " + " | ".join(out) + " |")
        lines.append("")
    lines += [f"ERROR {n}: {e}  " for n, e in errors]
    md, case_errors = finish(lines, {n: v for n, v in runs.items()}, summary)
    return md, errors + case_errors


def chart(path, peaks, layers, isas, peers, table, title, log=False, networks=()):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = isas + peers
    n = len(cols)
    width = 0.8 / max(n, 1)
    cmap = plt.get_cmap("tab10")
    networks = [nt for nt in networks if nt["nets"]]
    if networks:  # a row of network panels (one per thread count) under the layers' panel
        if not cols:  # no layer table: the networks' implementations set the colours
            cols = networks[0]["impls"]
        rows = 2 if layers else 1
        fig = plt.figure(figsize=(max(12, 1.25 * len(layers) + 2), 6.5 * rows))
        gs = fig.add_gridspec(rows, len(networks))
        for k, nt in enumerate(networks):
            network_panel(fig.add_subplot(gs[rows - 1, k]), nt, cmap, cols)
        if not layers:
            fig.suptitle(title)
            fig.tight_layout()
            fig.savefig(path, dpi=110)
            plt.close(fig)
            return
        ax = fig.add_subplot(gs[0, :])
    else:
        fig, ax = plt.subplots(figsize=(max(10, 1.25 * len(layers) + 2), 6.5))
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
    ap.add_argument("results", nargs="*",
                    help="Google Benchmark JSON (--benchmark_out=... --benchmark_out_format=json), one or more")
    ap.add_argument("--networks", nargs="+", default=[],
                    help="simdconv_bench --networks JSON (networks.json, networks-threads.json): the networks tables "
                         "and the chart's network panels")
    ap.add_argument("--out-dir", default=None,
                    help="where table.md and chart.png go (default: next to the first results)")
    ap.add_argument("--no-chart", action="store_true", help="skip the PNG (no matplotlib needed)")
    ap.add_argument("--log", action="store_true", help="log-scale GFLOP/s axis")
    ap.add_argument("--title", default=None,
                    help="chart title (default: simdconv vs peers, fp32 NHWC conv, 1 thread, and the CPU)")
    ap.add_argument("--pairs", default=None,
                    help="the pairs run's markdown (bench-out/pairs.md): adds its ratios to the table")
    ap.add_argument("--table-name", default="table.md", help="the markdown file's name in --out-dir (table.md)")
    ap.add_argument("--chart-name", default="chart.png", help="the chart's file name in --out-dir (chart.png)")
    ap.add_argument("--kernels", action="store_true",
                    help="the run of simdconv_bench --kernels: write and print the kernels table only (kernels.md)")
    ap.add_argument("--kernel-pairs", default=None,
                    help="with --kernels: the JSON of simdconv_bench --kernel-pairs (kernel / DEFAULT, paired)")
    ap.add_argument("--winograd", action="store_true",
                    help="the run of simdconv_bench --winograd (and --winograd-pairs): write and print winograd.md only")
    ap.add_argument("--winograd-pairs", default=None,
                    help="with --winograd: the JSON of simdconv_bench --winograd-pairs (the paired ratios)")
    a = ap.parse_args()
    if not a.results and not a.networks and not a.winograd_pairs:
        ap.error("no results: give Google Benchmark JSON files and/or --networks FILE")
    out_dir = a.out_dir or os.path.dirname(os.path.abspath((a.results or a.networks or [a.winograd_pairs])[0]))
    os.makedirs(out_dir, exist_ok=True)
    nets = [build_networks(load_networks(p)) for p in a.networks if os.path.exists(p)]
    nets.sort(key=lambda nt: nt["threads"])
    context, runs = load(a.results) if a.results else ({}, {})
    if not context and nets:
        context = nets[0]["context"]
    if a.winograd:
        wpairs = load_winograd_pairs(a.winograd_pairs) if a.winograd_pairs and os.path.exists(a.winograd_pairs) \
            else None
        wt = build_winograd(context, runs)
        if not wt["layers"] and not (wpairs or {}).get("layers"):
            print("report.py: no Winograd results (conv/<layer>/winograd... cases or --winograd-pairs layers)",
                  file=sys.stderr)
            return 1
        md, errors = markdown_winograd(context, runs, wt, wpairs)
        with open(os.path.join(out_dir, "winograd.md"), "w") as f:
            f.write(md)
        sys.stdout.write(md)
        print(f"\nwrote {os.path.join(out_dir, 'winograd.md')}")
        return 1 if errors else 0
    if a.kernels:
        kt = build_kernels(context, runs)
        if not kt["layers"]:
            print("report.py: no conv/<layer>/<kernel> or conv/<layer>/measure results in " + ", ".join(a.results),
                  file=sys.stderr)
            return 1
        md, errors = markdown_kernels(context, runs, kt)
        if a.kernel_pairs and os.path.exists(a.kernel_pairs):
            with open(a.kernel_pairs) as f:
                kdoc = json.load(f)
            plines, psum = markdown_kernel_pairs(context, kdoc)
            md += "\n" + "\n".join(plines) + ("\n" + psum + "\n" if psum else "")
            perr = [f"{l['name']}/{k}: {e}" for l in kdoc.get("layers", []) for k, e in l.get("errors", {}).items()]
            md += "".join(f"ERROR {e}  \n" for e in perr)
            errors = list(errors) + perr
        with open(os.path.join(out_dir, "kernels.md"), "w") as f:
            f.write(md)
        sys.stdout.write(md)
        print(f"\nwrote {os.path.join(out_dir, 'kernels.md')}")
        return 1 if errors else 0
    if a.title is None:
        a.title = "simdconv vs peers, fp32 NHWC conv, 1 thread"
        cpu = ", ".join(x for x in (context.get("cpu_model"), context.get("cpu_uarch")) if x)
        if cpu:
            a.title += f" ({cpu})"
    residual = {n: v for n, v in runs.items() if is_residual(n)}
    single = {n: v for n, v in runs.items() if not is_threaded(n) and not is_residual(n)}
    threaded = {n: v for n, v in runs.items() if is_threaded(n)}
    pairs = load_pairs(a.pairs) if a.pairs and os.path.exists(a.pairs) else None
    rpairs = load_residual_pairs(a.pairs) if a.pairs and os.path.exists(a.pairs) else None
    peaks, layers, cells, isas, peers, table = build(context, single, pairs)
    t = build_threads(context, threaded)
    rtable = build_residual(context, residual, rpairs)
    if not layers and not t["layers"] and not rtable and not nets:
        print("report.py: no conv/<layer>/<variant>[/threads:<n>] results in " + ", ".join(a.results + a.networks),
              file=sys.stderr)
        return 1
    md, errors = "", []
    if layers:
        md, errors = markdown(context, single, peaks, layers, cells, isas, peers, table)
    if t["layers"]:
        # Without a single-thread table, the threads section also shows the peaks and their errors.
        tmd, terrors = markdown_threads(context, threaded if layers else {n: v for n, v in runs.items() if not is_residual(n)},
                                        t, None if layers else peaks)
        md += ("\n" if md else "") + tmd
        errors += terrors
    if rtable:
        rmd, rerrors = markdown_residual(context, residual, rtable, with_header=not md)
        md += ("\n" if md else "") + rmd
        errors += rerrors
    elif residual:  # only errors
        _, rerrors = finish([], residual, None)
        errors += rerrors
    for nt in nets:
        nmd, nerrors = markdown_networks(nt, with_header=not md)
        md += ("\n" if md else "") + nmd
        errors += nerrors
    smd = markdown_scaling(nets)
    if smd:
        md += "\n" + smd
    table_path, chart_path = os.path.join(out_dir, a.table_name), os.path.join(out_dir, a.chart_name)
    with open(table_path, "w") as f:
        f.write(md)
    sys.stdout.write(md)
    if not a.no_chart and (layers or any(nt["nets"] for nt in nets)):
        if not layers and a.title.startswith("simdconv vs peers, fp32 NHWC conv, 1 thread"):
            a.title = a.title.replace("fp32 NHWC conv, 1 thread", "fp32 NHWC conv networks")
        chart(chart_path, peaks, layers, isas, peers, table, a.title, a.log, nets)
        print(f"\nwrote {table_path} and {chart_path}")
    else:
        print(f"\nwrote {table_path}" + ("" if a.no_chart else " (no chart: no single-thread conv cases)"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
