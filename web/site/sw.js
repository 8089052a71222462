// The playground's service worker: it keeps a copy of every file the page
// fetched, so that the page opens and runs offline once it has loaded.
// Network first, so that a new spelunk.wasm is picked up when online.
"use strict";

const CACHE = "spelunk-playground";
// The site's small files, and the seed data sets the page may switch to.
const FILES = [
  "./", "index.html", "style.css", "app.js", "wasm_exec.js", "spelunk.wasm", "datasets.json", "lessons.json",
  "data/seed/data/sysmon_wermgr.log", "data/seed/data/security_4688.log", "data/seed/data/crowdstrike_pr2.log",
  "data/seed/detections/windows_process_injection_wermgr_child_process.yml",
  "data/seed/macros/fillnull_config.yml", "data/seed/macros/oldsummaries_config.yml",
  "data/seed/macros/security_content_ctime.yml", "data/seed/macros/security_content_summariesonly.yml",
  "data/seed/macros/summariesonly_config.yml",
];

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET" || new URL(req.url).origin !== location.origin) return;
  e.respondWith(fetch(req).then((resp) => {
    if (resp.ok) {
      const copy = resp.clone();
      caches.open(CACHE).then((c) => c.put(req, copy));
    }
    return resp;
  }).catch(() => caches.match(req, { ignoreSearch: true }).then((hit) => hit || Response.error())));
});
