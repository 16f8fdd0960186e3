// Installable app and drafts kept on the device (docs/decisions/0016-offline-drafts.md).
// Forms marked data-offline-draft (the case report, the visit record) are kept in IndexedDB
// when there is no network and sent when it returns, each with an idempotency key so that a
// draft sent twice makes one record. Served by the app itself (no CDN); words come translated
// from the page (#pwa-config).
(function () {
  "use strict";
  var configNode = document.getElementById("pwa-config");
  if (!configNode) { return; }
  var cfg = JSON.parse(configNode.textContent);
  var text = cfg.text;
  var DB = "tongxin-offline";
  var STORE = "drafts";
  // The offline page stands in for whatever page could not load, at that page's address.
  var onOfflinePage = document.querySelector("[data-offline-retry]") !== null;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(cfg.sw, { scope: "/" }).catch(function () { /* the app works without it */ });
  }
  if (!window.indexedDB) { return; }

  function fill(template, n) { return template.replace("%(n)s", String(n)); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    // Outside a secure context randomUUID is missing: build a version 4 UUID by hand.
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function allDrafts() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (drafts) {
      // On the offline page nobody is signed in: it shows every draft kept here, sends none.
      return drafts.filter(function (d) { return cfg.user === null || d.owner === cfg.user; })
        .sort(function (a, b) { return a.savedAt - b.savedAt; });
    });
  }
  function putDraft(draft) { return withStore("readwrite", function (store) { store.put(draft); }); }
  function deleteDraft(key) { return withStore("readwrite", function (store) { store.delete(key); }); }

  // The queue: "2 件待发送", and the drafts behind it (each may be discarded).
  var box = document.createElement("div");
  box.className = "offline-queue";
  box.hidden = true;
  var status = document.createElement("p");
  status.className = "offline-queue-status";
  status.setAttribute("role", "status");
  var note = document.createElement("p");
  note.className = "offline-queue-note";
  note.setAttribute("aria-live", "polite");
  var details = document.createElement("details");
  var summary = document.createElement("summary");
  summary.textContent = text.show;
  var list = document.createElement("ul");
  details.appendChild(summary);
  details.appendChild(list);
  box.appendChild(status);
  box.appendChild(note);
  box.appendChild(details);
  var main = document.getElementById("main") || document.body;
  main.insertBefore(box, main.firstChild);

  function say(message) { note.textContent = message || ""; box.hidden = box.hidden && !message; }

  function firstWords(draft) {
    var words = [];
    var photos = 0;
    draft.entries.forEach(function (entry) {
      if (typeof entry[1] !== "string") { photos += 1; return; }
      if (entry[0] !== "idempotency_key" && entry[1].length > 1 && !/^[\d.\-]+$/.test(entry[1])) { words.push(entry[1]); }
    });
    var line = words.join(" · ").slice(0, 120);
    return photos ? line + " (" + fill(text.photos, photos) + ")" : line;
  }

  function render() {
    return allDrafts().then(function (drafts) {
      var waiting = drafts.length;
      status.textContent = waiting === 1 ? text.one : fill(text.many, waiting);
      list.textContent = "";
      drafts.forEach(function (draft) {
        var item = document.createElement("li");
        var when = new Date(draft.savedAt);
        var label = document.createElement("span");
        label.textContent = (draft.title ? draft.title + " · " : "") + when.toLocaleString() + " — " +
          (draft.status === "refused" ? text.refused + " " : "") + firstWords(draft);
        if (draft.status === "refused") { item.className = "refused"; }
        item.appendChild(label);
        var discard = document.createElement("button");
        discard.type = "button";
        discard.className = "btn";
        discard.textContent = text.discard;
        discard.addEventListener("click", function () {
          if (window.confirm(text.discardAsk)) { deleteDraft(draft.key).then(render); }
        });
        item.appendChild(discard);
        list.appendChild(item);
      });
      box.hidden = waiting === 0 && !note.textContent;
      status.hidden = waiting === 0;
      details.hidden = waiting === 0;
      return drafts;
    });
  }

  function keyInput(form) { return form.querySelector("input[name=idempotency_key]"); }

  function saveDraft(form) {
    var entries = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || name === "draft_owner" || name === "draft_title") { return; }
      if (typeof value !== "string" && !value.size) { return; }  // an empty file input
      entries.push([name, value]);
    });
    return putDraft({
      key: keyInput(form).value,
      owner: cfg.user,
      url: form.action || location.href,
      title: (document.querySelector("h1") || {}).textContent || "",
      savedAt: Date.now(),
      entries: entries,
      status: "waiting",
    });
  }

  // Sending: one multipart POST per draft, as the form itself would. A redirect means the
  // server took it (a second sending of the same key lands on the record already made).
  var sending = false;
  function send(draft) {
    var body = new FormData();
    draft.entries.forEach(function (entry) {
      if (typeof entry[1] === "string") { body.append(entry[0], entry[1]); }
      else { body.append(entry[0], entry[1], entry[1].name || "photo.jpg"); }
    });
    body.append("csrfmiddlewaretoken", cfg.csrf);
    return fetch(draft.url, { method: "POST", body: body, credentials: "same-origin", redirect: "follow" })
      .then(function (response) {
        var landed = new URL(response.url, location.href).pathname;
        if (response.status === 403 || (response.redirected && landed === cfg.login)) { return "signin"; }
        if (response.ok && response.redirected) { return "sent"; }
        if (response.status >= 500) { return "later"; }
        return "refused";  // the form came back with errors, or the place is no longer ours
      });
  }

  function flush() {
    if (sending || cfg.user === null || navigator.onLine === false) { return Promise.resolve(0); }
    sending = true;
    var sent = 0;
    return allDrafts().then(function (drafts) {
      var waiting = drafts.filter(function (d) { return d.status !== "refused"; });
      if (waiting.length) { say(text.sending); }
      var chain = Promise.resolve("sent");
      waiting.forEach(function (draft) {
        chain = chain.then(function (previous) {
          if (previous === "signin" || previous === "offline" || previous === "later") { return previous; }
          return send(draft).then(function (outcome) {
            if (outcome === "sent") { sent += 1; return deleteDraft(draft.key).then(function () { return outcome; }); }
            if (outcome === "refused") {
              draft.status = "refused";
              return putDraft(draft).then(function () { return outcome; });
            }
            return outcome;
          }, function () { return "offline"; });
        });
      });
      return chain;
    }).then(function (last) {
      if (last === "signin") { say(text.signIn); }
      else if (sent) { say(fill(text.sent, sent)); }
      else { say(""); }
      return sent;
    }).finally(function () {
      sending = false;
      render();
    });
  }

  document.querySelectorAll("form[data-offline-draft]").forEach(function (form) {
    var key = keyInput(form);
    if (!key) { return; }
    // A page restored by the back button must not reuse the key of a report already sent.
    key.value = "";
    window.addEventListener("pageshow", function (event) { if (event.persisted) { key.value = ""; } });
    if (cfg.user !== null) {
      // The service worker reads these if the network fails in the middle of sending.
      [["draft_owner", cfg.user], ["draft_title", (document.querySelector("h1") || {}).textContent || ""]].forEach(function (pair) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = pair[0];
        input.value = pair[1];
        form.appendChild(input);
      });
    }
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }
      // Tapping twice sends one key: the server makes one record of both.
      if (!key.value) { key.value = newKey(); }
      if (navigator.onLine !== false || cfg.user === null) { return; }
      event.preventDefault();
      saveDraft(form).then(function () {
        form.reset();
        key.value = "";
        form.querySelectorAll(".photo-chosen").forEach(function (chosen) { chosen.textContent = ""; });
        say(text.saved);
        window.scrollTo(0, 0);
        return render();
      });
    });
  });

  // The offline page comes back to the page that could not load once the server answers
  // again (asked directly: the worker may see the network a moment after the page does).
  var retrying = null;
  function comeBack(delay) {
    clearTimeout(retrying);
    retrying = setTimeout(function () {
      fetch(cfg.ping, { method: "HEAD", cache: "no-store" })
        .then(function (response) { if (response.ok) { location.reload(); } else { comeBack(3000); } })
        .catch(function () { comeBack(3000); });
    }, delay);
  }
  if (onOfflinePage && navigator.onLine !== false) { comeBack(2000); }
  window.addEventListener("online", function () {
    if (onOfflinePage) { comeBack(0); return; }
    flush();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-offline-retry]")) { location.reload(); }
  });
  // For the browser test: send now, and look at what is kept.
  window.tongxinDrafts = { flush: flush, all: allDrafts, put: putDraft, render: render };
  render().then(flush);
})();
