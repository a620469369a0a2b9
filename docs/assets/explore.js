/* Explorable figures: sliders over runs that gdtheory computed when the site was built.
 *
 * Each explorable is a <figure class="gd-explore" data-explorable="NAME"> holding the
 * static figure of its default setting (what a reader without JavaScript sees). This
 * script fetches the data beside that figure (figures/explore_NAME.json, written by
 * docs/figures/explore_NAME.py), adds labelled range inputs and draws the chosen
 * run as SVG. It computes nothing: it looks values up, scales them to pixels and
 * draws them. Each drawn series keeps its numbers in a data-values attribute and
 * each readout in data-value, so the browser tests can hold them to gdtheory.
 */
(function () {
  "use strict";
  if (window.gdExplorables) return; // loaded twice: draw once

  const SVG = "http://www.w3.org/2000/svg";
  let uid = 0;

  /* The words this script adds, in the page's language (<html lang="ko"> on the Korean
   * edition); the numbers and the code come from the data and stay the same. */
  const WORDS = {
    ko: {
    "Condition number κ = L/m": "조건수 κ = L/m",
    "Learning rate η": "학습률 η",
    "Path over the contours": "등고선 위의 경로",
    "Path of gradient descent over the contours of f": "f의 등고선 위를 지나는 경사 하강법의 경로",
    "step t": "스텝 t",
    "Loss (log scale)": "손실 (로그 눈금)",
    "Loss per step": "스텝별 손실",
    "learning rate η": "학습률 η",
    "Contraction per step": "스텝당 수축률",
    "Contraction factor against the learning rate": "학습률에 따른 수축 인자",
    "Learning rate α": "학습률 α",
    "Momentum β": "모멘텀 β",
    "learning rate α": "학습률 α",
    "momentum β": "모멘텀 β",
    "The learning-rate and momentum plane coloured by the heavy ball's rate; click a cell to pick it": "헤비볼 방법의 수렴 속도로 색칠한 학습률–모멘텀 평면. 칸을 누르면 그 값이 선택됩니다",
    "Path": "경로",
    "Path of the heavy ball over the contours of f": "f의 등고선 위를 지나는 헤비볼 방법의 경로",
    "Warmup steps": "워밍업 스텝 수",
    "Decay": "감쇠 방식",
    "Decay parameter": "감쇠 파라미터",
    "Cycles (restarts + 1)": "주기 수 (재시작 + 1)",
    "learning rate ηₜ": "학습률 ηₜ",
    "The schedule": "학습률 스케줄",
    "Learning rate against step": "스텝에 따른 학습률",
    "The gdtheory code that gives this curve (runs as shown):": "이 곡선을 만드는 gdtheory 코드 (보이는 그대로 실행됩니다):",
    "Copy code": "코드 복사",
    "Copied": "복사했습니다",
    "Select the code to copy it": "코드를 선택해 복사하세요",
    "Bias correction": "편향 보정",
    "Path of Adam over the contours of Beale's function": "Beale 함수의 등고선 위를 지나는 Adam의 경로",
    "Step in each coordinate (blue x, orange y)": "좌표별 스텝 크기 (파랑 x, 주황 y)",
    "The step Adam took in each coordinate, on a log scale": "Adam이 좌표마다 움직인 크기 (로그 눈금)",
    "on": "켜짐",
    "after {steps} steps, x": "{steps}스텝 뒤의 x",
    "run": "실행 결과",
    "Path, η = {lr}, a dot every {every} steps": "경로, η = {lr}, {every}스텝마다 점 하나",
    "contraction ρ = max |1 − ηλ|": "수축 인자 ρ = max |1 − ηλ|",
    "final loss": "최종 손실",
    "rate per step": "스텝당 수렴 속도",
    "Polyak's optimum": "Polyak의 최적값",
    "off": "꺼짐"
    },
  };
  /* T("after {steps} steps, x", {steps: 100}): the words in the page's language, with
   * the numbers put in. The drawing helpers (chart, slider, toggle, readout) pass their
   * labels through it; a call site uses it only for words with numbers in them. */
  const T = (text, values) => {
    const words = (WORDS[document.documentElement.lang] || {})[text] || text;
    return words.replace(/\{(\w+)\}/g, (all, name) => (values && name in values ? values[name] : all));
  };

  function el(tag, attrs, parent, ns) {
    const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    if (parent) parent.appendChild(node);
    return node;
  }
  const svgEl = (tag, attrs, parent) => el(tag, attrs, parent, SVG);

  /* Number formatting for readouts and tick labels (display only). */
  function fmt(v, digits) {
    if (!Number.isFinite(v)) return String(v);
    if (v === 0) return "0";
    const a = Math.abs(v);
    if (a >= 1e4 || a < 1e-3) return v.toExponential(Math.max(0, (digits || 3) - 1));
    return String(Number(v.toPrecision(digits || 3)));
  }

  /* A chart: axes, ticks and a clipped plot layer; series are redrawn with clear(). */
  function chart(parent, o) {
    const W = o.width || 320, H = o.height || 240;
    const m = { l: 52, r: 10, t: o.title ? 22 : 8, b: 36 };
    const svg = svgEl("svg", {
      viewBox: `0 0 ${W} ${H}`, class: "gdx-chart", role: "img",
      "aria-label": T(o.label || o.title || "chart"),
    }, parent);
    const x0 = m.l, x1 = W - m.r, y0 = H - m.b, y1 = m.t;
    const tf = (log) => (v) => (log ? Math.log10(v) : v);
    const fx = tf(o.xlog), fy = tf(o.ylog);
    const [xa, xb] = o.x.map(fx), [ya, yb] = o.y.map(fy);
    const clampPx = (p) => Math.max(-1e4, Math.min(1e4, p));
    const X = (v) => clampPx(x0 + ((fx(v) - xa) / (xb - xa)) * (x1 - x0));
    const Y = (v) => {
      if (o.ylog && !(v > 0)) return y0 + 1e3; // zero loss: below the axis, clipped
      return clampPx(y0 - ((fy(v) - ya) / (yb - ya)) * (y0 - y1));
    };
    const id = `gdx-clip-${++uid}`;
    svgEl("rect", { x: x0, y: y1, width: x1 - x0, height: y0 - y1 },
      svgEl("clipPath", { id }, svgEl("defs", {}, svg)));
    const axes = svgEl("g", { class: "gdx-axes" }, svg);
    svgEl("rect", { x: x0, y: y1, width: x1 - x0, height: y0 - y1, class: "gdx-frame" }, axes);
    const ticks = (lo, hi, log, n) => {
      if (log) {
        const out = [];
        const step = Math.max(1, Math.ceil((hi - lo) / (n || 5)));
        for (let e = Math.ceil(lo); e <= hi; e += step) out.push(Math.pow(10, e));
        return out;
      }
      const raw = (hi - lo) / (n || 5), mag = Math.pow(10, Math.floor(Math.log10(raw)));
      const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw);
      const out = [];
      for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) {
        out.push(Math.abs(v) < 1e-12 ? 0 : v);
      }
      return out;
    };
    const tickLabel = (v, log) => (log ? `1e${Math.round(Math.log10(v))}` : fmt(v, 3));
    for (const v of ticks(xa, xb, o.xlog, o.xticks)) {
      const px = X(v);
      svgEl("line", { x1: px, x2: px, y1: y0, y2: y1, class: "gdx-grid" }, axes);
      svgEl("text", { x: px, y: y0 + 14, "text-anchor": "middle", text: tickLabel(v, o.xlog) }, axes);
    }
    for (const v of ticks(ya, yb, o.ylog, o.yticks)) {
      const py = Y(v);
      svgEl("line", { x1: x0, x2: x1, y1: py, y2: py, class: "gdx-grid" }, axes);
      svgEl("text", { x: x0 - 4, y: py + 4, "text-anchor": "end", text: tickLabel(v, o.ylog) }, axes);
    }
    if (o.xlabel) svgEl("text", { x: (x0 + x1) / 2, y: H - 4, "text-anchor": "middle", text: T(o.xlabel) }, axes);
    if (o.ylabel) {
      svgEl("text", {
        x: 0, y: 0, "text-anchor": "middle", text: T(o.ylabel),
        transform: `translate(12 ${(y0 + y1) / 2}) rotate(-90)`,
      }, axes);
    }
    if (o.title) svgEl("text", { x: x0, y: 14, class: "gdx-title", text: T(o.title) }, axes);
    const back = svgEl("g", { "clip-path": `url(#${id})` }, svg);
    const layer = svgEl("g", { "clip-path": `url(#${id})` }, svg);
    const pts = (xy) => xy.map(([a, b]) => `${X(a).toFixed(2)},${Y(b).toFixed(2)}`).join(" ");
    return {
      svg, X, Y, layer, box: { x0, x1, y0, y1 },
      clear() { layer.replaceChildren(); },
      /* a polyline through [x, y] pairs; `values` (kept as data-values) are the numbers drawn */
      line(xy, cls, values, background) {
        const node = svgEl("polyline", { points: pts(xy), class: cls }, background ? back : layer);
        if (values !== undefined) node.setAttribute("data-values", JSON.stringify(values));
        return node;
      },
      dot(x, y, cls, r) {
        return svgEl("circle", { cx: X(x), cy: Y(y), r: r || 3, class: cls }, layer);
      },
      rect(xa, xb, ya, yb, attrs) {
        const [p, q] = [X(xa), X(xb)].sort((a, b) => a - b);
        const [u, w] = [Y(ya), Y(yb)].sort((a, b) => a - b);
        return svgEl("rect", { x: p, y: u, width: q - p, height: w - u, ...attrs }, back);
      },
      vline(x, cls, label) {
        svgEl("line", { x1: X(x), x2: X(x), y1: y0, y2: y1, class: cls }, layer);
        if (label) svgEl("text", { x: X(x) + 3, y: y1 + 12, class: cls, text: label }, layer);
      },
      hline(y, cls, label) {
        svgEl("line", { x1: x0, x2: x1, y1: Y(y), y2: Y(y), class: cls }, layer);
        if (label) svgEl("text", { x: x1 - 3, y: Y(y) - 4, "text-anchor": "end", class: cls, text: label }, layer);
      },
      text(x, y, s, cls) { return svgEl("text", { x: X(x), y: Y(y), class: cls, text: s }, layer); },
      pts,
    };
  }

  /* A labelled range input over a list of values; the current value shown as text. */
  function slider(parent, o) {
    const id = `gdx-${o.name}-${++uid}`;
    const box = el("div", { class: "gdx-control" }, parent);
    el("label", { for: id, text: T(o.label) }, box);
    const input = el("input", {
      type: "range", id, name: o.name, min: 0, max: o.values.length - 1, step: 1,
      value: o.index, "data-param": o.name,
    }, box);
    const out = el("output", { for: id, class: "gdx-value" }, box);
    const show = () => {
      const v = o.values[+input.value];
      const text = (o.format || ((x) => fmt(x, 4)))(v);
      out.textContent = text;
      out.setAttribute("data-value", JSON.stringify(v));
      input.setAttribute("aria-valuetext", text);
    };
    input.addEventListener("input", () => { show(); o.onInput(); });
    show();
    return { input, get value() { return o.values[+input.value]; }, get index() { return +input.value; } };
  }

  /* A readout: a label and a value, the full-precision number kept in data-value. */
  function readout(parent, name, label) {
    const box = el("div", { class: "gdx-readout" }, parent);
    el("span", { text: `${T(label)}: ` }, box);
    const out = el("output", { "data-readout": name, "aria-live": "polite" }, box);
    return (value, text) => {
      out.textContent = text === undefined ? fmt(value, 4) : text;
      out.setAttribute("data-value", JSON.stringify(value));
    };
  }

  const key = (...parts) => parts.map((p) => String(p)).join("|");

  /* ---- Step size and conditioning (gradient descent page) ----------------------- */
  function stepSize(fig, d) {
    const controls = el("div", { class: "gdx-controls" }, fig);
    const readouts = el("div", { class: "gdx-readouts" }, fig);
    const plots = el("div", { class: "gdx-plots" }, fig);
    const redraw = () => draw();
    const kappa = slider(controls, {
      name: "kappa", label: "Condition number κ = L/m", values: d.kappas,
      index: d.kappas.indexOf(d.default.kappa), onInput: redraw,
    });
    const lr = slider(controls, {
      name: "lr", label: "Learning rate η", values: d.lrs,
      index: d.lrs.indexOf(d.default.lr), onInput: redraw,
    });
    const showRho = readout(readouts, "rho", "contraction ρ = max |1 − ηλ|");
    const showLoss = readout(readouts, "final-loss", "final loss");
    const showStatus = readout(readouts, "status", "run");
    const [xa, xb, ya, yb] = d.view;
    const path = chart(plots, {
      x: [xa, xb], y: [ya, yb], width: 260, height: 260, xlabel: "x₁", ylabel: "x₂",
      title: "Path over the contours", label: "Path of gradient descent over the contours of f",
    });
    const loss = chart(plots, {
      x: [0, d.steps], y: [1e-16, 1e8], ylog: true, width: 300, height: 260, yticks: 6,
      xlabel: "step t", ylabel: "f(xₜ)", title: "Loss (log scale)", label: "Loss per step",
    });
    const rho = chart(plots, {
      x: [0, d.lrs[d.lrs.length - 1]], y: [0, 1.3], width: 300, height: 260,
      xlabel: "learning rate η", ylabel: "ρ", title: "Contraction per step",
      label: "Contraction factor against the learning rate",
    });
    let drawnKappa = null;
    function draw() {
      const k = kappa.value, eta = lr.value;
      const run = d.runs[key(k, eta)];
      if (drawnKappa !== k) { // contours belong to kappa
        path.svg.querySelectorAll(".gdx-contour").forEach((n) => n.remove());
        for (const c of d.contours[key(k)]) path.line(c, "gdx-contour", undefined, true);
        drawnKappa = k;
      }
      path.clear();
      path.dot(0, 0, "gdx-star", 4);
      path.line(run.xs, "gdx-run", run.xs).setAttribute("data-series", "path");
      run.xs.forEach(([a, b]) => path.dot(a, b, "gdx-run-dot", 2));
      loss.clear();
      loss.line(run.fs.map((f, t) => [t, f]), "gdx-run", run.fs).setAttribute("data-series", "loss");
      rho.clear();
      rho.hline(1, "gdx-edge", "ρ = 1");
      rho.vline(2 / d.L, "gdx-edge", "η = 2/L");
      const curve = d.lrs.map((e) => [e, d.runs[key(k, e)].rho]);
      rho.line(curve, "gdx-curve", curve.map((p) => p[1])).setAttribute("data-series", "rho");
      rho.dot(eta, run.rho, "gdx-current", 4);
      showRho(run.rho);
      showLoss(run.fs[run.fs.length - 1]);
      const verdict = run.rho < 1 ? "converges" : run.rho === 1 ? "oscillates" : "diverges";
      showStatus(run.status, `${run.status} after ${run.fs.length - 1} steps (ρ ${run.rho < 1 ? "<" : run.rho === 1 ? "=" : ">"} 1: ${verdict})`);
    }
    draw();
  }


  /* A sequential colour scale (viridis stops) for t in [0, 1]; drawing only. */
  const STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  function colour(t) {
    const u = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
    const i = Math.min(STOPS.length - 2, Math.floor(u)), f = u - i;
    const c = STOPS[i].map((a, k) => Math.round(a + f * (STOPS[i + 1][k] - a)));
    return `rgb(${c.join(",")})`;
  }

  /* ---- Momentum: the (learning rate, momentum) plane (momentum page) ------------- */
  function momentum(fig, d) {
    const controls = el("div", { class: "gdx-controls" }, fig);
    const readouts = el("div", { class: "gdx-readouts" }, fig);
    const plots = el("div", { class: "gdx-plots" }, fig);
    const redraw = () => draw();
    const lr = slider(controls, {
      name: "lr", label: "Learning rate α", values: d.lrs,
      index: d.lrs.indexOf(d.default.lr), onInput: redraw,
    });
    const beta = slider(controls, {
      name: "beta", label: "Momentum β", values: d.betas,
      index: d.betas.indexOf(d.default.beta), onInput: redraw,
    });
    const showRate = readout(readouts, "rate", "rate per step");
    const showBest = readout(readouts, "optimum", "Polyak's optimum");
    const showLoss = readout(readouts, "final-loss", "final loss");
    const showStatus = readout(readouts, "status", "run");
    const o = d.optimum;
    showBest([o.lr, o.beta, o.rate],
      `α* = ${fmt(o.lr, 4)}, β* = ${fmt(o.beta, 4)}, rate (√κ−1)/(√κ+1) = ${fmt(o.rate, 4)}`);
    const dl = d.lrs[1] - d.lrs[0], db = d.betas[1] - d.betas[0];
    const lrRange = [d.lrs[0] - dl / 2, d.lrs[d.lrs.length - 1] + dl / 2];
    const betaRange = [d.betas[0] - db / 2, d.betas[d.betas.length - 1] + db / 2];
    const plane = chart(plots, {
      x: lrRange, y: betaRange, width: 300, height: 260, xlabel: "learning rate α",
      ylabel: "momentum β", title: `Rate per step, κ = ${fmt(d.kappa)} (brighter: faster)`,
      label: "The learning-rate and momentum plane coloured by the heavy ball's rate; click a cell to pick it",
    });
    const cells = [];
    d.betas.forEach((b, j) => d.lrs.forEach((a, i) => {
      const r = d.runs[key(a, b)].rate;
      const fill = r >= 1 ? "var(--gdx-muted)" : colour((1 - r) / (1 - o.rate));
      const cell = plane.rect(a - dl / 2, a + dl / 2, b - db / 2, b + db / 2, { fill, "data-rate": JSON.stringify(r) });
      cells.push([cell, i, j]);
    }));
    plane.svg.addEventListener("click", (ev) => { // a click picks the nearest grid point
      const box = plane.svg.getBoundingClientRect(), vb = plane.svg.viewBox.baseVal;
      const px = ((ev.clientX - box.left) / box.width) * vb.width;
      const py = ((ev.clientY - box.top) / box.height) * vb.height;
      const { x0, x1, y0, y1 } = plane.box;
      if (px < x0 || px > x1 || py < y1 || py > y0) return;
      const a = lrRange[0] + ((px - x0) / (x1 - x0)) * (lrRange[1] - lrRange[0]);
      const b = betaRange[0] + ((y0 - py) / (y0 - y1)) * (betaRange[1] - betaRange[0]);
      const nearest = (vals, v) => vals.reduce((bi, x, k) => (Math.abs(x - v) < Math.abs(vals[bi] - v) ? k : bi), 0);
      lr.input.value = nearest(d.lrs, a);
      beta.input.value = nearest(d.betas, b);
      lr.input.dispatchEvent(new Event("input"));
      beta.input.dispatchEvent(new Event("input"));
    });
    const [xa, xb, ya, yb] = d.view;
    const path = chart(plots, {
      x: [xa, xb], y: [ya, yb], width: 220, height: 260, xlabel: "x₁", ylabel: "x₂",
      title: "Path", label: "Path of the heavy ball over the contours of f",
    });
    for (const c of d.contours) path.line(c, "gdx-contour", undefined, true);
    const loss = chart(plots, {
      x: [0, d.steps], y: [1e-16, 1e8], ylog: true, width: 300, height: 260, yticks: 6,
      xlabel: "step t", ylabel: "f(xₜ)", title: "Loss (log scale)", label: "Loss per step",
    });
    function draw() {
      const a = lr.value, b = beta.value, run = d.runs[key(a, b)];
      plane.clear();
      const star = plane.text(o.lr, o.beta, "+", "gdx-optimum");
      star.setAttribute("text-anchor", "middle");
      star.setAttribute("dominant-baseline", "central");
      const pick = plane.rect(a - dl / 2, a + dl / 2, b - db / 2, b + db / 2, { class: "gdx-cell-picked" });
      plane.layer.appendChild(pick); // on top of the cells, cleared with the layer
      path.clear();
      path.dot(0, 0, "gdx-star", 4);
      path.line(run.xs, "gdx-run", run.xs).setAttribute("data-series", "path");
      loss.clear();
      loss.line(run.fs.map((f, t) => [t, f]), "gdx-run", run.fs).setAttribute("data-series", "loss");
      showRate(run.rate);
      showLoss(run.fs[run.fs.length - 1]);
      showStatus(run.status, `${run.status} after ${run.fs.length - 1} steps`);
    }
    draw();
  }

  /* ---- Schedule builder (schedules page) ----------------------------------------- */
  function scheduleBuilder(fig, d) {
    const controls = el("div", { class: "gdx-controls" }, fig);
    const plots = el("div", { class: "gdx-plots" }, fig);
    const redraw = () => draw();
    const warmup = slider(controls, {
      name: "warmup", label: "Warmup steps", values: d.warmups,
      index: d.warmups.indexOf(d.default.warmup), onInput: redraw,
    });
    const decay = slider(controls, {
      name: "decay", label: "Decay", values: d.decays, format: (v) => v,
      index: d.decays.indexOf(d.default.decay), onInput: redraw,
    });
    const param = slider(controls, {
      name: "param", label: "Decay parameter", values: [0, 1, 2], index: d.default.param,
      onInput: redraw,
    });
    const cycles = slider(controls, {
      name: "cycles", label: "Cycles (restarts + 1)", values: d.cycles,
      index: d.cycles.indexOf(d.default.cycles), onInput: redraw,
    });
    const curve = chart(plots, {
      x: [0, d.T], y: [0, 1.1 * d.peak], width: 440, height: 240, xlabel: "step t",
      ylabel: "learning rate ηₜ", title: "The schedule", label: "Learning rate against step",
    });
    fig.querySelector(".gdx-plots .gdx-chart").classList.add("gdx-wide");
    const box = el("div", { class: "gdx-code" }, fig);
    const bar = el("div", { class: "gdx-code-bar" }, box);
    el("span", { text: T("The gdtheory code that gives this curve (runs as shown):") }, bar);
    const copy = el("button", { type: "button", class: "md-button gdx-copy", text: T("Copy code") }, bar);
    const pre = el("pre", {}, box);
    const code = el("code", { "data-readout": "code" }, pre);
    copy.addEventListener("click", () => {
      navigator.clipboard.writeText(code.textContent).then(
        () => { copy.textContent = T("Copied"); setTimeout(() => { copy.textContent = T("Copy code"); }, 1500); },
        () => { copy.textContent = T("Select the code to copy it"); });
    });
    function draw() {
      const p = d.params[decay.value];
      const shown = `${p.name} = ${p.values[param.value]}`;
      const out = param.input.nextElementSibling;
      out.textContent = shown;
      param.input.setAttribute("aria-valuetext", shown);
      const c = d.curves[key(warmup.value, decay.value, param.value, cycles.value)];
      curve.clear();
      curve.line(c.lrs.map((v, t) => [t, v]), "gdx-run", c.lrs).setAttribute("data-series", "schedule");
      code.textContent = c.code;
    }
    draw();
  }

  /* A labelled checkbox; its state shown as text too. */
  function toggle(parent, o) {
    const id = `gdx-${o.name}-${++uid}`;
    const box = el("div", { class: "gdx-control" }, parent);
    const input = el("input", { type: "checkbox", id, name: o.name, "data-param": o.name }, box);
    input.checked = o.checked;
    el("label", { for: id, text: T(o.label) }, box);
    const out = el("output", { for: id, class: "gdx-value" }, box);
    const show = () => {
      out.textContent = input.checked ? T("on") : T("off");
      out.setAttribute("data-value", JSON.stringify(input.checked));
    };
    input.addEventListener("change", () => { show(); o.onInput(); });
    show();
    return { input, get value() { return input.checked; } };
  }

  /* ---- Adam's knobs on Beale's function (adaptive page) ------------------------- */
  function adam(fig, d) {
    const controls = el("div", { class: "gdx-controls" }, fig);
    const readouts = el("div", { class: "gdx-readouts" }, fig);
    const plots = el("div", { class: "gdx-plots" }, fig);
    const redraw = () => draw();
    const b1 = slider(controls, {
      name: "beta1", label: "β₁", values: d.beta1s, index: d.beta1s.indexOf(d.default.beta1), onInput: redraw,
    });
    const b2 = slider(controls, {
      name: "beta2", label: "β₂", values: d.beta2s, index: d.beta2s.indexOf(d.default.beta2), onInput: redraw,
    });
    const eps = slider(controls, {
      name: "eps", label: "ε", values: d.epss, index: d.epss.indexOf(d.default.eps), onInput: redraw,
      format: (v) => (v < 1e-3 ? v.toExponential(0) : String(v)),
    });
    const bias = toggle(controls, {
      name: "bias_correction", label: "Bias correction", checked: d.default.bias_correction, onInput: redraw,
    });
    const showEnd = readout(readouts, "end", T("after {steps} steps, x", { steps: d.steps }));
    const showLoss = readout(readouts, "final-loss", "f");
    const showStatus = readout(readouts, "status", "run");
    const [xa, xb, ya, yb] = d.view;
    const path = chart(plots, {
      x: [xa, xb], y: [ya, yb], width: 300, height: 250, xlabel: "x", ylabel: "y",
      title: T("Path, η = {lr}, a dot every {every} steps", { lr: d.lr, every: d.every }), label: "Path of Adam over the contours of Beale's function",
    });
    for (const c of d.contours) path.line(c, "gdx-contour", undefined, true);
    const steps = chart(plots, {
      x: [0, d.steps], y: [1e-5, 1], ylog: true, width: 300, height: 250, xlabel: "step t",
      ylabel: "|xₜ₊₁ − xₜ|", title: "Step in each coordinate (blue x, orange y)",
      label: "The step Adam took in each coordinate, on a log scale",
    });
    function draw() {
      const run = d.runs[key(b1.index, b2.index, eps.index, d.bias.indexOf(bias.value))];
      path.clear();
      path.dot(d.x_star[0], d.x_star[1], "gdx-star", 4);
      path.line(run.xs, "gdx-run", run.xs).setAttribute("data-series", "path");
      run.xs.forEach(([a, b]) => path.dot(a, b, "gdx-run-dot", 2));
      steps.clear();
      steps.line(run.t.map((t, k) => [t, run.steps[k][0]]), "gdx-run", run.steps.map((s) => s[0]))
        .setAttribute("data-series", "step-x");
      steps.line(run.t.map((t, k) => [t, run.steps[k][1]]), "gdx-curve-2", run.steps.map((s) => s[1]))
        .setAttribute("data-series", "step-y");
      steps.hline(d.lr, "gdx-edge", "η");
      showEnd(run.x_end, `(${fmt(run.x_end[0], 4)}, ${fmt(run.x_end[1], 4)})`);
      showLoss(run.f_end);
      showStatus(run.status);
    }
    draw();
  }

  const EXPLORABLES = { "step-size": stepSize, momentum, adam, "schedule-builder": scheduleBuilder };

  async function start(fig) {
    const draw = EXPLORABLES[fig.dataset.explorable];
    const img = fig.querySelector("img");
    if (!draw || !img || fig.dataset.started) return;
    fig.dataset.started = "1";
    try {
      const response = await fetch(img.src.replace(/\.svg$/, ".json"));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      const live = el("div", { class: "gdx-live" });
      fig.insertBefore(live, fig.firstChild);
      draw(live, data);
      fig.classList.add("gdx-ready"); // the CSS hides the static figure now
      fig.dataset.state = "ready";
    } catch (err) {
      fig.dataset.state = "static"; // keep the static figure
      console.warn(`explorable ${fig.dataset.explorable}: ${err}`);
    }
  }

  function startAll() { document.querySelectorAll("figure.gd-explore[data-explorable]").forEach(start); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
  window.gdExplorables = { chart, slider, readout, register: (n, f) => { EXPLORABLES[n] = f; } };
})();
