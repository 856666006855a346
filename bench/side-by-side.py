#!/usr/bin/env python3
"""Side by side: the kit's and upstream's broker against the kit's and upstream's backend.

    python3 bench/side-by-side.py [--rounds R] [--iterations N] [--warmup W] [--peer DIR]

Starts both backends once, each on its own socket in a fresh directory (the reference backend,
ReferenceBackendMain from conformance/target/handoff-kit.jar; upstream's oracle-backend in sideband
mode, so both take the sideband bytes as the expected token, PROFILE-3), then runs R rounds. Each
round runs the four broker -> backend pairs once, in an order that rotates from round to round,
each run being W warm-up and N measured handoffs of the same sequence: upstream's harness
(oracle-broker) and the kit's `bench handoff --socket PATH --only UPSTREAM_SEQUENCE --until-jit-idle`,
which times the same steps with the reference's classes, in the JVM's steady state (see bench/README.md). Prints every run, then the
median over the rounds of each pair's P50/P90/P99 and the medians of the per-round ratios of P50 and P99.
Build the jar first: ./mvnw -B -q -pl conformance -am package -DskipTests
"""
import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JAR = os.environ.get("HANDOFF_KIT_JAR", os.path.join(ROOT, "conformance", "target", "handoff-kit.jar"))
PAIRS = [("reference", "reference"), ("reference", "upstream"), ("upstream", "reference"), ("upstream", "upstream")]


def wait_for(path, process, what):
    deadline = time.monotonic() + 60
    while not os.path.exists(path):
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit("%s did not start listening on %s" % (what, path))
        time.sleep(0.05)


def kit_broker(socket_path, n, warmup):
    out = subprocess.run(["java", "-jar", JAR, "bench", "handoff", "--socket", socket_path, "--only", "UPSTREAM_SEQUENCE",
                          "--iterations", str(n), "--warmup", str(warmup), "--until-jit-idle", "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("kit broker failed (%d): %s" % (out.returncode, out.stderr))
    row = json.loads(out.stdout)["upstream_sequence"]
    return row["p50_us"], row["p90_us"], row["p99_us"]


def upstream_broker(peer, socket_path, n, warmup):
    out = subprocess.run([os.path.join(peer, "bin", "oracle-broker"), socket_path, secrets.token_hex(16), str(n),
                          "--warmup", str(warmup), "--quiet"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("oracle-broker failed (%d): %s" % (out.returncode, out.stderr))
    values = dict(word.split("=") for word in out.stdout.split())
    return float(values["p50_us"]), float(values["p90_us"]), float(values["p99_us"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=5000)
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--peer", default=os.environ.get("HANDOFF_KIT_UPSTREAM_PEER", os.path.join(ROOT, "..", "shared", "upstream-peer")))
    args = parser.parse_args()
    if not os.path.exists(JAR):
        sys.exit("no " + JAR + ": build it with ./mvnw -B -q -pl conformance -am package -DskipTests")

    with tempfile.TemporaryDirectory(prefix="hk-side-") as d:
        sockets = {"reference": os.path.join(d, "reference.sock"), "upstream": os.path.join(d, "upstream.sock")}
        backends = {
            "reference": subprocess.Popen(["java", "-cp", JAR, "io.handoffkit.transport.unix.ReferenceBackendMain",
                                           "--socket", sockets["reference"]], stdout=subprocess.DEVNULL),
            # the seed only matters in counter mode, which is not used here
            "upstream": subprocess.Popen([os.path.join(args.peer, "bin", "oracle-backend"), sockets["upstream"],
                                          secrets.token_hex(16), "--token-mode", "sideband"], stderr=subprocess.DEVNULL),
        }
        try:
            for name, process in backends.items():
                wait_for(sockets[name], process, name + " backend")
            results = {pair: [] for pair in PAIRS}
            print("%d rounds of %d handoffs after %d warm-up per pair; P50/P90/P99 in microseconds" % (args.rounds, args.iterations, args.warmup))
            for r in range(args.rounds):
                for k in range(len(PAIRS)):
                    broker, backend = PAIRS[(r + k) % len(PAIRS)]  # rotate, so no pair always runs first
                    if broker == "reference":
                        row = kit_broker(sockets[backend], args.iterations, args.warmup)
                    else:
                        row = upstream_broker(args.peer, sockets[backend], args.iterations, args.warmup)
                    results[(broker, backend)].append(row)
                    print("round %d  %-9s -> %-9s  %8.1f %8.1f %8.1f" % ((r + 1, broker, backend) + row), flush=True)
        finally:
            for process in backends.values():
                process.terminate()
                process.wait(10)

    print()
    print("%-24s %8s %8s %8s   %s" % ("broker -> backend", "P50", "P90", "P99", "(medians over the rounds)"))
    for pair in PAIRS:
        rows = results[pair]
        print("%-24s %8.1f %8.1f %8.1f" % (("%s -> %s" % pair,) + tuple(statistics.median(x[i] for x in rows) for i in range(3))))
    print()
    print("ratios of P50 and P99 (median over the rounds of the ratio within each round)")
    upstream_pair = ("upstream", "upstream")
    for label, a, b in [
        ("reference -> reference / upstream -> upstream", ("reference", "reference"), upstream_pair),
        ("reference broker / upstream broker, reference backend", ("reference", "reference"), ("upstream", "reference")),
        ("reference broker / upstream broker, upstream backend", ("reference", "upstream"), upstream_pair),
        ("reference backend / upstream backend, reference broker", ("reference", "reference"), ("reference", "upstream")),
        ("reference backend / upstream backend, upstream broker", ("upstream", "reference"), upstream_pair),
    ]:
        for column, name in ((0, "P50"), (2, "P99")):
            ratios = [x[column] / y[column] for x, y in zip(results[a], results[b])]
            print("%-56s %s %6.2f   (per round: %s)" % (label, name, statistics.median(ratios), ", ".join("%.2f" % v for v in ratios)))


if __name__ == "__main__":
    main()
