// The exchange filters in the page itself, for a statically exported copy (no server reads
// ?city= and ?theme= there). On the live site the server has filtered already, so nothing
// changes. Without JavaScript the form still goes to the server.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-exchange-filters]");
    if (!form) { return; }
    var params = new URLSearchParams(window.location.search);
    var city = params.get("city") || "";
    var theme = params.get("theme") || "";
    if (!city && !theme) { return; }
    var items = document.querySelectorAll(".exchange-item");
    var shown = 0;
    items.forEach(function (item) {
      var cities = (item.getAttribute("data-cities") || "").split(" ");
      var themes = (item.getAttribute("data-themes") || "").split(" ");
      var match = (!city || cities.indexOf(city) !== -1) && (!theme || themes.indexOf(theme) !== -1);
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    document.querySelectorAll(".exchange-year").forEach(function (year) {
      year.hidden = !year.querySelector(".exchange-item:not([hidden])");
    });
    var empty = document.querySelector("[data-exchange-empty]");
    if (empty) { empty.hidden = shown > 0; }
    var count = document.querySelector("[data-exchange-count]");
    if (count && shown !== items.length) { count.textContent = shown + " / " + items.length; }
    if (form.elements.city) { form.elements.city.value = city; }
    if (form.elements.theme) { form.elements.theme.value = theme; }
  });
})();
