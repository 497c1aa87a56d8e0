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

// The article's attribution: source, author, date and origin (path, and the
// JSONL line when the article is one line of a JSON Lines file).
function attribution(article) {
  const parts = [];
  if (article.source) parts.push(article.source);
  if (article.author) parts.push(article.author);
  if (article.date) parts.push(article.date);
  parts.push(article.path + (article.line ? ":" + article.line : ""));
  return parts.join(" · ");
}

// "lines 53-55" or "line 53": where a passage is in its origin file.
function lineRange(where) {
  if (!where || !where.line_start) return "";
  return where.line_end > where.line_start
    ? "lines " + where.line_start + "-" + where.line_end
    : "line " + where.line_start;
}

function plural(count, word) {
  return count + " " + word + (count === 1 ? "" : "s");
}

// Makes a non-button element act as one: click, Enter or Space runs `action`.
function clickable(node, action) {
  node.tabIndex = 0;
  node.setAttribute("role", "button");
  node.addEventListener("click", (event) => {
    event.stopPropagation();
    action();
  });
  node.addEventListener("keydown", (event) => {
    if (event.target !== node || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  });
}

// A passage's snippet with its matched words marked, "…" where it was cut.
function snippetParagraph(snippet) {
  const p = el("p", "snippet");
  if (snippet.truncated_start) p.appendChild(document.createTextNode("… "));
  p.appendChild(highlightedText(snippet.text, snippet.highlights));
  if (snippet.truncated_end) p.appendChild(document.createTextNode(" …"));
  return p;
}

// "000_3833@10 · lines 53-55": which passage, and where in the origin file.
function passageLabel(passage) {
  return [passage.passage_id, lineRange(passage.location)].filter(Boolean).join(" · ");
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
  await renderReader(state, mine);
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
    button.title = plural(v.count, "matching article");
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
    bar.title = key + ": " + plural(count, "article");
    bar.dataset.month = key;
    chart.appendChild(bar);
  }
  chart.appendChild(el("span", "axis", series[0][0]));
  if (series.length > 1) chart.appendChild(el("span", "axis end", series[series.length - 1][0]));
}

// A hit's other copies (docs/copies.md): "3 copies", which opens to who
// republished the story and when, each copy opening its article.
function copiesBlock(state, hit) {
  const block = el("details", "copies");
  const others = hit.story.size - 1;
  block.appendChild(el("summary", null, others === 1 ? "1 copy" : others + " copies"));
  const list = el("ul", "copy-list");
  for (const copy of hit.copies) {
    const entry = el("li", "copy");
    entry.dataset.articleId = copy.id;
    entry.appendChild(el("span", "copy-date", copy.date || "no date"));
    entry.appendChild(el("span", "copy-source", copy.source || "no source"));
    entry.appendChild(el("span", "copy-title", copy.title || copy.id));
    const marks = [];
    if (copy.id === hit.story.newest) marks.push("newest");
    if (copy.id === hit.story.longest) marks.push("longest");
    if (marks.length) entry.appendChild(el("span", "copy-mark", marks.join(", ")));
    clickable(entry, () => navigate({ ...state, article: copy.id, passage: "" }, false));
    list.appendChild(entry);
  }
  if (hit.copies.length < others) list.appendChild(el("li", "more", (others - hit.copies.length) + " more"));
  block.appendChild(list);
  // Opening the list is not opening the article.
  block.addEventListener("click", (event) => event.stopPropagation());
  return block;
}

