// genaimon dashboard: vanilla JS over the query API (/api/v1). No framework, no CDN.
'use strict';

const PAGE_SIZE = 50;
const REFRESH_MS = 10000;
const GROUPS = [
  {name: 'latency', test: n => n.startsWith('ops.latency') || n.startsWith('ops.ttft')},
  {name: 'errors & throttling', test: n => n === 'ops.error_rate' || n === 'ops.throttle_rate' || n.startsWith('ops.errors')
      || n.startsWith('agent.tool_error') || n.startsWith('agent.tool_loop')},
  {name: 'traffic', test: n => n === 'ops.request_count' || n.startsWith('agent.steps')},
  {name: 'cost & tokens', test: n => n.startsWith('cost.') || n.startsWith('ops.tokens')},
  {name: 'safety', test: n => n.startsWith('safety.')},
  {name: 'evaluation', test: n => n.startsWith('eval.')},
  {name: 'other', test: n => !n.startsWith('drift.')},
];

const state = {alertState: 'firing', offset: 0, query: '', total: 0, segment: null, timer: null};

function apiKey() { return localStorage.getItem('genaimon.apiKey') || ''; }

async function api(path) {
  const headers = {};
  if (apiKey()) headers['Authorization'] = 'Bearer ' + apiKey();
  const res = await fetch(path, {headers});
  if (res.status === 401) {
    document.getElementById('auth').classList.remove('hidden');
    throw new Error('unauthorized');
  }
  if (!res.ok) {
    const err = new Error(path + ' answered ' + res.status);
    err.status = res.status;
    throw err;
  }
  return res.json();
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function ago(iso) {
  if (!iso) return '';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 90) return s + 's ago';
  if (s < 5400) return Math.round(s / 60) + 'm ago';
  return Math.round(s / 3600) + 'h ago';
}

function segmentPath(id) {
  return id.split('/').map(encodeURIComponent).join('/');
}

// ---- pipeline health
async function loadPipeline() {
  const box = document.getElementById('pipeline');
  try {
    const [pipeline, ready] = await Promise.all([api('/api/v1/pipeline'),
      fetch('/readyz').then(r => r.json()).catch(() => ({status: 'UNKNOWN'}))]);
    box.replaceChildren(
      el('span', {class: 'badge ' + (ready.status === 'READY' ? 'ok' : 'bad'), title: ready.reason || ''},
        ready.status === 'READY' ? 'ready' : 'not ready: ' + (ready.reason || ready.status)),
      ...pipeline.stages.map(s => el('span', {class: 'badge ' + (s.state === 'RUNNING' ? 'ok'
          : s.state === 'REBALANCING' ? 'warn' : 'bad'), 'data-stage': s.name},
        `${s.name}: ${s.state}` + (s.lag >= 0 ? ` · lag ${s.lag}` : ''))),
      el('span', {class: 'badge'}, `view instances: ${pipeline.viewInstances.length}`));
  } catch (e) {
    box.replaceChildren(el('span', {class: 'badge bad'}, 'API unavailable: ' + e.message));
  }
}

// ---- alerts
function evidenceText(a) {
  const parts = [];
  const ev = a.evidence || {};
  if (a.annotations && a.annotations.summary) parts.push(a.annotations.summary);
  if (ev.note) parts.push(ev.note);
  if (ev.signals && ev.signals.length) parts.push('signals: ' + ev.signals.join(', '));
  if (ev.features && ev.features.length) parts.push('features: ' + ev.features.join(', '));
  if (ev.reportIds && ev.reportIds.length) parts.push('reports: ' + ev.reportIds.join(', '));
  if (ev.interactionIds && ev.interactionIds.length) parts.push('interactions: ' + ev.interactionIds.join(', '));
  if (a.retrain) parts.push('retraining trigger');
  return parts.join(' · ');
}

