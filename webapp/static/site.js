// The search page (templates/search.html). A changed filter applies at once: the new page is
// fetched and its results and filters replace the old ones, so the reader keeps their place on
// the page (a full reload scrolled back to the top); the address changes too, so the search
// can be shared and Back works. Without JavaScript, or when the fetch fails, the form is
// submitted as usual ("Apply filters" stays for keyboard users and browsers without it).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.facets[data-autosubmit]");
  if (!form) { return; }
  var filters = document.getElementById("filters");
  var wide = window.matchMedia("(min-width: 861px)");
  if (filters && wide.matches) { filters.open = true; }  // a column beside the results there

  function urlOf(theForm) {
    var params = new URLSearchParams();
    new FormData(theForm).forEach(function (value, key) {
      if (value !== "") { params.append(key, value); }
    });
    return theForm.action.split("?")[0] + "?" + params.toString();
  }

  function replaceFrom(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var focused = document.activeElement && document.activeElement.id;
    var current = document.querySelector("form.facets[data-autosubmit]");
    var next = fresh.querySelector("form.facets[data-autosubmit]");
    var results = document.getElementById("results");
    var nextResults = fresh.getElementById("results");
    var summary = document.querySelector("#filters > summary");
    var nextSummary = fresh.querySelector("#filters > summary");
    if (!current || !next || !results || !nextResults) { return false; }
    current.innerHTML = next.innerHTML;
    results.replaceWith(nextResults);
    if (summary && nextSummary) { summary.textContent = nextSummary.textContent; }
    document.title = fresh.title;
    if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }
    return true;
  }

  function show(url, push) {
    return fetch(url, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        if (!replaceFrom(html)) { throw new Error("unexpected page"); }
        if (push) { history.pushState({ search: true }, "", url); }
      });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || !target.form || !target.form.matches("form.facets[data-autosubmit]")) { return; }
    if (target.type !== "checkbox" && target.tagName !== "SELECT") { return; }
    var url = urlOf(target.form);
    show(url, true).catch(function () { window.location.assign(url); });
  });

  // removing a filter (the chips above the results, the suggestions of an empty result) too
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".active-filters a, .removals a");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    show(link.href, true).catch(function () { window.location.assign(link.href); });
  });

  window.addEventListener("popstate", function () {
    show(window.location.href, false).catch(function () { window.location.reload(); });
  });
});
