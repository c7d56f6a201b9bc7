// The contribution form (/contribute): repeatable groups, live checking through
// POST /api/validate, the body's preview, drafts kept in this browser, copy.
// Without this script the form still works: it posts to the server, which checks it.
(function () {
  "use strict";

  var form = document.getElementById("contribute-form");
  var sent = document.querySelector("[data-sent-draft]");
  if (sent) {  // the proposal went through: its draft is done
    try { window.localStorage.removeItem(sent.getAttribute("data-sent-draft")); } catch (e) { /* private mode */ }
  }
  if (!form) { return; }
  document.documentElement.classList.add("js");

  var data = JSON.parse(document.getElementById("contribute-data").textContent);
  var messages = data.messages;
  var status = document.getElementById("contribute-status");
  var summary = document.getElementById("error-summary");
  var hostLink = document.getElementById("host-link");
  var hostNote = document.getElementById("host-link-note");
  var body = document.getElementById("f-body");
  var preview = document.getElementById("body-preview");
  var draftKey = form.getAttribute("data-draft-key");
  var latestText = null;
  var checkTimer = null, previewTimer = null, draftTimer = null;
  var checkRun = 0;

  Array.prototype.forEach.call(form.querySelectorAll("[data-remove], [data-add], [data-copy], [data-discard]"),
    function (button) { if (!button.hasAttribute("data-discard")) { button.hidden = false; } });

  // --- repeatable groups -------------------------------------------------------------------

  function nextIndex(group) {
    var next = parseInt(group.getAttribute("data-next") || "", 10);
    if (isNaN(next)) { next = group.querySelector("[data-rows]").children.length; }
    group.setAttribute("data-next", String(next + 1));
    return next;
  }

  function addRow(group, focus) {
    var template = group.querySelector("template[data-template]");
    var rows = group.querySelector("[data-rows]");
    var index = nextIndex(group);
    var html = template.innerHTML.split("__i__").join(String(index))
      .split("__n__").join(String(rows.children.length + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    rows.appendChild(row);
    if (focus) {
      var first = row.querySelector("input, select, textarea");
      if (first) { first.focus(); }
    }
    return row;
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var group = button.closest("[data-repeat]");
    if (button.hasAttribute("data-add") && group) {
      addRow(group, true);
    } else if (button.hasAttribute("data-remove") && group) {
      var row = button.closest("[data-row]");
      if (row) { row.parentNode.removeChild(row); }
      group.querySelector("[data-add]").focus();
      changed();
    } else if (button.hasAttribute("data-copy")) {
      copyFile();
    } else if (button.hasAttribute("data-discard")) {
      try { window.localStorage.removeItem(draftKey); } catch (e) { /* private mode */ }
      window.location.reload();
    }
  });

  // --- city, language and the section headings ------------------------------------------

  var city = form.querySelector("select[name=city]");
  var language = form.querySelector("select[name=language]");

  function seed(lang) {
    var headings = data.headings[lang] || data.headings.en;
    return headings.map(function (h) { return "## " + h + "\n\n"; }).join("");
  }

  if (city && language) {
    city.addEventListener("change", function () {
      if (!language.value && data.city_languages[city.value]) {
        language.value = data.city_languages[city.value];
        language.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    var seededFor = language.value || document.documentElement.lang;
    language.addEventListener("change", function () {
      var current = body.value.trim();
      if (!current || current === seed(seededFor).trim()) {
        body.value = seed(language.value);
        seededFor = language.value;
        schedulePreview();
      }
    });
  }

  // --- checking as one types ----------------------------------------------------------------

  function formBody() {
    return new URLSearchParams(new FormData(form));
  }

  function post(url, payload, type) {
    return fetch(url, {
      method: "POST", body: payload, credentials: "same-origin",
      headers: type ? { "Content-Type": type } : {}
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    });
  }

  function formName(field, rows) {
    var parts = field ? field.split(".") : [];
    for (var cut = parts.length - 1; cut > 0; cut--) {
      var where = rows[parts.slice(0, cut).join(".")];
      if (where === undefined) { continue; }
      if (Array.isArray(where)) {
        if (/^\d+$/.test(parts[cut]) && parseInt(parts[cut], 10) < where.length) {
          parts[cut] = String(where[parseInt(parts[cut], 10)]);
        }
      } else if (where[parts[cut]] !== undefined) {
        parts[cut] = String(where[parts[cut]]);
      }
      break;
    }
    return parts.join(".");
  }

  function target(name) {
    var parts = name ? name.split(".") : [];
    while (parts.length) {
      var found = form.querySelector('[data-field="' + parts.join(".") + '"]');
      if (found) { return found; }
      parts.pop();
    }
    return null;
  }

  function clearProblems() {
    Array.prototype.forEach.call(form.querySelectorAll(".field-errors"), function (list) { list.textContent = ""; });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (control) {
      control.removeAttribute("aria-invalid");
    });
  }

  function showProblems(problems, rows) {
    clearProblems();
    var items = [];
    problems.forEach(function (problem) {
      var place = target(formName(problem.field, rows)) || target("body");
      var list = place.querySelector(".field-errors");
      var item = document.createElement("li");
      item.textContent = problem.message;
      list.appendChild(item);
      var control = place.matches("input, select, textarea") ? place : place.querySelector("input:not([type=hidden]), select, textarea");
      if (control && !place.matches("fieldset.field-group, fieldset.field-rows")) {
        control.setAttribute("aria-invalid", "true");
      }
      items.push({ id: (control && control.id) || place.id || "f-body", message: problem.message });
    });
    var list = summary.querySelector("ul");
    list.textContent = "";
    items.forEach(function (entry) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + entry.id;
      a.textContent = entry.message;
      li.appendChild(a);
      list.appendChild(li);
    });
    summary.hidden = items.length === 0;
    var n = problems.length;
    status.textContent = n === 0 ? messages.no_problems
      : (messages.problems[String(n)] || messages.problems_more);
  }

  function showHostLink(link) {
    if (!hostLink) { return; }
    hostLink.hidden = !link;
    if (link) { hostLink.href = link.url; }
    if (hostNote) { hostNote.hidden = !(link && (link.edit || link.too_long)); }
  }

  function check() {
    var run = ++checkRun;
    status.textContent = messages.checking;
    post(form.getAttribute("data-file-url"), formBody()).then(function (file) {
      latestText = file.text;
      showHostLink(file.host_link);
      return post(form.getAttribute("data-validate-url"),
        JSON.stringify({ text: file.text, path: file.edit, strict: true }), "application/json")
        .then(function (result) {
          if (run === checkRun) { showProblems(result.problems, file.rows); }
        });
    }).catch(function () {
      if (run === checkRun) { status.textContent = messages.offline; }
    });
  }

  function schedulePreview() {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(function () {
      var payload = new URLSearchParams();
      payload.set("body", body.value);
      post(form.getAttribute("data-preview-url"), payload).then(function (result) {
        preview.innerHTML = result.html;  // the site's sanitising renderer (webapp/render.py)
      }).catch(function () { /* the preview is a convenience; checking reports problems */ });
    }, 600);
  }

  function changed(event) {
    window.clearTimeout(checkTimer);
    checkTimer = window.setTimeout(check, 800);
    window.clearTimeout(draftTimer);
    draftTimer = window.setTimeout(saveDraft, 400);
    if (!event || event.target === body) { schedulePreview(); }
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // Enter in the send box's name or e-mail sends the file for review: the form's own default
  // (its first button, "Check the file") is not what someone who has just typed their name there means.
  var sendBox = form.querySelector(".send-box");
  if (sendBox) {
    sendBox.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.target.tagName !== "INPUT") { return; }
      event.preventDefault();
      var send = sendBox.querySelector("button[type=submit]");
      if (typeof form.requestSubmit === "function") { form.requestSubmit(send); } else { send.click(); }
    });
  }

  // --- drafts: kept in this browser ------------------------------------------------------

  function entries() {
    var list = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token") { list.push([name, String(value)]); }
    });
    return list;
  }

  function saveDraft() {
    try { window.localStorage.setItem(draftKey, JSON.stringify({ saved: Date.now(), entries: entries() })); }
    catch (e) { /* storage full or disabled: nothing is lost but the draft */ }
  }

  function ensureControl(name, count) {
    var rowName = /^(.+)\.(\d+)\.[^.]+$/.exec(name);
    var group = form.querySelector('[data-repeat="' + (rowName ? rowName[1] : name) + '"]');
    var guard = 0;
    while (group && form.querySelectorAll('[name="' + name + '"]').length < count && guard++ < 200) {
      addRow(group, false);
    }
  }

  function restoreDraft() {
    var saved;
    try { saved = JSON.parse(window.localStorage.getItem(draftKey) || "null"); } catch (e) { saved = null; }
    if (!saved || !saved.entries) { return; }
    var current = JSON.stringify(entries());
    if (JSON.stringify(saved.entries) === current) { return; }
    var byName = {};
    saved.entries.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Object.keys(byName).forEach(function (name) { ensureControl(name, byName[name].length); });
    Array.prototype.forEach.call(form.elements, function (control) {
      // the draft's base comes back with it: the version its values were written against
      if (!control.name || control.name === "csrf_token" || (control.type === "hidden" && control.name !== "base") ||
          (control.name === "base" && !byName.base) || control.disabled || control.readOnly ||
          control.closest("template")) { return; }
      var values = byName[control.name] || [];
      if (control.type === "checkbox" || control.type === "radio") {
        control.checked = values.indexOf(control.value) !== -1;
      } else {
        var index = Array.prototype.indexOf.call(form.querySelectorAll('[name="' + control.name + '"]'), control);
        control.value = values[index] !== undefined ? values[index] : "";
      }
    });
    status.textContent = messages.draft_restored;
    var discard = form.querySelector("[data-discard]");
    if (discard) { discard.hidden = false; }
  }

  function copyFile() {
    var text = latestText;
    var shown = document.getElementById("file-text");
    if (text === null && shown) { text = shown.value; }
    if (text === null || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(text).then(function () { status.textContent = messages.copied; });
  }

  // --- on arrival ---------------------------------------------------------------------------

  if (!summary.hidden) {
    summary.focus();  // after a check without script: the problems first
  } else {
    restoreDraft();
  }
  check();
  schedulePreview();
}());
