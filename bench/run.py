#!/usr/bin/env python3
"""Benchmarks cf-token-lint against ripgrep on the inputs of bench/gen.py.

Usage: python3 bench/run.py [--runs N]   (from the repository root; needs `rg` on PATH)

Builds the release binary, generates the inputs once under target/bench, warms the page
cache, then times each case with alternating runs (ours, the reference, ours, ...) and prints
the median times and the median ratio. Wall time includes process start.
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "target", "bench")
BIN = os.path.join(ROOT, "target", "release", "cf-token-lint")


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def lint(path):
    return [BIN, "check", "--format", "json", "--quiet", "--exit-zero", "--isolated", path]


def rg(path):
    return ["rg", "-c", "dash.cloudflare.com", path]


def compare(name, ours, theirs, runs):
    for _ in range(2):  # warm the cache and the binaries
        timed(ours)
        timed(theirs)
    a, b = [], []
    for _ in range(runs):
        a.append(timed(ours))
        b.append(timed(theirs))
    ratios = [x / y for x, y in zip(a, b)]
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"{name:<28} {ma * 1000:9.1f} ms  {mb * 1000:9.1f} ms  {statistics.median(ratios):6.2f}x")
    return ma


def solo(name, cmd, runs):
    timed(cmd)
    t = statistics.median(timed(cmd) for _ in range(runs))
    print(f"{name:<28} {t * 1000:9.1f} ms")
    return t


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not shutil.which("rg"):
        sys.exit("ripgrep (rg) is needed as the reference: apt-get install ripgrep")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if not os.path.isdir(os.path.join(BENCH, "tree")):
        print("generating inputs under target/bench ...", flush=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen.py"), BENCH], check=True)

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    print(f"machine: {os.cpu_count()} cores, {cpu}; {platform.system()} {platform.release()}")
    print(f"{'case':<28} {'cf-token-lint':>12}  {'rg -c':>12}  {'ratio':>7}")
    p = lambda name: os.path.join(BENCH, name)
    compare("tree (20,000 files)", lint(p("tree")), rg(p("tree")), args.runs)
    compare("editor.md (1 MB)", lint(p("editor.md")), rg(p("editor.md")), args.runs)
    compare("urls-100k.md", lint(p("urls-100k.md")), rg(p("urls-100k.md")), args.runs)
    compare("flat-50mb.txt (no newline)", lint(p("flat-50mb.txt")), rg(p("flat-50mb.txt")), args.runs)
    print("linearity (doubling the input):")
    u50 = solo("urls-50k.md", lint(p("urls-50k.md")), args.runs)
    u100 = solo("urls-100k.md", lint(p("urls-100k.md")), args.runs)
    f25 = solo("flat-25mb.txt", lint(p("flat-25mb.txt")), args.runs)
    f50 = solo("flat-50mb.txt", lint(p("flat-50mb.txt")), args.runs)
    print(f"URLs x2 -> time x{u100 / u50:.2f}; bytes x2 -> time x{f50 / f25:.2f}")


if __name__ == "__main__":
    main()