async function loadAlerts() {
  const data = await api('/api/v1/alerts');
  const firing = data.alerts.filter(a => a.status === 'firing');
  const resolved = data.alerts.filter(a => a.status === 'resolved');
  document.getElementById('firing-count').textContent = firing.length;
  document.getElementById('resolved-count').textContent = resolved.length;
  const shown = state.alertState === 'firing' ? firing : resolved;
  const body = document.querySelector('#alerts tbody');
  body.replaceChildren(...shown.map(a => {
    const seg = a.segment ? a.segment.id : '';
    return el('tr', {class: 'alert-row', 'data-fingerprint': a.fingerprint},
      el('td', {class: 'status-' + a.status}, a.status),
      el('td', {class: 'sev-' + a.severity}, a.severity),
      el('td', {}, a.rule),
      el('td', {}, seg ? el('a', {href: '#segment=' + encodeURIComponent(seg)}, seg) : ''),
      el('td', {}, a.value === null || a.value === undefined ? '' : formatValue(a.value)),
      el('td', {title: a.startsAt}, ago(a.status === 'firing' ? a.startsAt : (a.endsAt || a.transitionAt))),
      el('td', {class: 'evidence'}, evidenceText(a)));
  }));
  document.getElementById('alerts-empty').classList.toggle('hidden', shown.length > 0);
}

async function loadSilences() {
  const box = document.getElementById('silences');
  try {
    const data = await api('/api/v1/silences');
    const list = Array.isArray(data) ? data : (data.silences || []);
    box.textContent = `silences: ${list.length}`;
  } catch (e) {
    box.textContent = e.status === 404 ? 'silences: not available' : '';
  }
}

// ---- segments
async function loadSegments() {
  const q = encodeURIComponent(state.query);
  const data = await api(`/api/v1/segments?q=${q}&offset=${state.offset}&limit=${PAGE_SIZE}`);
  state.total = data.total;
  document.getElementById('segments-total').textContent = `${data.total} total`;
  const list = document.getElementById('segments');
  list.replaceChildren(...data.items.map(item => el('li', {
      'data-segment': item.segment.id,
      class: item.segment.id === state.segment ? 'selected' : '',
      onclick: () => { location.hash = 'segment=' + encodeURIComponent(item.segment.id); }},
    item.segment.id, el('span', {class: 'count muted'}, item.signalNames.length + ' signals'))));
  const page = Math.floor(state.offset / PAGE_SIZE) + 1, pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  document.getElementById('page').textContent = `${page} / ${pages}`;
  document.getElementById('prev').disabled = state.offset === 0;
  document.getElementById('next').disabled = state.offset + PAGE_SIZE >= data.total;
  if (!state.segment && data.items.length) {
    selectSegment(data.items[0].segment.id);
  }
}

function groupOf(name) {
  return GROUPS.find(g => g.test(name));
}

function chartCard(group, title, latest, series, opts) {
  const points = series.map(s => ({name: s.series, points: s.points.map(p => ({t: Date.parse(p.windowStart), v: p.value}))}));
  return el('div', {class: 'chart-card', 'data-signal': title},
    el('div', {class: 'group'}, group),
    el('div', {class: 'title'}, el('span', {}, title), el('span', {}, formatValue(latest))),
    lineChart(points, Object.assign({label: title}, opts || {})));
}

async function loadSegment() {
  const id = state.segment;
  if (!id) return;
  document.getElementById('segment-title').textContent = 'Segment ' + id;
  document.querySelectorAll('#segments li').forEach(li => li.classList.toggle('selected', li.dataset.segment === id));
  const latest = await api(`/api/v1/segments/${segmentPath(id)}/signals`);
  const names = [...new Set(latest.signals.map(s => s.name))].sort();
  const latestByName = {};
  latest.signals.forEach(s => { latestByName[s.name] = s.value; });
  const charted = names.filter(n => groupOf(n) && !n.startsWith('drift.'));
  const drifted = names.filter(n => n.startsWith('drift.') && !n.endsWith('.detected'));
  const fetchSeries = n => api(`/api/v1/segments/${segmentPath(id)}/signals/${encodeURIComponent(n)}/series`);
  const [seriesList, driftSeries] = await Promise.all([Promise.all(charted.map(fetchSeries)),
    Promise.all(drifted.map(fetchSeries))]);
  if (state.segment !== id) return; // another segment was selected meanwhile
  const cards = charted.map((n, i) => ({group: groupOf(n).name, n, series: seriesList[i].series}))
    .sort((a, b) => GROUPS.findIndex(g => g.name === a.group) - GROUPS.findIndex(g => g.name === b.group));
  document.getElementById('segment-charts').replaceChildren(...(cards.length ? cards.map(c =>
      chartCard(c.group, c.n, latestByName[c.n], c.series)) : [el('p', {class: 'muted'}, 'No signals yet.')]));
  document.getElementById('drift-charts').replaceChildren(...drifted.map((n, i) =>
      chartCard('drift statistic over time', n, latestByName[n], driftSeries[i].series)));
  await loadDrift(id);
}

