// The Dossier search page. State lives in the URL (bookmarkable); results
// come from the JSON API of the same server. Corpus and query text only ever
// reach the page through textContent, never as markup.
"use strict";

const PAGE_SIZE = 10;
const ACTOR_TYPES = ["person", "country", "organisation"];
const $ = (id) => document.getElementById(id);

// ---- state <-> URL ----------------------------------------------------------

function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "",
    actors: p.getAll("actor"),
    sources: p.getAll("source"),
    year: p.get("year") || "",
    offset: Number.parseInt(p.get("offset") || "0", 10) || 0,
    article: p.get("article") || "",
    passage: p.get("passage") || "",
  };
}

function stateToParams(state) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  for (const a of state.actors) p.append("actor", a);
  for (const s of state.sources) p.append("source", s);
  if (state.year) p.set("year", state.year);
  if (state.offset) p.set("offset", String(state.offset));
  if (state.article) p.set("article", state.article);
  if (state.passage) p.set("passage", state.passage);
  return p;
}

function navigate(state, replace) {
  const url = location.pathname + "?" + stateToParams(state).toString();
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render(state);
}

// The API request for the state's filters (no paging).
function filterParams(state) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  for (const a of state.actors) p.append("actor", a);
  for (const s of state.sources) p.append("source", s);
  if (state.year) {
    p.set("from", state.year);
    p.set("to", state.year);
  }
  return p;
}

// ---- small DOM helpers (text only) ------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    body = { error: "unreadable answer (" + res.status + ")" };
  }
  if (!res.ok) throw new Error((body && body.error) || "request failed: " + res.status);
  return body;
}

// Text with the byte ranges `highlights` (UTF-8 offsets into `text`) marked.
// The ranges are byte offsets, so the text is cut as bytes and each piece
// decoded back: a multi-byte character is never split.
function highlightedText(text, highlights) {
  const fragment = document.createDocumentFragment();
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  let at = 0;
  const ranges = (highlights || []).slice().sort((a, b) => a[0] - b[0]);
  for (const [begin, end] of ranges) {
    if (begin < at || end > bytes.length || end <= begin) continue;
    if (begin > at) fragment.appendChild(document.createTextNode(decoder.decode(bytes.subarray(at, begin))));
    fragment.appendChild(el("mark", null, decoder.decode(bytes.subarray(begin, end))));
    at = end;
  }
  if (at < bytes.length) fragment.appendChild(document.createTextNode(decoder.decode(bytes.subarray(at))));
  return fragment;
}

function attribution(article, location) {
  const parts = [];
  if (article.source) parts.push(article.source);
  if (article.author) parts.push(article.author);
  if (article.date) parts.push(article.date);
  const line = article.line || (location && location.line_start);
  parts.push(article.path + (line ? ":" + line : ""));
  return parts.join(" · ");
}

// ---- rendering --------------------------------------------------------------

let generation = 0;  // drops answers to superseded requests

async function render(state) {
  const mine = ++generation;
  $("q").value = state.q;
  document.title = state.q ? state.q + " - Dossier" : "Dossier";
  renderFilters(state);
  const search = filterParams(state);
  search.set("facets", "actor,year,source");
  search.set("facet_limit", "15");
  search.set("offset", String(state.offset));
  search.set("limit", String(PAGE_SIZE));
  const months = filterParams(state);
  months.set("facets", "month");
  months.set("facet_limit", "1000");
  $("error").hidden = true;
  try {
    const [result, monthFacets] = await Promise.all([
      getJson("/search?" + search.toString()),
      getJson("/facets?" + months.toString()),
    ]);
    if (mine !== generation) return;
    renderFacets(state, result.facets);
    renderChart(monthFacets.facets.month || []);
    renderHits(state, result);
  } catch (error) {
    if (mine !== generation) return;
    showError(error.message);
    clear($("hits"));
    clear($("facets"));
    clear($("chart"));
    $("summary").textContent = "";
    clear($("pager"));
  }
  await renderReader(state);
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = false;
}

function renderFilters(state) {
  const box = $("filters");
  clear(box);
  const chip = (label, remove) => {
    const b = el("button", "chip", label + " ×");
    b.type = "button";
    b.addEventListener("click", () => navigate(remove(), false));
    box.appendChild(b);
  };
  for (const a of state.actors)
    chip("actor: " + a, () => ({ ...state, actors: state.actors.filter((x) => x !== a), offset: 0 }));
  for (const s of state.sources)
    chip("source: " + s, () => ({ ...state, sources: state.sources.filter((x) => x !== s), offset: 0 }));
  if (state.year) chip("year: " + state.year, () => ({ ...state, year: "", offset: 0 }));
}

function facetList(values, isActive, toggle, kind) {
  const list = el("ul");
  for (const v of values) {
    const item = el("li");
    const button = el("button", "facet-value" + (isActive(v.value) ? " active" : ""));
    button.type = "button";
    button.dataset.facet = kind;
    button.dataset.value = v.value;
    button.appendChild(el("span", "name", v.value));
    button.appendChild(el("span", "count", v.count));
    button.addEventListener("click", () => toggle(v.value));
    item.appendChild(button);
    list.appendChild(item);
  }
  return list;
}

