#!/usr/bin/env python3
"""Benchmarks cf-token-lint against ripgrep, and against the binary as it was at a base commit,
on the inputs of bench/gen.py.

Usage: python3 bench/run.py [--runs N] [--base COMMIT] [--only NAME,...]
       (from the repository root; needs `rg` on PATH)

Builds the release binary as releases build it (scripts/release-env.sh), and the base commit's
(default: the commit the speed work started from) the same way, side by side from `git archive`
under target/bench-base/COMMIT with a target directory of its own; generates the inputs once
under target/bench (again when bench/gen.py changes); warms the page cache; then times each case
with alternating runs (ours, the reference, ours, ...). Each line prints the median times, the
median of the per-pair ratios and their range (min-max): the ratio of two commands measured side
by side in the same run, which the machine's load moves much less than either time. Wall time
includes process start; peak memory is each process's own maximum resident set (wait4's
ru_maxrss).

The doubling table runs each case at size N and 2N (files, bytes, URLs, findings) alternately
and prints the time factor (about 2 means linear; less when a fixed cost stays, as the
findings case keeps its 20,000 URLs) and the cost of each added file, KB, URL or finding.
"""
import argparse
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "target", "bench")
HOST = subprocess.run(["rustc", "-vV"], check=True, capture_output=True,
                      text=True).stdout.split("host: ", 1)[1].split()[0]
# Built as releases build it (scripts/release-env.sh: on Linux with glibc, linked statically),
# so the figures are those of the binary users install.
BIN = os.path.join(ROOT, "target", HOST, "release", "cf-token-lint")
# The commit issue 16 (speed) started from: the "before" binary.
BASE = "4a12439"


def build_release(cwd, env=None):
    """`cargo build --release` of the binary in `cwd`, as scripts/release-env.sh says."""
    subprocess.run(["bash", os.path.join(ROOT, "scripts", "release-env.sh"), HOST, "cargo", "build",
                    "--release", "--quiet", "--bin", "cf-token-lint", "--target", HOST],
                   cwd=cwd, env=env, check=True)


