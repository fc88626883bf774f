// EvoPO dashboard: one EventSource on /api/events (the run list, and the chosen run whenever it changes); charts as inline SVG.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
let selected = decodeURIComponent(location.hash.slice(1)) || null;
let source = null;
let shownLandscape = null;

function $(id) { return document.getElementById(id); }

function fmt(value, digits = 2) {
  return value === null || value === undefined || !isFinite(value) ? "–" : Number(value).toFixed(digits);
}

function connect() {
  if (source) source.close();
  source = new EventSource("/api/events" + (selected ? "?run=" + encodeURIComponent(selected) : ""));
  source.addEventListener("open", () => { $("connection").textContent = "live"; $("connection").className = "connection live"; });
  source.addEventListener("error", () => { $("connection").textContent = "reconnecting…"; $("connection").className = "connection"; });
  source.addEventListener("runs", e => renderRuns(JSON.parse(e.data)));
  source.addEventListener("run", e => renderRun(JSON.parse(e.data)));
}

function select(runId) {
  if (runId === selected) return;
  selected = runId;
  shownLandscape = null;
  history.replaceState(null, "", "#" + encodeURIComponent(runId));
  connect();
}

function renderRuns(data) {
  const error = $("error");
  error.hidden = !data.error;
  error.textContent = data.error ? "cannot read the runs: " + data.error : "";
  const list = $("runs");
  list.replaceChildren();
  if (data.runs.length === 0) {
    list.innerHTML = '<li class="empty">no runs yet</li>';
    return;
  }
  for (const run of data.runs) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#" + encodeURIComponent(run.runId);
    link.dataset.runId = run.runId;
    link.className = run.runId === selected ? "selected" : "";
    link.innerHTML = '<span class="run-name"></span><span class="run-meta"></span>';
    link.querySelector(".run-name").textContent = run.runId;
    link.querySelector(".run-meta").textContent =
      `${run.state} · generation ${run.generation}/${run.generations || "?"} · best ${fmt(run.bestFitness)}`;
    link.addEventListener("click", ev => { ev.preventDefault(); select(run.runId); });
    item.appendChild(link);
    list.appendChild(item);
  }
  if (!selected) select(data.runs[0].runId);
}

function renderRun(run) {
  if (run.runId !== selected) return;
  $("run").hidden = false;
  $("run-id").textContent = run.runId;
  $("run-state").textContent = run.state;
  $("run-state").className = "state " + run.state;
  $("strategy").textContent = run.strategy || "–";
  $("kind").textContent = run.kind || "–";
  $("generation").textContent = run.generation;
  $("generations").textContent = run.generations ? " / " + run.generations : "";
  $("units").textContent = run.generation < run.generations || !run.generations
    ? `${run.unitsDoneInGeneration} / ${run.unitsPerGeneration || "?"}` : "–";
  $("best").textContent = fmt(run.bestFitness);
  const last = run.history[run.history.length - 1];
  $("sigma").textContent = last ? fmt(last.sigma, 4) : "–";
  $("failure").hidden = !run.failureReason;
  $("failure").textContent = run.failureReason ? run.state + ": " + run.failureReason : "";

  const gens = run.history.map(h => h.generation + 1);
  chart($("fitness-chart"), gens, [
    { name: "max", color: "var(--max)", values: run.history.map(h => h.maxFitness) },
    { name: "mean", color: "var(--mean)", values: run.history.map(h => h.meanFitness) },
  ], { low: run.history.map(h => h.minFitness), high: run.history.map(h => h.maxFitness) });
  chart($("sigma-chart"), gens, [{ name: "σ", color: "var(--mean)", values: run.history.map(h => h.sigma) }]);
  chart($("timing-chart"), gens, [
    { name: "wall s", color: "var(--wall)", values: run.history.map(h => h.wallSeconds) },
    { name: "compute s", color: "var(--compute)", values: run.history.map(h => h.computeSeconds) },
  ]);
  renderWorkers(run.workers);
  renderLandscape(run);
}

function renderWorkers(workers) {
  const body = $("workers").querySelector("tbody");
  body.replaceChildren();
  if (workers.length === 0) {
    body.innerHTML = '<tr><td colspan="6" class="empty">no unit done yet</td></tr>';
    return;
  }
  for (const w of workers) {
    const row = document.createElement("tr");
    row.className = "worker";
    for (const value of [w.worker, w.units, w.candidates, fmt(w.meanUnitSeconds), fmt(w.meanTrainSeconds), fmt(w.meanEvalSeconds)]) {
      const cell = document.createElement("td");
      cell.textContent = value;
      row.appendChild(cell);
    }
    body.appendChild(row);
  }
}

