// Drafting workspace: never lose a word.
//
// 1. Leaving a page with unsaved changes asks first. Forms marked data-warn-unsaved become
//    "dirty" on input; submitting a form clears the warning.
// 2. What is typed into a text area is also kept in this tab's sessionStorage until a save
//    has succeeded. If a save fails with a server error (or the tab reloads), the form
//    offers to restore the text. sessionStorage dies with the tab, so no draft text stays
//    behind on a shared computer.
// Without JavaScript every form works the same, just without these two safety nets.
(function () {
  "use strict";
  var PREFIX = "ratsprotokoll:unsaved:";
  var SUBMITTED = "|submitted";
  var forms = document.querySelectorAll("form[data-warn-unsaved]");
  var dirty = new Set();
  var store = window.sessionStorage;

  function keyFor(form, field) {
    return PREFIX + location.pathname + "|" + (form.getAttribute("action") || "") + "|" + field.name;
  }

  // A success message means the last submitted text reached the database.
  if (document.querySelector(".alert-success")) {
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0 && key.slice(-SUBMITTED.length) === SUBMITTED) {
        store.removeItem(key);
        store.removeItem(key.slice(0, -SUBMITTED.length));
      }
    }
  }

  var restoreLabel = (document.getElementById("workspace-i18n") || {dataset: {}}).dataset.restore || "Restore";

  forms.forEach(function (form) {
    form.addEventListener("input", function (event) {
      dirty.add(form);
      if (event.target.tagName === "TEXTAREA") {
        store.setItem(keyFor(form, event.target), event.target.value);
        store.removeItem(keyFor(form, event.target) + SUBMITTED);
      }
    });
    form.addEventListener("change", function () { dirty.add(form); });
    form.addEventListener("submit", function () {
      form.querySelectorAll("textarea").forEach(function (field) {
        if (store.getItem(keyFor(form, field)) !== null) store.setItem(keyFor(form, field) + SUBMITTED, "1");
      });
    });
    form.querySelectorAll("textarea").forEach(function (field) {
      var kept = store.getItem(keyFor(form, field));
      if (kept === null || kept === field.value) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-warning my-1";
      button.textContent = restoreLabel;
      button.addEventListener("click", function () {
        field.value = kept;
        dirty.add(form);
        button.remove();
        field.focus();
      });
      field.insertAdjacentElement("beforebegin", button);
    });
  });

  document.addEventListener("submit", function () { dirty.clear(); }, true);
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size === 0) return;
    event.preventDefault();
    event.returnValue = "";  // older browsers need a value to show their standard dialog
  });

  // A page re-shown after a failed save or a conflict still holds unsaved text: keep warning.
  forms.forEach(function (form) {
    if (form.querySelector(".is-invalid") || document.getElementById("conflict")) dirty.add(form);
  });
})();
