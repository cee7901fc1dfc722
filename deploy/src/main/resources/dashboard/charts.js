// Small SVG charts drawn by hand (no library, no CDN): line charts of signal series.
'use strict';
const SVG_NS = 'http://www.w3.org/2000/svg';
const PALETTE = ['#2f6fed', '#e08a00', '#2e7d32', '#c62828', '#7b1fa2', '#00838f', '#5d4037', '#455a64'];

function svgEl(name, attrs, parent) {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  if (parent) parent.appendChild(el);
  return el;
}

function formatValue(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e6) return (v / 1e6).toFixed(1) + 'M';
  if (a >= 1e4) return (v / 1e3).toFixed(1) + 'k';
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2);
  if (a === 0) return '0';
  return v.toPrecision(2);
}

function formatTime(ms) {
  const d = new Date(ms);
  return d.toISOString().substring(11, 16);
}

/**
 * Draws series [{name, points: [{t: epochMillis, v: number}]}] into a new <svg class="chart">.
 * Returns the svg element.
 */
function lineChart(series, opts) {
  const width = 300, height = 120, left = 38, right = 6, top = 6, bottom = 16;
  const svg = svgEl('svg', {class: 'chart', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none',
    role: 'img', 'aria-label': (opts && opts.label) || 'chart'});
  const all = series.flatMap(s => s.points);
  if (all.length === 0) {
    svgEl('text', {x: width / 2, y: height / 2, 'text-anchor': 'middle'}, svg).textContent = 'no data';
    return svg;
  }
  let tMin = Math.min(...all.map(p => p.t)), tMax = Math.max(...all.map(p => p.t));
  let vMin = Math.min(0, ...all.map(p => p.v)), vMax = Math.max(...all.map(p => p.v));
  if (tMax === tMin) { tMin -= 60000; tMax += 60000; }
  if (vMax === vMin) { vMax = vMin + 1; }
  const x = t => left + (t - tMin) / (tMax - tMin) * (width - left - right);
  const y = v => top + (1 - (v - vMin) / (vMax - vMin)) * (height - top - bottom);
  svgEl('line', {class: 'axis', x1: left, y1: y(vMin), x2: width - right, y2: y(vMin)}, svg);
  svgEl('line', {class: 'axis', x1: left, y1: top, x2: left, y2: height - bottom}, svg);
  svgEl('text', {x: left - 3, y: top + 8, 'text-anchor': 'end'}, svg).textContent = formatValue(vMax);
  svgEl('text', {x: left - 3, y: y(vMin), 'text-anchor': 'end'}, svg).textContent = formatValue(vMin);
  svgEl('text', {x: left, y: height - 3}, svg).textContent = formatTime(tMin);
  svgEl('text', {x: width - right, y: height - 3, 'text-anchor': 'end'}, svg).textContent = formatTime(tMax);
  if (opts && opts.threshold !== undefined && opts.threshold >= vMin && opts.threshold <= vMax) {
    svgEl('line', {x1: left, x2: width - right, y1: y(opts.threshold), y2: y(opts.threshold),
      stroke: '#c62828', 'stroke-dasharray': '3 3', 'stroke-width': 0.8}, svg);
  }
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const pts = s.points.slice().sort((a, b) => a.t - b.t);
    const d = pts.map((p, j) => (j === 0 ? 'M' : 'L') + x(p.t).toFixed(1) + ' ' + y(p.v).toFixed(1)).join(' ');
    const path = svgEl('path', {d, fill: 'none', stroke: color, 'stroke-width': 1.5, class: 'series'}, svg);
    svgEl('title', {}, path).textContent = s.name;
    if (pts.length <= 60) {
      pts.forEach(p => {
        const c = svgEl('circle', {cx: x(p.t), cy: y(p.v), r: 1.8, fill: color}, svg);
        svgEl('title', {}, c).textContent = `${s.name} ${new Date(p.t).toISOString()} = ${formatValue(p.v)}`;
      });
    }
  });
  return svg;
}
