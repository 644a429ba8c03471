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
      if (label && el.classList.contains("gs-badge") || label && el.classList.contains("gs-status")) {
        label.textContent = LABELS[status];
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

  /* Elderly-friendly mode (适老化): larger text and high contrast, remembered across pages. */
  function elderToggle() {
    var root = document.documentElement;
    document.querySelectorAll(".gs-elder-toggle").forEach(function (button) {
      button.hidden = false;
      var sync = function () {
        var on = root.classList.contains("gs-elder");
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.textContent = on ? "退出长者模式" : "长者模式：大字体、高对比度";
      };
      sync();
      button.addEventListener("click", function () {
        var on = root.classList.toggle("gs-elder");
        try { localStorage.setItem("gs-elder", on ? "1" : "0"); } catch (e) { /* private browsing */ }
        sync();
      });
    });
  }

  /* Plain text of an excerpt piece (entities decoded, any tag dropped): nothing from the index becomes markup. */
  function plain(html) {
    return new DOMParser().parseFromString(html, "text/html").body.textContent || "";
  }

  /* An excerpt with <mark> around the words found, built as text nodes. */
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "gs-result__excerpt";
    html.split(/<(\/?)mark>/).forEach(function (piece, i) {
      if (i % 2 === 1) return;  /* the captured slash */
      var text = document.createTextNode(plain(piece));
      if (i % 4 === 2) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        p.appendChild(mark);
      } else p.appendChild(text);
    });
    return p;
  }

  function link(url, title) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = plain(title);
    return a;
  }

  /* Site search (站内搜索) with Pagefind: its index is loaded in small parts, only when a reader searches. */
  function siteSearch() {
    var box = document.getElementById("gs-search");
    if (!box) return;
    var input = document.getElementById("gs-search-q");
    var form = input.form;
    var bundle = new URL(box.getAttribute("data-gs-bundle"), location.href);
    var status = document.createElement("p");
    status.className = "gs-search-status";
    status.setAttribute("role", "status");
    var list = document.createElement("ol");
    list.className = "gs-results";
    box.appendChild(status);
    box.appendChild(list);
    var engine = null, latest = 0;

    function load() {
      if (!engine) {
        engine = import(bundle.href + "pagefind.js").then(function (pagefind) {
          return pagefind.options({ baseUrl: bundle.pathname.replace(/pagefind\/$/, "") }).then(function () { return pagefind; });
        });
      }
      return engine;
    }

    var more = document.createElement("button");
    more.type = "button";
    more.className = "gs-search-more";
    more.textContent = "显示更多结果";
    more.hidden = true;
    box.appendChild(more);
    var found = [], shown = 0, PAGE = 10;

    function render(r) {
      var li = document.createElement("li");
      li.className = "gs-result";
      var h = document.createElement("h2");
      h.appendChild(link(r.url, r.meta.title || r.url));
      li.appendChild(h);
      var subs = (r.sub_results || []).filter(function (s) { return s.url.indexOf("#") > 0; }).slice(0, 5);
      if (subs.length) {
        var ul = document.createElement("ul");
        ul.className = "gs-result__parts";
        subs.forEach(function (s) {
          var item = document.createElement("li");
          item.appendChild(link(s.url, s.title));
          item.appendChild(excerpt(s.excerpt));
          ul.appendChild(item);
        });
        li.appendChild(ul);
      } else li.appendChild(excerpt(r.excerpt));
      list.appendChild(li);
    }

    /* The next results: each result's text is a small part of the index, fetched only when shown. */
    function next(ticket) {
      var batch = found.slice(shown, shown + PAGE);
      shown += batch.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (results) {
        if (ticket !== latest) return;
        results.forEach(render);
        more.hidden = shown >= found.length;
      });
    }

    function run() {
      var term = input.value.trim(), ticket = ++latest;
      list.textContent = "";
      more.hidden = true;
      if (!term) { status.textContent = ""; return; }
      status.textContent = "正在搜索……";
      load().then(function (pagefind) { return pagefind.search(term); }).then(function (search) {
        if (ticket !== latest) return;
        found = search.results;
        shown = 0;
        return next(ticket).then(function () {
          if (ticket !== latest) return;
          status.textContent = found.length ? "“" + term + "”：找到 " + found.length + " 个页面"
            : "没有找到“" + term + "”。可以换一个词，或只输入姓名中的两个字。";
        });
      }).catch(function () {
        status.textContent = "搜索暂时无法使用，请稍后再试，或在“全部公示”中按条件查找。";
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
