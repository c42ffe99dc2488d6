#!/usr/bin/env python3
"""Generates the benchmark inputs for bench/run.py (deterministic: the same seed, the same bytes).

Each input has a random generator of its own, seeded by its name, so changing one input never
changes another.

tree/        20,000 files of about 8 KB: three quarters docs (Markdown, MDX, YAML, JSON, HTML),
             a quarter source code (.ts, .js, .py, .go) with template URLs in string literals;
             many mention dash.cloudflare.com links that are not templates, about 3% hold
             template URLs, some of them bad.
tree-10k/    the same mix, 10,000 files (doubling the files).
editor.md    one 1 MB Markdown file (the editor case).
small/       five small files of mixed kinds, named one by one (the pre-commit case).
empty.md     an empty file (start-up cost).
urls-50k.md, urls-100k.md     50,000 and 100,000 template URLs, every third one with findings
             (doubling the URLs).
findings-2.md, findings-4.md  20,000 URLs of four permissions each, two or all four of them
             unknown keys: the same URLs and about the same bytes, twice the findings.
flat-25mb.txt, flat-50mb.txt  25 and 50 MB with no newline at all (doubling the bytes).
"""
import json
import os
import random
import shutil
import sys
import urllib.parse

SEED = 20261122
KEYS = ["dns", "zone", "workers_scripts", "analytics", "account_analytics", "d1", "cache", "dnss", "zone_dns"]
TYPES = ["read", "edit", "write"]
# Key and type pairs the catalog accepts, one per key (a URL made of these alone has no finding), and
# unknown keys near documented ones (one unknown-key finding each).
GOOD = [("dns", "read"), ("zone", "read"), ("workers_scripts", "edit"), ("d1", "read"),
        ("account_analytics", "read"), ("analytics", "read")]
UNKNOWN = ["dnss", "zonne", "workers_scriptz", "analyticz", "d11", "account_analyticz"]
PROSE = (
    "Cloudflare's dashboard lets you manage zones, Workers and tokens. Open "
    "https://dash.cloudflare.com/?to=/:account/workers to see your Workers, or "
    "[the token list](https://dash.cloudflare.com/profile/api-tokens) to review tokens. "
    "This paragraph is filler text of the kind a documentation page is made of, with `code`, "
    "**emphasis** and a [link](https://developers.cloudflare.com/fundamentals/).\n\n"
)
DOC_KINDS = ["md", "md", "mdx", "yaml", "json", "html"]
CODE_KINDS = ["ts", "js", "py", "go"]


def rng_for(name):
    return random.Random(f"{SEED}-{name}")


def url_for(rng, perms):
    enc = urllib.parse.quote(json.dumps([{"key": k, "type": t} for k, t in perms], separators=(",", ":")), safe="")
    if rng.random() < 0.5:
        return f"https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys={enc}&accountId=*&zoneId=all&name=Bench"
    return f"https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys={enc}&name=Bench"


def template(rng):
    """A URL as docs write them: random keys and types, bad ones among them."""
    return url_for(rng, [(rng.choice(KEYS), rng.choice(TYPES)) for _ in range(rng.randint(1, 3))])


def good_template(rng):
    return url_for(rng, rng.sample(GOOD, rng.randint(1, 3)))


def bad_template(rng):
    """A URL with findings: one to three unknown keys or `write` types among good entries."""
    perms = rng.sample(GOOD, rng.randint(1, 2))
    for _ in range(rng.randint(1, 2)):
        if rng.random() < 0.5:
            perms.append((rng.choice(UNKNOWN), "read"))
        else:
            perms.append((rng.choice(["zone", "d1", "workers_scripts"]), "write"))
    return url_for(rng, perms)


