// Drafting workspace: never lose a word, and write without waiting for pages.
//
// 1. Leaving a page with unsaved changes asks first. Forms marked data-warn-unsaved become
//    "dirty" on input; submitting a form clears the warning.
// 2. What is typed into a text area is also kept in this tab's sessionStorage until a save
//    has succeeded. If a save fails with a server error (or the tab reloads), the form
//    offers to restore the text. sessionStorage dies with the tab, so no draft text stays
//    behind on a shared computer.
// 3. Forms with hx-post (htmx) save in place: the server answers with the part of the page
//    that changed (400 and 409 too: the typed text comes back with the reason). Any other
//    answer (a locked protocol, a server error, no network) submits the form the ordinary
//    way, so the full page shows what happened with the typed text.
// 4. Ctrl+Enter (⌘+Enter) saves a form marked data-save-key; after a contribution is saved
//    in place the cursor is back in the speaker field for the next one. Alt+N / Alt+B go to
//    the next / previous item; a text block's button inserts it at the cursor.
// Without JavaScript every form works the same, just without these helps.
(function () {
  "use strict";
  var PREFIX = "ratsprotokoll:unsaved:";
  var SUBMITTED = "|submitted";
  var dirty = new Set();
  var store = window.sessionStorage;
  var restoreLabel = (document.getElementById("workspace-i18n") || {dataset: {}}).dataset.restore || "Restore";

  function keyFor(form, field) {
    return PREFIX + location.pathname + "|" + (form.getAttribute("action") || "") + "|" + field.name;
  }

  // A success message means the last submitted text reached the database.
  function forgetSubmitted(root) {
    if (!root.querySelector(".alert-success")) return;
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0 && key.slice(-SUBMITTED.length) === SUBMITTED) {
        store.removeItem(key);
        store.removeItem(key.slice(0, -SUBMITTED.length));
      }
    }
  }

  function setUp(form) {
    if (form.dataset.workspaceReady) return;
    form.dataset.workspaceReady = "1";
    autosave(form);
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
    // A form re-shown after a failed save or a conflict still holds unsaved text: keep warning.
    if (form.querySelector(".is-invalid") || form.closest("[id]") && form.closest("[id]").querySelector("#conflict")) {
      dirty.add(form);
    }
  }

  // 5. data-autosave: what is typed goes to the server as the user's draft a moment after the
  //    last key (never into the saved contribution: only the save button does that).
  function autosave(form) {
    var url = form.dataset.autosave;
    if (!url) return;
    var timer = null;
    var status = form.querySelector("[data-autosave-status]");
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var data = new FormData(form);
        if (!form.isConnected) return;
        fetch(url, {method: "POST", body: data, credentials: "same-origin"}).then(function (response) {
          if (response.ok && status) status.textContent = status.dataset.savedText;
        }).catch(function () {});
      }, 1500);
    });
    form.addEventListener("submit", function () { clearTimeout(timer); });
  }

  function setUpAll(root) {
    forgetSubmitted(root);
    root.querySelectorAll("form[data-warn-unsaved]").forEach(setUp);
  }

  setUpAll(document);
  if (document.getElementById("conflict")) {
    document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) { dirty.add(form); });
  }

  document.addEventListener("submit", function (event) {
    event.target.lastSubmitter = event.submitter || null;
    dirty.clear();
  }, true);
  window.addEventListener("beforeunload", function (event) {
    dirty.forEach(function (form) { if (!form.isConnected) dirty.delete(form); });
    if (dirty.size === 0) return;
    event.preventDefault();
    event.returnValue = "";  // older browsers need a value to show their standard dialog
  });

  // Ctrl+Enter saves the form the cursor is in (its first submit button: "save").
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    var form = event.target.closest && event.target.closest("form[data-save-key]");
    if (!form) return;
    event.preventDefault();
    form.requestSubmit(form.querySelector("button[type=submit]:not([name])"));
  });

  // Alt+N / Alt+B: the next / previous item (the links marked rel=next / rel=prev). By the
  // key's position (event.code), so that it works whatever character Alt makes on a layout.
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    var rel = {KeyN: "next", KeyB: "prev"}[event.code];
    var link = rel && document.querySelector("nav a[rel=" + rel + "]");
    if (!link) return;
    event.preventDefault();
    link.click();
  });

  // A text block (Textbaustein) goes where the cursor is in its field.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-insert-into]");
    if (!button) return;
    var field = document.getElementById(button.dataset.insertInto);
    if (!field) return;
    var start = field.selectionStart, end = field.selectionEnd, text = button.dataset.insertText;
    if (start > 0 && !/\s/.test(field.value.charAt(start - 1))) text = " " + text;
    field.setRangeText(text, start, end, "end");
    field.dispatchEvent(new Event("input", {bubbles: true}));
    field.focus();
  });

  // --- saving in place (htmx) ---------------------------------------------------------------
  if (!window.htmx) return;

  // The preview button's name goes with the request, as with an ordinary submit.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form");
    var submitter = form && form.lastSubmitter;
    if (submitter && submitter.name) event.detail.parameters[submitter.name] = submitter.value;
  });

  document.body.addEventListener("htmx:load", function (event) {
    setUpAll(event.detail.elt.parentElement || document);
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (target && !target.isConnected && target.id) target = document.getElementById(target.id);
    if (!target) return;
    // The cursor goes where the next word is typed: the field with an error, the speaker of
    // the next contribution, the field of a form opened for editing.
    var focus = target.querySelector(".is-invalid");
    if (!focus && target.id === "deliberation") focus = target.querySelector("[autofocus]");
    if (!focus && /^(contribution|decision)-/.test(target.id)) focus = target.querySelector("textarea");
    if (focus) focus.focus();
  });

  // Anything but a part of the page (403, 500, no network): the ordinary way, a full page.
  function submitTheOrdinaryWay(event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form");
    if (!form || !form.hasAttribute("hx-post")) {
      var href = event.detail.elt.getAttribute && event.detail.elt.getAttribute("href");
      if (href) location.href = href;
      return;
    }
    var submitter = form.lastSubmitter;
    if (submitter && submitter.name) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = submitter.name;
      hidden.value = submitter.value;
      form.appendChild(hidden);
    }
    dirty.clear();
    HTMLFormElement.prototype.submit.call(form);
  }
  document.body.addEventListener("htmx:responseError", submitTheOrdinaryWay);
  document.body.addEventListener("htmx:sendError", submitTheOrdinaryWay);
})();
