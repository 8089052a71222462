// The spelunk playground: loads spelunk.wasm (cmd/spelunk-wasm), hands it
// data sets as text and queries, and draws what comes back. Plain script,
// no build step: it runs from any static host.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  datasets: [], lessons: [], dataset: null, lesson: null,
  detections: {}, // detection URL -> its search
  help: null, last: null,
};
// What the browser test reads: when the first result was drawn, in ms
// since the page's navigation started.
window.playground = { firstResultMs: null, runs: 0 };

// ---- start-up ----------------------------------------------------------

async function startSpelunk() {
  const go = new Go();
  const ready = new Promise((resolve) => window.addEventListener("spelunk-ready", resolve, { once: true }));
  let inst;
  if (WebAssembly.instantiateStreaming) {
    try {
      inst = await WebAssembly.instantiateStreaming(fetch("spelunk.wasm"), go.importObject);
    } catch (e) {
      inst = null; // a host serving .wasm without its MIME type: read it whole
    }
  }
  if (!inst) {
    const buf = await (await fetch("spelunk.wasm")).arrayBuffer();
    inst = await WebAssembly.instantiate(buf, go.importObject);
  }
  window.playground.compiledMs = Math.round(performance.now());
  go.run(inst.instance);
  await ready;
  window.playground.readyMs = Math.round(performance.now());
}

async function main() {
  wireUI();
  const wanted = new URLSearchParams(location.hash.slice(1)).get("d") || "seed-sysmon";
  const [datasets, lessons] = await Promise.all([
    fetch("datasets.json").then((r) => r.json()).then((all) => { prefetch(all.find((d) => d.id === wanted)); return all; }),
    fetch("lessons.json").then((r) => r.json()),
    startSpelunk().catch((e) => { setStatus("data-status", "spelunk.wasm did not load: " + e, "bad"); throw e; }),
  ]);
  state.datasets = datasets;
  state.lessons = lessons;
  for (const d of datasets) $("dataset").append(new Option(d.title, d.id));
  $("dataset").append(new Option("Your own file(s)", "own"));
  drawLessons();
  $("run").disabled = false;
  await openFragment();
}

// openFragment applies the URL fragment: d= data set, q= query, lesson=.
async function openFragment() {
  const f = new URLSearchParams(location.hash.slice(1));
  const lesson = state.lessons.find((l) => l.id === f.get("lesson"));
  if (lesson) {
    await openLesson(lesson, f.get("q"));
    return;
  }
  const id = f.get("d") || "seed-sysmon";
  await selectDataset(state.datasets.find((d) => d.id === id) ? id : "seed-sysmon", f.get("q"));
}

// ---- data sets -----------------------------------------------------------

async function selectDataset(id, query) {
  $("dataset").value = id;
  if (id === "own") {
    $("own-file").click();
    return;
  }
  const ds = state.datasets.find((d) => d.id === id);
  state.dataset = ds;
  $("data-about").textContent = ds.about || "";
  setStatus("data-status", "loading " + ds.title + "…");
  await nextFrame();
  let info;
  if (ds.tutorial) {
    info = JSON.parse(spelunk.loadTutorial());
  } else {
    const files = await Promise.all(ds.files.map(async (f) => ({
      name: f.url.split("/").pop(), text: await fetchText(f.url), sourcetype: f.sourcetype, source: f.source,
    })));
    const macros = await Promise.all((ds.macros || []).map(async (u) => ({ name: u.split("/").pop(), text: await fetchText(u) })));
    info = JSON.parse(spelunk.load(JSON.stringify({ files, macros })));
  }
  showLoaded(info);
  if (window.playground.loadedMs == null) window.playground.loadedMs = Math.round(performance.now());
  $("detection-btn").hidden = !ds.detection;
  if (query == null) {
    query = ds.detection ? await detectionSearch(ds.detection) : ds.query || "";
  }
  setQuery(query);
  await run();
}

// fetchText fetches a file of the site once; the start-up asks for the
// first data set's files while spelunk.wasm compiles.
const fetched = {};
function fetchText(url) {
  if (!fetched[url]) {
    fetched[url] = fetch(url).then((r) => {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.text();
    });
  }
  return fetched[url];
}

function prefetch(ds) {
  if (!ds || ds.tutorial) return;
  for (const u of [...ds.files.map((f) => f.url), ...(ds.macros || []), ds.detection || ""]) if (u) fetchText(u).catch(() => {});
}

async function detectionSearch(url) {
  if (!(url in state.detections)) {
    const res = JSON.parse(spelunk.detection(await fetchText(url)));
    state.detections[url] = res.search || "";
  }
  return state.detections[url];
}