def doc_body(rng, kind, size, url):
    text = PROSE * (size // len(PROSE) + 1)
    text = text[:size]
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
    doc = {"text": text}
    if url:
        doc["token"] = url
    return json.dumps(doc, indent=2) + "\n"


def code_body(rng, kind, size, url, n):
    """Source code: comments that mention the dashboard, functions, and (with `url`) a template
    URL in a string literal."""
    comment = {"py": "#", "ts": "//", "js": "//", "go": "//"}[kind]
    head = {
        "ts": 'import { request } from "./http";\n\n',
        "js": 'const { request } = require("./http");\n\n',
        "py": "import json\nimport urllib.request\n\n",
        "go": 'package bench\n\nimport "fmt"\n\n',
    }[kind]
    parts = [head]
    if url:
        parts.append({
            "ts": f'export const tokenUrl = "{url}";\n\n',
            "js": f'const url = "{url}";\n\n',
            "py": f'TOKEN_URL = "{url}"\n\n',
            "go": f'const tokenURL = "{url}"\n\n',
        }[kind])
    i = 0
    while sum(map(len, parts)) < size:
        parts.append(f"{comment} Manage tokens at https://dash.cloudflare.com/profile/api-tokens (see the docs).\n")
        parts.append({
            "ts": f'export function handler{n}_{i}(zone: string): Promise<Response> {{\n  return request(`https://api.cloudflare.com/client/v4/zones/${{zone}}/dns_records?page={i}`, {{ method: "GET" }});\n}}\n\n',
            "js": f'function handler{n}_{i}(zone) {{\n  return request("https://api.cloudflare.com/client/v4/zones/" + zone + "/dns_records?page={i}", {{ method: "GET" }});\n}}\nmodule.exports.handler{n}_{i} = handler{n}_{i};\n\n',
            "py": f'def handler_{n}_{i}(zone):\n    """Lists DNS records, page {i}."""\n    with urllib.request.urlopen(f"https://api.cloudflare.com/client/v4/zones/{{zone}}/dns_records?page={i}") as r:\n        return json.load(r)\n\n\n',
            "go": f'func Handler{n}_{i}(zone string) string {{\n\treturn fmt.Sprintf("https://api.cloudflare.com/client/v4/zones/%s/dns_records?page={i}", zone)\n}}\n\n',
        }[kind])
        i += 1
    return "".join(parts)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(data)


def tree(out, name, files):
    rng = rng_for(name)
    root = os.path.join(out, name)
    shutil.rmtree(root, ignore_errors=True)
    for i in range(files):
        code = i % 4 == 3
        kind = CODE_KINDS[(i // 4) % 4] if code else DOC_KINDS[i % len(DOC_KINDS)]
        size = rng.randint(6000, 10000)
        url = template(rng) if rng.random() < 0.03 else None
        data = code_body(rng, kind, size, url, i) if code else doc_body(rng, kind, size, url)
        write(os.path.join(root, f"section{i % 100:03d}", f"page{i:05d}.{kind}"), data)


def main(out):
    tree(out, "tree", 20000)
    tree(out, "tree-10k", 10000)

    rng = rng_for("editor")
    editor = ""
    while len(editor) < 1_000_000:
        editor += PROSE + (f"[token]({template(rng)})\n\n" if rng.random() < 0.1 else "")
    write(os.path.join(out, "editor.md"), editor[:1_000_000])

    rng = rng_for("small")
    small = os.path.join(out, "small")
    shutil.rmtree(small, ignore_errors=True)
    for i, kind in enumerate(["md", "yaml", "json", "ts", "md"]):
        size = rng.randint(1500, 4000)
        url = template(rng) if i in (0, 3) else None
        data = code_body(rng, kind, size, url, i) if kind in CODE_KINDS else doc_body(rng, kind, size, url)
        write(os.path.join(small, f"changed{i}.{kind}"), data)
    write(os.path.join(out, "empty.md"), "")

    for n in (50_000, 100_000):
        rng = rng_for(f"urls-{n}")
        lines = (f"- [t{i}]({bad_template(rng) if i % 3 == 2 else good_template(rng)})\n" for i in range(n))
        write(os.path.join(out, f"urls-{n // 1000}k.md"), "".join(lines))

    for bad in (2, 4):
        rng = rng_for(f"findings-{bad}")
        lines = []
        for i in range(20_000):
            unknown = [(k, "read") for k in rng.sample(UNKNOWN, bad)]
            perms = rng.sample(GOOD[:4], 4 - bad) + unknown
            rng.shuffle(perms)
            lines.append(f"- [t{i}]({url_for(rng, perms)})\n")
        write(os.path.join(out, f"findings-{bad}.md"), "".join(lines))

    chunk = PROSE.replace("\n", " ")
    for mb in (25, 50):
        size = mb * 1_000_000
        write(os.path.join(out, f"flat-{mb}mb.txt"), (chunk * (size // len(chunk) + 1))[:size])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/bench")
