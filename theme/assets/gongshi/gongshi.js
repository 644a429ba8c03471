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

  function start() {
    elderToggle();
    update(Date.now());
    filters();
    printButton();
    setInterval(function () { update(Date.now()); }, 60000);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
