/* minutebook search. The build (src/search/mod.rs) writes an elasticlunr index
   of the published site, split into shards under search/idx/; this script
   loads the vendored elasticlunr.js, then for each query only the shards its
   words need, adds their terms to one elasticlunr.Index and calls its
   search(). Every index file is a script that registers itself on a global,
   so it loads with a <script> tag, also from file:// where fetch is blocked.
   The text rules (words(), term()) must stay those of src/search/mod.rs. */
(function () {
  "use strict";
  var me = document.currentScript;
  var ROOT = (me && me.getAttribute("data-root")) || "";
  var IDX = ROOT + "search/idx/";
  var LIB = (me && me.src ? me.src.replace(/[^\/]*$/, "") : ROOT + "static/") + "elasticlunr.min.js";
  var M = null, U = null, EL = null;
  var store = { s: {}, r: {}, u: {}, f: {}, x: null };
  var added = Object.create(null);
  var loading = {};
  var LOG = [], FAILED = [];
  window.__mb_log = LOG;
  window.__mb_failed = FAILED;
  window.__mb_manifest = function (m) { M = m; };
  window.__mb_s = function (n, d) { store.s[n] = d; };
  window.__mb_r = function (k, d) { store.r[k] = d; };
  window.__mb_u = function (c, d) { store.u[c] = d; };
  // a window's turn is [anchor, time, text], or [time, text] when the
  // anchor is the time's (00:31:43 -> t-00-31-43): made whole here
  window.__mb_f = function (k, d) {
    if (Array.isArray(d)) d.forEach(function (w) {
      var ts = w[1] || [];
      for (var i = 0; i < ts.length; i++) if (ts[i].length === 2) ts[i] = ["t-" + ts[i][0].replace(/:/g, "-"), ts[i][0], ts[i][1]];
    });
    store.f[k] = d;
  };
  window.__mb_x = function (k, d) { store.x = d; };

  function script(src, name) {
    if (!loading[src]) {
      loading[src] = new Promise(function (res) {
        var s = document.createElement("script");
        s.src = src;
        s.async = true;
        s.onload = function () { res(true); };
        s.onerror = function () { FAILED.push(name); res(false); };
        LOG.push(name);
        document.head.appendChild(s);
      });
    }
    return loading[src];
  }
  function load(path) { return script(IDX + path, path); }

  /* ---- text: the same rules as src/search/mod.rs ---- */
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
  var CE_1970 = 719163; // days from the common era to 1970-01-01
  function isoOfDay(d) { return new Date((d - CE_1970) * 864e5).toISOString().slice(0, 10); }
  // A typed date (YYYY, YYYY-MM or YYYY-MM-DD) as days from the common era:
  // the first day of the period, or with `end` the day after its last.
  function dayOf(s, end) {
    var m = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$/.exec(String(s).trim());
    if (!m) return null;
    var y = Number(m[1]), mo = m[2] ? Number(m[2]) - 1 : 0, d = m[3] ? Number(m[3]) : 1;
    if (end) { if (m[3]) d += 1; else if (m[2]) mo += 1; else y += 1; }
    return Math.floor(Date.UTC(y, mo, d) / 864e5) + CE_1970;
  }
  function setup() {
    if (U) return;
    var v = varints(M.units), i = 0;
    U = { win: [], day: [], year: [], type: [], series: [], people: null, tags: null, start: [] };
    var doc = 0, prev = M.d0;
    while (i < v.length) {
      U.start.push(doc);
      var w = v[i++]; U.win.push(w); doc += 1 + w;
      // the day: 0 undated, else the change from the unit before (zigzag) + 1
      var d = v[i++], day = 0;
      if (d) { var z = d - 1; prev -= z % 2 ? -(z + 1) / 2 : z / 2; day = prev; }
      U.day.push(day); U.year.push(day ? Number(isoOfDay(day).slice(0, 4)) : 0);
      U.type.push(v[i++] - 1); U.series.push(v[i++] - 1);
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
  // The word-ending bucket of a key: FNV-1a of its UTF-8 bytes, as the build computes it.
  function bucket(key) {
    var h = 0x811c9dc5, b = new TextEncoder().encode(key);
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
    return h % Math.max(1, M.rb);
  }
  // Who was in each unit and its tags (x.js), for person and tag filters.
  var xP = null;
  function needX() {
    if (!xP) {
      xP = load("x.js").then(function () {
        var v = varints(store.x || ""), i = 0;
        U.people = []; U.tags = [];
        for (var u = 0; u < U.start.length; u++) {
          var np = v[i++] || 0, ps = [];
          for (var k = 0; k < np; k++) ps.push(v[i++]);
          var nt = v[i++] || 0, ts = [];
          for (var k2 = 0; k2 < nt; k2++) ts.push(v[i++]);
          U.people.push(ps); U.tags.push(ts);
        }
      });
    }
    return xP;
  }
  // The people of a unit's row in its u/ file, by name.
  function peopleOf(row) { return varints(row[3] || "").map(function (p) { return M.people[p]; }); }
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

  /* ---- the query language ---- */
  // words, "a phrase", -word, and field:value (person: series: tag: type:
  // before: after: sort:, a value in quotes when it has spaces).
  var KEYS = { person: "person", people: "person", series: "series", tag: "tag", type: "type", before: "before", after: "after", sort: "sort", year: "year" };
  function parseQuery(q) {
    var out = { words: [], phrases: [], quoted: [], not: [], f: {} };
    var re = /(-?)(?:([A-Za-z]+):)?(?:"([^"]*)"?|([^\s"]+))/g, m;
    while ((m = re.exec(q))) {
      var neg = m[1] === "-", key = m[2] ? KEYS[m[2].toLowerCase()] : null;
      var quoted = m[3] !== undefined, val = quoted ? m[3] : m[4];
      if (key && val !== undefined) {
        if (val.trim()) (out.f[key] = out.f[key] || []).push(val.trim());
        continue;
      }
      var text = (m[2] && !key ? m[2] + " " : "") + (val || "");
      var ws = words(text);
      if (neg) { ws.forEach(function (w) { out.not.push(w); }); continue; }
      if (quoted && ws.length > 1) { out.phrases.push(ws); out.quoted.push(val.trim().replace(/\s+/g, " ")); }
      ws.forEach(function (w) { out.words.push(w); });
    }
    return out;
  }
  // The indexes in `list` of names that a typed value names: the whole
  // name, or every word of the value starting a word of the name.
  function named(list, values) {
    var out = [];
    list.forEach(function (name, k) {
      var nw = words(name);
      var hit = values.some(function (v) {
        var vw = words(v);
        if (!vw.length) return false;
        if (name.toLowerCase() === String(v).toLowerCase()) return true;
        return vw.every(function (x) { return nw.some(function (y) { return y.indexOf(x) === 0; }); });
      });
      if (hit) out.push(k);
    });
    return out;
  }
  // Filters from the menus (f: person/series/type index, year) and the
  // typed field:value terms, as one test of a unit; null when nothing filters.
  function filterOf(f, typed) {
    var tests = [];
    f = f || {};
    if (f.person != null) tests.push(function (u) { return U.people[u].indexOf(f.person) >= 0; });
    if (f.series != null) tests.push(function (u) { return U.series[u] === f.series; });
    if (f.type != null) tests.push(function (u) { return U.type[u] === f.type; });
    if (f.year != null) tests.push(function (u) { return U.year[u] === f.year; });
    if (f.after != null) tests.push(function (u) { return U.day[u] > 0 && U.day[u] >= f.after; });
    if (f.before != null) tests.push(function (u) { return U.day[u] > 0 && U.day[u] < f.before; });
    var t = typed || {};
    if (t.person) { var ps = named(M.people, t.person); tests.push(function (u) { return U.people[u].some(function (p) { return ps.indexOf(p) >= 0; }); }); }
    if (t.series) { var ss = named(M.series, t.series); tests.push(function (u) { return ss.indexOf(U.series[u]) >= 0; }); }
    if (t.type) { var ks = named(M.types, t.type); tests.push(function (u) { return ks.indexOf(U.type[u]) >= 0; }); }
    if (t.tag) {
      var want = t.tag.map(function (x) { return x.replace(/^#/, "").toLowerCase(); });
      var tg = [];
      (M.tags || []).forEach(function (name, k) {
        var l = name.toLowerCase();
        if (want.some(function (w) { return l === w || l.indexOf(w + "/") === 0; })) tg.push(k);
      });
      tests.push(function (u) { return U.tags[u].some(function (x) { return tg.indexOf(x) >= 0; }); });
    }
    if (t.year) { var ys = t.year.map(Number); tests.push(function (u) { return ys.indexOf(U.year[u]) >= 0; }); }
    (t.after || []).forEach(function (v) { var d = dayOf(v, false); if (d != null) tests.push(function (u) { return U.day[u] > 0 && U.day[u] >= d; }); });
    (t.before || []).forEach(function (v) { var d = dayOf(v, false); if (d != null) tests.push(function (u) { return U.day[u] > 0 && U.day[u] < d; }); });
    if (!tests.length) return null;
    return function (u) { return tests.every(function (x) { return x(u); }); };
  }

  /* ---- query ---- */
  function loadShards(from, to) {
    var ps = [];
    for (var n = Math.max(0, from); n <= to; n++) ps.push(load("s/" + n + ".js"));
    return Promise.all(ps);
  }
  function has(n, t) { var d = store.s[n]; return !!d && Object.prototype.hasOwnProperty.call(d, t); }
  // Terms that start with p, from at most `shards` shards from p's own
  // (the word being typed looks in its own shard only: one file).
  function prefixTerms(p, shards) {
    var first = shardFor(p), last = Math.min(shardFor(p + "\uffff"), first + shards - 1);
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
  // pabrafel). Stored in EXP for the indexes' expandToken. While typing
  // (`typing`), prefixes come from the token's own shard only and word
  // endings are looked up for finished words alone, from shards already
  // loaded: one keystroke fetches at most one small file.
  function expand(tok, raw, last, typing) {
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
        if (shardFor(tries[i]) !== shardFor(tok)) return step(i + 1);
        return prefixTerms(tries[i], 1).then(function (ts) {
          var got = ts.filter(function (t) { return list.indexOf(t) < 0; });
          if (tries[i] !== tok && tries[i].length < tok.length && has(shardFor(tries[i]), tries[i])) got.unshift(tries[i]);
          if (got.length) { list = list.concat(got); return; }
          return step(i + 1);
        });
      };
      return step(0);
    });
    var q = base.then(function () {
      if (typing && last) return [];
      return rare(tok) && Array.from(tok).length >= 4 ? endings(tok, typing) : [];
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
  // Index terms that end with a token, shortest first, their shards loaded
  // (while typing, only those whose shard is here already).
  function endings(tok, typing) {
    var key = Array.from(tok).slice(-3).join(""), b = bucket(key);
    return load("r/" + b + ".js").then(function () {
      var got = (store.r[b] || {})[key] || [];
      var ts = got.filter(function (t) { return t.length > tok.length && t.endsWith(tok); });
      ts.sort(function (a, b2) { return a.length - b2.length || (a < b2 ? -1 : a > b2 ? 1 : 0); });
      ts = ts.slice(0, M.msx);
      if (typing) return ts.filter(function (t) { return !!store.s[shardFor(t)]; });
      var shards = [];
      ts.forEach(function (t) { var n = shardFor(t); if (shards.indexOf(n) < 0) shards.push(n); });
      return Promise.all(shards.map(function (n) { return loadShards(n, n); })).then(function () { return ts; });
    });
  }
  // The documents holding any of `terms`, in any field.
  function docsOf(terms) {
    var out = {};
    terms.forEach(function (t) {
      M.fields.forEach(function (f) {
        var docs = EL.index[f].getDocs(t);
        for (var d in docs) out[d] = 1;
      });
    });
    return out;
  }
  // -> Promise of {hits: [[doc, score, held]], terms, words, phrases, need,
  // missing: {unit: [words it lacks]}, people, series, tags (the names the
  // query is), sort}. A note (a unit: its own document and its transcript
  // windows) must hold every word; when none of several words is missing
  // everywhere, notes missing one follow, marked. Phrases are checked
  // against the text when results are shown (see verify()).
  function query(q, filters, opts) {
    opts = opts || {};
    return ready().then(function (ok) {
      if (!ok) return { hits: [], terms: [], words: [], phrases: [], error: "The search index is missing." };
      var pq = parseQuery(q);
      var f0 = filters || {};
      if (f0.person != null || pq.f.person || pq.f.tag) return needX().then(function () { return search(pq, filters, opts, q); });
      return search(pq, filters, opts, q);
    });
  }
  // The query `q`, parsed (`pq`), against the loaded index.
  function search(pq, filters, opts, q) {
    {
      var toks = [], raws = [], nots = [];
      pq.words.forEach(function (w) { var t = term(w); if (t && toks.indexOf(t) < 0) { toks.push(t); raws.push(w); } });
      pq.not.forEach(function (w) { var t = term(w); if (t && nots.indexOf(t) < 0 && toks.indexOf(t) < 0) nots.push(t); });
      var test = filterOf(filters, pq.f);
      var sort = (opts.sort || (pq.f.sort || [])[0] || "").toLowerCase().indexOf("new") === 0 ? "newest" : "relevance";
      var base = { hits: [], terms: [], words: pq.words, phrases: pq.phrases, quoted: pq.quoted, missing: {}, sort: sort, filtered: !!test };
      base.ents = entities(pq);
      if (!toks.length && !test) return base;
      var lastWordTyped = !/[^\p{Alphabetic}\p{N}]$/u.test(q);
      var lastTok = toks.length && lastWordTyped && !pq.phrases.length ? toks.length - 1 : -1;
      var exps = Promise.all(toks.map(function (t, k) { return expand(t, raws[k], k === lastTok, opts.typing); }));
      var notx = Promise.all(nots.map(function (t) { return loadShards(shardFor(t), shardFor(t)).then(function () { addTerm(t); return t; }); }));
      return Promise.all([exps, notx]).then(function (r) {
        var ex = r[0];
        // units holding each word; excluded units
        var unitsOf = ex.map(function (list) {
          var us = {}, ds = docsOf(list);
          for (var d in ds) us[unitOf(Number(d))] = 1;
          return us;
        });
        var banned = {}, nd = docsOf(nots);
        for (var d in nd) banned[unitOf(Number(d))] = 1;
        var held = {};
        unitsOf.forEach(function (us) { for (var u in us) held[u] = (held[u] || 0) + 1; });
        // with phrases, only documents that hold every word of each phrase
        // can hold it: the others are not candidates (nor their text loaded)
        var cand = null;
        pq.phrases.forEach(function (p) {
          var ts = [];
          p.forEach(function (w) { var t = term(w); if (t && ts.indexOf(t) < 0) ts.push(t); });
          ts.forEach(function (t) {
            var ds = docsOf([t]);
            if (!cand) cand = ds;
            else { var keep = {}; for (var d in cand) if (ds[d]) keep[d] = 1; cand = keep; }
          });
        });
        var need = toks.length, floor = need >= 2 && !pq.phrases.length ? need - 1 : need;
        var hits = [];
        if (toks.length) {
          var fields = {};
          M.fields.forEach(function (f, k) { fields[f] = { boost: M.boosts[k] }; });
          var res = EL.search(toks.join(" "), { fields: fields, bool: "OR", expand: true });
          res.forEach(function (x) {
            var doc = Number(x.ref), u = unitOf(doc), h = held[u] || 0;
            if (h < floor || banned[u] || (test && !test(u)) || (cand && !cand[doc])) return;
            hits.push([doc, x.score, h]);
          });
        } else {
          // filters alone: every note that passes, newest first
          for (var u = 0; u < U.start.length; u++) if (test(u) && !banned[u]) hits.push([U.start[u], 0, 0]);
          sort = base.sort = "newest";
        }
        // group order: notes with every word first; then by score or date;
        // a note's documents by score
        var best = {};
        hits.forEach(function (h) { var u = unitOf(h[0]); if (!(u in best) || h[1] > best[u]) best[u] = h[1]; });
        hits.sort(function (a, b) {
          var ua = unitOf(a[0]), ub = unitOf(b[0]);
          if (ua !== ub) {
            if (b[2] !== a[2]) return b[2] - a[2];
            if (sort === "newest") return ua - ub;
            return best[ub] - best[ua] || ua - ub;
          }
          return b[1] - a[1] || a[0] - b[0];
        });
        var missing = {};
        hits.forEach(function (h) {
          var u = unitOf(h[0]);
          if (h[2] < need && !(u in missing)) missing[u] = raws.filter(function (w, k) { return !unitsOf[k][u]; });
        });
        var terms = [];
        ex.forEach(function (list) { list.forEach(function (t) { terms.push(t); }); });
        base.hits = hits; base.terms = terms; base.missing = missing;
        return base;
      });
    }
  }
  // People, series and tags whose name the query's words are (every word
  // starts a word of the name): shown above the notes.
  function entities(pq) {
    var ws = pq.words;
    if (!ws.length || pq.not.length) return [];
    var out = [];
    function scan(kind, names, urls, max) {
      var got = 0;
      (names || []).forEach(function (name, k) {
        if (got >= max || !urls || !urls[k]) return;
        var nw = words(name);
        if (ws.every(function (w) { return nw.some(function (y) { return y.indexOf(w) === 0; }); })) {
          out.push({ kind: kind, name: name, url: urls[k] }); got++;
        }
      });
    }
    scan("person", M.people, M.purl, 3);
    scan("series", M.series, M.surl, 2);
    scan("tag", M.tags, M.turl, 2);
    return out;
  }

  /* ---- results ---- */
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }
  // Results are grouped by note: a group is a unit with its matching
  // documents (its own and its transcript windows), best first.
  function groups(res) {
    var by = new Map(), out = [];
    res.hits.forEach(function (h) {
      var u = unitOf(h[0]), g = by.get(u);
      if (!g) { g = { unit: u, score: h[1], docs: [], missing: res.missing[u] || [] }; by.set(u, g); out.push(g); }
      g.docs.push(h[0]);
    });
    return out;
  }
  // The files that hold the text of a group's documents: its body when its
  // own document matched, and the blocks of its matching windows.
  var TURNS_SHOWN = 3;
  function textFiles(g) {
    var u = g.unit, files = [];
    var wins = g.docs.filter(function (d) { return d !== U.start[u]; }).map(function (d) { return d - U.start[u] - 1; }).slice(0, TURNS_SHOWN);
    var own = g.docs.indexOf(U.start[u]) >= 0;
    if (own && (!wins.length || g.docs[0] === U.start[u])) files.push("f/" + u + ".js");
    wins.forEach(function (w) { var f = "f/" + u + "-" + Math.floor(w / M.wb) + ".js"; if (files.indexOf(f) < 0) files.push(f); });
    return { files: files, wins: wins, own: own };
  }
  function windowOf(u, w) {
    return (store.f[u + "-" + Math.floor(w / M.wb)] || [])[w % M.wb] || ["", [["", "", ""]]];
  }
  // Words of a text, joined by single spaces and padded, for phrase tests.
  function flat(text) { return " " + words(text).join(" ") + " "; }
  function holdsAll(text, phrases) {
    var f = flat(text);
    return phrases.every(function (p) { return f.indexOf(" " + p.join(" ") + " ") >= 0; });
  }
  // Keep, of a group, the documents whose text holds every phrase (a body
  // cut short for the snippet file, and so unproven, is kept); -> whether
  // any is left. Loads the group's text files.
  function verify(g, res) {
    if (!res.phrases.length) return Promise.resolve(true);
    if (g.checked != null) return Promise.resolve(g.checked);
    var u = g.unit, c = Math.floor(u / M.uc), keep = [], k = 0;
    // document by document, best first, each loading its text file (if not
    // here yet), until a few hold the phrases
    function step() {
      if (k >= g.docs.length || keep.length >= TURNS_SHOWN) return Promise.resolve();
      var d = g.docs[k++], own = d === U.start[u], w = d - U.start[u] - 1;
      var file = own ? "f/" + u + ".js" : "f/" + u + "-" + Math.floor(w / M.wb) + ".js";
      var files = own ? [file, "u/" + c + ".js"] : [file];
      return Promise.all(files.map(load)).then(function () {
        var ok;
        if (own) {
          var row = (store.u[c] || [])[u - c * M.uc] || [""], body = store.f[String(u)];
          ok = typeof body === "string" && (holdsAll(row[0] + "\n" + body, res.phrases) || body.length >= 7990);
        } else {
          ok = holdsAll(windowOf(u, w)[1].map(function (t) { return t[2]; }).join(" "), res.phrases);
        }
        if (ok) keep.push(d);
        return step();
      });
    }
    return step().then(function () {
      g.docs = keep;
      g.checked = keep.length > 0;
      return g.checked;
    });
  }
  // The groups of `gs` from `from` on that pass verify(), until `n` have
  // (checking at most `max`): -> {passed: [groups], next: index to go on from}.
  function verified(gs, res, from, n, max) {
    var passed = [], k = from;
    function step() {
      if (passed.length >= n || k >= gs.length || k - from >= max) return Promise.resolve({ passed: passed, next: k });
      var g = gs[k++];
      return verify(g, res).then(function (ok) { if (ok) passed.push(g); return step(); });
    }
    return step();
  }
  function describe(g) {
    var u = g.unit, chunk = Math.floor(u / M.uc), tf = textFiles(g);
    var files = ["u/" + chunk + ".js"].concat(tf.files);
    return Promise.all(files.map(load)).then(function () {
      var row = (store.u[chunk] || [])[u - chunk * M.uc] || ["?", "", ""];
      var body = store.f[String(u)];
      return {
        unit: u, title: row[0], url: row[1], date: row[2], count: g.docs.length, missing: g.missing || [],
        series: U.series[u] >= 0 ? M.series[U.series[u]] : "",
        type: U.type[u] >= 0 ? M.types[U.type[u]] : "",
        people: peopleOf(row),
        text: typeof body === "string" && tf.files.indexOf("f/" + u + ".js") >= 0 ? body : "",
        turns: tf.wins.map(function (w) {
          var x = windowOf(u, w);
          return { speaker: x[0], parts: x[1] };
        })
      };
    });
  }
  function href(r, from, anchor) {
    var url = encodeURI(r.url) + (M.dl || r.url === "" ? "" : "index.html");
    return from + url + (anchor ? "#" + encodeURIComponent(anchor) : "");
  }
  // Where the query's words (and phrases) are in a text: [start, end] pairs.
  function marks(text, terms, ws, phrases) {
    var want = new Set(terms), out = [];
    var re = /[\p{Alphabetic}\p{N}]+/gu, m, all = [];
    while ((m = re.exec(text)) && all.length < 4000) all.push([m.index, m.index + m[0].length, m[0].toLowerCase()]);
    (phrases || []).forEach(function (p) {
      for (var i = 0; i + p.length <= all.length; i++) {
        var ok = true;
        for (var k = 0; k < p.length && ok; k++) ok = all[i + k][2] === p[k];
        if (ok) out.push([all[i][0], all[i + p.length - 1][1]]);
      }
    });
    all.forEach(function (a) {
      if (out.length >= 400) return;
      var st = term(a[2]), hit = st !== null && want.has(st);
      if (!hit) for (var i = 0; i < ws.length && !hit; i++) { if (ws[i].length >= 3 && a[2].indexOf(ws[i]) >= 0) hit = true; }
      if (hit && !out.some(function (o) { return o[0] <= a[0] && a[1] <= o[1]; })) out.push([a[0], a[1]]);
    });
    out.sort(function (a, b) { return a[0] - b[0]; });
    return out;
  }
  function marked(text, res) { return marks(text, res.terms, res.words, res.phrases).length > 0; }
  // A snippet of sentences: the line (a heading, a paragraph, a list item:
  // never two run together) that holds the most of the query, cut to the
  // sentence of its first match and those after it, about 240 characters,
  // the matches marked.
  var SNIP = 240;
  function snippet(text, res) {
    var lines = [], at = 0;
    String(text).split("\n").forEach(function (l) { lines.push([at, l]); at += l.length + 1; });
    var best = null, bestScore = -1;
    lines.forEach(function (x) {
      if (!x[1].trim()) return;
      var ms = marks(x[1], res.terms, res.words, res.phrases);
      var distinct = new Set(ms.map(function (m) { return x[1].slice(m[0], m[1]).toLowerCase(); })).size;
      // a line with the phrases first, then the one with most of the words
      var phrased = res.phrases.length && holdsAll(x[1], res.phrases) ? 1e6 : 0;
      var score = phrased + distinct * 1000 + Math.min(ms.length, 50) * 10 + (x[1].length > 40 ? 1 : 0);
      if (score > bestScore) { bestScore = score; best = { text: x[1], marks: ms }; }
    });
    if (!best) return "";
    var line = best.text, ms = best.marks;
    var start = 0;
    if (ms.length) {
      // the start of the sentence that holds the first match
      var re = /[.!?…]["'”’)]*\s+/g, m;
      while ((m = re.exec(line)) && m.index + m[0].length <= ms[0][0]) start = m.index + m[0].length;
      if (ms[0][0] - start > SNIP - 60) {
        start = Math.max(0, ms[0][0] - 70);
        var sp = line.indexOf(" ", start);
        if (sp >= 0 && sp < ms[0][0]) start = sp + 1;
      }
    }
    var end = Math.min(line.length, start + SNIP);
    if (end < line.length) {
      var cut = line.slice(start, end), stop = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("? "), cut.lastIndexOf("! "));
      if (stop > 100) end = start + stop + 1;
      else { var sp2 = line.lastIndexOf(" ", end); if (sp2 > start + 100) end = sp2; }
    }
    var out = start > 0 ? "…" : "", pos = start;
    ms.forEach(function (k) {
      if (k[0] < pos || k[1] > end) return;
      out += esc(line.slice(pos, k[0])) + "<mark>" + esc(line.slice(k[0], k[1])) + "</mark>";
      pos = k[1];
    });
    out += esc(line.slice(pos, end)) + (end < line.length ? "…" : "");
    return out;
  }
  var KIND = { person: "Person", series: "Series", tag: "Tag" };
  // A link; in the header's list (an option may hold nothing focusable) a
  // span whose data-href the list opens on a click or Enter.
  function link(cls, url, inner, option) {
    return option ? '<span class="' + cls + '" data-href="' + esc(url) + '">' + inner + "</span>"
      : '<a class="' + cls + '" href="' + esc(url) + '">' + inner + "</a>";
  }
  function entityHtml(e, from, id, active, option) {
    return '<li class="mb-result mb-entity' + (active ? " mb-active" : "") + '"' + (option ? ' role="option" id="' + id + '" aria-selected="' + (active ? "true" : "false") + '"' : "") + ">" +
      '<span class="mb-kind">' + KIND[e.kind] + "</span> " + link("mb-title", from + encodeURI(e.url) + (M.dl ? "" : "index.html"),
      esc(e.kind === "tag" ? "#" + e.name : e.name), option) + "</li>";
  }
  function resultHtml(r, res, from, active, id) {
    var meta = [];
    if (r.date) meta.push('<time datetime="' + esc(r.date) + '">' + esc(r.date) + "</time>");
    if (r.series) meta.push('<span class="mb-series">' + esc(r.series) + "</span>");
    if (r.type) meta.push('<span class="mb-type">' + esc(r.type) + "</span>");
    if (r.people.length) meta.push('<span class="mb-people">' + esc(r.people.slice(0, 5).join(", ") + (r.people.length > 5 ? " +" + (r.people.length - 5) : "")) + "</span>");
    var partial = r.missing && r.missing.length;
    var html = '<li class="mb-result' + (partial ? " mb-partial" : "") + (active ? " mb-active" : "") + '" data-unit="' + r.unit + '"' +
      (id ? ' role="option" id="' + id + '" aria-selected="' + (active ? "true" : "false") + '"' : "") + ">" +
      link("mb-title", href(r, from, ""), esc(r.title), !!id) +
      '<div class="mb-meta">' + meta.join(" · ") + "</div>";
    if (partial) html += '<div class="mb-missing">Missing: ' + r.missing.map(function (w) { return "<s>" + esc(w) + "</s>"; }).join(" ") + "</div>";
    if (r.text) {
      // the note's first line is its title, shown above already
      var body = r.text, nl = body.indexOf("\n");
      if (nl >= 0 && body.slice(0, nl).trim().toLowerCase() === String(r.title).trim().toLowerCase()) body = body.slice(nl + 1);
      var sn = snippet(body, res);
      if (sn) html += '<div class="mb-snippet">' + sn + "</div>";
    }
    if (r.turns.length) {
      html += '<ul class="mb-turns">' + r.turns.map(function (w) {
        // the turn of the window that holds the match (else its first)
        var t = null;
        w.parts.forEach(function (p) { if (!t && marked(p[2], res)) t = p; });
        t = t || w.parts[0];
        t = { anchor: t[0], stamp: t[1], text: t[2], speaker: w.speaker };
        return "<li>" + link("mb-turn", href(r, from, t.anchor), '<span class="mb-stamp">' + esc(t.stamp) + '</span> <span class="mb-speaker">' + esc(t.speaker) + "</span>", !!id) + " " +
          '<span class="mb-snippet">' + snippet(t.text, res) + "</span></li>";
      }).join("") + "</ul>";
    }
    return html + "</li>";
  }

  /* ---- styles ---- */
  var css = ".site-search{position:relative;margin-left:.5rem}.site-search input{font:inherit;font-size:.9rem;padding:.3rem .7rem;border:1px solid var(--line,#ccc);border-radius:99px;background:var(--bg,#fff);color:inherit;width:13rem}" +
    ".mb-drop{position:absolute;right:0;top:2.3rem;width:min(36rem,92vw);max-height:70vh;overflow:auto;background:var(--bg,#fff);border:1px solid var(--line,#ccc);border-radius:10px;box-shadow:0 8px 30px rgba(0,0,0,.18);z-index:50;padding:.3rem}" +
    ".mb-drop ol,.search-results{list-style:none;margin:0;padding:0}.mb-result{padding:.45rem .6rem;border-radius:8px}.mb-result.mb-active{background:var(--accent-soft,#eef);outline:2px solid var(--accent,#36c);outline-offset:-2px}" +
    "[data-href]{cursor:pointer;color:var(--accent,#36c)}[data-href]:hover{text-decoration:underline}.mb-title{font-weight:600}.mb-meta{font-size:.8rem;color:var(--muted,#666)}.mb-snippet{font-size:.88rem}.mb-snippet mark{background:var(--mark,#fde68a);color:inherit;border-radius:2px}" +
    ".mb-kind{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted,#666);margin-right:.3rem}.mb-partial .mb-title{font-weight:500}.mb-missing{font-size:.8rem;color:var(--muted,#666)}.mb-sep{font-size:.8rem;color:var(--muted,#666);padding:.4rem .6rem;border-top:1px solid var(--line,#eee)}" +
    ".mb-speaker{font-weight:600}.mb-turns{list-style:none;margin:.2rem 0 0 .8rem;padding:0;font-size:.86rem}.mb-turns li{margin:.15rem 0}.mb-stamp{color:var(--muted,#666);font-variant-numeric:tabular-nums}.mb-more{display:block;padding:.4rem .6rem;font-size:.85rem}" +
    ".search-form input[type=search]{font:inherit;padding:.45rem .8rem;width:min(30rem,100%);border:1px solid var(--line,#ccc);border-radius:8px}.search-filters label{margin-right:1rem;font-size:.9rem;display:inline-block}" +
    ".search-results .mb-result{border-bottom:1px solid var(--line,#eee);border-radius:0}.mb-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}";
  var st = document.createElement("style");
  st.textContent = css;
  document.head.appendChild(st);

  /* ---- header box: an ARIA combobox with results as you type ---- */
  function debounce(f, ms) { var t; return function () { clearTimeout(t); t = setTimeout(f, ms); }; }
  // ↑/↓ move the active option (aria-activedescendant on the input), Enter
  // opens it, Esc closes the list.
  function keyNav(input, list, onEscape) {
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && onEscape) { onEscape(); return; }
      var items = list().querySelectorAll(".mb-result");
      if (!items.length) return;
      var cur = -1;
      items.forEach(function (el, k) { if (el.classList.contains("mb-active")) cur = k; });
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        var next = e.key === "ArrowDown" ? Math.min(items.length - 1, cur + 1) : Math.max(0, cur - 1);
        items.forEach(function (el) { el.classList.remove("mb-active"); if (el.id) el.setAttribute("aria-selected", "false"); });
        items[next].classList.add("mb-active");
        if (items[next].id) { items[next].setAttribute("aria-selected", "true"); input.setAttribute("aria-activedescendant", items[next].id); }
        items[next].scrollIntoView({ block: "nearest" });
      } else if (e.key === "Enter" && cur >= 0) {
        e.preventDefault();
        var a = items[cur].querySelector("[data-href], a");
        if (a) location.href = a.getAttribute("data-href") || a.href;
      }
    });
  }
  function plural(n, w) { return n + " " + w + (n === 1 ? "" : "s"); }
  var seq = 0, boxes = 0;
  var SHOWN = 8;
  function headerBox(input) {
    var form = input.form, k = ++boxes;
    var drop = document.createElement("div");
    drop.className = "mb-drop";
    drop.hidden = true;
    drop.id = "mb-drop-" + k;
    var live = document.createElement("div");
    live.className = "mb-sr";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    form.appendChild(drop);
    form.appendChild(live);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", drop.id);
    input.setAttribute("aria-haspopup", "listbox");
    function show(on) {
      drop.hidden = !on;
      input.setAttribute("aria-expanded", on ? "true" : "false");
      if (!on) input.removeAttribute("aria-activedescendant");
    }
    var run = function () {
      var q = input.value, my = ++seq;
      if (!q.trim()) { show(false); drop.innerHTML = ""; live.textContent = ""; return; }
      query(q, null, { typing: true }).then(function (res) {
        if (my !== seq) return;
        var gs = groups(res);
        return verified(gs, res, 0, SHOWN, 3 * SHOWN).then(function (v) {
          if (my !== seq) return;
          var top = v.passed;
          return Promise.all(top.map(describe)).then(function (rs) {
            if (my !== seq) return;
            var all = form.getAttribute("action") + "?q=" + encodeURIComponent(q);
            var ents = res.ents || [], n = 0, opts = [];
            ents.forEach(function (e) { opts.push(entityHtml(e, ROOT, drop.id + "-o" + n, n === 0, true)); n++; });
            var full = gs.filter(function (g) { return !g.missing.length; }).length;
            var sep = false;
            rs.forEach(function (r) {
              if (r.missing.length && !sep) {
                sep = true;
                opts.push('<li class="mb-sep" role="presentation">Missing a word</li>');
              }
              opts.push(resultHtml(r, res, ROOT, n === 0, drop.id + "-o" + n)); n++;
            });
            var count = res.phrases.length && v.next < gs.length ? "at least " + plural(top.length, "note") : plural(full, "note") + (gs.length > full ? " with every word, " + (gs.length - full) + " missing one" : "");
            drop.innerHTML = (n ? '<ol role="listbox" aria-label="Search results">' + opts.join("") + "</ol>" : '<p class="mb-more">No results.</p>') +
              '<a class="mb-more" href="' + esc(all) + '">All results (' + count + ") →</a>";
            var first = drop.querySelector(".mb-result[id]");
            if (first) input.setAttribute("aria-activedescendant", first.id); else input.removeAttribute("aria-activedescendant");
            live.textContent = (ents.length ? plural(ents.length, "page") + " named so, " : "") + count;
            show(true);
          });
        });
      });
    };
    input.addEventListener("input", debounce(run, 60));
    input.addEventListener("focus", function () { ready(); if (drop.innerHTML) show(true); });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) show(false); });
    drop.addEventListener("click", function (e) {
      var t = e.target.closest && e.target.closest("[data-href]");
      if (t) location.href = t.getAttribute("data-href");
    });
    keyNav(input, function () { return drop; }, function () { show(false); input.blur(); });
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
    form.querySelectorAll("[data-filter]").forEach(function (s) { sels[s.getAttribute("data-filter")] = s; });
    input.value = params.get("q") || "";
    var shown = 0, last = null, t0 = 0;
    function filters() {
      var f = {}, any = false;
      function pick(name, arr) {
        var v = sels[name] && sels[name].value;
        if (!v) return;
        var k = arr.indexOf(v);
        f[name] = k < 0 ? -2 : k;
        any = true;
      }
      pick("person", M.people); pick("series", M.series); pick("type", M.types);
      if (sels.year && sels.year.value) { f.year = Number(sels.year.value); any = true; }
      if (sels.after && sels.after.value) { f.after = dayOf(sels.after.value, false); any = f.after != null || any; }
      if (sels.before && sels.before.value) { f.before = dayOf(sels.before.value, true); any = f.before != null || any; }
      return any ? f : null;
    }
    // Every matching note is listed (titles and links come from the small
    // unit files); snippets and turn links load for the first SNIPPETS and
    // then for results scrolled into view. With a phrase, notes are listed
    // as their text is checked.
    var SNIPPETS = 10;
    var seen = "IntersectionObserver" in window ? new IntersectionObserver(function (es) {
      es.forEach(function (e) { if (e.isIntersecting) { seen.unobserve(e.target); fill(e.target); } });
    }, { rootMargin: "400px" }) : null;
    function fill(li) {
      var res = last, k = Number(li.getAttribute("data-k")), g = res && res.listed[k];
      if (!g || li.getAttribute("data-full")) return Promise.resolve();
      li.setAttribute("data-full", "1");
      return describe(g).then(function (r) {
        if (res !== last) return;
        var tmp = document.createElement("div");
        tmp.innerHTML = resultHtml(r, res, "../", false);
        li.innerHTML = tmp.firstChild.innerHTML;
      });
    }
    function statusText(res) {
      var full = res.groups.filter(function (g) { return !g.missing.length; }).length, n = res.groups.length;
      if (res.phrases.length) return (res.next < n ? "At least " : "") + plural(res.listed.length, "note") + " with “" + (res.quoted || res.phrases.map(function (p) { return p.join(" "); })).join("”, “") + "”";
      var s = plural(full, "note") + " with every word";
      if (n > full) s += ", then " + (n - full) + " missing one";
      return s + " (" + plural(res.hits.length, "passage") + ")" + (res.sort === "newest" ? ", newest first" : "");
    }
    function more(n) {
      var res = last, from = shown;
      var pick = res.phrases.length
        ? verified(res.groups, res, res.next, n, 4 * n).then(function (v) { res.next = v.next; v.passed.forEach(function (g) { res.listed.push(g); }); })
        : Promise.resolve(res.groups.slice(from, from + n).forEach(function (g) { res.listed.push(g); }));
      return pick.then(function () {
        if (res !== last) return;
        var top = res.listed.slice(from);
        var chunks = [];
        top.forEach(function (g) { var c = "u/" + Math.floor(g.unit / M.uc) + ".js"; if (chunks.indexOf(c) < 0) chunks.push(c); });
        // start loading the snippets of the first results with their titles
        top.slice(0, Math.max(0, SNIPPETS - from)).forEach(describe);
        return Promise.all(chunks.map(load)).then(function () {
          if (res !== last) return;
          list.insertAdjacentHTML("beforeend", top.map(function (g, k) {
            var u = g.unit, c = Math.floor(u / M.uc), row = (store.u[c] || [])[u - c * M.uc] || ["?", "", ""];
            var r = { unit: u, title: row[0], url: row[1], date: row[2], series: U.series[u] >= 0 ? M.series[U.series[u]] : "", missing: g.missing,
              type: U.type[u] >= 0 ? M.types[U.type[u]] : "", people: peopleOf(row), text: "", turns: [] };
            return resultHtml(r, res, "../", false).replace('<li class="mb-result', '<li data-k="' + (from + k) + '" class="mb-result');
          }).join(""));
          shown = from + top.length;
          status.textContent = res.error || statusText(res);
          var btn = document.getElementById("mb-more");
          if (btn) btn.remove();
          var left = res.phrases.length ? res.next < res.groups.length : shown < res.groups.length;
          if (left) {
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
      });
    }
    var my = 0;
    function run() {
      var q = input.value, mine = ++my;
      t0 = performance.now();
      var before = LOG.slice();
      var p = new URLSearchParams();
      if (q) p.set("q", q);
      Object.keys(sels).forEach(function (k) { if (sels[k].value && !(k === "sort" && sels[k].value === "relevance")) p.set(k, sels[k].value); });
      try { history.replaceState(null, "", "?" + p.toString()); } catch (e) { /* file:// in some browsers */ }
      var f = filters();
      if (!q.trim() && !f) { list.innerHTML = ""; status.textContent = ""; return; }
      var sort = sels.sort ? sels.sort.value : "";
      query(q, f, { sort: sort }).then(function (res) {
        if (mine !== my) return;
        var tq = performance.now() - t0;
        res.groups = groups(res);
        res.listed = []; res.next = 0;
        last = res; shown = 0; list.innerHTML = "";
        var b = document.getElementById("mb-more");
        if (b) b.remove();
        (res.ents || []).forEach(function (e, k) { list.insertAdjacentHTML("beforeend", entityHtml(e, "../", "mb-e" + k, false, false)); });
        if (res.error) status.textContent = res.error;
        // a phrase is checked against the text as notes are listed: the
        // first SNIPPETS, then more as asked
        return more(res.phrases.length ? SNIPPETS : PAGE).then(function () {
          if (mine !== my) return;
          var first = { ms: performance.now() - t0, tq: tq, after: LOG.slice(before.length) };
          // then list the other matching notes (titles; snippets as they
          // scroll into view), up to LISTED, without waiting for a click
          var rest = res.phrases.length ? Promise.resolve() : more(LISTED - PAGE);
          return rest.then(function () {
            if (!bench || mine !== my) return;
            var out = document.getElementById("mb-bench") || document.body.appendChild(document.createElement("pre"));
            out.id = "mb-bench";
            out.textContent = JSON.stringify({ ms: first.ms, tq: tq, before: before, after: first.after,
              all: LOG.slice(before.length), msAll: performance.now() - t0, hits: res.hits.length, notes: res.groups.length });
          });
        });
      });
    }
    ready().then(function (ok) {
      if (!ok) { status.textContent = "The search index is missing."; return; }
      function fillSel(name, values) {
        var s = sels[name];
        if (!s) return;
        values.forEach(function (v) { var o = document.createElement("option"); o.value = o.textContent = v; s.appendChild(o); });
      }
      var years = [];
      U.year.forEach(function (y) { if (y && years.indexOf(y) < 0) years.push(y); });
      years.sort(function (a, b) { return b - a; });
      fillSel("person", M.people); fillSel("series", M.series); fillSel("type", M.types); fillSel("year", years.map(String));
      Object.keys(sels).forEach(function (k) {
        if (params.get(k)) sels[k].value = params.get(k);
        sels[k].addEventListener("change", run);
      });
      run();
    });
    input.addEventListener("input", debounce(run, 60));
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    keyNav(input, function () { return list; }, null);
  }

  /* ---- wiring ---- */
  var pageForm = document.querySelector("form[data-mb-page]");
  var inputs = document.querySelectorAll("input[data-mb-search]");
  var runners = [];
  inputs.forEach(function (b) { if (!pageForm) runners.push(headerBox(b)); else b.form.hidden = true; });
  if (pageForm) searchPage(pageForm);
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    var box = pageForm ? pageForm.querySelector("input[name=q]") : inputs[0];
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });
  window.__mb_query = query;
  window.__mb_unit = function (d) { return unitOf(d); };
  window.__mb_parse = parseQuery;
})();