def run_once(cmd):
    """Wall time in seconds and peak resident memory in KiB of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = 0
    return elapsed, usage.ru_maxrss


def lint(binary, *paths):
    return [binary, "check", "--format", "json", "--quiet", "--exit-zero", "--isolated", *paths]


def rg(*paths):
    return ["rg", "-c", "dash.cloudflare.com", *paths]


def spread(values):
    return f"{min(values):.2f}-{max(values):.2f}"


def paired(ours, theirs, runs):
    """Alternating runs after two warm-ups: (times a, times b, rss a, rss b)."""
    for _ in range(2):
        run_once(ours)
        run_once(theirs)
    ta, tb, ma, mb = [], [], [], []
    for i in range(runs):
        # Alternate which goes first, so neither always runs on a cache the other warmed.
        first, second = (ours, theirs) if i % 2 == 0 else (theirs, ours)
        r1, r2 = run_once(first), run_once(second)
        (a, b) = (r1, r2) if i % 2 == 0 else (r2, r1)
        ta.append(a[0])
        tb.append(b[0])
        ma.append(a[1])
        mb.append(b[1])
    return ta, tb, ma, mb


def ms(t):
    return f"{t * 1000:.1f} ms" if t < 10 else f"{t:.2f} s"


def compare(name, ours, theirs, runs, target=None, memory=False, mem_target=None):
    ta, tb, ma, mb = paired(ours, theirs, runs)
    ratios = [a / b for a, b in zip(ta, tb)]
    ratio = statistics.median(ratios)
    verdict = ""
    if target is not None:
        verdict = f"  (target <= {target}x: {'met' if ratio <= target else 'NOT met'})"
    print(f"{name:<34} {ms(statistics.median(ta)):>10} {ms(statistics.median(tb)):>10}  "
          f"{ratio:5.2f}x  [{spread(ratios)}]{verdict}")
    if memory:
        mratios = [a / b for a, b in zip(ma, mb)]
        mratio = statistics.median(mratios)
        verdict = ""
        if mem_target is not None:
            verdict = f"  (target <= {mem_target}x: {'met' if mratio <= mem_target else 'NOT met'})"
        print(f"{'  peak memory':<34} {statistics.median(ma) / 1024:7.1f} MB {statistics.median(mb) / 1024:7.1f} MB"
              f"  {mratio:5.2f}x  [{spread(mratios)}]{verdict}")
    return statistics.median(ta)


def doubling(name, small, large, runs, added):
    """`added`: (how many, of what) the large input has more than the small one."""
    ta, tb, _, _ = paired(small, large, runs)
    factors = [b / a for a, b in zip(ta, tb)]
    count, unit = added
    each = (statistics.median(tb) - statistics.median(ta)) / count * 1e6
    print(f"{name:<34} {ms(statistics.median(ta)):>10} {ms(statistics.median(tb)):>10}  "
          f"x{statistics.median(factors):.2f}  [{spread(factors)}]  {each:.2f} us per added {unit}")


def build_base(commit):
    """The release binary of `commit`, built from `git archive` in a folder of its own."""
    full = subprocess.run(["git", "rev-parse", "--short", commit], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    home = os.path.join(ROOT, "target", "bench-base", full)
    binary = os.path.join(home, "target", HOST, "release", "cf-token-lint")
    if os.path.exists(binary):
        return binary
    src = os.path.join(home, "src")
    if not os.path.isfile(os.path.join(src, "Cargo.toml")):
        os.makedirs(src, exist_ok=True)
        archive = subprocess.Popen(["git", "archive", full], cwd=ROOT, stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", src], stdin=archive.stdout, check=True)
        archive.wait()
    print(f"building the base binary ({full}) under {os.path.relpath(home, ROOT)} ...", flush=True)
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(home, "target"))
    build_release(src, env)
    return binary


def generate():
    with open(os.path.join(ROOT, "bench", "gen.py"), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    stamp = os.path.join(BENCH, ".generated-by")
    if os.path.exists(stamp) and open(stamp).read() == digest:
        return
    print("generating inputs under target/bench ...", flush=True)
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen.py"), BENCH], check=True)
    with open(stamp, "w") as f:
        f.write(digest)


def load():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "unknown"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--base", default=BASE, help="the commit to compare against (default %(default)s)")
    parser.add_argument("--only", default="", help="comma-separated sections: rg, base, doubling")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    want = lambda section: not only or section in only
    if not shutil.which("rg"):
        sys.exit("ripgrep (rg) is needed as the reference: apt-get install ripgrep")
    build_release(ROOT)
    base = build_base(args.base) if want("base") else None
    generate()

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    print(f"machine: {os.cpu_count()} cores, {cpu}; {platform.system()} {platform.release()}; "
          f"load average at start {load()}; {args.runs} runs a case")
    p = lambda name: os.path.join(BENCH, name)
    small = sorted(os.path.join(p("small"), f) for f in os.listdir(p("small")))
    if want("rg"):
        print(f"\n{'against ripgrep':<34} {'ours':>10} {'rg -c':>10}  {'ratio':>6}  [range]")
        compare("tree (20,000 files, 1/4 code)", lint(BIN, p("tree")), rg(p("tree")), args.runs, target=1.0)
        compare("editor.md (1 MB)", lint(BIN, p("editor.md")), rg(p("editor.md")), args.runs, target=1.2)
        compare("five small files by name", lint(BIN, *small), rg(*small), args.runs, target=1.0)
        compare("flat-50mb.txt (no newline)", lint(BIN, p("flat-50mb.txt")), rg(p("flat-50mb.txt")), args.runs)
    if want("base"):
        print(f"\n{'against ' + args.base:<34} {'ours':>10} {'before':>10}  {'ratio':>6}  [range]")
        compare("urls-100k.md (1/3 with findings)", lint(BIN, p("urls-100k.md")), lint(base, p("urls-100k.md")),
                args.runs, target=0.6, memory=True, mem_target=0.5)
        compare("empty file (start-up)", lint(BIN, p("empty.md")), lint(base, p("empty.md")), args.runs)
        compare("five small files by name", lint(BIN, *small), lint(base, *small), args.runs)
        compare("editor.md (1 MB)", lint(BIN, p("editor.md")), lint(base, p("editor.md")), args.runs)
        compare("tree (20,000 files, 1/4 code)", lint(BIN, p("tree")), lint(base, p("tree")), args.runs)
    if want("doubling"):
        print(f"\n{'doubling (N -> 2N)':<34} {'N':>10} {'2N':>10}  factor  [range]")
        doubling("files: 10,000 -> 20,000", lint(BIN, p("tree-10k")), lint(BIN, p("tree")), args.runs, (10_000, "file"))
        doubling("bytes: 25 -> 50 MB", lint(BIN, p("flat-25mb.txt")), lint(BIN, p("flat-50mb.txt")), args.runs, (25_000, "KB"))
        doubling("URLs: 50,000 -> 100,000", lint(BIN, p("urls-50k.md")), lint(BIN, p("urls-100k.md")), args.runs, (50_000, "URL"))
        doubling("findings: 40,000 -> 80,000", lint(BIN, p("findings-2.md")), lint(BIN, p("findings-4.md")), args.runs, (40_000, "finding"))
    print(f"\nload average at the end {load()}")


if __name__ == "__main__":
    main()
