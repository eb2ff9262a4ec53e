// The checklist's shortcuts: 扣分 picks an item's only deduction standard, 其余全部合格 (per category or for the
// whole list) with its undo. Every answer still goes through the item's own autosave form, so the outbox
// (outbox.js) queues these like single taps and they survive a basement without signal.
(function () {
  "use strict";
  if (!window.htmx || !document.getElementById("sync-status")) { return; }
  var undo = document.getElementById("pass-undo");

  function answerForm(section) { return section.querySelector("form[data-autosave]"); }
  function outcomeOf(section) {
    var checked = section.querySelector("input[name=outcome]:checked");
    return checked ? checked.value : "";
  }
  function setOutcome(section, value) {
    section.querySelectorAll("input[name=outcome]").forEach(function (input) { input.checked = input.value === value; });
    section.dataset.outcome = value;
    htmx.trigger(answerForm(section), "change");
  }

  // Runs before htmx reads the form (capture phase), so the first save already carries the standard.
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (input.name !== "outcome" || !input.closest("section.item")) { return; }
    var section = input.closest("section.item");
    section.dataset.outcome = input.value;
    hideUndo();
    if (input.value !== "deduct" || section.querySelector("input[name=preset_id]:checked")) { return; }
    var presets = section.querySelectorAll("input[name=preset_id]:not([value=custom])");
    if (presets.length === 1) { presets[0].checked = true; }
  }, true);

  function hideUndo() { if (undo) { undo.hidden = true; } }
  function showUndo(ids) {
    if (!undo) { return; }
    undo.querySelectorAll("input[name=item_id]").forEach(function (input) { input.remove(); });
    ids.forEach(function (id) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "item_id";
      input.value = id;
      undo.appendChild(input);
    });
    undo.querySelector(".pass-undo-text").textContent = (undo.dataset.msg || "").replace("{n}", ids.length);
    undo.hidden = ids.length === 0;
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.hasAttribute("data-pass-rest")) {
      e.preventDefault();
      var code = form.dataset.passRest;
      var ids = [];
      document.querySelectorAll("section.item").forEach(function (section) {
        if ((code && section.dataset.category !== code) || outcomeOf(section)) { return; }
        setOutcome(section, "pass");
        ids.push(section.id.replace("item-", ""));
      });
      showUndo(ids);
    } else if (form === undo) {
      e.preventDefault();
      undo.querySelectorAll("input[name=item_id]").forEach(function (input) {
        var section = document.getElementById("item-" + input.value);
        if (section && outcomeOf(section) === "pass") { setOutcome(section, ""); }
      });
      hideUndo();
    }
  });
})();
