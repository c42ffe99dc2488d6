#!/usr/bin/env node
// The npm launcher: finds the binary that the platform's optional dependency
// (@cf-token-lint/cli-<os>-<cpu>[-musl], see ../platforms.json) installed, and runs it with this
// process's arguments, standard streams and exit status. CF_TOKEN_LINT_BINARY overrides the
// binary (a build of your own, or a platform npm has no package for).
"use strict";

const { spawnSync } = require("child_process");
const path = require("path");
const platforms = require("../platforms.json");

function isMusl() {
  if (process.platform !== "linux") return false;
  try {
    const report = process.report && process.report.getReport();
    const header = report && (typeof report === "string" ? JSON.parse(report) : report).header;
    if (header && header.glibcVersionRuntime) return false;
    if (header) return true;
  } catch (_) {
    // fall through to the file check
  }
  try {
    return require("fs").readFileSync("/usr/bin/ldd", "latin1").includes("musl");
  } catch (_) {
    return false;
  }
}

// The packages that can run here, best first: on Linux the one for this C library, then the
// other (the musl build is static and runs on glibc systems too).
function candidates() {
  const musl = isMusl();
  const fits = Object.values(platforms).filter(
    (p) => p.os === process.platform && p.cpu === process.arch,
  );
  return fits.sort((a, b) => {
    const rank = (p) => (p.libc === undefined || (p.libc === "musl") === musl ? 0 : 1);
    return rank(a) - rank(b);
  });
}

function binaryPath() {
  if (process.env.CF_TOKEN_LINT_BINARY) return process.env.CF_TOKEN_LINT_BINARY;
  const exe = process.platform === "win32" ? "cf-token-lint.exe" : "cf-token-lint";
  const tried = [];
  for (const p of candidates()) {
    try {
      return require.resolve(`${p.package}/bin/${exe}`, { paths: [path.join(__dirname, "..")] });
    } catch (_) {
      tried.push(p.package);
    }
  }
  const where = `${process.platform}-${process.arch}`;
  const why = tried.length
    ? `none of ${tried.join(", ")} is installed (was the install run with --no-optional or --omit=optional?)`
    : `cf-token-lint has no npm package for ${where}`;
  process.stderr.write(
    `cf-token-lint: ${why}.\n` +
      "Reinstall with optional dependencies, install it another way (pip, cargo, a release binary:\n" +
      "https://github.com/cf-token-lint/cf-token-lint#install), or set CF_TOKEN_LINT_BINARY.\n",
  );
  process.exit(2);
}

const result = spawnSync(binaryPath(), process.argv.slice(2), { stdio: "inherit", windowsHide: true });
if (result.error) {
  process.stderr.write(`cf-token-lint: could not run the binary: ${result.error.message}\n`);
  process.exit(2);
}
if (result.signal) {
  process.kill(process.pid, result.signal);
} else {
  process.exit(result.status === null ? 2 : result.status);
}
