// The search page of a static export (templates/export/search.html): Pagefind's UI over the
// index that `kb export-site` wrote to pagefind/ beside static/. The query comes from ?q= (the
// search forms of every page send it here) and is kept in the address, so a search can be shared.
(function () {
  var script = document.currentScript;
  function start() {
    var root = document.getElementById("pagefind-search");
    if (!root) { return; }
    if (location.protocol === "file:" || typeof PagefindUI === "undefined") {
      // a page opened from a file cannot fetch the index: say how to serve the folder
      document.getElementById("search-needs-http").hidden = false;
      return;
    }
    var bundle = new URL("../pagefind/", script.src);
    var site = new URL("../", script.src);
    var live = document.getElementById("q-live");
    var query = new URLSearchParams(location.search).get("q") || "";
    var ui = new PagefindUI({
      element: "#pagefind-search",
      bundlePath: bundle.pathname,
      baseUrl: site.pathname,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      autofocus: !query,
      processTerm: function (term) {
        var params = new URLSearchParams(location.search);
        if (term) { params.set("q", term); } else { params.delete("q"); }
        var search = params.toString();
        history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
        if (live) { live.value = term; }
        return term;
      }
    });
    // Pagefind's box has only a title: the page's lead text becomes its visible label
    var label = function () {
      var input = root.querySelector("input.pagefind-ui__search-input");
      if (input) { input.id = "pagefind-query"; } else { requestAnimationFrame(label); }
    };
    label();
    if (live) { live.value = query; }
    if (query) { ui.triggerSearch(query); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
