// Drafting workspace: warn before leaving a page with unsaved changes.
// Forms marked data-warn-unsaved become "dirty" on input; submitting any form clears
// the warning. Without JavaScript the forms work the same, just without the warning.
(function () {
  "use strict";
  var dirty = new Set();
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    form.addEventListener("input", function () { dirty.add(form); });
    form.addEventListener("change", function () { dirty.add(form); });
  });
  document.addEventListener("submit", function () { dirty.clear(); }, true);
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size === 0) return;
    event.preventDefault();
    event.returnValue = "";  // older browsers need a value to show their standard dialog
  });
  // A page re-shown after a failed save still holds unsaved text: keep warning.
  document.querySelectorAll("form[data-warn-unsaved] .is-invalid, form[data-warn-unsaved] ~ .alert-danger").forEach(function (el) {
    var form = el.closest("form");
    if (form) dirty.add(form);
  });
  if (document.getElementById("conflict")) {
    document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) { dirty.add(form); });
  }
})();