function renderFacets(state, facets) {
  const aside = $("facets");
  clear(aside);
  const toggled = (list, value) => (list.includes(value) ? list.filter((x) => x !== value) : [...list, value]);
  const actors = facets.actor || [];
  for (const type of ACTOR_TYPES) {
    const ofType = actors.filter((v) => v.type === type);
    if (ofType.length === 0) continue;
    aside.appendChild(el("h3", null, type === "person" ? "People" : type === "country" ? "Countries" : "Organisations"));
    aside.appendChild(facetList(ofType, (v) => state.actors.includes(v),
      (v) => navigate({ ...state, actors: toggled(state.actors, v), offset: 0, article: "", passage: "" }, false), "actor"));
  }
  const years = (facets.year || []).slice().sort((a, b) => b.value.localeCompare(a.value));
  if (years.length) {
    aside.appendChild(el("h3", null, "Years"));
    aside.appendChild(facetList(years, (v) => state.year === v,
      (v) => navigate({ ...state, year: state.year === v ? "" : v, offset: 0, article: "", passage: "" }, false), "year"));
  }
  if ((facets.source || []).length) {
    aside.appendChild(el("h3", null, "Sources"));
    aside.appendChild(facetList(facets.source, (v) => state.sources.includes(v),
      (v) => navigate({ ...state, sources: toggled(state.sources, v), offset: 0, article: "", passage: "" }, false), "source"));
  }
}

function renderChart(months) {
  const chart = $("chart");
  clear(chart);
  if (months.length === 0) return;
  const sorted = months.slice().sort((a, b) => a.value.localeCompare(b.value));
  // Every month between the first and the last, empty ones included.
  const counts = new Map(sorted.map((m) => [m.value, m.count]));
  let [year, month] = sorted[0].value.split("-").map(Number);
  const last = sorted[sorted.length - 1].value;
  const series = [];
  for (let guard = 0; guard < 1200; ++guard) {
    const key = year + "-" + String(month).padStart(2, "0");
    series.push([key, counts.get(key) || 0]);
    if (key >= last) break;
    if (++month > 12) { month = 1; ++year; }
  }
  const max = Math.max(...series.map(([, c]) => c));
  for (const [key, count] of series) {
    const bar = el("div", "bar");
    bar.style.height = Math.max(count ? 2 : 0, Math.round((count / max) * 100)) + "%";
    bar.title = key + ": " + count + " passage" + (count === 1 ? "" : "s");
    bar.dataset.month = key;
    chart.appendChild(bar);
  }
  chart.appendChild(el("span", "axis", series[0][0]));
  if (series.length > 1) chart.appendChild(el("span", "axis end", series[series.length - 1][0]));
}

function renderHits(state, result) {
  const list = $("hits");
  clear(list);
  const first = result.hits.length ? result.offset + 1 : 0;
  let summary = result.total === 0 ? "No passages found." :
    "Passages " + first + "-" + (result.offset + result.hits.length) + " of " +
    (result.total_exact ? "" : "about ") + result.total + ".";
  $("summary").textContent = summary;
  if (result.suggestion) {
    const again = el("button", "chip", "Did you mean: " + result.suggestion);
    again.type = "button";
    again.addEventListener("click", () => navigate({ ...state, q: result.suggestion, offset: 0 }, false));
    $("summary").appendChild(document.createTextNode(" "));
    $("summary").appendChild(again);
  }
  for (const hit of result.hits) {
    const item = el("li", "hit");
    item.dataset.passageId = hit.passage_id;
    item.appendChild(el("h4", null, hit.article.title || hit.article.id));
    item.appendChild(el("p", "meta", attribution(hit.article, hit.location)));
    const snippet = el("p", "snippet");
    if (hit.snippet.truncated_start) snippet.appendChild(document.createTextNode("… "));
    snippet.appendChild(highlightedText(hit.snippet.text, hit.snippet.highlights));
    if (hit.snippet.truncated_end) snippet.appendChild(document.createTextNode(" …"));
    item.appendChild(snippet);
    item.addEventListener("click", () =>
      navigate({ ...state, article: hit.article.id, passage: hit.passage_id }, false));
    list.appendChild(item);
  }
  const pager = $("pager");
  clear(pager);
  const page = (label, offset) => {
    const b = el("button", null, label);
    b.type = "button";
    b.addEventListener("click", () => navigate({ ...state, offset, article: "", passage: "" }, false));
    pager.appendChild(b);
  };
  if (result.offset > 0) page("Previous", Math.max(0, result.offset - PAGE_SIZE));
  if (result.offset + result.hits.length < result.total) page("Next", result.offset + PAGE_SIZE);
}

async function renderReader(state) {
  const reader = $("reader");
  if (!state.article) {
    reader.hidden = true;
    $("layout").classList.remove("reading");
    return;
  }
  try {
    const view = await getJson("/articles/" + encodeURIComponent(state.article));
    const a = view.article;
    $("reader-title").textContent = a.title || a.id;
    $("reader-meta").textContent = attribution(a, null) + (a.url ? " · " + a.url : "");
    const body = $("reader-body");
    clear(body);
    let current = null;
    for (const passage of view.passages) {
      const p = el("p", null, passage.text);
      p.dataset.passageId = passage.passage_id;
      if (passage.passage_id === state.passage) {
        p.className = "current";
        current = p;
      }
      body.appendChild(p);
    }
    reader.hidden = false;
    $("layout").classList.add("reading");
    if (current) current.scrollIntoView({ block: "center" });
  } catch (error) {
    showError(error.message);
  }
}

// ---- wiring -----------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const state = readState();
    navigate({ ...state, q: $("q").value.trim(), offset: 0, article: "", passage: "" }, false);
  });
  $("reader-close").addEventListener("click", () =>
    navigate({ ...readState(), article: "", passage: "" }, false));
  window.addEventListener("popstate", () => render(readState()));
  navigate(readState(), true);
});
