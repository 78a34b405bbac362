// Attendance page: every change without a page load.
//
// 1. A status button (present / excused / absent) posts in the background; the server answers
//    with the row as it now is, which replaces the row in place (the list does not move, the
//    focus stays on the button). Someone else saved the row meanwhile (409): the form is
//    posted again the ordinary way, and the page shows their save next to yours.
// 2. "Mark the selected as …" does the same for all checked rows at once.
// 3. A row's other forms (arrival and departure, a deputation) are loaded when it is opened.
// Without JavaScript every button is an ordinary form and each row links to a page of its own.
(function () {
  "use strict";
  var list = document.getElementById("attendance-list");
  var bulk = document.getElementById("mark");
  var notes = document.getElementById("attendance-notes");
  var votingPresent = document.getElementById("voting-present");
  if (!list) return;

  function post(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    return fetch(form.action, {
      method: "POST",
      body: data,
      headers: {"Accept": "application/json", "X-Requested-With": "fetch"},
      credentials: "same-origin",
    });
  }

  function replaceRows(answer, focus) {
    Object.keys(answer.rows || {}).forEach(function (pk) {
      var old = document.getElementById("attendance-" + pk);
      if (!old) return;
      var template = document.createElement("template");
      template.innerHTML = answer.rows[pk].trim();
      var fresh = template.content.firstElementChild;
      // A form opened in the row keeps what was typed, now at the row's new revision.
      var revision = fresh.querySelector("input[name=rows]").value.split(":")[1];
      var opened = old.querySelector("details[data-loaded]");
      var twin = fresh.querySelector("details");
      if (opened && twin) {
        opened.querySelectorAll("input[name$='-revision']").forEach(function (input) { input.value = revision; });
        twin.replaceWith(opened);
      }
      old.replaceWith(fresh);
      if (focus && focus.row === pk) {
        fresh.querySelectorAll(".status-buttons button").forEach(function (button) {
          if (button.value.split(":")[2] === focus.status) button.focus();
        });
      }
    });
    if (answer.voting_present && votingPresent) votingPresent.textContent = answer.voting_present;
    if (notes) notes.textContent = (answer.messages || []).join(" ");
  }

  // 1. and 2.: a row's status button (name "set") and "mark the selected" both submit #mark.
  if (bulk) {
    bulk.addEventListener("submit", function (event) {
      if (bulk.dataset.plain) return;
      event.preventDefault();
      var submitter = event.submitter;
      var single = submitter && submitter.name === "set";
      post(bulk, submitter).then(function (response) {
        if (!response.ok && (single || response.status !== 400)) throw new Error(String(response.status));
        return response.json();
      }).then(function (answer) {
        if (single) {
          var parts = submitter.value.split(":");
          replaceRows(answer, {row: parts[0], status: parts[2]});
        } else {
          replaceRows(answer);  // the fresh rows come unchecked: the selection is done with
        }
      }).catch(function () {
        // A conflict (someone else saved the row) or an error: the ordinary post shows the
        // page with the reason, and what they saved next to the row.
        bulk.dataset.plain = "1";
        bulk.requestSubmit(submitter);
      });
    });
    // "Select all" is only useful with a script, so the script adds it.
    var label = bulk.dataset.selectAll;
    if (label) {
      var all = document.createElement("button");
      all.type = "button";
      all.className = "btn btn-sm btn-link";
      all.textContent = label;
      all.addEventListener("click", function () {
        var boxes = list.querySelectorAll("input[name=rows]");
        var check = Array.prototype.some.call(boxes, function (box) { return !box.checked; });
        boxes.forEach(function (box) { box.checked = check; });
      });
      bulk.insertBefore(all, bulk.querySelector("span"));
    }
  }

  // 3. A row's forms, loaded when it is opened (without a script, its link opens a page).
  list.addEventListener("toggle", function (event) {
    var details = event.target;
    var link = details.querySelector && details.querySelector("a.row-open");
    if (!details.open || !link || details.dataset.loaded) return;
    details.dataset.loaded = "1";
    fetch(link.href, {headers: {"X-Requested-With": "fetch"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        link.replaceWith(holder);
        var first = holder.querySelector("input:not([type=hidden]), select");
        if (first) first.focus();
      })
      .catch(function () { delete details.dataset.loaded; });
  }, true);
})();
