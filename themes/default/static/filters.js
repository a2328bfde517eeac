/* minutebook: filters for long lists (action items, the decision log) and
   dates relative to today. The pages list everything without it; the HTML
   holds dates as words ("due 3 Nov 2025") so that it is the same on every
   build, and this script adds "overdue 12 days" when the page is viewed.
   Works from file:// (no fetch, no modules). */
(function () {
  "use strict";
  var DAY = 86400000;
  var now = new Date();
  var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());

  function dayOf(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : null;
  }
  function plural(n, unit) { return n + " " + unit + (n === 1 ? "" : "s"); }
  function span(days) {
    if (days < 60) return plural(days, "day");
    if (days < 730) return plural(Math.round(days / 30.44), "month");
    return plural(Math.round(days / 365.25), "year");
  }
  function dueWords(diff) {
    if (diff < 0) return "overdue " + span(-diff);
    if (diff === 0) return "due today";
    if (diff === 1) return "due tomorrow";
    return "due in " + span(diff);
  }
  function agoWords(diff) {
    if (diff <= 0) return "today";
    if (diff === 1) return "yesterday";
    if (diff < 14) return diff + " days ago";
    if (diff < 60) return Math.round(diff / 7) + " weeks ago";
    if (diff < 730) return plural(Math.round(diff / 30.44), "month") + " ago";
    return plural(Math.round(diff / 365.25), "year") + " ago";
  }

  // The actions page's lean items (partials/open_tasks.html) are all open:
  // they get the attributes minutebook.js reads (loaded after this script).
  document.querySelectorAll(".open-tasks > li.task:not([data-status])").forEach(function (li) {
    li.setAttribute("data-status", "open");
    var t = li.querySelector(".task-meta > time");
    if (t) { t.classList.add("task-date", "due"); li.setAttribute("data-due", t.getAttribute("datetime")); }
  });
  // Open items: their due date relative to today, and the filter value "due".
  document.querySelectorAll("li.task").forEach(function (li) {
    var st = li.getAttribute("data-status");
    if (st !== "open" && st !== "in-progress") return;
    var due = dayOf(li.getAttribute("data-due"));
    if (due === null) { li.setAttribute("data-f-due", "none"); return; }
    var diff = Math.round((due - today) / DAY);
    li.setAttribute("data-f-due", diff < 0 ? "overdue" : diff < 7 ? "week" : "later");
    var t = li.querySelector("time.task-date.due");
    if (t && !t.querySelector(".rel")) {
      var s = document.createElement("span");
      s.className = "rel" + (diff < 0 ? " late" : "");
      s.textContent = " · " + dueWords(diff);
      t.appendChild(s);
    }
  });
  // "last met 6 Nov 2025 (3 weeks ago)"
  document.querySelectorAll("time[data-rel]").forEach(function (t) {
    var d = dayOf(t.getAttribute("datetime"));
    if (d === null || t.querySelector(".rel")) return;
    var s = document.createElement("span");
    s.className = "rel";
    s.textContent = " (" + agoWords(Math.round((today - d) / DAY)) + ")";
    t.appendChild(s);
  });

  // Filters: each select names an attribute data-f-NAME that an entry (or a
  // group around it) holds as space-separated words; the URL's query holds
  // the choice, so a filtered view can be bookmarked.
  var form = document.querySelector("form[data-list-filters]");
  var list = document.querySelector("[data-list-entries]");
  if (!form || !list) return;
  var entrySel = list.getAttribute("data-list-entries");
  var itemSel = list.getAttribute("data-list-items");
  var entries = Array.prototype.slice.call(list.querySelectorAll(entrySel));
  var groups = Array.prototype.slice.call(list.querySelectorAll("[data-list-group]"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-list-filter]"));
  var status = form.querySelector(".filter-status");
  var noun = { decisions: ["decision", "decisions"], "open-questions": ["open question", "open questions"], risks: ["risk", "risks"] };
  var kind = (document.body.className.match(/\blog-([a-z-]+)/) || [])[1];
  var words = noun[kind] || ["item", "items"];

  function size(el) { return itemSel ? el.querySelectorAll(itemSel).length || 1 : 1; }
  function value(el, name) {
    var holder = el.closest("[data-f-" + name + "]");
    return holder ? " " + holder.getAttribute("data-f-" + name) + " " : "  ";
  }
  function paged(s) { return s.hasAttribute("data-list-pages"); }
  function chosen() {
    var c = {};
    selects.forEach(function (s) { if (s.value && !paged(s)) c[s.getAttribute("data-list-filter")] = s.value; });
    return c;
  }
  function query(c) {
    var p = new URLSearchParams();
    Object.keys(c).forEach(function (k) { p.set(k, c[k]); });
    var q = p.toString();
    return q ? "?" + q : "";
  }
  // links to the other logs and years keep the filters
  function carry(q) {
    document.querySelectorAll(".log-kinds a, .year-index a[href]:not([href^='#'])").forEach(function (a) {
      var href = a.getAttribute("href").split("?")[0];
      a.setAttribute("href", href + q);
    });
  }
  function apply() {
    var c = chosen();
    var names = Object.keys(c);
    var shown = 0, total = 0;
    entries.forEach(function (e) {
      var ok = names.every(function (n) { return value(e, n).indexOf(" " + c[n] + " ") >= 0; });
      e.hidden = !ok;
      var n = size(e);
      total += n;
      if (ok) shown += n;
    });
    groups.forEach(function (g) {
      var n = 0;
      g.querySelectorAll(entrySel).forEach(function (e) { if (!e.hidden) n += size(e); });
      g.hidden = n === 0;
      var count = g.querySelector(":scope > h2 [data-list-count], :scope > h3 [data-list-count]");
      if (count) count.textContent = n;
    });
    if (status) {
      var what = total === 1 ? words[0] : words[1];
      status.textContent = names.length ? "Showing " + shown + " of " + total + " " + what + "." : "";
      if (names.length && !shown) {
        var page = selects.filter(paged)[0];
        status.textContent = "Nothing here matches" + (page ? " in " + page.value + ": try another year." : ".");
      }
    }
    var q = query(c);
    carry(q);
    if (window.history && history.replaceState) {
      try { history.replaceState(null, "", location.pathname + q + location.hash); } catch (err) { /* file:// in some browsers */ }
    }
  }

  var params = new URLSearchParams(location.search);
  selects.forEach(function (s) {
    var v = params.get(s.getAttribute("data-list-filter"));
    if (v !== null && !paged(s) && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
    s.addEventListener("change", function () {
      if (paged(s)) {
        var o = s.options[s.selectedIndex];
        if (o && o.getAttribute("data-href")) location.href = o.getAttribute("data-href").split("?")[0] + query(chosen());
        return;
      }
      apply();
    });
  });
  var reset = form.querySelector("[data-list-reset]");
  if (reset) reset.addEventListener("click", function () {
    selects.forEach(function (s) { if (!paged(s)) s.value = ""; });
    apply();
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply();
})();