// Each hit is a story, shown by its best copy: its title, attribution and
// score, then its best passages (best first), each opening the article at
// that passage, and its other copies.
function renderHits(state, result) {
  const list = $("hits");
  clear(list);
  const first = result.hits.length ? result.offset + 1 : 0;
  const unit = result.counts === "articles" ? "Articles" : "Stories";
  let summary = result.total === 0 ? "Nothing found." :
    unit + " " + first + "-" + (result.offset + result.hits.length) + " of " +
    result.total + (result.total_exact ? "" : "+") + ".";
  // How the query was read, as the CLI says it (docs/query-language.md).
  if (result.read_as_words) summary += " Read as plain words (" + result.read_as_words_because + ").";
  if (result.relaxed) {
    const [one, many] = result.counts === "articles" ? ["article", "articles"] : ["story", "stories"];
    const some = result.all_words_total;
    summary += (some === 0 ? " No article has" : " Only " + some + " " + (some === 1 ? one + " has" : many + " have")) +
      " all " + result.relaxed_words + " words; showing " + many + " with any of them, the most and rarest first.";
  }
  if (result.request_words && result.request_words.length) {
    summary += " Not counted (words of the request): " + result.request_words.join(" ") + ".";
  }
  $("summary").textContent = summary;
  if (result.suggestion) {
    const again = el("button", "chip", "Did you mean: " + result.suggestion);
    again.type = "button";
    again.addEventListener("click", () => navigate({ ...state, q: result.suggestion, offset: 0 }, false));
    $("summary").appendChild(document.createTextNode(" "));
    $("summary").appendChild(again);
  }
  for (const hit of result.hits) {
    const open = (passageId) => navigate({ ...state, article: hit.article.id, passage: passageId }, false);
    const item = el("li", "hit");
    item.dataset.articleId = hit.article.id;
    const head = el("div", "hit-head");
    head.appendChild(el("h4", null, hit.article.title || hit.article.id));
    // Filter-only queries are sorted by date and score 0: nothing to show.
    if (hit.score > 0) head.appendChild(el("span", "score", "score " + hit.score.toFixed(2)));
    item.appendChild(head);
    item.appendChild(el("p", "meta", attribution(hit.article)));
    const passages = el("ol", "passages");
    for (const passage of hit.passages) {
      const entry = el("li", "passage");
      entry.dataset.passageId = passage.passage_id;
      entry.appendChild(snippetParagraph(passage.snippet));
      entry.appendChild(el("p", "passage-meta", passageLabel(passage) +
        (hit.matched_passages === 0 ? " · opening passage" : "")));
      clickable(entry, () => open(passage.passage_id));
      passages.appendChild(entry);
    }
    item.appendChild(passages);
    if (hit.matched_passages > hit.passages.length) {
      const more = el("p", "more", plural(hit.matched_passages, "passage") +
        (hit.matched_passages === 1 ? " matches" : " match"));
      item.appendChild(more);
    }
    if (hit.story && hit.story.size > 1) item.appendChild(copiesBlock(state, hit));
    // Anywhere else on the hit: the article at its best passage.
    item.addEventListener("click", () => open(hit.passages.length ? hit.passages[0].passage_id : ""));
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

// One passage of the reader: its whole text, its id and line range on hover.
function readerParagraph(passage, current) {
  const p = el("p", passage.passage_id === current ? "current" : null, passage.text);
  p.dataset.passageId = passage.passage_id;
  p.title = passageLabel(passage);
  return p;
}

// The reader: the article view (state.article, from /articles/{id}) with
// state.passage highlighted, or the passage view (state.passage alone, from
// /passages/{id}): the passage with its neighbours and a way to the article.
async function renderReader(state, mine) {
  const reader = $("reader");
  const close = () => {
    reader.hidden = true;
    $("layout").classList.remove("reading");
  };
  if (!state.article && !state.passage) return close();
  try {
    const whole = !!state.article;
    const view = whole
      ? await getJson("/articles/" + encodeURIComponent(state.article))
      : await getJson("/passages/" + encodeURIComponent(state.passage));
    if (mine !== generation) return;
    const a = view.article;
    $("reader").dataset.view = whole ? "article" : "passage";
    $("reader-title").textContent = a.title || a.id;
    $("reader-meta").textContent = attribution(a) + (a.url ? " · " + a.url : "");
    const actors = whole ? view.actors : [];
    // Main actors (title, dateline, lead or two passages) first; the rest are passing mentions.
    const main = actors.filter((x) => x.main).map((x) => x.name);
    const passing = actors.filter((x) => !x.main).map((x) => x.name);
    $("reader-actors").textContent = (main.length ? "Main actors: " + main.join(", ") : "") +
      (main.length && passing.length ? " · " : "") + (passing.length ? "Also named: " + passing.join(", ") : "");
    $("reader-actors").hidden = actors.length === 0;
    $("reader-whole").hidden = whole;
    $("reader-whole").dataset.article = a.id;
    const body = $("reader-body");
    clear(body);
    const passages = whole ? view.passages : [...view.before, view.passage, ...view.after];
    let current = null;
    for (const passage of passages) {
      const p = readerParagraph(passage, state.passage);
      if (p.className === "current") current = p;
      body.appendChild(p);
    }
    reader.hidden = false;
    $("layout").classList.add("reading");
    if (current) current.scrollIntoView({ block: "center" });
  } catch (error) {
    if (mine !== generation) return;
    close();
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
  $("reader-whole").addEventListener("click", () =>
    navigate({ ...readState(), article: $("reader-whole").dataset.article }, false));
  window.addEventListener("popstate", () => render(readState()));
  navigate(readState(), true);
});
