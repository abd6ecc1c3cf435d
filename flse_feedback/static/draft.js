/* Keeps a copy of what is typed on this device, so a dropped signal or a flat battery loses
   nothing. The form works without this script; it only adds comfort.
   - Every few seconds, and on each change, the page's answers are kept in localStorage.
   - Reopening the page puts them back, unless the server has a newer copy.
   - Copies are removed when the response is sent, when anyone logs out, and after 7 days,
     because phones are often shared. */
(function () {
  "use strict";
  var PREFIX = "flse-draft:";
  var MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
  var store;
  try {
    store = window.localStorage;
    store.setItem(PREFIX + "probe", "1");
    store.removeItem(PREFIX + "probe");
  } catch (e) {
    return; /* private browsing or storage switched off: the server keeps drafts anyway */
  }

  function keys() {
    var found = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) { found.push(key); }
    }
    return found;
  }

  function clear(scope) {
    keys().forEach(function (key) {
      if (!scope || key.indexOf(PREFIX + scope + ":") === 0) { store.removeItem(key); }
    });
  }

  function read(key) {
    try { return JSON.parse(store.getItem(key)); } catch (e) { return null; }
  }

  keys().forEach(function (key) {
    var saved = read(key);
    if (!saved || !saved.at || Date.now() - saved.at > MAX_AGE_MS) { store.removeItem(key); }
  });

  var body = document.body;
  if (body.hasAttribute("data-clear-drafts")) {
    (body.getAttribute("data-clear-drafts") || "").split(" ").forEach(function (scope) {
      clear(scope || null);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-clears-drafts]"), function (f) {
    f.addEventListener("submit", function () { clear(null); });
  });

  var form = document.querySelector("form[data-draft-key]");
  if (!form) { return; }
  var key = PREFIX + form.getAttribute("data-draft-key");
  var serverSavedAt = Number(form.getAttribute("data-saved-at") || 0);

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.type !== "hidden" &&
        el.type !== "submit" && el.type !== "button";
    });
  }

  function collect() {
    var answers = {};
    fields().forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        answers[el.name] = answers[el.name] || [];
        if (el.checked) { answers[el.name].push(el.value); }
      } else {
        answers[el.name] = el.value;
      }
    });
    return answers;
  }

  function restore(answers) {
    var changed = false;
    fields().forEach(function (el) {
      if (!(el.name in answers)) { return; }
      var value = answers[el.name];
      if (el.type === "radio" || el.type === "checkbox") {
        var on = value.indexOf(el.value) !== -1;
        if (el.checked !== on) { el.checked = on; changed = true; }
      } else if (el.value !== value) {
        el.value = value;
        changed = true;
      }
    });
    return changed;
  }

  var last = null;
  function save() {
    var answers = collect();
    var text = JSON.stringify(answers);
    if (text === last) { return; }
    last = text;
    try {
      store.setItem(key, JSON.stringify({ at: Date.now(), answers: answers }));
    } catch (e) { /* storage full: the server copy is still there */ }
  }

  var saved = read(key);
  var showingErrors = form.hasAttribute("data-has-errors");
  if (saved && saved.answers && !showingErrors && saved.at > serverSavedAt && restore(saved.answers)) {
    var note = document.getElementById("draft-restored");
    if (note) { note.hidden = false; }
  }
  last = JSON.stringify(collect());
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  window.setInterval(save, 3000);
}());
