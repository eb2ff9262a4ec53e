// Our few lines: show htmx failures inline on the element that made the request; the form keeps its values.
(function () {
  "use strict";
  function slotFor(elt) {
    var host = elt.closest("form, [data-error-slot]") || elt;
    var slot = host.querySelector(":scope > .hx-error");
    if (!slot) {
      slot = document.createElement("p");
      slot.className = "hx-error";
      slot.setAttribute("role", "alert");
      host.appendChild(slot);
    }
    return slot;
  }
  function show(elt, message) { slotFor(elt).textContent = message; }
  function clear(elt) {
    var host = elt.closest("form, [data-error-slot]") || elt;
    var slot = host.querySelector(":scope > .hx-error");
    if (slot) { slot.remove(); }
  }
  function messageFrom(xhr) {
    var tmp = document.createElement("div");
    tmp.innerHTML = xhr.responseText || "";
    var alert = tmp.querySelector("[role=alert]");
    return alert ? alert.textContent.trim() : xhr.status + " " + (xhr.statusText || "");
  }
  document.addEventListener("htmx:beforeRequest", function (e) { clear(e.detail.elt); });
  document.addEventListener("htmx:responseError", function (e) { show(e.detail.elt, messageFrom(e.detail.xhr)); });
  document.addEventListener("htmx:sendError", function (e) { show(e.detail.elt, document.body.dataset.msgNetwork); });
  document.addEventListener("htmx:timeout", function (e) { show(e.detail.elt, document.body.dataset.msgTimeout); });
})();
