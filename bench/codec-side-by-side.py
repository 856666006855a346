#!/usr/bin/env python3
"""Codec side by side: the kit's JMH CodecBenchmark and upstream's oracle-codec-bench, same frames, one core.

    python3 bench/codec-side-by-side.py [--rounds R] [--core C] [--peer DIR] [NAME=benchmarks.jar ...]

Runs R rounds; each round runs, in an order that rotates from round to round, JMH's offer, ACK and
relay decode + validate benchmarks from every given jar (default: bench/target/benchmarks.jar; 1 fork,
3 x 1 s warm-up, 5 x 1 s measured, average time, -prof gc) and upstream's oracle-codec-bench (its
defaults), all pinned to core C with taskset. The frames are the same bytes on both sides
(CodecBenchmarkTest checks that). Prints each round, then per operation the median ns/op over the
rounds, the median of the per-round ratios upstream / kit (>= 1.0: the kit is at least as fast) and
the kit's bytes allocated per operation. Build first: ./mvnw -B -q -pl bench -am package -DskipTests
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OPS = [("offerDecodeValidate", "backend-read-offer"), ("ackDecodeValidate", "broker-await-ack"), ("relayDecodeValidate", "client-relay")]


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def upstream(peer, core):
    out = subprocess.run(["taskset", "-c", core, os.path.join(peer, "bin", "oracle-codec-bench")], capture_output=True, text=True, check=True)
    values = {}
    for line in out.stdout.splitlines():
        words = dict(w.split("=") for w in line.split())
        values[words["op"]] = (float(words["ns_per_op"]), None)
    return values


def kit(jar, core):
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        subprocess.run(["taskset", "-c", core, "java", "-jar", jar, "-f", "1", "-wi", "3", "-w", "1", "-i", "5", "-r", "1",
                        "-bm", "avgt", "-tu", "ns", "-prof", "gc", "-rf", "json", "-rff", f.name,
                        "CodecBenchmark.(offer|ack|relay)DecodeValidate"], capture_output=True, check=True)
        values = {}
        for b in json.load(open(f.name)):
            op = dict(OPS)[b["benchmark"].split(".")[-1]]
            raw = [x for iteration in b["primaryMetric"]["rawData"] for x in iteration]
            values[op] = (statistics.median(raw), b["secondaryMetrics"]["gc.alloc.rate.norm"]["score"])
        return values


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--core", default="1")
    parser.add_argument("--peer", default=os.environ.get("HANDOFF_KIT_UPSTREAM_PEER", os.path.join(ROOT, "..", "shared", "upstream-peer")))
    parser.add_argument("jars", nargs="*", metavar="NAME=JAR")
    args = parser.parse_args()
    jars = dict(a.split("=", 1) for a in args.jars) or {"kit": os.path.join(HERE, "target", "benchmarks.jar")}
    names = list(jars) + ["upstream"]
    results = {n: {op: [] for _, op in OPS} for n in names}
    allocated = {n: {} for n in jars}
    for r in range(args.rounds):
        before = load()
        for name in names[r % len(names):] + names[:r % len(names)]:  # rotate, so no side always runs first
            values = upstream(args.peer, args.core) if name == "upstream" else kit(jars[name], args.core)
            for op, (ns, alloc) in values.items():
                results[name][op].append(ns)
                if alloc is not None:
                    allocated[name][op] = alloc
        print("round %d (load %s -> %s): " % (r + 1, before, load())
              + "; ".join(op + " " + " ".join("%s %.1f" % (n, results[n][op][-1]) for n in names) for _, op in OPS), flush=True)
    print()
    for _, op in OPS:
        print("%-20s " % op + "  ".join("%s %.1f ns/op" % (n, statistics.median(results[n][op])) for n in names) + "  (medians)")
        for n in jars:
            ratios = [u / k for k, u in zip(results[n][op], results["upstream"][op])]
            print("    upstream / %s: median %.2f (per round %s); %s allocates %.0f B/op"
                  % (n, statistics.median(ratios), ", ".join("%.2f" % x for x in ratios), n, allocated[n][op]))


if __name__ == "__main__":
    main()
