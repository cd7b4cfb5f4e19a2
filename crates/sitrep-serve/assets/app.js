/* The sitrep dashboard: a map, a timeline and a list of the events matching the
   filters, an event page with the report text and each field's evidence marked,
   an actor page. Plain JavaScript over the server's API; the state lives in the
   URL (#/?country=SO&type=battles, #/event/ID, #/actor/ID), so links can be shared.
   Every value from the store is put in the page as text, never as HTML. */
"use strict";

const FILTERS = ["country", "admin1", "type", "sub_type", "actor", "role", "from", "to", "bbox", "min_fatalities", "text"];
const TYPE_COLORS = {
  battles: "#d35400",
  explosions_remote_violence: "#c0392b",
  violence_against_civilians: "#8e44ad",
  protests: "#27ae60",
  riots: "#f39c12",
  strategic_developments: "#2980b9",
  statement: "#7f8c8d",
};
const MAP_LIMIT = 5000;
const PAGE = 50;

/* ---------------------------------------------------------------- helpers */

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function svg(tag, attrs) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  return el;
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
  return body;
}

function typeColor(t) { return TYPE_COLORS[t] || "#34495e"; }
function label(t) { return (t || "").replace(/_/g, " "); }

/** The route and filters in the URL hash. */
function route() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query] = raw.split("?");
  const params = new URLSearchParams(query || "");
  const f = {};
  for (const k of FILTERS) if (params.get(k)) f[k] = params.get(k);
  return { path: path || "/", filters: f, by: params.get("by") || "month" };
}

function filterQuery(f, extra) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (f[k]) p.set(k, f[k]);
  for (const [k, v] of Object.entries(extra || {})) if (v !== undefined && v !== null && v !== "") p.set(k, v);
  return p.toString();
}

function go(filters, by) {
  const q = filterQuery(filters, by && by !== "month" ? { by } : {});
  location.hash = "#/" + (q ? "?" + q : "");
}

/* ---------------------------------------------------------------- basemap */

/* Country shapes (filled, no outline: the clipped polygons' edges along the
   poles and the antimeridian would show) and the borders between countries. */
let countries = null;
async function basemap() {
  if (!countries) {
    const r = await fetch("/assets/vendor/world-atlas/countries-50m.json");
    const topo = await r.json();
    countries = {
      land: topojson.feature(topo, topo.objects.countries),
      borders: topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b),
    };
  }
  return countries;
}

function newMap(el, opts) {
  const map = L.map(el, Object.assign({ worldCopyJump: true, minZoom: 1, maxZoom: 12, attributionControl: true }, opts || {}));
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth (public domain)");
  basemap().then((geo) => {
    const borders = L.geoJSON(geo.borders, { interactive: false, style: { color: "#ffffff", weight: 0.9, fill: false } });
    const land = L.geoJSON(geo.land, { interactive: false, style: { stroke: false, fillColor: "#e9e4d8", fillOpacity: 1 } });
    borders.addTo(map).bringToBack();
    land.addTo(map).bringToBack();
  });
  return map;
}

/* ---------------------------------------------------------------- overview */

let mainMap = null;
let cluster = null;

function legend() {
  const el = document.getElementById("legend");
  el.replaceChildren(h("strong", {}, "Event types"),
    ...Object.entries(TYPE_COLORS).map(([t, c]) =>
      h("div", {}, h("span", { class: "swatch", style: "background:" + c }), label(t))),
    h("div", {}, "circle size: people killed"));
}

/* A cluster takes the colour of the type most of its events have. */
function clusterIcon(c) {
  const counts = {};
  for (const m of c.getAllChildMarkers()) counts[m.options.eventType] = (counts[m.options.eventType] || 0) + 1;
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  const n = c.getChildCount();
  const size = n < 10 ? 30 : n < 100 ? 38 : 46;
  const span = h("span", { style: "display:block;border-radius:50%;width:100%;height:100%;line-height:" + size +
    "px;background:" + typeColor(top ? top[0] : "") }, n);
  return L.divIcon({ html: span.outerHTML, className: "cluster", iconSize: [size, size] });
}

