// Our few lines: inline htmx errors (the form keeps its values), autosave retry, unsent input kept
// across a lost session, location for patrol starts and photos, confirmation before submitting, autosave after
// typing and a warning before leaving a page with unsaved edits.
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

  // Forms with data-autosave-delay save themselves (htmx trigger "autosave") that long after the last keystroke;
  // their fields may sit outside the form element (form="…"), so the form is found through el.form.
  // data-warn-unsaved: leaving the page while an edit is not yet confirmed by the server asks first.
  var edits = new WeakMap(); // form → {typed: n, sent: n at the last request, saved: n the server confirmed}
  var timers = new WeakMap();
  var watched = [];
  function editsOf(form) {
    var state = edits.get(form);
    if (!state) { state = { typed: 0, sent: 0, saved: 0 }; edits.set(form, state); watched.push(form); }
    return state;
  }
  function isDirty(form) { var s = edits.get(form); return !!s && s.typed !== s.saved && document.body.contains(form); }
  function edited(e) {
    var form = e.target && e.target.form;
    if (!form || e.target.type === "file" || !(form.hasAttribute("data-autosave-delay") || form.hasAttribute("data-warn-unsaved"))) { return; }
    editsOf(form).typed += 1;
    if (!form.hasAttribute("data-autosave-delay")) { return; }
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () { htmx.trigger(form, "autosave"); },
                                parseInt(form.getAttribute("data-autosave-delay"), 10) || 1500));
  }
  document.addEventListener("input", edited);
  document.addEventListener("change", edited);
  document.addEventListener("htmx:configRequest", function (e) {
    var form = e.detail.elt;
    if (form.hasAttribute && form.hasAttribute("data-autosave") && form.getAttribute("hx-post")) {
      // htmx would follow a submit button's formaction once one was clicked (签发 submits this form elsewhere).
      e.detail.path = form.getAttribute("hx-post");
    }
    if (edits.has(form)) { edits.get(form).sent = edits.get(form).typed; }
  });
  // Before htmx acts on the answer (an HX-Redirect leaves the page at once): a 2xx means what was sent is stored.
  document.addEventListener("htmx:beforeOnLoad", function (e) {
    var state = edits.get(e.detail.elt), status = e.detail.xhr.status;
    if (state && status >= 200 && status < 300) { state.saved = Math.max(state.saved, state.sent); }
  });
  window.addEventListener("beforeunload", function (e) {
    var dirty = watched.some(function (form) { return form.hasAttribute("data-warn-unsaved") && isDirty(form); });
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });

  document.addEventListener("submit", function (e) {
    var button = e.submitter, form = e.target, confirmed = form.dataset.confirmed === "1";
    delete form.dataset.confirmed;
    if (!confirmed && button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      e.preventDefault();
      return;
    }
    if (e.defaultPrevented) { return; } // htmx sends this one itself
    if (form.hasAttribute("data-autosave-delay") && form.classList.contains("htmx-request")) {
      // an autosave is on its way: submit once it has answered (with the version it brings back)
      e.preventDefault();
      form.addEventListener("htmx:afterRequest", function () {
        form.dataset.confirmed = "1";
        form.requestSubmit(button || undefined);
      }, { once: true });
      return;
    }
    clearTimeout(timers.get(form));
    if (edits.has(form)) { var state = edits.get(form); state.saved = state.typed; } // this navigation carries them
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

// The company's report form shows the photos chosen, with their count, before anything is sent.
(function () {
  "use strict";
  function render(form) {
    var box = form.querySelector("[data-photo-preview]");
    if (!box) { return; }
    box.querySelectorAll("img").forEach(function (img) { URL.revokeObjectURL(img.src); });
    box.textContent = "";
    var files = [];
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) { files.push(file); });
    });
    if (!files.length) { return; }
    var count = document.createElement("p");
    count.className = "photo-count";
    count.textContent = box.dataset.countMsg.replace("{n}", files.length);
    box.appendChild(count);
    files.forEach(function (file) {
      var img = document.createElement("img");
      img.alt = file.name;
      img.src = URL.createObjectURL(file);
      box.appendChild(img);
    });
  }
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (input.type === "file" && input.form && input.form.querySelector("[data-photo-preview]")) { render(input.form); }
  });
  document.addEventListener("reset", function (e) { setTimeout(function () { render(e.target); }, 0); });
})();
