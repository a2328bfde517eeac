// Runs a built site's own static/search.js (the theme's, as shipped) under
// node, for tests/search.rs: a document just big enough for it, whose
// <script> elements load files of the site, then its query() for each query.
//
//   node run-search.js SITE '[["query", {"year": 2024}], ["other", null]]'
//
// prints, per query, the results grouped by note as the page groups them:
// [{url, title, date, score, held, turns: [anchor of each matching turn]}].
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const site = path.resolve(process.argv[2]);
const queries = JSON.parse(process.argv[3]);

function run(file) {
  vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
}

globalThis.window = globalThis;
globalThis.document = {
  currentScript: {
    getAttribute: (n) => (n === "data-root" ? site + "/" : null),
    src: site + "/static/search.js",
  },
  head: {
    appendChild(el) {
      if (el.tagName !== "SCRIPT") return;
      let ok = true;
      try {
        run(el.src);
      } catch (e) {
        if (e.code !== "ENOENT") throw e;
        ok = false;
      }
      setTimeout(() => (ok ? el.onload() : el.onerror()), 0);
    },
  },
  createElement: (t) => ({ tagName: t.toUpperCase() }),
  querySelector: () => null,
  querySelectorAll: () => [],
  addEventListener() {},
};

run(path.join(site, "static/search.js"));

// what the index files register, seen on the way to search.js
let M = null;
const units = {};
const frags = {};
const wrap = (name, keep) => {
  const orig = window[name];
  window[name] = function (...a) {
    keep(...a);
    return orig(...a);
  };
};
wrap("__mb_manifest", (m) => (M = m));
wrap("__mb_u", (c, d) => (units[c] = d));
wrap("__mb_f", (k, d) => (frags[k] = d));

async function one(q, filters) {
  const res = await window.__mb_query(q, filters || undefined);
  if (res.error) throw new Error(res.error);
  const groups = [];
  const by = new Map();
  for (const [doc, score, held] of res.hits) {
    const u = window.__mb_unit(doc);
    let g = by.get(u);
    if (!g) {
      g = { unit: u, score, held, docs: [] };
      by.set(u, g);
      groups.push(g);
    }
    g.docs.push(doc);
  }
  const words = q.toLowerCase().split(/[^\p{Alphabetic}\p{N}]+/u).filter(Boolean);
  return groups.map((g) => {
    const chunk = Math.floor(g.unit / M.uc);
    run(path.join(site, "search/idx/u/" + chunk + ".js"));
    const [title, url, date] = units[chunk][g.unit - chunk * M.uc];
    // the unit's own document is the first of its numbers
    let start = g.docs[0];
    while (start > 0 && window.__mb_unit(start - 1) === g.unit) start--;
    const turns = [];
    for (const d of g.docs) {
      if (d === start) continue;
      const w = d - start - 1;
      const key = g.unit + "-" + Math.floor(w / M.wb);
      run(path.join(site, "search/idx/f/" + key + ".js"));
      const [, parts] = frags[key][w % M.wb];
      for (const [anchor, , text] of parts) {
        const t = text.toLowerCase();
        if (words.some((x) => t.includes(x))) turns.push(anchor);
      }
    }
    return { url, title, date, score: g.score, held: g.held, turns };
  });
}

(async () => {
  const out = [];
  for (const [q, f] of queries) out.push(await one(q, f));
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