async function loadDrift(id) {
  const box = document.getElementById('drift');
  const data = await api(`/api/v1/drift/${segmentPath(id)}`);
  const report = data.report;
  if (!report) {
    document.getElementById('drift-window').textContent = '';
    box.replaceChildren(el('p', {class: 'muted'}, 'No drift report for this segment yet.'));
    return;
  }
  document.getElementById('drift-window').textContent =
    `${report.windowStart} → ${report.windowEnd} · against ${report.baselineId || report.baselineKind}`;
  const stats = [...new Set(report.features.flatMap(f => Object.keys(f.statistics)))].sort();
  box.replaceChildren(el('table', {class: 'table', id: 'drift-table'},
    el('thead', {}, el('tr', {}, el('th', {}, 'feature'), el('th', {}, 'type'), el('th', {}, 'verdict'),
      el('th', {}, 'reference n'), el('th', {}, 'current n'), ...stats.map(s => el('th', {}, s)))),
    el('tbody', {}, ...report.features.map(f => el('tr', {},
      el('td', {}, f.name), el('td', {}, f.type), el('td', {class: 'verdict-' + f.verdict}, f.verdict),
      el('td', {}, f.referenceCount), el('td', {}, f.currentCount),
      ...stats.map(s => el('td', {}, formatValue(f.statistics[s]))))))));
}

function selectSegment(id) {
  state.segment = id;
  loadSegment().catch(showError);
}

// ---- dead letters
async function loadDeadLetters() {
  const data = await api('/api/v1/dlq/recent');
  document.querySelector('#dlq-counts tbody').replaceChildren(...data.counts.map(c =>
    el('tr', {}, el('td', {}, c.stage), el('td', {}, c.reason), el('td', {}, c.count))));
  document.querySelector('#dlq-recent tbody').replaceChildren(...data.recent.slice(0, 20).map(d =>
    el('tr', {}, el('td', {title: d.at}, ago(d.at)), el('td', {}, d.stage), el('td', {}, d.reason),
      el('td', {}, d.message), el('td', {}, d.sourceTopic ? `${d.sourceTopic}/${d.sourcePartition}@${d.sourceOffset}` : ''))));
}

function showError(e) {
  if (e && e.message !== 'unauthorized') console.warn(e);
}

async function refresh() {
  await Promise.all([loadPipeline(), loadAlerts().catch(showError), loadSegments().catch(showError),
    loadDeadLetters().catch(showError), loadSilences()]);
  if (state.segment) await loadSegment().catch(showError);
  document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
}

function fromHash() {
  const m = /segment=([^&]+)/.exec(location.hash);
  if (m) selectSegment(decodeURIComponent(m[1]));
}

function init() {
  document.querySelectorAll('.tab').forEach(tab => tab.addEventListener('click', () => {
    state.alertState = tab.dataset.state;
    document.querySelectorAll('.tab').forEach(t => t.classList.toggle('active', t === tab));
    loadAlerts().catch(showError);
  }));
  let searchTimer = null;
  document.getElementById('segment-search').addEventListener('input', e => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { state.query = e.target.value.trim(); state.offset = 0; loadSegments().catch(showError); }, 250);
  });
  document.getElementById('prev').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE); loadSegments().catch(showError);
  });
  document.getElementById('next').addEventListener('click', () => {
    state.offset += PAGE_SIZE; loadSegments().catch(showError);
  });
  document.getElementById('auth-form').addEventListener('submit', e => {
    e.preventDefault();
    localStorage.setItem('genaimon.apiKey', document.getElementById('api-key').value.trim());
    document.getElementById('auth').classList.add('hidden');
    refresh();
  });
  document.getElementById('auto-refresh').addEventListener('change', e => {
    clearInterval(state.timer);
    if (e.target.checked) state.timer = setInterval(refresh, REFRESH_MS);
  });
  window.addEventListener('hashchange', fromHash);
  fromHash();
  refresh();
  state.timer = setInterval(refresh, REFRESH_MS);
}

init();
