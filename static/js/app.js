// Our few lines: inline htmx errors (the form keeps its values), autosave retry, unsent input kept
// across a lost session, location for patrol starts and photos, and confirmation before submitting.
(function () {
  "use strict";
  var body = document.body;

  function hostOf(elt) { return elt.closest("form, [data-error-slot]") || elt; }
  function slotFor(elt) {
    var host = hostOf(elt);
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
    var slot = hostOf(elt).querySelector(":scope > .hx-error");
    if (slot) { slot.remove(); }
  }
  function messageFrom(xhr) {
    var tmp = document.createElement("div");
    tmp.innerHTML = xhr.responseText || "";
    var alert = tmp.querySelector("[role=alert]");
    return alert ? alert.textContent.trim() : xhr.status + " " + (xhr.statusText || "");
  }

  // Autosave forms are retried with back-off after a network failure; the values on screen are what is sent.
  var retries = new WeakMap();
  function scheduleRetry(form) {
    var n = (retries.get(form) || 0) + 1;
    retries.set(form, n);
    setTimeout(function () { htmx.trigger(form, "retry"); }, Math.min(30000, 2000 * Math.pow(2, n - 1)));
  }

  // A lost session must not cost what was typed: keep the form, resend after logging in again.
  function stashKey(form) { return "unsent:" + form.getAttribute("action"); }
  function stash(form) {
    var data = {};
    new FormData(form).forEach(function (value, key) { if (key !== "csrf_token") { data[key] = value; } });
    try { localStorage.setItem(stashKey(form), JSON.stringify(data)); } catch (e) { /* storage full: message still shown */ }
  }
  function restore(form) {
    var raw = localStorage.getItem(stashKey(form));
    if (!raw) { return; }
    var data = JSON.parse(raw);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!(el.name in data) || el.name === "csrf_token") { return; }
      if (el.type === "radio" || el.type === "checkbox") { el.checked = data[el.name] === el.value; }
      else { el.value = data[el.name]; }
    });
    localStorage.removeItem(stashKey(form));
    htmx.trigger(form, "retry");
  }

  document.addEventListener("htmx:beforeRequest", function (e) { clear(e.detail.elt); });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (e.detail.successful) { retries.delete(hostOf(e.detail.elt)); }
  });
  // A CSRF refusal carries a fresh token: put it everywhere the page keeps one, and mark the form as retried
  // (a second refusal for a missing session then says cookies are blocked, instead of asking again forever).
  function renewToken(form, token) {
    try {
      var headers = JSON.parse(body.getAttribute("hx-headers") || "{}");
      headers["X-CSRFToken"] = token;
      body.setAttribute("hx-headers", JSON.stringify(headers));
    } catch (err) { /* a page without hx-headers keeps its form fields only */ }
    document.querySelectorAll("input[name=csrf_token]").forEach(function (el) { el.value = token; });
    if (form.tagName === "FORM" && !form.querySelector("input[name=csrf_retry]")) {
      var retry = document.createElement("input");
      retry.type = "hidden"; retry.name = "csrf_retry"; retry.value = "1";
      form.appendChild(retry);
    }
  }
  document.addEventListener("htmx:responseError", function (e) {
    var form = hostOf(e.detail.elt);
    var token = e.detail.xhr.getResponseHeader("X-CSRF-Token");
    if (token) { renewToken(form, token); }
    if (e.detail.xhr.status === 401 && form.hasAttribute("data-autosave")) { stash(form); }
    show(e.detail.elt, messageFrom(e.detail.xhr));
  });
  function offline(e, message) {
    var form = hostOf(e.detail.elt);
    show(e.detail.elt, message);
    if (form.hasAttribute("data-autosave")) { scheduleRetry(form); }
  }
  document.addEventListener("htmx:sendError", function (e) { offline(e, body.dataset.msgNetwork); });
  document.addEventListener("htmx:timeout", function (e) { offline(e, body.dataset.msgTimeout); });

  document.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) { e.preventDefault(); }
  });

  function fillLocation() {
    var forms = document.querySelectorAll("form[data-geo]");
    if (!forms.length || !navigator.geolocation) { return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.querySelectorAll("form[data-geo]").forEach(function (form) {
        form.elements.lat.value = pos.coords.latitude;
        form.elements.lng.value = pos.coords.longitude;
      });
    }, function () { /* refused or unavailable: the server records no location */ }, { maximumAge: 60000, timeout: 10000 });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(restore);
    fillLocation();
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    if (e.detail.elt.querySelector && e.detail.elt.querySelector("form[data-geo]")) { fillLocation(); }
  });
})();
