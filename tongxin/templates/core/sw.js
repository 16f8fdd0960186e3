{% autoescape off %}// Tongxin's service worker (docs/decisions/0016-offline-drafts.md). Plain code, no CDN.
"use strict";
const CONFIG = {{ config }};
{% endautoescape %}const CACHE = "tongxin-" + CONFIG.version;
const DB = "tongxin-offline";
const STORE = "drafts";

// The shell: static files and the offline page. The offline page is fetched without cookies,
// so the copy kept holds nobody's name or data.
self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all([
        cache.addAll(CONFIG.shell),
        fetch(CONFIG.offline, { credentials: "omit" }).then((response) => {
          if (!response.ok) { throw new Error("offline page: " + response.status); }
          return cache.put(CONFIG.offline, response);
        }),
      ])
    ).then(() => self.skipWaiting())
  );
});

// A new version drops the caches of the old one.
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("tongxin-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// A form marked for drafts was sent while the network only pretended to be there: keep what
// was typed (photos too) as a draft, the same record the page itself makes when offline.
async function keepDraft(request) {
  const data = await request.formData();
  const key = data.get("idempotency_key");
  const owner = data.get("draft_owner");
  if (!key || !owner) { return false; }
  const entries = [];
  for (const [name, value] of data.entries()) {
    if (name === "csrfmiddlewaretoken" || name === "draft_owner") { continue; }
    if (typeof value !== "string" && !value.size) { continue; }
    entries.push([name, value]);
  }
  const db = await openDb();
  await new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, "readwrite");
    tx.objectStore(STORE).put({
      key: key, owner: owner, url: request.url, title: data.get("draft_title") || "",
      savedAt: Date.now(), entries: entries, status: "waiting",
    });
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  return true;
}

async function offlinePage() {
  const cached = await caches.match(CONFIG.offline);
  return cached || new Response("offline", { status: 503, headers: { "Content-Type": "text/plain" } });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && request.method === "POST") {
    const copy = request.clone();
    event.respondWith(
      fetch(request).catch(async () => {
        const kept = await keepDraft(copy).catch(() => false);
        return kept ? Response.redirect(CONFIG.offline, 303) : offlinePage();
      })
    );
    return;
  }
  if (request.method !== "GET") { return; }
  // Pages: always from the network (they hold residents' data, which is never stored here);
  // without a network, the offline page.
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlinePage));
    return;
  }
  // Static files: from the cache at once, refreshed behind the scenes.
  if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(
      caches.open(CACHE).then(async (cache) => {
        const cached = await cache.match(request);
        const fresh = fetch(request).then((response) => {
          if (response.ok && response.type === "basic") { cache.put(request, response.clone()); }
          return response;
        });
        if (cached) {
          event.waitUntil(fresh.catch(() => undefined));
          return cached;
        }
        return fresh;
      })
    );
  }
});
