// The rule pages, from the same Markdown the CLI prints (`cf-token-lint rules RULE`), rendered
// with a small reader for what those pages use: headings, paragraphs, lists, fenced code,
// tables, `code`, **bold** and links. Built from text nodes only.
import init, { rules } from "./cf_token_lint_wasm.js";

function inline(text) {
  const out = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let at = 0;
  for (const m of text.matchAll(re)) {
    out.push(document.createTextNode(text.slice(at, m.index)));
    if (m[1] !== undefined) {
      const c = document.createElement("code");
      c.textContent = m[1];
      out.push(c);
    } else if (m[2] !== undefined) {
      const b = document.createElement("strong");
      b.textContent = m[2];
      out.push(b);
    } else {
      const a = document.createElement("a");
      // Links between rule pages stay on this page.
      const rule = m[4].match(/^(?:\.\/)?([a-z-]+)\.md$/);
      a.href = rule ? `#${rule[1]}` : m[4];
      a.textContent = m[3];
      out.push(a);
    }
    at = m.index + m[0].length;
  }
  out.push(document.createTextNode(text.slice(at)));
  return out;
}

function render(doc, id) {
  const section = document.createElement("section");
  section.className = "rule-page";
  section.id = id;
  const lines = doc.split("\n");
  let i = 0;
  const add = (tag, children) => {
    const node = document.createElement(tag);
    node.append(...children);
    section.append(node);
    return node;
  };
  while (i < lines.length) {
    const line = lines[i];
    if (line.startsWith("```")) {
      const code = [];
      for (i++; i < lines.length && !lines[i].startsWith("```"); i++) code.push(lines[i]);
      i++;
      add("pre", [document.createTextNode(code.join("\n"))]);
    } else if (/^#{1,6} /.test(line)) {
      const level = Math.min(line.indexOf(" ") + 1, 6);
      add(`h${level}`, inline(line.replace(/^#+ /, "")));
      i++;
    } else if (/^\s*[-*] /.test(line)) {
      const list = add("ul", []);
      while (i < lines.length && /^\s*[-*] /.test(lines[i])) {
        let item = lines[i].replace(/^\s*[-*] /, "");
        for (i++; i < lines.length && /^\s{2,}\S/.test(lines[i]) && !/^\s*[-*] /.test(lines[i]); i++) item += ` ${lines[i].trim()}`;
        const li = document.createElement("li");
        li.append(...inline(item));
        list.append(li);
      }
    } else if (line.startsWith("|")) {
      const rows = [];
      for (; i < lines.length && lines[i].startsWith("|"); i++) rows.push(lines[i]);
      const wrap = add("div", []);
      wrap.className = "table-wrap";
      const table = document.createElement("table");
      wrap.append(table);
      rows.filter((r) => !/^\|[\s:|-]+\|$/.test(r)).forEach((r, n) => {
        const tr = document.createElement("tr");
        for (const cell of r.slice(1, -1).split(/(?<!\\)\|/)) {
          const td = document.createElement(n === 0 ? "th" : "td");
          td.append(...inline(cell.trim().replace(/\\\|/g, "|")));
          tr.append(td);
        }
        table.append(tr);
      });
    } else if (line.trim() === "") {
      i++;
    } else {
      const para = [];
      for (; i < lines.length && lines[i].trim() !== "" && !/^(#{1,6} |```|\||\s*[-*] )/.test(lines[i]); i++) para.push(lines[i]);
      add("p", inline(para.join(" ")));
    }
  }
  return section;
}

async function main() {
  await init();
  const all = JSON.parse(rules());
  const nav = document.getElementById("index");
  const list = document.createElement("ul");
  const pages = document.getElementById("pages");
  pages.replaceChildren();
  for (const r of all) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = `#${r.id}`;
    a.textContent = r.id;
    li.append(a, ` (${r.severity}${r.fixable !== "no" ? `, fixable: ${r.fixable}` : ""}): `, ...inline(r.summary));
    list.append(li);
    pages.append(render(r.doc, r.id));
  }
  nav.append(list);
  document.documentElement.dataset.ready = "true";
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

main().catch((e) => {
  document.getElementById("pages").textContent = `The rule pages could not load: ${e}`;
});