function drawEvents(fc) {
  if (!mainMap) {
    mainMap = newMap("map").setView([15, 20], 2);
  }
  if (cluster) mainMap.removeLayer(cluster);
  cluster = L.markerClusterGroup({
    maxClusterRadius: 40,
    showCoverageOnHover: false,
    iconCreateFunction: clusterIcon,
  });
  const pts = [];
  for (const f of fc.features) {
    if (!f.geometry) continue;
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties;
    const killed = p.fatalities_low || 0;
    const m = L.circleMarker([lat, lon], {
      radius: 5 + Math.min(20, 3 * Math.sqrt(killed)),
      color: "#222", weight: 1, fillColor: typeColor(p.event_type), fillOpacity: 0.8,
      eventType: p.event_type,
    });
    m.bindTooltip(label(p.event_type) + " · " + (p.date_start || "date unknown") + " · " + (p.location || "") +
      (killed ? " · " + killed + " killed" : ""));
    m.on("click", () => { location.hash = "#/event/" + encodeURIComponent(p.id); });
    cluster.addLayer(m);
    pts.push([lat, lon]);
  }
  mainMap.addLayer(cluster);
  if (pts.length) mainMap.fitBounds(L.latLngBounds(pts).pad(0.3), { maxZoom: 6 });
}

/* The timeline: events per period (bars) and people killed (line); dragging
   across it sets the date filter. */