function showLoaded(info) {
  if (info.error) {
    setStatus("data-status", info.error, "bad");
    return;
  }
  const parts = Object.entries(info.bySourcetype).map(([st, n]) => `${st}: ${n}`);
  let msg = `${info.events} events (${parts.join(", ") || "none"})`;
  if (info.bad) msg += `, ${info.bad} bad records skipped`;
  setStatus("data-status", msg);
  $("data-status").title = (info.problems || []).join("\n");
}

// Your own files are read here, in the browser, and never sent anywhere.
async function loadOwnFiles(list) {
  if (!list.length) return;
  const st = $("own-sourcetype").value.trim();
  const files = await Promise.all([...list].map(async (f) => ({ name: f.name, text: await f.text(), sourcetype: st })));
  state.dataset = { id: "own", title: "your files" };
  $("dataset").value = "own";
  $("data-about").textContent = "Your files: " + files.map((f) => f.name).join(", ") + ". They stay in this page; a share link cannot carry them.";
  $("detection-btn").hidden = true;
  showLoaded(JSON.parse(spelunk.load(JSON.stringify({ files }))));
  if (!$("query").value.trim()) setQuery("* | stats count by sourcetype");
  await run();
}

// ---- running -------------------------------------------------------------

async function run() {
  const query = $("query").value;
  setStatus("run-status", "running…");
  $("run").disabled = true;
  await nextFrame();
  let res;
  try {
    res = JSON.parse(spelunk.run(query));
  } finally {
    $("run").disabled = false;
  }
  state.last = res;
  drawResult(res);
  updateFragment();
  window.playground.runs++;
  if (window.playground.firstResultMs == null && !res.error) {
    window.playground.firstResultMs = Math.round(performance.now());
  }
  if (state.lesson) checkLesson(res);
}

function drawResult(res) {
  const err = $("error");
  err.hidden = !res.error;
  err.textContent = res.error || "";
  drawMarks(res.problems || []);
  if (res.problems && res.problems.length) selectProblem(res.problems[0]);
  const notices = $("notices");
  notices.replaceChildren(...(res.notices || []).map((n) => el("li", {}, n)));
  notices.hidden = !(res.notices || []).length;

  const table = $("results");
  table.replaceChildren();
  const cols = res.columns || [];
  if (cols.length) {
    table.append(el("thead", {}, el("tr", {}, ...cols.map((c) => el("th", {}, c)))));
    const body = el("tbody");
    for (const row of res.rows || []) {
      // A multivalue cell shows its values one per line, as Splunk does.
      body.append(el("tr", {}, ...row.map((vals) => el("td", {}, ...(vals || []).map((v) => el("span", { class: "mv" }, v))))));
    }
    table.append(body);
  }
  const n = (res.rows || []).length;
  $("row-count").textContent = res.error ? "" : `${n} result${n === 1 ? "" : "s"} in ${res.millis} ms`;
  setStatus("run-status", res.error ? "the search failed" : `${n} result${n === 1 ? "" : "s"}`, res.error ? "bad" : "");
  $("dl-csv").disabled = $("dl-json").disabled = !!res.error;
  $("text-output").textContent = res.error ? res.error : res.text;
  drawStages(res);
}

function drawStages(res) {
  const t = $("stages");
  t.replaceChildren(el("thead", {}, el("tr", {}, el("th", {}, "#"), el("th", {}, "command"), el("th", {}, "in"), el("th", {}, "out"), el("th", {}, ""))));
  const body = el("tbody");
  (res.stages || []).forEach((s, i) => {
    const note = s.note || (s.what ? s.what : "makes its rows");
    body.append(el("tr", { title: s.doc || "" },
      el("td", { class: "n" }, String(i + 1)),
      el("td", {}, s.text),
      el("td", { class: "n" }, s.note || !s.what ? "" : String(s.in)),
      el("td", { class: "n" }, s.note ? "" : String(s.out)),
      el("td", { class: "note" }, note)));
  });
  t.append(body);
  $("expanded").hidden = !res.expanded;
  $("expanded").textContent = res.expanded ? "Expanded search (macros replaced):\n" + res.expanded : "";
}

// drawMarks marks each problem's text in the backdrop behind the editor.
function drawMarks(problems) {
  const text = $("query").value;
  const ranges = problems.map((p) => [offsetOf(text, p.line, p.col), offsetOf(text, p.endLine, p.endCol)])
    .map(([a, b]) => [a, Math.max(b, a + 1)]).sort((x, y) => x[0] - y[0]);
  const box = $("marks");
  box.replaceChildren();
  let at = 0;
  for (const [a, b] of ranges) {
    if (a < at) continue;
    box.append(text.slice(at, a));
    const m = el("mark", { title: problems.map((p) => `${p.line}:${p.col}: ${p.message}`).join("\n") }, text.slice(a, b) || " ");
    box.append(m);
    at = Math.min(b, text.length);
  }
  box.append(text.slice(at) + "\n");
  $("backdrop").scrollTop = $("query").scrollTop;
}

