#!/usr/bin/env python3
"""Measures the language server on a 1 MB document: the time from a change to the
diagnostics for it, against the command line linting the same file in the same run.

Usage: python3 bench/lsp.py [--changes N]   (from the repository root)

Opens target/bench/editor.md (made by bench/gen.py) in `cf-token-lint lsp`, then sends N
incremental changes (one character typed in the middle of the document) one at a time and
times each until the server publishes diagnostics for that version. The reference is
`cf-token-lint check` on the same file (process start included), timed alternately.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "target", "bench")
BIN = os.path.join(ROOT, "target", "release", "cf-token-lint")


class Server:
    def __init__(self):
        self.proc = subprocess.Popen([BIN, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 1

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self):
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                sys.exit("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.startswith(b"Content-Length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        self.next_id += 1
        while True:
            message = self.receive()
            if "id" in message and "method" not in message:
                return message.get("result")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics_for(self, version):
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"].get("version") == version:
                return message["params"]["diagnostics"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=30)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    path = os.path.join(BENCH, "editor.md")
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen.py"), BENCH], check=True)
    text = open(path, encoding="utf-8").read()
    uri = "file://" + path

    server = Server()
    server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    server.notify("initialized", {})
    start = time.perf_counter()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    found = server.diagnostics_for(1)
    opened = time.perf_counter() - start

    lines = text.split("\n")
    middle = len(lines) // 2
    cli = [BIN, "check", "--isolated", "--quiet", "--exit-zero", "--format", "json", path]
    changes, checks = [], []
    for i in range(args.changes):
        version = i + 2
        at = {"line": middle, "character": 0}
        start = time.perf_counter()
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": at, "end": at}, "text": "x"}],
        })
        server.diagnostics_for(version)
        changes.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run(cli, stdout=subprocess.DEVNULL, check=False)
        checks.append(time.perf_counter() - start)
    server.request("shutdown", None)
    server.notify("exit", None)
    server.proc.wait(timeout=10)

    ms = lambda s: s * 1000
    print(f"document: {len(text.encode()) / 1e6:.2f} MB, {len(lines)} lines, {len(found)} diagnostics")
    print(f"open -> diagnostics:            {ms(opened):7.1f} ms")
    print(f"change -> diagnostics (median): {ms(statistics.median(changes)):7.1f} ms   max {ms(max(changes)):.1f} ms   (target: 50 ms)")
    print(f"cf-token-lint check, same file: {ms(statistics.median(checks)):7.1f} ms   (process start included)")
    print(f"ratio, change / check:          {statistics.median(changes) / statistics.median(checks):7.2f}x")


if __name__ == "__main__":
    main()
