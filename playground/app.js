// The playground's page logic: read the input (or `#url=` / `#text=` from the address), run
// the linter compiled to WebAssembly, and show what each template URL grants and what is
// wrong with it. Every piece of the input reaches the page as text nodes, never as HTML.
import init, { lint, explain_url, guess, file_name_for, version } from "./cf_token_lint_wasm.js";

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; strings become text nodes. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
  }
  return node;
}

const enc = (k, t) => `%7B%22key%22%3A%22${k}%22%2C%22type%22%3A%22${t}%22%7D`;
const EXAMPLES = {
  bad: `https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B${enc("dnss", "write")}%2C${enc("zone", "read")}%5D&accountId=*&name=DNS%20updater`,
  good: `https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B${enc("dns", "edit")}%2C${enc("zone", "read")}%5D&name=DNS%20edit`,
  broad: `https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=%5B${enc("account_api_tokens", "edit")}%2C${enc("workers_scripts", "edit")}%5D&name=Read-only%20deploy`,
  doc: [
    "# Deploying",
    "",
    "Create a token with [this link](https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22workers_scripts%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all&name=Deploy).",
    "",
    "| Task | Token |",
    "| --- | --- |",
    "| Cache | [purge](https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=%5B%7B%22key%22%3A%22cache\\_purge%22%2C%22type%22%3A%22edit%22%7D%5D&accountId=*&zoneId=all&name=Purge) |",
    "",
  ].join("\n"),
};

/** Text with `code` spans, as the linter's messages write them. */
function prose(text) {
  return text.split(/`([^`]*)`/).map((part, i) => (i % 2 ? el("code", {}, part) : part));
}

const SEVERITY_SYMBOL = { error: "✖", warning: "⚠", note: "ℹ" };

function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

/** `text` with the UTF-16 ranges in `marks` wrapped in <mark> (overlaps are merged). */
function highlighted(text, marks, tag = "code") {
  const node = el(tag, { class: "url-text" });
  const ranges = marks
    .filter((m) => m.end >= m.start)
    .map((m) => ({ start: m.start, end: Math.max(m.end, m.start + 1), title: m.title }))
    .sort((a, b) => a.start - b.start);
  let at = 0;
  for (const r of ranges) {
    const start = Math.max(r.start, at);
    if (start >= r.end) continue;
    node.append(text.slice(at, start));
    node.append(el("mark", { title: r.title }, text.slice(start, Math.min(r.end, text.length))));
    at = Math.min(r.end, text.length);
  }
  node.append(text.slice(at));
  return node;
}

function copyButton(getText, label = "Copy") {
  const button = el("button", { type: "button", class: "copy" }, label);
  button.addEventListener("click", async () => {
    const text = getText();
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = el("textarea", {}, text);
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    button.textContent = "Copied";
    setTimeout(() => (button.textContent = label), 1500);
  });
  return button;
}

function permissionsTable(url) {
  if (url.permissions_state === "missing") return el("p", {}, "No permissions are pre-selected.");
  if (url.permissions_state === "placeholder") return el("p", {}, "The permissions are a placeholder for the reader to fill in.");
  if (url.permissions_state === "undecodable") {
    return el("p", { class: "permissions-undecodable" }, "The permissions cannot be read: see the problems below.");
  }
  const rows = url.permissions.map((p, i) => {
    const ev = url.evidence[i] || { kind: "unknown" };
    const key = p.key !== null && p.resolved_key !== null && p.key !== p.resolved_key
      ? [el("code", {}, p.key), " → ", el("code", {}, p.resolved_key)]
      : el("code", {}, p.key ?? "—");
    const group = p.display_name
      ? [p.display_name, p.group_id ? el("br") : null, p.group_id ? el("code", { title: "permission group ID" }, p.group_id) : null]
      : p.known ? "—" : "not in the catalog";
    return el("tr", { "data-key": p.key ?? "", "data-type": p.type ?? "" },
      el("td", { "data-label": "Key" }, key),
      el("td", { "data-label": "Type" }, el("code", {}, p.type ?? "—")),
      el("td", { "data-label": "Permission group" }, group),
      el("td", { "data-label": "Scope" }, p.scope ?? "—"),
      el("td", { "data-label": "Risk", class: p.risk === "high" ? "risk-high" : null }, p.risk === "high" ? "⚠ high" : (p.risk ?? "—")),
      el("td", { "data-label": "Evidence", "data-evidence": ev.kind, title: ev.source || null }, ev.text ?? ev.kind));
  });
  return el("div", { class: "table-wrap" },
    el("table", { class: "permissions" },
      el("caption", {}, `Permissions the form is filled with (${url.permissions.length})`),
      el("thead", {}, el("tr", {}, ["Key", "Type", "Permission group", "Scope", "Risk", "Evidence"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows)));
}

function diagnosticItem(d, source) {
  const where = `line ${d.line}, column ${d.column}`;
  let snippet = null;
  if (d.url) {
    const urlText = source.slice(d.url.start, d.url.end);
    snippet = highlighted(urlText, [{ start: d.start - d.url.start, end: d.end - d.url.start, title: d.label }]);
  }
  return el("li", { class: `diag ${d.severity}`, "data-rule": d.rule, "data-severity": d.severity, "data-text": d.text },
    el("div", {},
      el("span", { class: "sev" }, `${SEVERITY_SYMBOL[d.severity] ?? ""} ${d.severity}`), " ",
      el("a", { class: "rule", href: `rules.html#${d.rule}` }, d.rule), ": ",
      el("span", { class: "message" }, prose(d.message)), " ",
      el("span", { class: "where" }, `(${where}; ${d.label})`)),
    snippet,
    d.help ? el("div", { class: "help" }, prose(d.help)) : null,
    d.fix ? el("div", { class: "fixdesc" }, prose(d.fix.description), " (applied by --fix)") : null);
}

