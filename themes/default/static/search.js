/* minutebook search. The build (src/search.rs) writes an elasticlunr index
   of the published site, split into shards under search/idx/; this script
   loads the vendored elasticlunr.js, then for each query only the shards its
   words need, adds their terms to one elasticlunr.Index and calls its
   search(). Every index file is a script that registers itself on a global,
   so it loads with a <script> tag, also from file:// where fetch is blocked.
   The text rules (words(), term()) must stay those of src/search.rs. */
(function () {
  "use strict";
  var me = document.currentScript;
  var ROOT = (me && me.getAttribute("data-root")) || "";
  var IDX = ROOT + "search/idx/";
  var LIB = (me && me.src ? me.src.replace(/[^\/]*$/, "") : ROOT + "static/") + "elasticlunr.min.js";
  var M = null, U = null, EL = null;
  var store = { s: {}, r: {}, u: {}, f: {} };
  var added = Object.create(null);
  var loading = {};
  var LOG = [];
  window.__mb_log = LOG;
  window.__mb_manifest = function (m) { M = m; };
  window.__mb_s = function (n, d) { store.s[n] = d; };
  window.__mb_r = function (k, d) { store.r[k] = d; };
  window.__mb_u = function (c, d) { store.u[c] = d; };
  window.__mb_f = function (k, d) { store.f[k] = d; };

  function script(src, name) {
    if (!loading[src]) {
      loading[src] = new Promise(function (res) {
        var s = document.createElement("script");
        s.src = src;
        s.async = true;
        s.onload = function () { res(true); };
        s.onerror = function () { res(false); };
        LOG.push(name);
        document.head.appendChild(s);
      });
    }
    return loading[src];
  }
  function load(path) { return script(IDX + path, path); }

  /* ---- text: the same rules as src/search.rs ---- */
  var SEP = /[^\p{Alphabetic}\p{N}]+/u;
  function words(text) {
    return String(text).split(SEP).filter(function (w) { return w && Array.from(w).length <= 40; })
      .map(function (w) { return Array.from(w).map(function (c) { return c.toLowerCase(); }).join(""); });
  }
  // elasticlunr's English pipeline for words of ASCII letters and digits;
  // other words as they are; null for stop words and single ASCII letters.
  var TERMS = new Map();
  function term(w) {
    if (!w || (w.length === 1 && w.charCodeAt(0) < 128)) return null;
    if (!/^[a-z0-9]+$/.test(w)) return w;
    var got = TERMS.get(w);
    if (got === undefined) {
      var t = elasticlunr.stopWordFilter(elasticlunr.trimmer(w));
      got = t ? elasticlunr.stemmer(t) || null : null;
      TERMS.set(w, got);
    }
    return got;
  }

  /* ---- varints ---- */
  var ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var VAL = {};
  for (var a = 0; a < 64; a++) VAL[ALPHA.charCodeAt(a)] = a;
  function varints(s) {
    var out = [], cur = 0;
    for (var i = 0; i < s.length; i++) {
      var v = VAL[s.charCodeAt(i)];
      if (v < 32) cur = cur * 32 + v;
      else { out.push(cur * 32 + (v - 32)); cur = 0; }
    }
    return out;
  }

  /* ---- manifest and the elasticlunr index ---- */
  var EXP = Object.create(null);
  function setup() {
    if (U) return;
    var v = varints(M.units), i = 0;
    U = { win: [], year: [], type: [], series: [], people: [], start: [] };
    var doc = 0;
    while (i < v.length) {
      U.start.push(doc);
      var w = v[i++]; U.win.push(w); doc += 1 + w;
      var y = v[i++]; U.year.push(y ? M.y0 + y - 1 : 0);
      U.type.push(v[i++] - 1); U.series.push(v[i++] - 1);
      var np = v[i++], ps = [];
      for (var k = 0; k < np; k++) ps.push(v[i++]);
      U.people.push(ps);
    }
    // An empty pipeline (the query goes through term() first) and no
    // document store: the weights in the shards are elasticlunr's
    // tf x fieldLengthNorm already, so a missing field length (norm 1) is right.
    EL = new elasticlunr.Index();
    M.fields.forEach(function (f) {
      EL.addField(f);
      // expansion: what expand() found for the token (prefixes, word endings)
      EL.index[f].expandToken = function (token) { return EXP[token] || [token]; };
    });
    EL.setRef("id");
    EL.saveDocument(false);
    EL.documentStore.length = M.n;
  }
  // Add one term's postings (from its loaded shard) to the elasticlunr index.
  // added[t]: the number of postings it brought (tells rare() how common it is)
  function addTerm(t) {
    if (t in added) return;
    var d = store.s[shardFor(t)];
    if (!d || !Object.prototype.hasOwnProperty.call(d, t)) return;
    added[t] = 0;
    var v = varints(d[t]), i = 0;
    while (i + 3 <= v.length) {
      added[t] += v[i + 2];
      var inv = EL.index[M.fields[v[i]]], df = v[i + 1], cnt = v[i + 2], doc = 0;
      i += 3;
      for (var k = 0; k < cnt; k++, i += 2) {
        doc += v[i];
        inv.addToken(t, { ref: String(doc), tf: v[i + 1] / M.q });
      }
      var node = inv.getNode(t);
      if (node) node.df = df;
    }
    EL._idfCache = {};
  }
  function unitOf(doc) {
    var lo = 0, hi = U.start.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (U.start[mid] <= doc) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function shardFor(t) {
    var b = M.bounds, lo = 0, hi = b.length - 1;
    if (!b.length || t < b[0]) return -1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (b[mid] <= t) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function hex(s) {
    return Array.from(new TextEncoder().encode(s)).map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  var readyP = null;
  function ready() {
    if (!readyP) {
      readyP = Promise.all([script(LIB, "elasticlunr.min.js"), load("manifest.js")]).then(function () {
        if (M && window.elasticlunr) setup();
        return !!EL;
      });
    }
    return readyP;
  }

  /* ---- query ---- */
  function loadShards(from, to) {
    var ps = [];
    for (var n = Math.max(0, from); n <= to; n++) ps.push(load("s/" + n + ".js"));
    return Promise.all(ps);
  }
  function has(n, t) { var d = store.s[n]; return !!d && Object.prototype.hasOwnProperty.call(d, t); }
  var MAX_PREFIX_SHARDS = 3;
  function prefixTerms(p) {
    var first = shardFor(p), last = Math.min(shardFor(p + "\uffff"), first + MAX_PREFIX_SHARDS - 1);
    return loadShards(first, last).then(function () {
      var out = [];
      for (var n = Math.max(0, first); n <= last; n++) {
        Object.keys(store.s[n] || {}).forEach(function (t) { if (t.startsWith(p) && t !== p) out.push(t); });
      }
      return out;
    });
  }
  // The index terms a query token stands for: itself, terms it starts
  // (the word being typed: the last one), and terms it ends (abrafel finds
  // pabrafel). Stored in EXP for the indexes' expandToken.
  function expand(tok, raw, last) {
    var list = [tok];
    var base = loadShards(shardFor(tok), shardFor(tok));
    var p = base.then(function () {
      if (!last || Array.from(raw).length < 3) return;
      // the typed word may be cut short of its stem (meetin): fall back to
      // shorter prefixes, down to two characters less
      var tries = [raw];
      if (tok !== raw) tries.push(tok);
      var cs = Array.from(raw);
      for (var k = 1; k <= 2 && cs.length - k >= 3; k++) tries.push(cs.slice(0, cs.length - k).join(""));
      var step = function (i) {
        if (i >= tries.length) return;
        return prefixTerms(tries[i]).then(function (ts) {
          var got = ts.filter(function (t) { return list.indexOf(t) < 0; });
          if (tries[i] !== tok && tries[i].length < tok.length && has(shardFor(tries[i]), tries[i])) got.unshift(tries[i]);
          if (got.length) { list = list.concat(got); return; }
          return step(i + 1);
        });
      };
      return step(0);
    });
    var q = base.then(function () {
      return rare(tok) && Array.from(tok).length >= 4 ? endings(tok) : [];
    });
    return Promise.all([p, q]).then(function (r) {
      (r[1] || []).forEach(function (t) { if (list.indexOf(t) < 0) list.push(t); });
      list.forEach(addTerm);
      EXP[tok] = list;
      return list;
    });
  }
  // Whether a term is missing from the index or in few documents: only
  // then are terms that end with it worth looking up.
  var RARE = 100;
  function rare(t) {
    addTerm(t);
    return !added[t] || added[t] < RARE;
  }
  // Index terms that end with a token, shortest first, their shards loaded.
  function endings(tok) {
    var key = Array.from(tok).slice(-3).join("");
    return load("r/" + hex(key) + ".js").then(function () {
      var ts = (store.r[key] || []).filter(function (t) { return t.length > tok.length && t.endsWith(tok); });
      ts.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0); });
      ts = ts.slice(0, M.msx);
      var shards = [];
      ts.forEach(function (t) { var n = shardFor(t); if (shards.indexOf(n) < 0) shards.push(n); });
      return Promise.all(shards.map(function (n) { return loadShards(n, n); })).then(function () { return ts; });
    });
  }
  function passes(doc, f) {
    if (!f) return true;
    var u = unitOf(doc);
    if (f.person != null && U.people[u].indexOf(f.person) < 0) return false;
    if (f.series != null && U.series[u] !== f.series) return false;
    if (f.type != null && U.type[u] !== f.type) return false;
    if (f.year != null && U.year[u] !== f.year) return false;
    return true;
  }
  // -> Promise of {hits: [[doc, score]], terms: [matched terms], words}
  function query(q, filters) {
    return ready().then(function (ok) {
      if (!ok) return { hits: [], terms: [], words: [], error: "The search index is missing." };
      var ws = words(q), toks = [], raws = [];
      ws.forEach(function (w) { var t = term(w); if (t && toks.indexOf(t) < 0) { toks.push(t); raws.push(w); } });
      if (!toks.length) return { hits: [], terms: [], words: [] };
      var lastWordTyped = !/[^\p{Alphabetic}\p{N}]$/u.test(q);
      return Promise.all(toks.map(function (t, k) { return expand(t, raws[k], lastWordTyped && k + 1 === toks.length); })).then(function (exps) {
        var fields = {};
        M.fields.forEach(function (f, k) { fields[f] = { boost: M.boosts[k] }; });
        var res = EL.search(toks.join(" "), { fields: fields, bool: "OR", expand: true });
        // across fields, documents that hold more of the query's words come
        // first (elasticlunr's coordination is per field), then by score
        var held = {};
        exps.forEach(function (ex) {
          var seen = {};
          ex.forEach(function (t) {
            M.fields.forEach(function (f) {
              var docs = EL.index[f].getDocs(t);
              for (var d in docs) if (!seen[d]) { seen[d] = 1; held[d] = (held[d] || 0) + 1; }
            });
          });
        });
        var hits = [];
        res.forEach(function (r) { var d = Number(r.ref); if (passes(d, filters)) hits.push([d, r.score, held[r.ref] || 0]); });
        hits.sort(function (a, b) { return b[2] - a[2] || b[1] - a[1] || a[0] - b[0]; });
        var terms = [];
        exps.forEach(function (ex) { ex.forEach(function (t) { terms.push(t); }); });
        return { hits: hits, terms: terms, words: ws };
      });
    });
  }

  /* ---- results ---- */
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }
  // Results are grouped by note: a group is a unit with its matching
  // documents (its own and its transcript windows), best first.
  function groups(hits) {
    var by = new Map(), out = [];
    hits.forEach(function (h) {
      var u = unitOf(h[0]), g = by.get(u);
      if (!g) { g = { unit: u, score: h[1], docs: [] }; by.set(u, g); out.push(g); }
      g.docs.push(h[0]);
    });
    return out;
  }
  var TURNS_SHOWN = 3;
  function describe(g) {
    var u = g.unit, chunk = Math.floor(u / M.uc);
    var wins = g.docs.filter(function (d) { return d !== U.start[u]; }).slice(0, TURNS_SHOWN).map(function (d) { return d - U.start[u] - 1; });
    var own = g.docs.indexOf(U.start[u]) >= 0;
    var files = ["u/" + chunk + ".js"];
    if (own && (!wins.length || g.docs[0] === U.start[u])) files.push("f/" + u + ".js");
    wins.forEach(function (w) { var f = "f/" + u + "-" + Math.floor(w / M.wb) + ".js"; if (files.indexOf(f) < 0) files.push(f); });
    return Promise.all(files.map(load)).then(function () {
      var row = (store.u[chunk] || [])[u - chunk * M.uc] || ["?", "", ""];
      var body = store.f[String(u)];
      return {
        unit: u, title: row[0], url: row[1], date: row[2], count: g.docs.length,
        series: U.series[u] >= 0 ? M.series[U.series[u]] : "",
        type: U.type[u] >= 0 ? M.types[U.type[u]] : "",
        people: U.people[u].map(function (p) { return M.people[p]; }),
        text: typeof body === "string" && files.indexOf("f/" + u + ".js") >= 0 ? body : "",
        turns: wins.map(function (w) {
          var x = (store.f[u + "-" + Math.floor(w / M.wb)] || [])[w % M.wb] || ["", [["", "", ""]]];
          return { speaker: x[0], parts: x[1] };
        })
      };
    });
  }
  function href(r, from, anchor) {
    var url = encodeURI(r.url) + (M.dl || r.url === "" ? "" : "index.html");
    return from + url + (anchor ? "#" + encodeURIComponent(anchor) : "");
  }
  function marked(text, terms, words) { return snippet(text, terms, words).indexOf("<mark>") >= 0; }
  function snippet(text, terms, words) {
    var want = new Set(terms);
    var re = /[\p{Alphabetic}\p{N}]+/gu, m, marks = [];
    while ((m = re.exec(text)) && marks.length < 400) {
      var lw = m[0].toLowerCase();
      var st = term(lw), hit = st !== null && want.has(st);
      if (!hit) for (var i = 0; i < words.length && !hit; i++) { if (words[i].length >= 3 && lw.indexOf(words[i]) >= 0) hit = true; }
      if (hit) marks.push([m.index, m.index + m[0].length]);
    }
    var start = marks.length ? Math.max(0, marks[0][0] - 70) : 0;
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < marks[0][0]) start = sp + 1; }
    var end = Math.min(text.length, start + 240);
    if (end < text.length) { var sp2 = text.lastIndexOf(" ", end); if (sp2 > start + 100) end = sp2; }
    var out = start > 0 ? "…" : "", pos = start;
    marks.forEach(function (k) {
      if (k[0] < pos || k[1] > end) return;
      out += esc(text.slice(pos, k[0])) + "<mark>" + esc(text.slice(k[0], k[1])) + "</mark>";
      pos = k[1];
    });
    out += esc(text.slice(pos, end)) + (end < text.length ? "…" : "");
    return out;
  }
  function resultHtml(r, res, from, active) {
    var meta = [];
    if (r.date) meta.push('<time datetime="' + esc(r.date) + '">' + esc(r.date) + "</time>");
    if (r.series) meta.push('<span class="mb-series">' + esc(r.series) + "</span>");
    if (r.type) meta.push('<span class="mb-type">' + esc(r.type) + "</span>");
    if (r.people.length) meta.push('<span class="mb-people">' + esc(r.people.slice(0, 5).join(", ") + (r.people.length > 5 ? " +" + (r.people.length - 5) : "")) + "</span>");
    var html = '<li class="mb-result' + (active ? " mb-active" : "") + '" data-unit="' + r.unit + '">' +
      '<a class="mb-title" href="' + esc(href(r, from, "")) + '">' + esc(r.title) + "</a>" +
      '<div class="mb-meta">' + meta.join(" · ") + "</div>";
    if (r.text) html += '<div class="mb-snippet">' + snippet(r.text, res.terms, res.words) + "</div>";
    if (r.turns.length) {
      html += '<ul class="mb-turns">' + r.turns.map(function (w) {
        // the turn of the window that holds the match (else its first)
        var t = null;
        w.parts.forEach(function (p) { if (!t && marked(p[2], res.terms, res.words)) t = p; });
        t = t || w.parts[0];
        t = { anchor: t[0], stamp: t[1], text: t[2], speaker: w.speaker };
        return '<li><a class="mb-turn" href="' + esc(href(r, from, t.anchor)) + '"><span class="mb-stamp">' + esc(t.stamp) + '</span> <span class="mb-speaker">' + esc(t.speaker) + "</span></a> " +
          '<span class="mb-snippet">' + snippet(t.text, res.terms, res.words) + "</span></li>";
      }).join("") + "</ul>";
    }
    return html + "</li>";
  }

  /* ---- styles ---- */
  var css = ".site-search{position:relative;margin-left:.5rem}.site-search input{font:inherit;font-size:.9rem;padding:.3rem .7rem;border:1px solid var(--line,#ccc);border-radius:99px;background:var(--bg,#fff);color:inherit;width:13rem}" +
    ".mb-drop{position:absolute;right:0;top:2.3rem;width:min(36rem,92vw);max-height:70vh;overflow:auto;background:var(--bg,#fff);border:1px solid var(--line,#ccc);border-radius:10px;box-shadow:0 8px 30px rgba(0,0,0,.18);z-index:50;padding:.3rem}" +
    ".mb-drop ol,.search-results{list-style:none;margin:0;padding:0}.mb-result{padding:.45rem .6rem;border-radius:8px}.mb-result.mb-active{background:var(--accent-soft,#eef)}" +
    ".mb-title{font-weight:600}.mb-meta{font-size:.8rem;color:var(--muted,#666)}.mb-snippet{font-size:.88rem}.mb-snippet mark{background:var(--mark,#fde68a);color:inherit;border-radius:2px}" +
    ".mb-speaker{font-weight:600}.mb-turns{list-style:none;margin:.2rem 0 0 .8rem;padding:0;font-size:.86rem}.mb-turns li{margin:.15rem 0}.mb-stamp{color:var(--muted,#666);font-variant-numeric:tabular-nums}.mb-more{display:block;padding:.4rem .6rem;font-size:.85rem}" +
    ".search-form input[type=search]{font:inherit;padding:.45rem .8rem;width:min(30rem,100%);border:1px solid var(--line,#ccc);border-radius:8px}.search-filters label{margin-right:1rem;font-size:.9rem}" +
    ".search-results .mb-result{border-bottom:1px solid var(--line,#eee);border-radius:0}";
  var st = document.createElement("style");
  st.textContent = css;
  document.head.appendChild(st);

  /* ---- header box: results as you type ---- */
  function debounce(f, ms) { var t; return function () { clearTimeout(t); t = setTimeout(f, ms); }; }
  function keyNav(input, list, onEnter) {
    input.addEventListener("keydown", function (e) {
      var items = list().querySelectorAll(".mb-result");
      if (!items.length) return;
      var cur = -1;
      items.forEach(function (el, k) { if (el.classList.contains("mb-active")) cur = k; });
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        var next = e.key === "ArrowDown" ? Math.min(items.length - 1, cur + 1) : Math.max(0, cur - 1);
        items.forEach(function (el) { el.classList.remove("mb-active"); });
        items[next].classList.add("mb-active");
        items[next].scrollIntoView({ block: "nearest" });
      } else if (e.key === "Enter" && cur >= 0) {
        e.preventDefault();
        var a = items[cur].querySelector("a");
        if (a) location.href = a.href;
      } else if (e.key === "Escape" && onEnter) { onEnter(); }
    });
  }
  var seq = 0;
  function headerBox(input) {
    var form = input.form;
    var drop = document.createElement("div");
    drop.className = "mb-drop";
    drop.hidden = true;
    form.appendChild(drop);
    var run = function () {
      var q = input.value, my = ++seq;
      if (!q.trim()) { drop.hidden = true; drop.innerHTML = ""; return; }
      query(q).then(function (res) {
        if (my !== seq) return;
        var gs = groups(res.hits), top = gs.slice(0, 8);
        return Promise.all(top.map(describe)).then(function (rs) {
          if (my !== seq) return;
          var all = form.getAttribute("action") + "?q=" + encodeURIComponent(q);
          drop.innerHTML = (rs.length ? "<ol>" + rs.map(function (r, k) { return resultHtml(r, res, ROOT, k === 0); }).join("") + "</ol>" : '<p class="mb-more">No results.</p>') +
            '<a class="mb-more" href="' + esc(all) + '">All ' + gs.length + " results →</a>";
          drop.hidden = false;
        });
      });
    };
    input.addEventListener("input", debounce(run, 30));
    input.addEventListener("focus", function () { ready(); if (drop.innerHTML) drop.hidden = false; });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) drop.hidden = true; });
    keyNav(input, function () { return drop; }, function () { drop.hidden = true; input.blur(); });
    return run;
  }

  /* ---- the search page ---- */
  var PAGE = 20, LISTED = 200;
  function searchPage(form) {
    var input = form.querySelector("input[name=q]");
    var status = document.getElementById("mb-status");
    var list = document.getElementById("mb-results");
    var params = new URLSearchParams(location.search);
    var bench = params.has("mbbench");
    var sels = {};
    form.querySelectorAll("select[data-filter]").forEach(function (s) { sels[s.getAttribute("data-filter")] = s; });
    input.value = params.get("q") || "";
    var shown = 0, last = null, t0 = 0;
    function filters() {
      var f = {}, any = false;
      function pick(name, arr) {
        var v = sels[name] && sels[name].value;
        if (!v) return;
        var k = arr.indexOf(name === "year" ? Number(v) : v);
        f[name] = k < 0 && name !== "year" ? -2 : (name === "year" ? Number(v) : k);
        any = true;
      }
      pick("person", M.people); pick("series", M.series); pick("type", M.types); pick("year", []);
      return any ? f : null;
    }
    // Every matching note is listed (titles and links come from the small
    // unit files); snippets and turn links load for the first SNIPPETS and
    // then for results scrolled into view.
    var SNIPPETS = 10;
    var seen = "IntersectionObserver" in window ? new IntersectionObserver(function (es) {
      es.forEach(function (e) { if (e.isIntersecting) { seen.unobserve(e.target); fill(e.target); } });
    }, { rootMargin: "400px" }) : null;
    function fill(li) {
      var res = last, k = Number(li.getAttribute("data-k")), g = res && res.groups[k];
      if (!g || li.getAttribute("data-full")) return Promise.resolve();
      li.setAttribute("data-full", "1");
      return describe(g).then(function (r) {
        if (res !== last) return;
        var tmp = document.createElement("div");
        tmp.innerHTML = resultHtml(r, res, "../", false);
        li.innerHTML = tmp.firstChild.innerHTML;
      });
    }
    function more(n) {
      var res = last, from = shown, top = res.groups.slice(from, from + n);
      var chunks = [];
      top.forEach(function (g) { var c = "u/" + Math.floor(g.unit / M.uc) + ".js"; if (chunks.indexOf(c) < 0) chunks.push(c); });
      // start loading the snippets of the first results with their titles
      top.slice(0, Math.max(0, SNIPPETS - from)).forEach(describe);
      return Promise.all(chunks.map(load)).then(function () {
        if (res !== last) return;
        list.insertAdjacentHTML("beforeend", top.map(function (g, k) {
          var u = g.unit, c = Math.floor(u / M.uc), row = (store.u[c] || [])[u - c * M.uc] || ["?", "", ""];
          var r = { unit: u, title: row[0], url: row[1], date: row[2], series: U.series[u] >= 0 ? M.series[U.series[u]] : "",
            type: U.type[u] >= 0 ? M.types[U.type[u]] : "", people: U.people[u].map(function (p) { return M.people[p]; }), text: "", turns: [] };
          return resultHtml(r, res, "../", false).replace('<li class="mb-result"', '<li class="mb-result" data-k="' + (from + k) + '"');
        }).join(""));
        shown = from + top.length;
        var btn = document.getElementById("mb-more");
        if (btn) btn.remove();
        if (shown < res.groups.length) {
          list.insertAdjacentHTML("afterend", '<button type="button" id="mb-more" class="mb-more">Show more</button>');
          document.getElementById("mb-more").addEventListener("click", function () { more(PAGE); });
        }
        var lis = list.querySelectorAll("li.mb-result[data-k]"), first = [];
        for (var i = from; i < lis.length; i++) {
          if (i < SNIPPETS) first.push(fill(lis[i]));
          else if (seen) seen.observe(lis[i]);
        }
        return Promise.all(first);
      });
    }
    var my = 0;
    function run() {
      var q = input.value, mine = ++my;
      t0 = performance.now();
      var before = LOG.slice();
      var p = new URLSearchParams();
      if (q) p.set("q", q);
      Object.keys(sels).forEach(function (k) { if (sels[k].value) p.set(k, sels[k].value); });
      try { history.replaceState(null, "", "?" + p.toString()); } catch (e) { /* file:// in some browsers */ }
      if (!q.trim()) { list.innerHTML = ""; status.textContent = ""; return; }
      query(q, filters()).then(function (res) {
        if (mine !== my) return;
        var tq = performance.now() - t0;
        res.groups = groups(res.hits);
        last = res; shown = 0; list.innerHTML = "";
        var b = document.getElementById("mb-more");
        if (b) b.remove();
        var ng = res.groups.length;
        status.textContent = res.error || (ng + " note" + (ng === 1 ? "" : "s") + " (" + res.hits.length + " passages) for “" + q + "”");
        return more(PAGE).then(function () {
          if (mine !== my) return;
          var first = { ms: performance.now() - t0, tq: tq, after: LOG.slice(before.length) };
          // then list the other matching notes (titles; snippets as they
          // scroll into view), up to LISTED, without waiting for a click
          return more(LISTED - PAGE).then(function () {
            if (!bench || mine !== my) return;
            var out = document.getElementById("mb-bench") || document.body.appendChild(document.createElement("pre"));
            out.id = "mb-bench";
            out.textContent = JSON.stringify({ ms: first.ms, tq: first.tq, before: before, after: first.after,
              all: LOG.slice(before.length), msAll: performance.now() - t0, hits: res.hits.length });
          });
        });
      });
    }
    ready().then(function (ok) {
      if (!ok) { status.textContent = "The search index is missing."; return; }
      function fill(name, values) {
        var s = sels[name];
        if (!s) return;
        values.forEach(function (v) { var o = document.createElement("option"); o.value = o.textContent = v; s.appendChild(o); });
        if (params.get(name)) s.value = params.get(name);
        s.addEventListener("change", run);
      }
      var years = [];
      U.year.forEach(function (y) { if (y && years.indexOf(y) < 0) years.push(y); });
      years.sort(function (a, b) { return b - a; });
      fill("person", M.people); fill("series", M.series); fill("type", M.types); fill("year", years.map(String));
      run();
    });
    input.addEventListener("input", debounce(run, 30));
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    keyNav(input, function () { return list; }, null);
  }

  /* ---- wiring ---- */
  var pageForm = document.querySelector("form[data-mb-page]");
  var boxes = document.querySelectorAll("input[data-mb-search]");
  var runners = [];
  boxes.forEach(function (b) { if (!pageForm) runners.push(headerBox(b)); else b.form.hidden = true; });
  if (pageForm) searchPage(pageForm);
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    var box = pageForm ? pageForm.querySelector("input[name=q]") : boxes[0];
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });
  window.__mb_query = query;
  window.__mb_unit = function (d) { return unitOf(d); };
})();