// offsetOf is the offset in text of a line and column counted from 1;
// spelunk counts columns in characters, JavaScript strings in UTF-16 units.
function offsetOf(text, line, col) {
  const lines = text.split("\n");
  let off = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) off += lines[i].length + 1;
  const here = Array.from(lines[Math.min(line, lines.length) - 1] || "").slice(0, col - 1).join("");
  return Math.min(text.length, off + here.length);
}

// selectProblem selects the error's text in the editor (line and column
// count from 1; columns in characters of the line).
function selectProblem(p) {
  const q = $("query");
  const a = offsetOf(q.value, p.line, p.col);
  const b = Math.max(a + 1, offsetOf(q.value, p.endLine, p.endCol));
  q.setSelectionRange(a, Math.min(b, q.value.length));
}

function setQuery(q) {
  $("query").value = q;
  drawMarks([]);
}

function updateFragment() {
  const f = new URLSearchParams();
  if (state.dataset && state.dataset.id !== "own") f.set("d", state.dataset.id);
  if (state.lesson) f.set("lesson", state.lesson.id);
  f.set("q", $("query").value);
  history.replaceState(null, "", "#" + f.toString());
}

async function share() {
  updateFragment();
  const link = location.href;
  try {
    await navigator.clipboard.writeText(link);
    setStatus("run-status", "link copied");
  } catch (e) {
    window.prompt("Copy this link:", link);
  }
}

function download(format) {
  const res = JSON.parse(spelunk.export(format));
  if (res.error) return setStatus("run-status", res.error, "bad");
  const blob = new Blob([res.text], { type: format === "csv" ? "text/csv" : "application/json" });
  const a = el("a", { href: URL.createObjectURL(blob), download: "spelunk-results." + format });
  document.body.append(a);
  a.click();
  a.remove();
}

// ---- lessons ---------------------------------------------------------------

function drawLessons() {
  const done = JSON.parse(localStorage.getItem("spelunk-lessons-done") || "[]");
  $("lesson-list").replaceChildren(...state.lessons.map((l) => {
    const a = el("a", { "data-lesson": l.id }, l.title);
    a.addEventListener("click", () => openLesson(l));
    return el("li", done.includes(l.id) ? { class: "done" } : {}, a);
  }));
}

async function openLesson(l, query) {
  state.lesson = l;
  $("lesson").hidden = false;
  $("lesson-title").textContent = l.title;
  $("lesson-text").innerHTML = l.text; // lessons.json is the site's own content
  setStatus("lesson-status", "Write the search, then run it: the page checks the result.");
  showSide("lessons");
  if (!state.dataset || state.dataset.id !== l.data) {
    await selectDataset(l.data, query != null ? query : l.starter);
  } else {
    setQuery(query != null ? query : l.starter);
    updateFragment();
  }
}

// checkLesson compares the result with the lesson's expected rows on the
// expected columns: the same rows, in the same order when it matters.
function checkLesson(res) {
  const exp = state.lesson.expect;
  if (res.error) return setStatus("lesson-status", "The search failed: see the error under the editor.", "bad");
  const idx = exp.columns.map((c) => (res.columns || []).indexOf(c));
  const missing = exp.columns.filter((c, i) => idx[i] < 0);
  if (missing.length) return setStatus("lesson-status", "Not yet: the result has no column " + missing.join(", ") + ".", "bad");
  const key = (r) => JSON.stringify(r);
  let got = res.rows.map((r) => idx.map((i) => (r[i] || []).join("\n")));
  let want = exp.rows.slice();
  if (!exp.ordered) {
    got = got.map(key).sort();
    want = want.map(key).sort();
  } else {
    got = got.map(key);
    want = want.map(key);
  }
  if (got.length !== want.length) return setStatus("lesson-status", `Not yet: ${got.length} row(s), the answer has ${want.length}.`, "bad");
  for (let i = 0; i < want.length; i++) {
    if (got[i] !== want[i]) return setStatus("lesson-status", "Not yet: row " + (i + 1) + " differs from the answer.", "bad");
  }
  setStatus("lesson-status", "Correct! " + (nextLesson() ? "On to the next lesson." : "That was the last lesson."), "ok");
  const done = new Set(JSON.parse(localStorage.getItem("spelunk-lessons-done") || "[]"));
  done.add(state.lesson.id);
  localStorage.setItem("spelunk-lessons-done", JSON.stringify([...done]));
  drawLessons();
}

