/* gongshi: the site search (站内搜索), loaded by the search page only (generator/site/templates/search.html).
 * The index (generator/site/search.py) is loaded in small parts, only when a reader searches: for each word
 * of the query the runs of one of its bigrams, then the sections of the runs that hold the word, then the
 * pages of the results shown. A page is found when one of its sections holds every word as typed, so the
 * count of results is exact. */
(function () {
  "use strict";
  var RUN = null;  /* letters and digits of any script; built here so that a browser without it is told why */
  try { RUN = new RegExp("[\\p{L}\\p{N}]+", "gu"); } catch (e) { /* search says it is unavailable */ }
  /* the same labels and rule as gongshi.js and generator/site/status.py */
  var LABELS = { upcoming: "即将开始", open: "公示中", closed: "公示期已结束", outcome: "已公布结果", withdrawn: "已撤回" };
  var KINDS = { n: "公示", f: "人物", s: "稿件", p: "页面" };
  var ORDER = { n: 0, f: 1, s: 2, p: 3 };
  var ENTRY_KIND = "推荐对象";

  function statusAt(at, now) {
    var t = function (name) { return at[name] ? Date.parse(at[name]) : null; };
    if (t("withdrawn") !== null && now >= t("withdrawn")) return "withdrawn";
    if (t("outcome") !== null && now >= t("outcome")) return "outcome";
    if (now < t("start")) return "upcoming";
    if (now < t("deadline")) return "open";
    return "closed";
  }

  /* The text folded as the index folds it (compatibility forms, lower case), with where each folded
     character comes from in the text, to mark what was found. */
  function fold(text) {
    var s = "", at = [], i = 0;
    Array.from(text).forEach(function (ch) {
      var f = ch.normalize("NFKC").toLowerCase();
      for (var k = 0; k < f.length; k++) at.push(i);
      s += f;
      i += ch.length;
    });
    at.push(text.length);
    return { s: s, at: at };
  }

  /* The words of a query: runs of letters and digits, folded; single characters are too common to search.
     A word longer than the index's windows is looked up by its start. */
  function words(query, longest) {
    if (!RUN) throw new Error("no Unicode regular expressions");
    var list = (fold(query).s.match(RUN) || []).map(function (w) { return Array.from(w).slice(0, longest).join(""); })
      .filter(function (w) { return Array.from(w).length > 1; });
    return list.filter(function (w, i) { return list.indexOf(w) === i; });
  }

  function bucket(term) {  /* FNV-1a over code points, as generator/site/search.py */
    var h = 2166136261;
    Array.from(term).forEach(function (ch) { h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0; });
    return h & 0xffff;
  }

  function hex(term) {
    return Array.from(term).map(function (ch) { return ch.codePointAt(0).toString(16); }).join("-");
  }

  /* Strings compared by code points, as Python sorts them. */
  function before(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d < 0;
    }
    return x.length < y.length;
  }

  /* Where ``list`` words occur in ``text``, as [start, end) of the text, in order. */
  function spans(text, list) {
    var f = fold(text), out = [];
    list.forEach(function (w) {
      for (var i = f.s.indexOf(w); i >= 0; i = f.s.indexOf(w, i + w.length)) out.push([f.at[i], f.at[i + w.length]]);
    });
    return out.sort(function (a, b) { return a[0] - b[0]; });
  }

  /* The runs of a section that hold the words (the first three), the words marked, built as text nodes. */
  function excerpt(found, list) {
    var p = document.createElement("p");
    p.className = "gs-result__excerpt";
    found.slice(0, 3).forEach(function (text, k) {
      if (k) p.appendChild(document.createTextNode(" … "));
      var at = 0;
      spans(text, list).forEach(function (s) {
        if (s[0] < at) return;
        p.appendChild(document.createTextNode(text.slice(at, s[0])));
        var mark = document.createElement("mark");
        mark.textContent = text.slice(s[0], s[1]);
        p.appendChild(mark);
        at = s[1];
      });
      p.appendChild(document.createTextNode(text.slice(at)));
    });
    return p;
  }

  function link(url, title) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = title;
    return a;
  }

  function tag(kind, text) {
    var span = document.createElement("span");
    span.className = "gs-result__kind gs-result__kind--" + kind;
    span.textContent = text;
    return span;
  }

  /* The status of a page as a badge that gongshi.js keeps following the reader's clock. */
  function badge(at) {
    var status = statusAt(at, Date.now()), span = document.createElement("span");
    span.className = "gs-badge gs-badge--" + status;
    ["start", "deadline", "outcome", "withdrawn"].forEach(function (name) { span.setAttribute("data-gs-" + name, at[name] || ""); });
    span.setAttribute("data-gs-status", status);
    var label = document.createElement("span");
    label.className = "gs-status-label";
    label.textContent = LABELS[status];
    span.appendChild(label);
    return span;
  }

  function siteSearch() {
    var box = document.getElementById("gs-search");
    if (!box) return;
    var input = document.getElementById("gs-search-q");
    var form = input.form;
    var bundle = new URL(box.getAttribute("data-gs-bundle"), location.href);
    var root = bundle.pathname.replace(/search-index\/$/, "");
    var status = document.createElement("p");
    status.className = "gs-search-status";
    status.setAttribute("role", "status");
    var list = document.createElement("ol");
    list.className = "gs-results";
    box.appendChild(status);
    box.appendChild(list);
    var entry = null, parts = {}, latest = 0;

    /* A part of the index: gzip-compressed JSON, unless the server already decoded it. */
    function part(path) {
      if (!parts[path]) {
        parts[path] = fetch(bundle.href + path + (entry ? "?v=" + entry.version : ""), { cache: entry ? "default" : "no-cache" })
          .then(function (r) {
            if (!r.ok) throw new Error(path + ": " + r.status);
            return r.arrayBuffer();
          }).then(function (buf) {
            var b = new Uint8Array(buf);
            if (b[0] !== 0x1f || b[1] !== 0x8b) return new TextDecoder().decode(b);
            return new Response(new Blob([buf]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
          }).then(JSON.parse);
        parts[path].catch(function () { delete parts[path]; });
      }
      return parts[path];
    }

    function load() {
      return entry ? Promise.resolve(entry) : part("entry.json").then(function (e) { entry = e; return e; });
    }

    /* The bigram to look a word up by: one the entry does not list as common, else the least common. */
    function termOf(w) {
      var c = Array.from(w), best = null;
      for (var i = 0; i + 1 < c.length; i++) {
        var t = c[i] + c[i + 1], n = entry.common[t];
        if (n === undefined) return t;
        if (best === null || Math.abs(n) < Math.abs(entry.common[best])) best = t;
      }
      return best;
    }

    /* The runs holding a word, exactly, and for a word of two letters whose runs are spread over many
       parts of the index, the sections holding it. */
    function runsOf(w) {
      var t = termOf(w), pair = Array.from(w).length === 2;
      var found = entry.common[t] !== undefined
        ? (pair && entry.common[t] < 0 ? part("c/" + hex(t) + ".k.gz").then(function (keys) { return { keys: keys }; })
                : part("c/" + hex(t) + ".gz").then(function (runs) { return { runs: runs }; }))
        : part("t/" + (bucket(t) % entry.shards) + ".gz").then(function (shard) {
          if (pair && shard.k.indexOf(t) >= 0) return part("k/" + hex(t) + ".gz").then(function (keys) { return { keys: keys }; });
          return { runs: shard.r[t] || [] };
        });
      return found.then(function (f) {
        if (f.runs) f.runs = f.runs.filter(function (r) { return r.indexOf(w) >= 0; });
        return f;
      });
    }

    function partOf(run) {
      var lo = 0, hi = entry.parts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (before(run, entry.parts[mid])) hi = mid - 1; else lo = mid;
      }
      return lo;
    }

    /* The sections (keys) holding a word, each with the runs that hold it there (the word itself where
       the sections came with its bigram). */
    function sectionsOf(w) {
      return runsOf(w).then(function (f) {
        var keys = {};
        if (f.keys) {
          var key = 0;
          f.keys.forEach(function (g) { key += g; keys[key] = [w]; });
          return keys;
        }
        var runs = f.runs, wanted = {};
        runs.forEach(function (r) { wanted[partOf(r)] = true; });
        return Promise.all(Object.keys(wanted).map(function (n) { return part("r/" + n + ".gz"); })).then(function (loaded) {
          loaded.forEach(function (p) {
            runs.forEach(function (r) {
              var gaps = p[r], key = 0;
              if (!gaps) return;
              gaps.forEach(function (g) { key += g; (keys[key] = keys[key] || []).push(r); });
            });
          });
          return keys;
        });
      });
    }

    /* Pages with a section holding every word, notices first, each with those sections and their runs. */
    function candidates(list) {
      return Promise.all(list.map(sectionsOf)).then(function (each) {
        var pages = {};
        Object.keys(each[0]).forEach(function (key) {
          var runs = [];
          for (var k = 0; k < each.length; k++) {
            if (!each[k][key]) return;
            runs = runs.concat(each[k][key]);
          }
          var n = Math.floor(key / entry.stride);
          (pages[n] = pages[n] || { n: n, hits: {} }).hits[key % entry.stride] = runs;
        });
        return Object.keys(pages).map(function (n) { return pages[n]; }).sort(function (a, b) {
          return ORDER[entry.kinds[a.n]] - ORDER[entry.kinds[b.n]] || a.n - b.n;
        });
      });
    }

    var more = document.createElement("button");
    more.type = "button";
    more.className = "gs-search-more";
    more.textContent = "显示更多结果";
    more.hidden = true;
    box.appendChild(more);
    var query = "", terms = [], found = [], shown = 0, PAGE = 10;
    var UNAVAILABLE = "搜索暂时无法使用，请稍后再试，或在“全部公示”中按条件查找。";

    /* A browser without what search needs (DecompressionStream to read the index, letters of every script in
       regular expressions) is told so, with the way to find a notice without search: the filters. */
    var SUPPORTED = typeof DecompressionStream !== "undefined" && RUN !== null;
    function unsupported() {
      status.textContent = "您使用的浏览器版本较旧，不支持站内搜索；请升级浏览器或换用其他浏览器，也可以在";
      status.appendChild(link(root + "notices/", "全部公示"));
      status.appendChild(document.createTextNode("中按状态、称号、地区等条件筛选。"));
    }

    /* A result: the page with its kind and status, then its sections holding the words (a notice's
       nominees first, as 推荐对象), each with the runs found. */
    function render(page, hit) {
      var li = document.createElement("li");
      li.className = "gs-result gs-result--" + page.kind;
      var meta = document.createElement("p");
      meta.className = "gs-result__meta";
      meta.appendChild(tag(page.kind, KINDS[page.kind] || KINDS.p));
      if (page.at) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(badge(page.at)); }
      li.appendChild(meta);
      var h = document.createElement("h2");
      h.appendChild(link(root + page.url, page.title || page.url));
      li.appendChild(h);
      var ids = Object.keys(hit.hits).map(Number).sort(function (a, b) { return a - b; });
      var subs = ids.filter(function (id) { return id > 0 && page.s[id]; });
      if (subs.length) {
        var ul = document.createElement("ul");
        ul.className = "gs-result__parts";
        subs.slice(0, 5).forEach(function (id) {
          var item = document.createElement("li");
          if (page.kind === "n") { item.appendChild(tag("e", ENTRY_KIND)); item.appendChild(document.createTextNode(" ")); }
          item.appendChild(link(root + page.url + "#" + page.s[id][0], page.s[id][1]));
          item.appendChild(excerpt(hit.hits[id], terms));
          ul.appendChild(item);
        });
        if (subs.length > 5) {
          var rest = document.createElement("li");
          rest.className = "gs-result__rest";
          rest.textContent = "本页另有 " + (subs.length - 5) + " 处";
          ul.appendChild(rest);
        }
        li.appendChild(ul);
      }
      if (hit.hits[0] && !subs.length) li.appendChild(excerpt(hit.hits[0], terms));
      return li;
    }

    function say() {
      status.textContent = found.length ? "“" + query + "”：找到 " + found.length + " 个页面"
        : "没有找到“" + query + "”。可以换一个词，或只输入姓名中的两个字。";
    }

    /* The next results: each page's part of the index is fetched only when it is shown. */
    function next(ticket) {
      var batch = found.slice(shown, shown + PAGE);
      shown += batch.length;
      return Promise.all(batch.map(function (hit) { return part("p/" + hit.n + ".gz"); })).then(function (pages) {
        if (ticket !== latest) return;
        pages.forEach(function (page, k) { list.appendChild(render(page, batch[k])); });
        more.hidden = shown >= found.length;
        say();
      });
    }

    function run() {
      var ticket = ++latest;
      query = input.value.trim();
      list.textContent = "";
      more.hidden = true;
      if (!query) { status.textContent = ""; return; }
      if (!SUPPORTED) { unsupported(); return; }
      try { terms = words(query, Infinity); } catch (e) { status.textContent = UNAVAILABLE; return; }
      if (!terms.length) { status.textContent = "请至少输入两个连续的字或字母，例如姓名中的两个字。"; return; }
      status.textContent = "正在搜索……";
      load().then(function () {
        terms = words(query, entry.window / 2 + 1);
        return candidates(terms).then(function (hits) {
          if (ticket !== latest) return;
          found = hits;
          shown = 0;
          return next(ticket);
        });
      }).catch(function () {
        if (ticket === latest) status.textContent = UNAVAILABLE;
      });
    }
    more.addEventListener("click", function () { next(latest); });

    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 300); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value.trim()));
      run();
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(); }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", siteSearch);
  else siteSearch();
})();