/** A link to open the URL, only when it goes to the real dashboard over https. */
function dashboardLink(url, diags) {
  let target;
  try {
    target = new URL(/^[a-z]+:/i.test(url.text) ? url.text : `https://${url.text.replace(/^\/\//, "")}`);
  } catch {
    return null;
  }
  if (diags.some((d) => d.rule === "suspicious-host")) {
    return el("p", { class: "no-open" }, "This link does not go to Cloudflare's dashboard: do not open it.");
  }
  if (target.protocol !== "https:" || target.hostname !== "dash.cloudflare.com") return null;
  return el("p", {}, el("a", { class: "open", href: target.href, rel: "noopener noreferrer" }, "Open this link in the dashboard"),
    diags.some((d) => d.severity === "error") ? " (it has errors: the form will not be filled as written)" : "");
}

function render(result, source) {
  const out = $("output");
  out.replaceChildren();
  const s = result.summary;
  if (result.urls.length === 0) {
    $("status").textContent = source.trim() === ""
      ? "Paste a template URL or a document above."
      : "No API token template URL found: expected https://dash.cloudflare.com/profile/api-tokens?… or https://dash.cloudflare.com/?to=/:account/api-tokens&…";
    return;
  }
  const problems = s.errors + s.warnings + s.notes;
  $("status").textContent = problems === 0
    ? `No problems found in ${plural(s.urls_checked, "template URL")} (read as ${result.syntax}).`
    : `Found ${plural(s.errors, "error")}, ${plural(s.warnings, "warning")} and ${plural(s.notes, "note")} in ${plural(s.urls_checked, "template URL")} (read as ${result.syntax}); ${s.fixable} can be fixed.`;

  result.urls.forEach((url, n) => {
    const diags = result.diagnostics.filter((d) => d.url && d.url.start === url.start && d.url.end === url.end);
    const card = el("section", { class: "url-card", "data-kind": url.kind, id: `url-${n + 1}` },
      el("h2", {}, `${url.kind === "user" ? "User" : "Account"} token template`,
        result.urls.length > 1 ? ` ${n + 1} of ${result.urls.length}` : "",
        " — ", url.name !== null ? `name: ${url.name}` : "no name"),
      highlighted(url.text, diags.filter((d) => d.end - d.start < url.end - url.start).map((d) => ({ start: d.start - url.start, end: d.end - url.start, title: `${d.rule}: ${d.message}` }))),
      url.scope_params.length ? el("ul", { class: "scope-params" },
        url.scope_params.map((p) => el("li", {}, el("code", {}, `${p.name}=${p.value}`), `: ${p.meaning}`))) : null,
      el("h3", {}, "What it grants"),
      permissionsTable(url),
      el("h3", {}, diags.length ? `Problems (${diags.length})` : "Problems"),
      diags.length ? el("ul", { class: "diagnostics" }, diags.map((d) => diagnosticItem(d, source))) : el("p", { class: "no-problems" }, "None."),
      url.fixed !== null ? [
        el("h3", {}, "As --fix writes it"),
        el("div", { class: "fixed-block" }, el("code", { class: "url-text fixed-url" }, url.fixed), copyButton(() => url.fixed)),
      ] : null,
      dashboardLink(url, diags));
    out.append(card);
  });

  const fileLevel = result.diagnostics.filter((d) => !d.url);
  if (fileLevel.length) {
    out.append(el("h2", {}, "Other problems"), el("ul", { class: "diagnostics" }, fileLevel.map((d) => diagnosticItem(d, source))));
  }
  if (result.fixed !== null && result.urls.length > 0 && source.trim() !== result.urls[0].text) {
    out.append(el("section", { class: "fixed-document" },
      el("h2", {}, `The document as --fix writes it (${plural(result.fixes_applied, "fix", "fixes")})`),
      el("div", { class: "fixed-block" }, el("pre", { class: "url-text" }, result.fixed), copyButton(() => result.fixed))));
  }
}

