// The shortlist, kept in this browser (localStorage; no account, nothing sent anywhere).
// Toggle buttons ([data-shortlist-id], hidden until this script runs) add and remove practices;
// the "Shortlist" link in the menu points at the server-rendered comparison of the saved ids,
// /shortlist?ids=a,b,c, the address one shares. Messages come translated from the page
// (#shortlist-status data-*), and are announced in that polite live region.
(function () {
  "use strict";
  var KEY = "practice-exchange:shortlist";
  var status = document.getElementById("shortlist-status");
  if (!status) { return; }
  var MAX = parseInt(status.getAttribute("data-max"), 10) || 20;

  function load() {
    try {
      var items = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items.filter(function (item) { return item && typeof item.id === "string"; }) : [];
    } catch (error) { return []; }
  }
  function store(items) {
    try { window.localStorage.setItem(KEY, JSON.stringify(items.slice(0, MAX))); } catch (error) { /* private mode: nothing kept */ }
  }
  function ids(items) { return items.map(function (item) { return item.id; }); }
  function has(items, id) { return ids(items).indexOf(id) !== -1; }
  function say(name, title) {
    var text = (status.getAttribute("data-" + name) || "").replace("%(title)s", title || "");
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);  // a change, even for the same text
  }
  function compareUrl(link, list) {
    var base = link.getAttribute("data-base") || link.getAttribute("href").split("?")[0];
    link.setAttribute("data-base", base);
    return list.length ? base + "?ids=" + ids(list).join(",") : base;
  }
  function refresh() {
    var items = load();
    document.querySelectorAll("[data-shortlist-id]").forEach(function (button) {
      button.hidden = false;
      button.setAttribute("aria-pressed", has(items, button.getAttribute("data-shortlist-id")) ? "true" : "false");
    });
    document.querySelectorAll("[data-shortlist-link]").forEach(function (link) {
      link.setAttribute("href", compareUrl(link, items));
    });
    document.querySelectorAll("[data-shortlist-count]").forEach(function (count) {
      count.textContent = items.length ? "(" + items.length + ")" : "";
      count.hidden = !items.length;
    });
    var page = document.querySelector("[data-shortlist-page]");
    var save = document.querySelector("[data-shortlist-save]");
    if (page && save) {
      save.hidden = page.getAttribute("data-ids") === ids(items).join(",");
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-shortlist-id]");
    if (button) {
      var id = button.getAttribute("data-shortlist-id");
      var title = button.getAttribute("data-shortlist-title");
      var items = load();
      if (has(items, id)) {
        store(items.filter(function (item) { return item.id !== id; }));
        say("removed", title);
      } else if (items.length >= MAX) {
        say("full", title);
      } else {
        items.push({ id: id, title: title });
        store(items);
        say("added", title);
      }
      refresh();
      return;
    }
    var remove = event.target.closest("[data-shortlist-remove]");
    var page = document.querySelector("[data-shortlist-page]");
    if (remove && page && page.getAttribute("data-ids") === ids(load()).join(",")) {
      // this comparison is the saved shortlist: leaving one out removes it from the saved one too
      var gone = remove.getAttribute("data-shortlist-remove");
      store(load().filter(function (item) { return item.id !== gone; }));
    }
    if (event.target.closest("[data-shortlist-save]") && page) {
      var titles = {};
      page.querySelectorAll("[data-shortlist-id]").forEach(function (b) {
        titles[b.getAttribute("data-shortlist-id")] = b.getAttribute("data-shortlist-title");
      });
      var wanted = (page.getAttribute("data-ids") || "").split(",").filter(Boolean);
      store(wanted.map(function (id) { return { id: id, title: titles[id] || id }; }));
      say("saved");
      refresh();
    }
    if (event.target.closest("[data-shortlist-print]")) { window.print(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var page = document.querySelector("[data-shortlist-page]");
    if (page && !page.getAttribute("data-ids") && !window.location.search.match(/[?&]ids=/)) {
      var saved = load();
      if (saved.length) {  // "/shortlist" typed or bookmarked: show the saved comparison
        window.location.replace(window.location.pathname + "?ids=" + ids(saved).join(","));
        return;
      }
    }
    var share = document.querySelector("[data-share-address]");
    if (share) { share.value = window.location.href; }
    var print = document.querySelector("[data-shortlist-print]");
    if (print) { print.hidden = false; }
    refresh();
  });
  window.addEventListener("storage", function (event) { if (event.key === KEY) { refresh(); } });
})();