function periodRange(key, by) {
  if (by === "day") return [key, key];
  if (by === "month") {
    const [y, m] = key.split("-").map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return [key + "-01", key + "-" + String(last).padStart(2, "0")];
  }
  // ISO week: YYYY-Www.
  const [y, w] = key.split("-W").map(Number);
  const jan4 = new Date(Date.UTC(y, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 864e5 + (w - 1) * 7 * 864e5);
  const sunday = new Date(monday.getTime() + 6 * 864e5);
  return [monday.toISOString().slice(0, 10), sunday.toISOString().slice(0, 10)];
}

function drawTimeline(rows, by, filters) {
  const el = document.getElementById("timeline");
  const width = el.clientWidth || 800, height = 110, pad = 18;
  el.replaceChildren();
  el.setAttribute("viewBox", "0 0 " + width + " " + height);
  const data = rows.filter((r) => /^\d{4}-/.test(r.key)).map((r) => {
    const [a, b] = periodRange(r.key, by);
    return { key: r.key, start: Date.parse(a), end: Date.parse(b) + 864e5, a, b, events: r.events, killed: r.fatalities };
  });
  if (!data.length) {
    const t = svg("text", { x: 10, y: 20 }); t.textContent = "no dated events"; el.append(t);
    return;
  }
  const t0 = Math.min(...data.map((d) => d.start)), t1 = Math.max(...data.map((d) => d.end));
  const span = Math.max(t1 - t0, 864e5);
  const x = (t) => pad + (t - t0) / span * (width - 2 * pad);
  const maxE = Math.max(...data.map((d) => d.events)), maxK = Math.max(1, ...data.map((d) => d.killed));
  const from = filters.from ? Date.parse(filters.from) : -Infinity, to = filters.to ? Date.parse(filters.to) + 864e5 : Infinity;
  for (const d of data) {
    const bh = (height - 2 * pad) * d.events / maxE;
    const r = svg("rect", {
      class: "bar" + (d.start < to && d.end > from ? " in" : ""),
      x: x(d.start), y: height - pad - bh, width: Math.max(2, x(d.end) - x(d.start) - 1), height: bh,
    });
    const tip = svg("title", {}); tip.textContent = d.key + ": " + d.events + " events, " + d.killed + " killed";
    r.append(tip);
    el.append(r);
  }
  const line = data.map((d) => [x((d.start + d.end) / 2), height - pad - (height - 2 * pad) * d.killed / maxK]);
  el.append(svg("polyline", { class: "toll", points: line.map((p) => p.join(",")).join(" ") }));
  const lab = (t, xx, anchor) => { const e = svg("text", { x: xx, y: height - 4, "text-anchor": anchor }); e.textContent = t; el.append(e); };
  lab(data[0].a, pad, "start");
  lab(data[data.length - 1].b, width - pad, "end");
  const key = svg("text", { x: width - pad, y: 12, "text-anchor": "end" }); key.textContent = "bars: events · red line: killed"; el.append(key);

  // The brush.
  const toDate = (px) => new Date(t0 + (px - pad) / (width - 2 * pad) * span).toISOString().slice(0, 10);
  let startX = null, rect = null;
  const px = (ev) => { const b = el.getBoundingClientRect(); return (ev.clientX - b.left) * width / b.width; };
  el.onmousedown = (ev) => {
    startX = px(ev);
    rect = svg("rect", { class: "brush", x: startX, y: 2, width: 0, height: height - 4 });
    el.append(rect);
  };
  el.onmousemove = (ev) => {
    if (startX === null) return;
    const cx = px(ev);
    rect.setAttribute("x", Math.min(cx, startX));
    rect.setAttribute("width", Math.abs(cx - startX));
  };
  el.onmouseup = (ev) => {
    if (startX === null) return;
    const a = Math.min(startX, px(ev)), b = Math.max(startX, px(ev));
    startX = null;
    if (b - a < 3) { rect.remove(); return; }
    go(Object.assign({}, filters, { from: toDate(a), to: toDate(b) }), by);
  };
}

function eventRow(e) {
  const ev = e.event;
  const actors = ev.actors.filter((a) => a.role === "perpetrator").map((a) => a.name).join(", ");
  return h("tr", {},
    h("td", {}, ev.date.start || "?"),
    h("td", {}, h("span", { class: "swatch", style: "background:" + typeColor(ev.event_type) }), " ", label(ev.event_type),
      ev.sub_event_type ? h("div", { class: "meta" }, label(ev.sub_event_type)) : null),
    h("td", {}, [ev.location.name, ev.location.admin1, ev.location.country].filter(Boolean).join(", ")),
    h("td", {}, actors),
    h("td", {}, ev.fatalities.low ?? ""),
    h("td", {}, e.n_sources),
    h("td", {}, h("a", { href: "#/event/" + encodeURIComponent(ev.id), class: "event-link" }, "open")));
}

async function showList(filters, cursor, table) {
  const list = document.getElementById("list");
  const page = await api("/api/events?" + filterQuery(filters, { limit: PAGE, cursor, total: cursor ? null : 1 }));
  if (!table) {
    table = h("table", { id: "events" }, h("tr", {},
      ...["date", "type", "place", "perpetrator", "killed", "sources", ""].map((c) => h("th", {}, c))));
    list.replaceChildren(table);
    document.getElementById("summary").textContent = page.total + " events match" +
      (page.total > MAP_LIMIT ? " (the map shows the newest " + MAP_LIMIT + ")" : "");
  }
  for (const e of page.events) table.append(eventRow(e));
  document.getElementById("more")?.remove();
  if (page.next_cursor) {
    list.append(h("button", { id: "more", type: "button", onclick: () => showList(filters, page.next_cursor, table) }, "More"));
  }
}

async function showOverview(r) {
  document.getElementById("overview").hidden = false;
  document.getElementById("detail").hidden = true;
  const f = r.filters;
  const form = document.getElementById("filters");
  for (const k of FILTERS) form.elements[k].value = f[k] || "";
  document.getElementById("granularity").value = r.by;
  document.getElementById("export-csv").href = "/api/events?" + filterQuery(f, { format: "csv" });
  document.getElementById("export-geojson").href = "/api/events?" + filterQuery(f, { format: "geojson" });
  const noDates = Object.assign({}, f); delete noDates.from; delete noDates.to;
  try {
    const [fc, stats] = await Promise.all([
      fetch("/api/events?" + filterQuery(f, { format: "geojson", limit: MAP_LIMIT })).then((x) => {
        if (!x.ok) return x.json().then((b) => { throw new Error(b.error || x.status); });
        return x.json();
      }),
      api("/api/stats?" + filterQuery(noDates, { by: r.by })),
    ]);
    drawEvents(fc);
    drawTimeline(stats.rows, r.by, f);
    await showList(f);
    document.body.dataset.ready = "overview";
  } catch (e) {
    document.getElementById("list").replaceChildren(h("p", { class: "err" }, "Error: " + e.message));
    document.body.dataset.ready = "error";
  }
}

/* ---------------------------------------------------------------- event page */

function flatten(v, prefix, out) {
  if (Array.isArray(v)) {
    if (!v.length) out.push([prefix, "[]"]);
    v.forEach((x, i) => flatten(x, prefix + "[" + i + "]", out));
  } else if (v && typeof v === "object") {
    const keys = Object.keys(v);
    if (!keys.length) out.push([prefix, "{}"]);
    for (const k of keys) flatten(v[k], prefix ? prefix + "." + k : k, out);
  } else {
    out.push([prefix, v === null ? "—" : String(v)]);
  }
  return out;
}

function markClass(field) {
  if (field.startsWith("actor:")) return "f-actor";
  return "f-" + field;
}

function reportText(segments) {
  const box = h("div", { class: "report" });
  for (const s of segments) {
    const fields = s.fields || [];
    const own = fields.filter((f) => f !== "sentence");
    let node = document.createTextNode(s.text);
    if (own.length) {
      node = h("mark", { class: own.map(markClass).join(" "), "data-fields": own.join(" "), title: own.join(", ") }, s.text);
    }
    if (fields.includes("sentence")) node = h("mark", { class: "sentence" }, node);
    box.append(node);
  }
  return box;
}

async function showEvent(id) {
  document.getElementById("overview").hidden = true;
  const d = document.getElementById("detail");
  d.hidden = false;
  d.replaceChildren(h("p", {}, "Loading…"));
  let v;
  try {
    v = await api("/api/events/" + encodeURIComponent(id));
  } catch (e) {
    d.replaceChildren(h("p", { class: "err" }, "Error: " + e.message), h("a", { href: "#/" }, "back"));
    document.body.dataset.ready = "error";
    return;
  }
  const se = v.event, ev = se.event;
  document.getElementById("summary").textContent = "event " + ev.id;
  const place = [ev.location.name, ev.location.admin1, ev.location.country].filter(Boolean).join(", ");
  const actors = h("div", {}, ...ev.actors.map((a) =>
    h("span", { class: "tag" }, a.role + ": ", h("a", { href: "#/actor/" + encodeURIComponent(a.id) }, a.name), " (“" + a.text + "”)")));
  const keys = h("div", { class: "keys" }, "Evidence: ",
    ...[["date", "f-date"], ["place", "f-location"], ["actor", "f-actor"], ["killed", "f-fatalities"], ["injured", "f-injuries"], ["casualty claim", "f-casualty_claim"], ["sentence read", "sentence"]]
      .map(([t, c]) => h("span", {}, h("mark", { class: c }, t))));
  const sources = v.sources.map((s, i) => h("div", { class: "source" },
    h("h3", {}, "Report " + (i + 1) + ": " + s.doc),
    h("div", { class: "meta" }, s.published ? "published " + s.published + " · " : "",
      s.url ? h("a", { href: s.url, rel: "noreferrer noopener", target: "_blank" }, s.url) : "no URL",
      s.fields.length ? " · fields read here: " + s.fields.map((f) => f.field).join(", ") : ""),
    s.segments ? reportText(s.segments) : h("p", { class: "err" }, "the report's text is not in the store")));
  const revs = h("table", { id: "revisions" }, h("tr", {}, ...["rev", "at", "action", "report", "score", "reason", "changes"].map((c) => h("th", {}, c))),
    ...v.revisions.map((r) => h("tr", {}, h("td", {}, r.revision), h("td", {}, r.at), h("td", {}, r.action), h("td", {}, r.doc_key || ""),
      h("td", {}, r.score === null ? "" : r.score.toFixed(2)), h("td", {}, r.reason),
      h("td", {}, Object.keys(r.changes || {}).length ? JSON.stringify(r.changes) : ""))));
  const fields = h("table", { class: "fields" }, h("tr", {}, h("th", {}, "field"), h("th", {}, "value")),
    ...flatten(ev, "", []).map(([k, val]) => h("tr", {}, h("td", {}, k), h("td", {}, val))));
  d.replaceChildren(
    h("a", { href: "#/" }, "← all events"),
    h("h1", {}, h("span", { class: "swatch", style: "background:" + typeColor(ev.event_type) }), " ",
      label(ev.event_type) + (ev.sub_event_type ? " · " + label(ev.sub_event_type) : "")),
    h("div", { class: "meta" }, (ev.date.start || "date unknown") + (ev.date.end && ev.date.end !== ev.date.start ? " – " + ev.date.end : "") +
      " (" + ev.date.precision + ") · " + (place || "place unknown") + " · killed " + (ev.fatalities.low ?? "?") +
      (ev.fatalities.high && ev.fatalities.high !== ev.fatalities.low ? "–" + ev.fatalities.high : "") +
      " · " + se.n_sources + " source(s) · revision " + se.revision),
    actors,
    h("div", { id: "event-map" }),
    h("h2", {}, "Reports"), keys, ...sources,
    h("h2", {}, "Revision history"), revs,
    h("h2", {}, "Every field"), fields);
  if (ev.location.lat !== null && ev.location.lat !== undefined) {
    const m = newMap("event-map", { zoomControl: true }).setView([ev.location.lat, ev.location.lon], 6);
    L.circleMarker([ev.location.lat, ev.location.lon], { radius: 8, color: "#222", weight: 1, fillColor: typeColor(ev.event_type), fillOpacity: 0.9 }).addTo(m);
  } else {
    document.getElementById("event-map").remove();
  }
  document.body.dataset.ready = "event";
}

/* ---------------------------------------------------------------- actor page */

async function showActor(id) {
  document.getElementById("overview").hidden = true;
  const d = document.getElementById("detail");
  d.hidden = false;
  d.replaceChildren(h("p", {}, "Loading…"));
  let a;
  try {
    a = await api("/api/actors/" + encodeURIComponent(id));
  } catch (e) {
    d.replaceChildren(h("p", { class: "err" }, "Error: " + e.message), h("a", { href: "#/" }, "back"));
    document.body.dataset.ready = "error";
    return;
  }
  document.getElementById("summary").textContent = "actor " + a.id;
  const link = (x) => h("a", { href: "#/actor/" + encodeURIComponent(x.id) }, x.name || x.id);
  d.replaceChildren(
    h("a", { href: "#/" }, "← all events"),
    h("h1", {}, a.name || a.id),
    h("div", { class: "meta" }, [label(a.type || "not in the actor base"), a.country, a.ucdp_id ? "UCDP " + a.ucdp_id : null].filter(Boolean).join(" · ")),
    h("p", {}, h("a", { href: "#/?" + filterQuery({ actor: a.id }) }, "Show its " + a.events + " events on the map"),
      " · by role: ", Object.entries(a.events_by_role || {}).map(([r, n]) => r + " " + n).join(", ")),
    h("h2", {}, "Graph neighbours"),
    a.neighbours.length ? h("table", { id: "neighbours" }, h("tr", {}, h("th", {}, "relation"), h("th", {}, "actor"), h("th", {}, "when")),
      ...a.neighbours.map((n) => h("tr", {},
        h("td", {}, n.direction === "out" ? "this " + label(n.kind) : label(n.kind) + " this"),
        h("td", {}, link(n)),
        h("td", {}, [n.from, n.to].some(Boolean) ? (n.from || "…") + " – " + (n.to || "…") : ""))))
      : h("p", {}, "none in the actor base"),
    h("h2", {}, "Recent events"),
    h("table", {}, h("tr", {}, ...["date", "type", "place", "killed", ""].map((c) => h("th", {}, c))),
      ...a.recent_events.map((e) => h("tr", {}, h("td", {}, e.date || "?"), h("td", {}, label(e.event_type)),
        h("td", {}, [e.location, e.country].filter(Boolean).join(", ")), h("td", {}, e.fatalities ?? ""),
        h("td", {}, h("a", { href: "#/event/" + encodeURIComponent(e.id) }, "open"))))),
    a.aliases ? h("div", {}, h("h2", {}, "Aliases"), ...a.aliases.map((x) => h("span", { class: "tag" }, x))) : null);
  document.body.dataset.ready = "actor";
}

/* ---------------------------------------------------------------- wiring */

function render() {
  document.body.dataset.ready = "";
  const r = route();
  const m = r.path.match(/^\/(event|actor)\/(.+)$/);
  if (m && m[1] === "event") return showEvent(decodeURIComponent(m[2]));
  if (m && m[1] === "actor") return showActor(decodeURIComponent(m[2]));
  return showOverview(r);
}

document.getElementById("filters").addEventListener("submit", (e) => {
  e.preventDefault();
  const form = e.target, f = {};
  for (const k of FILTERS) if (form.elements[k].value.trim()) f[k] = form.elements[k].value.trim();
  go(f, document.getElementById("granularity").value);
});
document.getElementById("reset").addEventListener("click", () => go({}, "month"));
document.getElementById("clear-dates").addEventListener("click", () => {
  const r = route(); delete r.filters.from; delete r.filters.to; go(r.filters, r.by);
});
document.getElementById("granularity").addEventListener("change", (e) => { const r = route(); go(r.filters, e.target.value); });
document.getElementById("use-view").addEventListener("click", () => {
  if (!mainMap) return;
  const b = mainMap.getBounds();
  const c = (x) => Math.max(-180, Math.min(180, x)).toFixed(3);
  document.getElementById("filters").elements.bbox.value =
    [c(b.getWest()), Math.max(-90, b.getSouth()).toFixed(3), c(b.getEast()), Math.min(90, b.getNorth()).toFixed(3)].join(",");
});
window.addEventListener("hashchange", render);
legend();
render();