function run() {
  const text = $("input").value;
  let syntax = $("syntax").value;
  const trimmed = text.trim();
  $("syntax").options[0].textContent = "guess";
  let json;
  // One URL on its own is explained; anything else is linted as a document.
  if (syntax === "auto" && trimmed !== "" && !/\s/.test(trimmed)) {
    json = explain_url(trimmed);
    const result = JSON.parse(json);
    // Offsets are into the trimmed text.
    render(result, trimmed);
    return result;
  }
  if (syntax === "auto") {
    // The library's guess (source code by its shebang and first words, documents by their
    // shape), shown in the list so a wrong one is easy to correct.
    syntax = guess(text);
    const picked = [...$("syntax").options].find((o) => o.value === syntax);
    $("syntax").options[0].textContent = `guess: ${picked ? picked.textContent : syntax}`;
  }
  const result = JSON.parse(lint(text, file_name_for(syntax)));
  render(result, text);
  return result;
}

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const value = params.get("url") ?? params.get("text");
  if (value === null) return false;
  $("input").value = value;
  const syntax = params.get("syntax");
  if (syntax && [...$("syntax").options].some((o) => o.value === syntax)) $("syntax").value = syntax;
  return true;
}

function shareLink() {
  const text = $("input").value;
  const trimmed = text.trim();
  const params = new URLSearchParams();
  if (trimmed !== "" && !/\s/.test(trimmed)) params.set("url", trimmed);
  else params.set("text", text);
  if ($("syntax").value !== "auto") params.set("syntax", $("syntax").value);
  // `URLSearchParams` writes spaces as `+`; `%20` reads the same and survives more chat apps.
  const hash = params.toString().replace(/\+/g, "%20");
  history.replaceState(null, "", `#${hash}`);
  return location.href;
}

async function main() {
  await init();
  $("version").textContent = version();
  document.documentElement.dataset.ready = "true";
  const form = $("form");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  let timer;
  $("input").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  $("syntax").addEventListener("change", run);
  for (const b of document.querySelectorAll(".example")) {
    b.addEventListener("click", () => {
      $("input").value = EXAMPLES[b.dataset.example];
      $("syntax").value = "auto";
      run();
    });
  }
  $("share").addEventListener("click", async () => {
    const link = shareLink();
    try {
      await navigator.clipboard.writeText(link);
      $("share-status").textContent = "Link copied.";
    } catch {
      $("share-status").textContent = "The address bar now links to this check.";
    }
  });
  window.addEventListener("hashchange", () => readHash() && run());
  readHash();
  run();
}

main().catch((e) => {
  $("status").textContent = `The linter could not start: ${e}`;
  document.documentElement.dataset.ready = "error";
});
