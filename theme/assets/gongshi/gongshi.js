/* gongshi: live status from the reader's clock, notice filters, print button.
 * Progressive enhancement: without this script the build-time status shows. */
(function () {
  "use strict";
  var LABELS = { upcoming: "即将开始", open: "公示中", closed: "公示期已结束", outcome: "已公布结果", withdrawn: "已撤回" };
  var DAY = 86400000;

  function instant(el, name) {
    var v = el.getAttribute("data-gs-" + name);
    return v ? Date.parse(v) : null;
  }

  /* The same rule as generator/status.py. */
  function statusAt(el, now) {
    var withdrawn = instant(el, "withdrawn"), outcome = instant(el, "outcome");
    if (withdrawn !== null && now >= withdrawn) return "withdrawn";
    if (outcome !== null && now >= outcome) return "outcome";
    if (now < instant(el, "start")) return "upcoming";
    if (now < instant(el, "deadline")) return "open";
    return "closed";
  }

  /* Calendar days left in Asia/Shanghai, today included. */
  function daysLeft(el, now) {
    var shanghai = function (t) { return Math.floor((t + 8 * 3600000) / DAY); };
    return shanghai(instant(el, "deadline") - 1) - shanghai(now) + 1;
  }

  /* 2026年11月20日 10:00 in Beijing time, as the build writes it */
  function clockText(now) {
    var t = new Date(now + 8 * 3600000), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return t.getUTCFullYear() + "年" + (t.getUTCMonth() + 1) + "月" + t.getUTCDate() + "日 " +
      pad(t.getUTCHours()) + ":" + pad(t.getUTCMinutes());
  }

  function daysText(status, left) {
    if (status !== "open") return "";
    return left <= 1 ? "今天截止" : "还剩 " + left + " 天";
  }

  function update(now) {
    document.querySelectorAll("[data-gs-deadline]").forEach(function (el) {
      var status = statusAt(el, now);
      var old = el.getAttribute("data-gs-status");
      el.setAttribute("data-gs-status", status);
      ["gs-status--", "gs-badge--"].forEach(function (prefix) {
        if (el.classList.contains(prefix + old)) {
          el.classList.remove(prefix + old);
          el.classList.add(prefix + status);
        }
      });
      var label = el.querySelector(".gs-status-label");
      if (label && (el.classList.contains("gs-badge") || el.classList.contains("gs-status") ||
                    el.classList.contains("gs-live"))) {
        label.textContent = LABELS[status];
      }
      /* what is only for while objections are received (the channels at hand, the invitation to object),
         and what replaces it after */
      var show = el.getAttribute("data-gs-show");
      if (show) el.hidden = (status === "open" || status === "upcoming") !== (show === "active");
      var asof = el.querySelector(":scope > .gs-asof .gs-asof__time");
      if (asof) {
        asof.textContent = clockText(now);
        asof.setAttribute("datetime", new Date(now).toISOString());
      }
      var days = el.querySelector(":scope > .gs-days, :scope .gs-status__label .gs-days, :scope > .gs-card__meta .gs-days");
      if (days) days.textContent = daysText(status, daysLeft(el, now));
      if (el.classList.contains("gs-channels")) {
        var closed = status !== "open" && status !== "upcoming";
        el.classList.toggle("gs-channels--closed", closed);
        var note = el.querySelector(".gs-channels__closed");
        if (note) note.hidden = !closed;
      }
    });
    /* Home page: move each notice to the section of its current status. */
    var sections = {};
    document.querySelectorAll("[data-gs-section]").forEach(function (s) { sections[s.getAttribute("data-gs-section")] = s; });
    if (sections.open) {
      document.querySelectorAll("[data-gs-section] .gs-card").forEach(function (card) {
        var status = card.getAttribute("data-gs-status");
        var section = sections[status === "outcome" ? "closed" : status] || sections.closed;
        var list = section.querySelector(".gs-cards");
        if (card.parentNode !== list) list.appendChild(card);
      });
      Object.keys(sections).forEach(function (key) {
        var s = sections[key], empty = s.querySelector(".gs-empty");
        if (empty) empty.hidden = s.querySelectorAll(".gs-card").length > 0;
      });
    }
  }

  function filters() {
    var form = document.querySelector(".gs-filters");
    if (!form) return;
    form.hidden = false;
    var cards = document.querySelectorAll(".gs-index .gs-card");
    var count = form.querySelector(".gs-filter-count");
    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var ok = true;
        form.querySelectorAll("[data-gs-filter]").forEach(function (select) {
          var key = select.getAttribute("data-gs-filter"), want = select.value;
          if (!want) return;
          var have = key === "status" ? card.getAttribute("data-gs-status") : (card.getAttribute("data-" + key) || "");
          if (have.split("|").indexOf(want) < 0) ok = false;
        });
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "共 " + shown + " 条公示";
    }
    form.addEventListener("change", apply);
    apply();
  }

  function printButton() {
    document.querySelectorAll(".gs-print").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
  }

  /* Elderly-friendly mode (适老化): larger text and high contrast, remembered across pages. The switch is
     in the page from the first paint, its words never change (nothing moves): aria-pressed says its state. */
  function elderToggle() {
    var root = document.documentElement;
    document.querySelectorAll(".gs-elder-toggle").forEach(function (button) {
      var sync = function () {
        var on = root.classList.contains("gs-elder");
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.title = on ? "退出长者模式" : "大字体、高对比度";
      };
      sync();
      button.addEventListener("click", function () {
        var on = root.classList.toggle("gs-elder");
        try { localStorage.setItem("gs-elder", on ? "1" : "0"); } catch (e) { /* private browsing */ }
        sync();
      });
    });
  }

  /* Site search (站内搜索). The index (generator/search.py) is loaded in small parts, only when a reader
     searches: the shards of the query's character bigrams, then the pages of the results shown. A page
     is kept only if one of its sections holds every word of the query as typed. */
  var RUN = null;  /* letters and digits of any script; built here so that a browser without it keeps the rest */
  try { RUN = new RegExp("[\\p{L}\\p{N}]+", "gu"); } catch (e) { /* search says it is unavailable */ }

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

  /* The words of a query: runs of letters and digits, folded; single characters are too common to search. */
  function words(query) {
    if (!RUN) throw new Error("no Unicode regular expressions");
    return (fold(query).s.match(RUN) || []).filter(function (w) { return Array.from(w).length > 1; });
  }

  /* The bigrams to look up: enough to cover each word (every other one and the last), at most max. */
  function lookups(list, max) {
    var terms = [];
    list.forEach(function (w) {
      var c = Array.from(w);
      for (var i = 0; i < c.length - 1; i += 2) terms.push(c[i] + c[i + 1]);
      if (c.length % 2 === 1) terms.push(c[c.length - 2] + c[c.length - 1]);
    });
    terms = terms.filter(function (t, i) { return terms.indexOf(t) === i; });
    if (terms.length <= max) return terms;
    var spread = [];
    for (var k = 0; k < max; k++) spread.push(terms[Math.floor(k * terms.length / max)]);
    return spread;
  }

  function bucket(term) {  /* FNV-1a over code points, as generator/search.py */
    var h = 2166136261;
    Array.from(term).forEach(function (ch) { h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0; });
    return h & 0xffff;
  }

  /* Where ``words`` occur in ``text``, as [start, end) of the text, in order. */
  function spans(text, list) {
    var f = fold(text), out = [];
    list.forEach(function (w) {
      for (var i = f.s.indexOf(w); i >= 0; i = f.s.indexOf(w, i + w.length)) out.push([f.at[i], f.at[i + w.length]]);
    });
    return out.sort(function (a, b) { return a[0] - b[0]; });
  }

  function holds(section, list) {
    var f = fold(section[1] + "\n" + section[2]).s;
    return list.every(function (w) { return f.indexOf(w) >= 0; });
  }

  /* An excerpt of a section's text around the first word found, the words marked, built as text nodes. */
  function excerpt(text, list) {
    var p = document.createElement("p");
    p.className = "gs-result__excerpt";
    var found = spans(text, list), start = found.length ? Math.max(0, found[0][0] - 24) : 0;
    var end = Math.min(text.length, start + 96), at = start;
    if (start > 0) p.appendChild(document.createTextNode("…"));
    found.forEach(function (s) {
      if (s[0] < at || s[1] > end) return;
      p.appendChild(document.createTextNode(text.slice(at, s[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s[0], s[1]);
      p.appendChild(mark);
      at = s[1];
    });
    p.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? "…" : "")));
    return p;
  }

  function link(url, title) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = title;
    return a;
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

    /* Pages holding every bigram looked up, best first, each with the numbers of its sections holding them. */
    function candidates(list) {
      var terms = lookups(list, entry.max_terms);
      return Promise.all(terms.map(function (t) { return part("s/" + (bucket(t) % entry.shards) + ".gz"); }))
        .then(function (shards) {
          var hits = null;
          terms.forEach(function (t, k) {
            var now = {}, shard = shards[k];
            Object.keys(shard).forEach(function (n) {
              var ids = shard[n][t];
              if (!ids) return;
              if (hits === null) now[n] = ids;
              else if (hits[n]) {
                var keep = ids.filter(function (id) { return hits[n].indexOf(id) >= 0; });
                if (keep.length) now[n] = keep;
              }
            });
            hits = now;
          });
          return Object.keys(hits || {}).map(function (n) {
            return { n: n, ids: hits[n], score: (hits[n][0] === 0 ? 1000 : 0) + hits[n].length };
          }).sort(function (a, b) { return b.score - a.score || a.n - b.n; });
        });
    }

    var more = document.createElement("button");
    more.type = "button";
    more.className = "gs-search-more";
    more.textContent = "显示更多结果";
    more.hidden = true;
    box.appendChild(more);
    var query = "", terms = [], found = [], shown = 0, dropped = 0, PAGE = 10;
    var UNAVAILABLE = "搜索暂时无法使用，请稍后再试，或在“全部公示”中按条件查找。";

    /* A browser without what search needs (DecompressionStream to read the index, letters of every script in
       regular expressions) is told so, with the way to find a notice without search: the filters. */
    var SUPPORTED = typeof DecompressionStream !== "undefined" && RUN !== null;
    function unsupported() {
      status.textContent = "您使用的浏览器版本较旧，不支持站内搜索；请升级浏览器或换用其他浏览器，也可以在";
      status.appendChild(link(root + "notices/", "全部公示"));
      status.appendChild(document.createTextNode("中按状态、称号、地区等条件筛选。"));
    }

    /* A result, or null when no section holds the words as typed (the bigrams only met by chance). */
    function render(page, hit) {
      var sections = hit.ids.map(function (id) { return page.s[id]; }).filter(function (s) { return holds(s, terms); });
      if (!sections.length) return null;
      var li = document.createElement("li");
      li.className = "gs-result";
      var h = document.createElement("h2");
      h.appendChild(link(root + page.url, page.title || page.url));
      li.appendChild(h);
      var subs = sections.filter(function (s) { return s[0]; }).slice(0, 5);
      if (subs.length) {
        var ul = document.createElement("ul");
        ul.className = "gs-result__parts";
        subs.forEach(function (s) {
          var item = document.createElement("li");
          item.appendChild(link(root + page.url + "#" + s[0], s[1]));
          item.appendChild(excerpt(s[2], terms));
          ul.appendChild(item);
        });
        li.appendChild(ul);
      } else li.appendChild(excerpt(sections[0][2], terms));
      return li;
    }

    function say() {
      var total = found.length - dropped;
      status.textContent = total ? "“" + query + "”：找到 " + total + " 个页面"
        : "没有找到“" + query + "”。可以换一个词，或只输入姓名中的两个字。";
    }

    /* The next results (up to ``want``): each page's text is a small part of the index, fetched only when shown. */
    function next(ticket, want) {
      var batch = found.slice(shown, shown + want);
      shown += batch.length;
      return Promise.all(batch.map(function (hit) { return part("f/" + hit.n + ".gz"); })).then(function (pages) {
        if (ticket !== latest) return;
        var kept = 0;
        pages.forEach(function (page, k) {
          var li = render(page, batch[k]);
          if (li) { list.appendChild(li); kept++; } else dropped++;
        });
        if (kept < want && shown < found.length) return next(ticket, want - kept);
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
      try { terms = words(query); } catch (e) { status.textContent = UNAVAILABLE; return; }
      if (!terms.length) { status.textContent = "请至少输入两个连续的字或字母，例如姓名中的两个字。"; return; }
      status.textContent = "正在搜索……";
      load().then(function () { return candidates(terms); }).then(function (hits) {
        if (ticket !== latest) return;
        found = hits;
        shown = dropped = 0;
        return next(ticket, PAGE);
      }).catch(function () {
        if (ticket === latest) status.textContent = UNAVAILABLE;
      });
    }
    more.addEventListener("click", function () { next(latest, PAGE); });

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

  function start() {
    elderToggle();
    siteSearch();
    update(Date.now());
    filters();
    printButton();
    setInterval(function () { update(Date.now()); }, 60000);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
