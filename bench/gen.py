#!/usr/bin/env python3
"""Generates the benchmark inputs for bench/run.py (deterministic: the same seed, the same bytes).

tree/      20,000 files, about 8 KB each: docs (Markdown, MDX, YAML, JSON, HTML) and source
           code (TypeScript, Python, Go), which the walk reads too; many mention
           dash.cloudflare.com links that are not templates, about 3% hold template URLs,
           some of them bad.
editor.md  one 1 MB Markdown file (the editor case).
urls-50k.md, urls-100k.md   50,000 and 100,000 template URLs (linearity in URLs).
flat-25mb.txt, flat-50mb.txt  25 and 50 MB with no newline at all (linearity in bytes).
"""
import json
import os
import random
import sys
import urllib.parse

KEYS = ["dns", "zone", "workers_scripts", "analytics", "account_analytics", "d1", "cache", "dnss", "zone_dns"]
TYPES = ["read", "edit", "write"]
PROSE = (
    "Cloudflare's dashboard lets you manage zones, Workers and tokens. Open "
    "https://dash.cloudflare.com/?to=/:account/workers to see your Workers, or "
    "[the token list](https://dash.cloudflare.com/profile/api-tokens) to review tokens. "
    "This paragraph is filler text of the kind a documentation page is made of, with `code`, "
    "**emphasis** and a [link](https://developers.cloudflare.com/fundamentals/).\n\n"
)


def template(rng):
    perms = [{"key": rng.choice(KEYS), "type": rng.choice(TYPES)} for _ in range(rng.randint(1, 3))]
    enc = urllib.parse.quote(json.dumps(perms, separators=(",", ":")), safe="")
    if rng.random() < 0.5:
        return f"https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys={enc}&accountId=*&zoneId=all&name=Bench"
    return f"https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys={enc}&name=Bench"


def body(rng, kind, size, with_template):
    text = PROSE * (size // len(PROSE) + 1)
    text = text[:size]
    url = template(rng) if with_template else None
    if kind == "md" or kind == "mdx":
        extra = f"\n[Create a token]({url})\n" if url else ""
        return "# Page\n\n" + text + extra
    if kind == "html":
        extra = f'<p><a href="{url.replace("&", "&amp;")}">token</a></p>\n' if url else ""
        return "<html><body><p>" + text.replace("<", "&lt;") + "</p>\n" + extra + "</body></html>\n"
    if kind == "yaml":
        lines = "".join(f"  line{i}: {json.dumps(l)}\n" for i, l in enumerate(text.split("\n")) if l)
        extra = f"token: '{url}'\n" if url else ""
        return "docs:\n" + lines + extra
    if kind in ("ts", "py", "go"):
        # Comments of prose with dashboard links, then the URL in a string literal.
        comment = "#" if kind == "py" else "//"
        lines = "".join(f"{comment} {l}\n" for l in text.split("\n") if l)
        if not url:
            return lines
        if kind == "ts":
            return lines + f'export const TOKEN_URL = "{url}";\n'
        if kind == "py":
            return lines + f'TOKEN_URL = "{url}"\n'
        return lines + f'package main\n\nconst tokenURL = "{url}"\n'
    doc = {"text": text}
    if url:
        doc["token"] = url
    return json.dumps(doc, indent=2) + "\n"


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(data)


def main(out):
    rng = random.Random(20261122)
    kinds = ["md", "md", "mdx", "yaml", "json", "html", "ts", "py", "go"]
    for i in range(20000):
        kind = kinds[i % len(kinds)]
        size = rng.randint(6000, 10000)
        write(os.path.join(out, "tree", f"section{i % 100:03d}", f"page{i:05d}.{kind}"), body(rng, kind, size, rng.random() < 0.03))
    editor = ""
    while len(editor) < 1_000_000:
        editor += PROSE + (f"[token]({template(rng)})\n\n" if rng.random() < 0.1 else "")
    write(os.path.join(out, "editor.md"), editor[:1_000_000])
    for n in (50_000, 100_000):
        write(os.path.join(out, f"urls-{n // 1000}k.md"), "".join(f"- [t{i}]({template(rng)})\n" for i in range(n)))
    chunk = PROSE.replace("\n", " ")
    for mb in (25, 50):
        size = mb * 1_000_000
        write(os.path.join(out, f"flat-{mb}mb.txt"), (chunk * (size // len(chunk) + 1))[:size])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/bench")