function renderLandscape(run) {
  const image = $("landscape");
  const note = $("landscape-none");
  note.dataset.none ??= note.textContent;
  note.textContent = note.dataset.none;
  note.hidden = !!run.landscapeVersion;
  if (!run.landscapeVersion) { image.hidden = true; return; }
  const key = run.runId + "/" + run.landscapeVersion;
  if (key === shownLandscape) return;
  shownLandscape = key;
  // Load the new picture aside and swap it in once complete: the old one stays on screen meanwhile.
  const next = new Image();
  const url = `/api/runs/${encodeURIComponent(run.runId)}/landscape.png?v=${encodeURIComponent(run.landscapeVersion)}`;
  next.onload = () => {
    if (shownLandscape !== key) return;
    image.src = next.src;
    image.hidden = false;
  };
  // A best.json that cannot be drawn (damaged, say): the server's reason, in place of the picture.
  next.onerror = async () => {
    const reason = await fetch(url).then(r => r.json()).then(b => b.error).catch(() => null);
    if (shownLandscape !== key) return;
    image.hidden = true;
    note.textContent = "no landscape: " + (reason || "the picture could not be loaded");
    note.hidden = false;
  };
  next.src = url;
}

function el(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// A line chart of series over x (generations), with an optional low..high band and a legend.
function chart(svg, xs, series, band) {
  svg.replaceChildren();
  const [width, height, left, right, top, bottom] = [560, 260, 52, 14, 22, 30];
  const ys = series.flatMap(s => s.values).concat(band ? band.low.concat(band.high) : []).filter(v => v !== null && isFinite(v));
  if (xs.length === 0 || ys.length === 0) {
    svg.appendChild(el("text", { x: width / 2, y: height / 2, "text-anchor": "middle" }, "no generation completed yet"));
    return;
  }
  let [yMin, yMax] = [Math.min(...ys), Math.max(...ys)];
  if (yMin === yMax) { yMin -= Math.abs(yMin) * 0.1 || 1; yMax += Math.abs(yMax) * 0.1 || 1; }
  const pad = (yMax - yMin) * 0.05;
  yMin -= pad; yMax += pad;
  const [xMin, xMax] = [Math.min(...xs), Math.max(Math.max(...xs), Math.min(...xs) + 1)];
  const px = x => left + (x - xMin) / (xMax - xMin) * (width - left - right);
  const py = y => top + (1 - (y - yMin) / (yMax - yMin)) * (height - top - bottom);

  // Enough decimals that the five tick labels differ (σ moves in the third or fourth decimal).
  const digits = Math.max(0, Math.min(6, Math.ceil(-Math.log10((yMax - yMin) / 4)) + 1));
  for (let i = 0; i <= 4; i++) {
    const y = yMin + (yMax - yMin) * i / 4;
    svg.appendChild(el("line", { x1: left, x2: width - right, y1: py(y), y2: py(y), class: "grid-line" }));
    svg.appendChild(el("text", { x: left - 6, y: py(y) + 4, "text-anchor": "end" }, y.toFixed(digits)));
  }
  const step = Math.max(1, Math.ceil((xMax - xMin) / 10));
  for (let x = xMin; x <= xMax; x += step)
    svg.appendChild(el("text", { x: px(x), y: height - bottom + 16, "text-anchor": "middle" }, x));
  svg.appendChild(el("text", { x: width - right, y: height - 2, "text-anchor": "end" }, "generation"));
  svg.appendChild(el("line", { x1: left, x2: left, y1: top, y2: height - bottom, class: "axis" }));
  svg.appendChild(el("line", { x1: left, x2: width - right, y1: height - bottom, y2: height - bottom, class: "axis" }));

  if (band) {
    const idx = xs.map((_, i) => i).filter(i => band.low[i] !== null && band.high[i] !== null);
    if (idx.length > 0) {
      const upper = idx.map(i => `${px(xs[i])},${py(band.high[i])}`);
      const lower = idx.slice().reverse().map(i => `${px(xs[i])},${py(band.low[i])}`);
      svg.appendChild(el("polygon", { points: upper.concat(lower).join(" "), fill: "var(--band)", class: "band" }));
    }
  }
  let legendX = left + 8;
  for (const s of series) {
    const points = xs.map((x, i) => [x, s.values[i]]).filter(p => p[1] !== null && isFinite(p[1]));
    svg.appendChild(el("polyline", {
      points: points.map(p => `${px(p[0])},${py(p[1])}`).join(" "), fill: "none", stroke: s.color, "stroke-width": 2,
    }));
    for (const p of points) {
      const dot = el("circle", { cx: px(p[0]), cy: py(p[1]), r: 3, fill: s.color, class: "point" });
      dot.appendChild(el("title", {}, `generation ${p[0]}: ${s.name} ${Number(p[1]).toPrecision(4)}`));
      svg.appendChild(dot);
    }
    svg.appendChild(el("rect", { x: legendX, y: 6, width: 10, height: 10, fill: s.color }));
    svg.appendChild(el("text", { x: legendX + 14, y: 15 }, s.name));
    legendX += 20 + s.name.length * 7 + 10;
  }
  if (band) {
    svg.appendChild(el("rect", { x: legendX, y: 6, width: 10, height: 10, fill: "var(--band)" }));
    svg.appendChild(el("text", { x: legendX + 14, y: 15 }, "min..max"));
  }
}

window.addEventListener("hashchange", () => {
  const runId = decodeURIComponent(location.hash.slice(1));
  if (runId) select(runId);
});
connect();