function nextLesson() {
  const i = state.lessons.indexOf(state.lesson);
  return state.lessons[i + 1];
}

// ---- reference -------------------------------------------------------------

function drawHelp() {
  if (state.help) return;
  state.help = JSON.parse(spelunk.help());
  const box = $("help");
  const section = (title) => box.append(el("h2", {}, title));
  section("Commands");
  for (const c of state.help.commands) {
    const notes = [];
    if (c.aliases && c.aliases.length) notes.push("aliases: " + c.aliases.join(", "));
    if (!c.runs) notes.push("parsed, not run" + (c.notRun ? ": " + c.notRun : ""));
    box.append(helpItem(c.name, "command", c.syntax, c.doc, notes, []));
  }
  section("Eval functions");
  for (const f of state.help.functions) box.append(helpItem(f.name, f.category, f.usage, f.doc, [], f.examples || []));
  section("Statistical functions");
  for (const f of state.help.stats) box.append(helpItem(f.name, f.category, f.usage, f.doc, f.names && f.names.length > 1 ? ["names: " + f.names.join(", ")] : [], f.examples || []));
}

function helpItem(name, kind, syntax, doc, notes, examples) {
  const item = el("div", { class: "help-item", "data-name": name.toLowerCase() },
    el("h3", {}, name, el("span", { class: "kind" }, kind)),
    el("p", { class: "syntax" }, syntax),
    el("p", {}, doc),
    ...notes.map((n) => el("p", { class: "status" }, n)));
  for (const ex of examples) {
    const btn = el("button", { class: "try-it", "data-search": ex.search }, "try it");
    btn.addEventListener("click", () => tryExample(ex));
    const want = ex.want === "" ? "(null)" : ex.want.replace(/\n/g, " | ");
    item.append(el("div", { class: "example" }, el("code", {}, ex.search + "   → " + ex.field + " = " + want), btn));
  }
  return item;
}

async function tryExample(ex) {
  setQuery(ex.search);
  showTab("results");
  await run();
}

function filterHelp() {
  const q = $("help-filter").value.trim().toLowerCase();
  for (const item of $("help").querySelectorAll(".help-item")) {
    item.hidden = q !== "" && !item.dataset.name.includes(q) && !item.textContent.toLowerCase().includes(q);
  }
}

// ---- UI plumbing -----------------------------------------------------------

function wireUI() {
  $("run").addEventListener("click", run);
  $("query").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  });
  $("query").addEventListener("input", () => drawMarks([]));
  $("query").addEventListener("scroll", () => { $("backdrop").scrollTop = $("query").scrollTop; });
  $("dataset").addEventListener("change", (e) => selectDataset(e.target.value, $("query").value));
  $("own-file").addEventListener("change", (e) => loadOwnFiles(e.target.files));
  $("detection-btn").addEventListener("click", async () => {
    setQuery(await detectionSearch(state.dataset.detection));
    await run();
  });
  $("share").addEventListener("click", share);
  $("dl-csv").addEventListener("click", () => download("csv"));
  $("dl-json").addEventListener("click", () => download("json"));
  for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => showTab(b.dataset.tab));
  for (const b of document.querySelectorAll("#side-tabs button")) b.addEventListener("click", () => showSide(b.dataset.side));
  $("help-filter").addEventListener("input", filterHelp);
  $("lesson-start").addEventListener("click", () => { setQuery(state.lesson.starter); $("query").focus(); });
  $("lesson-solution").addEventListener("click", () => setQuery(state.lesson.solution));
}

function showTab(name) {
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === name);
  for (const t of ["results", "text", "explain"]) $("tab-" + t).hidden = t !== name;
}

function showSide(name) {
  for (const b of document.querySelectorAll("#side-tabs button")) b.classList.toggle("active", b.dataset.side === name);
  $("side-lessons").hidden = name !== "lessons";
  $("side-help").hidden = name !== "help";
  if (name === "help") drawHelp();
}

function setStatus(id, text, cls) {
  const e = $(id);
  e.textContent = text;
  e.className = "status" + (cls ? " " + cls : "");
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

// nextFrame lets the page draw ("running…") before a search holds the thread.
const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

window.addEventListener("hashchange", () => {
  const f = new URLSearchParams(location.hash.slice(1));
  if (f.get("q") !== $("query").value) openFragment();
});

// The service worker keeps the site for offline use; it needs a secure
// context (https, or localhost), and the page works without it.
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("sw.js").catch(() => {});
}

main();
