// Facet checkboxes and the "other cities only" choice apply as soon as they change (the "Apply filters" button stays for
// keyboard users and browsers without JavaScript).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.facets[data-autosubmit]");
  if (!form) { return; }
  form.addEventListener("change", function (event) {
    if (event.target && (event.target.type === "checkbox" || event.target.tagName === "SELECT")) { form.submit(); }
  });
});
