// The service worker: the app shell from its cache, the open patrol draft network-first with its last copy as
// the fallback in a dead spot. It answers only GETs of those two: POSTs (answers, photos) always go to the
// network, and no other page is kept (other users' data stays on the server).
"use strict";
const VERSION = {{ version|tojson }};
const SHELL = {{ shell|tojson }};
const SHELL_CACHE = "inspect-shell-" + VERSION;
const PAGES_CACHE = "inspect-pages";
const DRAFT_PATH = /^\/inspections\/\d+$/;
const NETWORK_WAIT_MS = 6000; // a weak signal that never answers must not keep the inspector staring at white
const MAX_PAGES = 4;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith("inspect-shell-") && name !== SHELL_CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(fromShell(request, url));
  } else if (request.mode === "navigate" && DRAFT_PATH.test(url.pathname)) {
    event.respondWith(draftPage(request, url));
  }
});

// A page that was open before this worker took over asks for its copy to be kept.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const port = event.ports[0];
  if (data.type === "keep-page" && DRAFT_PATH.test(data.path || "") && port) {
    const url = new URL(data.path, self.location.origin);
    event.waitUntil(fetch(url, { credentials: "same-origin" })
      .then((response) => keep(url, response))
      .then((response) => port.postMessage({ kept: response.headers.get("X-Inspect-Offline") === "draft" }))
      .catch(() => port.postMessage({ kept: false })));
  }
});

async function fromShell(request, url) {
  const cached = await caches.match(url.pathname, { cacheName: SHELL_CACHE });
  return cached || fetch(request);
}

function pageKey(url) {
  return url.origin + url.pathname;
}

async function draftPage(request, url) {
  const network = fetch(request).then((response) => keep(url, response));
  try {
    return await Promise.race([network, new Promise((resolve, reject) => setTimeout(reject, NETWORK_WAIT_MS))]);
  } catch (error) {
    const cached = await caches.match(pageKey(url), { cacheName: PAGES_CACHE, ignoreVary: true });
    return cached || network; // nothing kept: the browser's own error (or the late answer)
  }
}

// Keep the inspector's own draft (the server marks it), marked as the offline copy; forget a page that is
// no longer a draft (submitted, or gone).
async function keep(url, response) {
  const cache = await caches.open(PAGES_CACHE);
  if (response.ok && response.headers.get("X-Inspect-Offline") === "draft") {
    const html = (await response.clone().text()).replace('data-page-source="network"', 'data-page-source="cache"');
    const headers = new Headers(response.headers);
    headers.delete("Content-Length");
    headers.delete("Vary");
    await cache.put(pageKey(url), new Response(html, { status: 200, headers }));
    await trim(cache);
  } else if (response.status === 200 || response.status === 404) {
    await cache.delete(pageKey(url));
  }
  return response;
}

async function trim(cache) {
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map((key) => cache.delete(key)));
}
