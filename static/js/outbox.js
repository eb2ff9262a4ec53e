// The outbox: answers and photos the server has not confirmed stay on the phone (IndexedDB) and are sent again
// until it does, so that a patrol can be finished in a basement with no signal. Only a response carrying
// X-Inspect-Saved counts as stored: a login page, a captive portal's 200 or a redirect do not.
// It also registers the service worker that keeps the open draft readable offline (see /sw.js).
(function () {
  "use strict";
  var SAVED = "X-Inspect-Saved";
  var CHANGE = "X-Inspect-Change";
  var PERMANENT = [403, 404, 409, 410, 413, 415, 422];
  var PAGES_CACHE = "inspect-pages"; // the service worker's copy of draft pages
  var body = document.body;
  if (!window.htmx || !window.fetch || !window.Promise || !window.FormData) { return; }

  // ---- storage: IndexedDB when it works, memory otherwise (the page then still retries while it is open)
  var memory = new Map();
  var chain = Promise.resolve();
  var dbReady = new Promise(function (resolve) {
    try {
      var request = indexedDB.open("inspect-outbox", 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("entries", { keyPath: "id" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { resolve(null); };
    } catch (e) { resolve(null); }
  });

  // Operations run one after another, so a deletion never overtakes the write it follows.
  function run(mode, withStore, inMemory) {
    var result = chain.then(function () { return dbReady; }).then(function (db) {
      if (!db) { return inMemory(); }
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("entries", mode);
        var request = withStore(tx.objectStore("entries"));
        tx.oncomplete = function () { resolve(request.result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
    chain = result.catch(function () { return null; });
    return result;
  }
  var store = {
    put: function (entry) {
      return run("readwrite", function (s) { return s.put(entry); }, function () { memory.set(entry.id, entry); });
    },
    del: function (id) {
      return run("readwrite", function (s) { return s.delete(id); }, function () { memory.delete(id); });
    },
    all: function () {
      return run("readonly", function (s) { return s.getAll(); }, function () { return Array.from(memory.values()); })
        .catch(function () { return []; });
    }
  };

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID().replace(/-/g, ""); }
    return Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(16)), function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }
  function fmt(text, n) { return (text || "").replace("{n}", n); }
  function isUnsynced(entry) { return entry.kind !== "frag" && entry.state !== "saved"; }

  // ---- page state (only on a patrol checklist, which has the #sync-status line)
  var status = document.getElementById("sync-status");
  var inspection = status ? status.dataset.inspection : null;
  var entries = new Map(); // this inspection's entries by id
  var sending = new Set(); // ids with a request on its way
  var notice = ""; // a page-level reason, e.g. an expired login
  var preparing = 0; // photos being shrunk, not yet in the outbox
  var persisted = false;

  function msg(name) { return status.dataset["msg" + name.charAt(0).toUpperCase() + name.slice(1)] || ""; }
  function unsynced() { return Array.from(entries.values()).filter(isUnsynced); }

  function save(entry) {
    entries.set(entry.id, entry);
    if (!persisted && navigator.storage && navigator.storage.persist) {
      persisted = true;
      navigator.storage.persist().catch(function () { /* best effort: the browser decides */ });
    }
    render();
    return store.put(entry).catch(function () { /* quota or private mode: the page keeps it in memory */ });
  }
  function drop(id) {
    entries.delete(id);
    render();
    return store.del(id).catch(function () {});
  }

  function render() {
    if (!status) { return; }
    var list = unsynced();
    var count = list.length + preparing;
    var failed = list.filter(function (e) { return e.state === "failed"; }).length;
    var parts = [];
    if (!count) { parts.push(msg("saved")); }
    else if (preparing || list.every(function (e) { return sending.has(e.id); })) { parts.push(msg("sending")); }
    else { parts.push(fmt(msg("pending"), count)); }
    if (failed) { parts.push(fmt(msg("failed"), failed)); }
    if (count && !navigator.onLine) { parts.push(msg("offline")); }
    if (count && notice) { parts.push(notice); }
    status.textContent = parts.join(" · ");
    status.classList.toggle("is-saved", !count);
    status.classList.toggle("is-pending", count > 0);
    status.classList.toggle("is-failed", failed > 0);
    renderSubmit(count);
  }

  function renderSubmit(count) {
    var form = document.querySelector("form[data-outbox-submit]");
    if (!form) { return; }
    var wait = form.querySelector(".submit-wait");
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = count > 0; });
    if (wait) {
      wait.hidden = count === 0;
      wait.textContent = count ? fmt(msg("submit"), count) : "";
    }
  }

  // ---- fragments: what the server last confirmed, shown again if the page has to come from the offline copy
  function keepFragment(id) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var copy = el.cloneNode(true);
    [copy].concat(Array.from(copy.querySelectorAll("[class]"))).forEach(function (node) {
      node.classList.remove("htmx-added", "htmx-settling", "htmx-swapping", "htmx-request");
    });
    copy.querySelectorAll("li[data-outbox]").forEach(function (li) { li.remove(); });
    save({ id: "frag:" + inspection + ":" + id, kind: "frag", inspection: inspection, target: id,
           html: copy.outerHTML, at: Date.now() });
  }
  function applyFragment(entry) {
    var el = document.getElementById(entry.target);
    if (el) { htmx.swap(el, entry.html, { swapStyle: "outerHTML", swapDelay: 0, settleDelay: 0 }); }
  }

  // ---- answers: htmx sends them; the outbox keeps each item's latest change until the server confirms it
  function answerForm(elt) {
    var form = status && elt && elt.closest ? elt.closest("form[data-autosave]") : null;
    return form && form.closest("section.item") ? form : null;
  }
  function itemOf(elt) { return elt.closest("section.item").id.replace("item-", ""); }
  function answerId(form) { return "answer:" + inspection + ":" + itemOf(form); }
  function formByAction(url) {
    return Array.from(document.querySelectorAll("form[data-autosave]")).filter(function (f) {
      return f.getAttribute("action") === url;
    })[0];
  }
  function fieldsOf(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && typeof value === "string") { fields.push([name, value]); }
    });
    return fields;
  }
  function applyFields(form, fields) {
    var values = {};
    fields.forEach(function (f) { (values[f[0]] = values[f[0]] || []).push(f[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.type === "file" || el.tagName === "BUTTON") { return; }
      var given = values[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") { el.checked = given.indexOf(el.value) >= 0; }
      else { el.value = given.length ? given[0] : ""; }
    });
    form.closest("section.item").dataset.outcome = (values.outcome || [""])[0];
  }
  function itemStatus(form, className, text) {
    var line = document.getElementById("item-" + itemOf(form) + "-status");
    if (!line) { return; }
    var note = document.createElement("span");
    note.className = className;
    note.textContent = text;
    line.replaceChildren(note);
  }

  document.addEventListener("htmx:configRequest", function (e) {
    var form = answerForm(e.detail.elt);
    if (!form) { return; }
    var change = newKey();
    e.detail.headers[CHANGE] = change;
    sending.add(answerId(form));
    save({ id: answerId(form), kind: "answer", inspection: inspection, item: itemOf(form), change: change,
           url: form.getAttribute("action"), fields: fieldsOf(form), state: "queued", at: Date.now() });
  });

  // A 2xx without the saved mark (portal, login page) must not be swapped into the item as if it were ours.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var config = e.detail.requestConfig;
    var xhr = e.detail.xhr;
    if (config && answerForm(config.elt) && xhr.status < 300 && !xhr.getResponseHeader(SAVED)) {
      e.detail.shouldSwap = false;
    }
  });

  document.addEventListener("htmx:afterRequest", function (e) {
    var form = answerForm(e.detail.elt);
    if (!form || !e.detail.requestConfig) { return; }
    var id = answerId(form), entry = entries.get(id), xhr = e.detail.xhr;
    sending.delete(id);
    if (!entry || entry.change !== e.detail.requestConfig.headers[CHANGE]) { render(); return; }
    if (xhr.status && xhr.status < 300 && xhr.getResponseHeader(SAVED)) {
      answerSaved(entry, form);
    } else if (PERMANENT.indexOf(xhr.status) >= 0) {
      entry.state = "failed"; // the item shows the server's message (a swapped 422, or app.js's inline error)
      entry.message = messageOf(xhr.responseText, String(xhr.status));
      save(entry);
    } else {
      transientFailure(xhr.status, xhr.responseText);
      itemStatus(form, "unsent", msg("unsent"));
      schedule();
    }
  });

  function answerSaved(entry, form) {
    entry.state = "saved";
    save(entry);
    keepFragment("item-" + itemOf(form) + "-status");
    keepFragment("score-summary");
    connectionWorks();
  }

  function resendAnswer(entry) {
    var form = formByAction(entry.url);
    if (form && !sending.has(entry.id)) { htmx.trigger(form, "retry"); }
  }

  // ---- photos: shrunk, queued with a key made here, announced to the server, then uploaded once
  function photoForm(elt) {
    var form = status && elt && elt.form;
    return form && form.hasAttribute("data-outbox-photos") && elt.type === "file" ? form : null;
  }

  document.addEventListener("change", function (e) {
    var form = photoForm(e.target);
    if (!form) { return; }
    e.stopPropagation(); // the outbox sends these photos, not htmx
    var files = Array.from(e.target.files || []);
    e.target.value = "";
    queuePhotos(form, files);
  }, true);

  function locate() {
    return new Promise(function (resolve) {
      if (!navigator.geolocation) { resolve(null); return; }
      navigator.geolocation.getCurrentPosition(function (pos) { resolve(pos.coords); },
        function () { resolve(null); }, { maximumAge: 60000, timeout: 5000 });
    });
  }

  function queuePhotos(form, files) {
    form.classList.add("htmx-request"); // shows the form's "上传中…" while the photos are prepared
    preparing += files.length;
    render();
    var where = locate();
    files.reduce(function (previous, file) {
      return previous.then(function () { return queuePhoto(form, file, where); })
        .catch(function () { /* unreadable (the file went away): nothing to queue */ })
        .then(function () { preparing -= 1; render(); });
    }, Promise.resolve()).then(function () {
      form.classList.remove("htmx-request");
      attempt = 0;
      flush();
    });
  }

  function queuePhoto(form, file, where) {
    return Promise.all([PhotoShrink.prepare(file), where]).then(function (results) {
      var photo = results[0], coords = results[1], key = newKey();
      var entry = { id: "photo:" + key, kind: "photo", inspection: inspection, item: itemOf(form), key: key,
                    url: form.getAttribute("action"), announceUrl: form.dataset.outboxPhotos,
                    blob: photo.blob, name: photo.name, takenAt: photo.takenAt,
                    lat: photo.lat !== null ? photo.lat : (coords ? coords.latitude : ""),
                    lng: photo.lng !== null ? photo.lng : (coords ? coords.longitude : ""),
                    announced: false, state: "queued", at: Date.now() };
      showQueued(entry);
      return save(entry);
    });
  }

  var thumbUrls = new Map();
  function showQueued(entry) {
    var list = document.querySelector("#item-" + entry.item + "-photos .thumbs");
    if (!list) { return; }
    var li = list.querySelector('li[data-outbox="' + entry.id + '"]') || document.createElement("li");
    li.dataset.outbox = entry.id;
    li.className = "queued" + (entry.state === "failed" ? " failed" : "");
    if (!thumbUrls.has(entry.id)) { thumbUrls.set(entry.id, URL.createObjectURL(entry.blob)); }
    var img = document.createElement("img");
    img.src = thumbUrls.get(entry.id);
    img.alt = msg("queued");
    img.width = img.height = 96;
    var badge = document.createElement("span");
    badge.className = "badge queued-badge";
    badge.textContent = msg("queued");
    li.replaceChildren(img, badge);
    if (entry.state === "failed") { li.appendChild(failedNote(entry)); }
    list.appendChild(li);
  }
  function failedNote(entry) {
    var note = document.createElement("p");
    note.className = "error";
    note.textContent = entry.message || "";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link";
    discard.textContent = msg("discard");
    discard.addEventListener("click", function () { discardPhoto(entry); });
    note.appendChild(discard);
    return note;
  }
  function unshow(entry) {
    var li = document.querySelector('li[data-outbox="' + entry.id + '"]');
    if (li) { li.remove(); }
    if (thumbUrls.has(entry.id)) { URL.revokeObjectURL(thumbUrls.get(entry.id)); thumbUrls.delete(entry.id); }
  }
  function showQueuedOf(item) {
    entries.forEach(function (e) { if (e.kind === "photo" && e.item === item) { showQueued(e); } });
  }

  // A refused photo is given up by the inspector; the server then stops listing it as announced.
  function discardPhoto(entry) {
    unshow(entry);
    drop(entry.id);
    var url = status.dataset.withdraw;
    if (entry.announced && url) {
      post(url, fieldsForm({ client_key: entry.key }), 20000).then(function (reply) {
        if (reply.saved) { swapMissing(reply.text); }
      }, function () { /* the record lists it; it can be given up there */ });
    }
  }

  function csrfToken() {
    try { return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function fieldsForm(fields) {
    var data = new FormData();
    data.append("csrf_token", csrfToken());
    Object.keys(fields).forEach(function (name) { data.append(name, fields[name]); });
    return data;
  }
  // → {status, saved, text}; rejects when nothing came back (no network, timeout).
  function post(url, data, timeout) {
    var abort = new AbortController();
    var timer = setTimeout(function () { abort.abort(); }, timeout);
    return fetch(url, { method: "POST", body: data, credentials: "same-origin", signal: abort.signal,
                        headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() } })
      .then(function (response) {
        return response.text().then(function (text) {
          return { status: response.status, saved: response.ok && response.headers.get(SAVED) === "1", text: text };
        });
      })
      .finally(function () { clearTimeout(timer); });
  }
  function messageOf(html, fallback) {
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    var node = doc.querySelector("[role=alert], .error, .hx-error");
    return node ? node.textContent.trim() : fallback;
  }
  function swapMissing(html) {
    var list = document.getElementById("missing-photos");
    if (list && html) { htmx.swap(list, html, { swapStyle: "outerHTML", swapDelay: 0, settleDelay: 0 }); }
  }

  function Refused(reply) { this.reply = reply; }
  // Sort a reply: saved goes on, permanent stops this entry only, anything else stops the round.
  function judge(reply) {
    if (reply.saved) { return reply; }
    if (PERMANENT.indexOf(reply.status) >= 0) { throw new Refused(reply); }
    transientFailure(reply.status, reply.text);
    throw new Error("not saved: " + reply.status);
  }

  function announce(entry) {
    if (entry.announced) { return Promise.resolve(); }
    return post(entry.announceUrl, fieldsForm({ client_key: entry.key }), 20000).then(function (reply) {
      judge(reply);
      entry.announced = true;
      swapMissing(reply.text);
      return save(entry);
    });
  }

  function upload(entry) {
    // queued_at: the stamp says when the photo was taken; offline, it may be sent hours after it was queued
    var data = fieldsForm({ client_key: entry.key, taken_at: entry.takenAt || "",
                            queued_at: new Date(entry.at).toISOString(), lat: entry.lat, lng: entry.lng });
    data.append("photos", entry.blob, entry.name || "photo.jpg");
    sending.add(entry.id);
    return post(entry.url, data, 180000).finally(function () { sending.delete(entry.id); }).then(function (reply) {
      judge(reply);
      unshow(entry);
      drop(entry.id);
      var target = document.getElementById("item-" + entry.item + "-photos");
      if (target) { htmx.swap(target, reply.text, { swapStyle: "outerHTML", swapDelay: 0, settleDelay: 0 }); }
      showQueuedOf(entry.item);
      keepFragment("item-" + entry.item + "-photos");
      keepFragment("missing-photos");
      connectionWorks();
    });
  }

  function refused(entry, error) {
    if (!(error instanceof Refused)) { throw error; }
    entry.state = "failed";
    entry.message = messageOf(error.reply.text, String(error.reply.status));
    showQueued(entry);
    return save(entry);
  }

  function sendPhotos(photos) {
    // Every announcement first: they are small, so the server learns of all photos before the slow part.
    var announced = photos.reduce(function (previous, entry) {
      return previous.then(function () { return announce(entry).catch(function (e) { return refused(entry, e); }); });
    }, Promise.resolve());
    return photos.reduce(function (previous, entry) {
      return previous.then(function () {
        if (entry.state !== "queued") { return null; }
        return upload(entry).catch(function (e) { return refused(entry, e); });
      });
    }, announced);
  }

  // ---- sending again: on load, when the network comes back, and with back-off while anything is queued
  var flushing = false, attempt = 0, timer = null;

  function transientFailure(code, html) {
    notice = code === 401 || code === 400 ? messageOf(html, msg("stale")) : "";
    render();
  }
  function connectionWorks() {
    notice = "";
    attempt = 0;
    render();
    if (!flushing && unsynced().some(function (e) { return e.state === "queued" && !sending.has(e.id); })) {
      flush();
    }
  }
  function schedule() {
    if (timer) { return; }
    attempt += 1;
    timer = setTimeout(function () { timer = null; flush(); }, Math.min(60000, 2000 * Math.pow(2, attempt - 1)));
  }
  function flush() {
    if (flushing || !status || !navigator.onLine) { return; } // offline for sure: the online event calls again
    clearTimeout(timer);
    timer = null;
    var queued = unsynced().filter(function (e) { return e.state === "queued"; });
    if (!queued.length) { return; }
    flushing = true;
    queued.filter(function (e) { return e.kind === "answer"; }).forEach(resendAnswer);
    var photos = queued.filter(function (e) { return e.kind === "photo"; }).sort(function (a, b) { return a.at - b.at; });
    sendPhotos(photos).catch(function () { /* not through: tried again later */ }).then(function () {
      flushing = false;
      if (unsynced().some(function (e) { return e.state === "queued"; })) { schedule(); }
    });
  }

  // ---- start: bring back what this phone holds for this draft
  function restore(all) {
    var fromCache = status.dataset.pageSource === "cache";
    var mine = all.filter(function (e) { return String(e.inspection) === inspection; });
    mine.sort(function (a, b) { return (a.kind === "frag" ? 0 : 1) - (b.kind === "frag" ? 0 : 1) || a.at - b.at; });
    mine.forEach(function (entry) {
      if (entries.has(entry.id)) { return; } // changed on this page while the store was being read: newer
      // A page from the network already shows what the server has; the offline copy may be older.
      if (!fromCache && (entry.kind === "frag" || entry.state === "saved")) { store.del(entry.id); return; }
      entries.set(entry.id, entry);
      if (entry.kind === "frag") { applyFragment(entry); }
      else if (entry.kind === "answer") { restoreAnswer(entry); }
      else if (entry.kind === "photo") { showQueued(entry); }
    });
    render();
    flush();
  }
  function restoreAnswer(entry) {
    var form = formByAction(entry.url);
    if (!form) { return; }
    applyFields(form, entry.fields);
    if (entry.state === "queued") { itemStatus(form, "unsent", msg("unsent")); }
    if (entry.state === "failed") { itemStatus(form, "error", entry.message || ""); }
  }

  // ---- the service worker, and what leaves the phone's caches when nobody is logged in
  function keepPageOffline() {
    if (!status || !navigator.serviceWorker || !window.caches) { return; }
    var url = location.origin + location.pathname;
    navigator.serviceWorker.ready.then(function (registration) {
      return caches.match(url, { cacheName: PAGES_CACHE, ignoreVary: true }).then(function (kept) {
        if (kept || status.dataset.pageSource === "cache") { return true; }
        return askWorker(registration.active, { type: "keep-page", path: location.pathname });
      });
    }).then(function (kept) { if (kept) { status.dataset.offlineReady = "1"; } }, function () {});
  }
  function askWorker(worker, message) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (e) { resolve(!!(e.data && e.data.kept)); };
      worker.postMessage(message, [channel.port2]);
    });
  }

  // Copies kept only for offline display go stale: a week is far longer than any patrol.
  function forgetOldCopies() {
    var week = Date.now() - 7 * 24 * 3600 * 1000;
    return store.all().then(function (all) {
      all.forEach(function (e) { if (!isUnsynced(e) && !(e.at > week)) { store.del(e.id); } });
    });
  }

  function countAll() {
    return store.all().then(function (all) { return all.filter(isUnsynced).length; });
  }
  // What was only kept for offline display goes at logout; what is unsent stays (with a warning first).
  function forgetDisplayCopies() {
    var cleared = window.caches ? caches.delete(PAGES_CACHE).catch(function () {}) : Promise.resolve();
    return Promise.all([cleared, store.all().then(function (all) {
      return Promise.all(all.filter(function (e) { return !isUnsynced(e); }).map(function (e) {
        return store.del(e.id);
      }));
    })]);
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute("data-outbox-logout") || form.dataset.confirmed) { return; }
    e.preventDefault();
    countAll().then(function (n) {
      if (n && !window.confirm(fmt(form.dataset.outboxLogout, n))) { return; }
      form.dataset.confirmed = "1";
      forgetDisplayCopies().catch(function () {}).then(function () { form.submit(); });
    });
  });

  if (body.dataset.sw && navigator.serviceWorker) {
    navigator.serviceWorker.register(body.dataset.sw, { scope: "/" }).catch(function () { /* no offline copy */ });
  } else if (!body.dataset.sw && window.caches) {
    caches.delete(PAGES_CACHE).catch(function () {});
  }
  forgetOldCopies().catch(function () {});
  if (status) {
    window.addEventListener("online", function () { attempt = 0; render(); flush(); });
    window.addEventListener("offline", render);
    store.all().then(restore);
    keepPageOffline();
  }
})();
