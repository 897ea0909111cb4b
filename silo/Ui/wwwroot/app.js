// The product dashboard (docs/dashboard.md). Plain JS, no libraries: data comes from /ui/api/* with the session cookie;
// actions carry the session's CSRF token. Every text from the server is set with textContent, never as HTML.
'use strict';

const $ = id => document.getElementById(id);
// The SVG namespace, read from an <svg> the HTML parser made (no namespace URI written in the source).
const SVG = (() => { const t = document.createElement('template'); t.innerHTML = '<svg></svg>'; return t.content.firstChild.namespaceURI; })();
const state = { csrf: null, refreshMs: 5000, timer: null, events: [], eventsNext: '', switches: new Map(), switchesNext: '0',
  audit: [], auditNext: '0', dbAfter: null, dbPages: [], dbSearch: '' };

async function api(path, options = {}) {
  const init = { method: options.method || 'GET', headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
  if (init.method !== 'GET') {
    init.headers['X-CSRF-Token'] = state.csrf || '';
    if (options.body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(options.body); }
  }
  const response = await fetch(path, init);
  if (response.status === 401 && !options.login) { showLogin(); throw new Error('Not logged in.'); }
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) { throw new Error(body && (body.detail || body.title) || ('HTTP ' + response.status)); }
  return body;
}

function showLogin(message) {
  clearInterval(state.timer);
  $('main').hidden = true; $('nav').hidden = true; $('who').hidden = true;
  $('login-panel').hidden = false;
  if (message) { $('login-error').textContent = message; }
}

async function start() {
  let session;
  try { session = await api('/ui/api/session', { login: true }); } catch { session = null; }
  if (!session || !session.csrf_token) { showLogin(); return; }
  state.csrf = session.csrf_token;
  state.refreshMs = session.refresh_ms || 5000;
  $('credential').textContent = session.credential;
  $('login-panel').hidden = true; $('main').hidden = false; $('nav').hidden = false; $('who').hidden = false;
  await refresh();
  clearInterval(state.timer);
  state.timer = setInterval(refresh, state.refreshMs);
}

// One refresh at a time: a slow one is not overlapped by the next tick (the cursors of the event and audit feeds
// must not be read twice).
async function refresh() {
  if (state.refreshing) { state.again = true; return; }
  state.refreshing = true;
  try {
    do {
      state.again = false;
      const failures = [];
      for (const step of [loadEngines, loadSwitches, loadEvents, loadDatabases, loadSessions, loadTiers, loadAudit]) {
        try { await step(); } catch (e) { failures.push(e.message); }
      }
      $('error').textContent = failures.join(' ');
      $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      drawTimeline();
    } while (state.again && state.csrf);
  } finally {
    state.refreshing = false;
  }
}

// --- engines -------------------------------------------------------------------------------------------------
async function loadEngines() {
  const [list, history] = await Promise.all([api('/ui/api/engines'), api('/ui/api/engines/history')]);
  const box = $('engines');
  const seen = new Set();
  for (const e of list.engines) {
    seen.add(e.id);
    let card = box.querySelector(`[data-engine="${CSS.escape(e.id)}"]`);
    if (!card) { card = engineCard(e.id); box.appendChild(card); }
    card.querySelector('.kind').textContent = e.kind + (e.group ? ' · group ' + e.group : '');
    badge(card.querySelector('.state'), e.state);
    badge(card.querySelector('.circuit'), e.circuit);
    card.querySelector('.circuit').dataset.circuit = e.circuit;
    card.querySelector('.role').textContent = 'role ' + e.role + ' · weight ' + e.weight;
    card.querySelector('.now').textContent = 'p50 ' + ms(e.latency_ms.p50) + ' · p99 ' + ms(e.latency_ms.p99) + ' · errors ' + pct(e.error_rate);
    const samples = history.engines[e.id] || [];
    plot(card.querySelector('.latency'), samples, [['p99', '#c2410c'], ['p50', '#2563eb']], 'latency ms (p99 orange, p50 blue)', v => v.toFixed(1));
    plot(card.querySelector('.errors'), samples, [['error_rate', '#b91c1c']], 'error rate', v => (v * 100).toFixed(0) + '%', 1);
  }
  for (const card of [...box.children]) { if (!seen.has(card.dataset.engine)) { card.remove(); } }
}

function engineCard(id) {
  const card = document.createElement('div');
  card.className = 'engine'; card.dataset.engine = id;
  const h = document.createElement('h3'); h.textContent = id; card.appendChild(h);
  for (const cls of ['kind muted', 'line']) { const p = document.createElement('div'); p.className = cls; card.appendChild(p); }
  const line = card.querySelector('.line');
  for (const cls of ['state badge', 'circuit badge', 'role muted']) { const s = document.createElement('span'); s.className = cls; line.appendChild(s); }
  const now = document.createElement('div'); now.className = 'now muted'; card.appendChild(now);
  for (const cls of ['latency', 'errors']) { const c = document.createElement('canvas'); c.className = cls; c.width = 320; c.height = 90; card.appendChild(c); }
  return card;
}

// A line plot of samples over time; red bands where the circuit was open.
function plot(canvas, samples, series, label, format, fixedMax) {
  const g = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height, left = 40, bottom = 14, top = 12;
  g.clearRect(0, 0, w, h);
  g.font = '10px system-ui'; g.fillStyle = '#6b7785';
  g.fillText(label, left, 10);
  if (samples.length < 1) { g.fillText('no samples yet', left, h / 2); return; }
  const t0 = Date.parse(samples[0].at), t1 = Math.max(Date.parse(samples[samples.length - 1].at), t0 + 1000);
  const x = t => left + (w - left - 4) * (Date.parse(t) - t0) / (t1 - t0);
  let max = fixedMax || 0;
  for (const s of samples) { for (const [key] of series) { if (s[key] != null) { max = Math.max(max, s[key]); } } }
  if (max <= 0) { max = 1; }
  const y = v => top + (h - top - bottom) * (1 - v / max);
  g.fillStyle = 'rgba(220, 38, 38, 0.15)';
  for (let i = 0; i < samples.length; i++) {
    if (samples[i].circuit === 'Open') {
      const next = samples[i + 1] ? x(samples[i + 1].at) : w - 4;
      g.fillRect(x(samples[i].at), top, Math.max(2, next - x(samples[i].at)), h - top - bottom);
    }
  }
  g.strokeStyle = '#d5dae1'; g.beginPath(); g.moveTo(left, top); g.lineTo(left, h - bottom); g.lineTo(w - 4, h - bottom); g.stroke();
  g.fillStyle = '#6b7785';
  g.fillText(format(max), 2, top + 8); g.fillText(format(0), 2, h - bottom);
  g.fillText(new Date(t0).toLocaleTimeString(), left, h - 2);
  const end = new Date(t1).toLocaleTimeString();
  g.fillText(end, w - 4 - g.measureText(end).width, h - 2);
  for (const [key, color] of series) {
    g.strokeStyle = color; g.lineWidth = 1.5; g.beginPath();
    let drawing = false;
    for (const s of samples) {
      if (s[key] == null) { drawing = false; continue; }
      if (drawing) { g.lineTo(x(s.at), y(s[key])); } else { g.moveTo(x(s.at), y(s[key])); drawing = true; }
    }
    g.stroke();
  }
}

// --- switches and approvals ------------------------------------------------------------------------------------
async function loadSwitches() {
  for (;;) {
    const page = await api('/ui/api/switches?limit=1000&since=' + encodeURIComponent(state.switchesNext));
    for (const s of page.switches) { state.switches.set(s.id, s); }
    state.switchesNext = page.next;
    if (page.switches.length < 1000) { break; }
  }
  const pending = [...state.switches.values()].filter(s => s.state === 'pending_approval');
  const body = $('approvals').tBodies[0];
  body.replaceChildren();
  for (const s of pending) {
    const row = body.insertRow(); row.dataset.switch = s.id;
    for (const v of [s.id, s.app + '/' + s.database, s.source, s.target, s.policy ? 'policy:' + s.policy : s.requested_by, time(s.expires_at)]) { cell(row, v); }
    const actions = row.insertCell();
    actions.appendChild(button('Approve', 'approve', () => decide(s.id, 'approve')));
    actions.appendChild(document.createTextNode(' '));
    actions.appendChild(button('Reject', 'reject', () => decide(s.id, 'reject')));
  }
  $('approvals-empty').hidden = pending.length > 0;
}

async function decide(id, verb) {
  const result = $('approval-result');
  result.textContent = (verb === 'approve' ? 'Approving ' : 'Rejecting ') + id + '…';
  try {
    const answer = await api('/ui/api/switches/' + encodeURIComponent(id) + '/' + verb, { method: 'POST' });
    result.textContent = verb === 'approve'
      ? `${id}: ${answer.state}${answer.write_pause_ms != null ? ', write pause ' + answer.write_pause_ms.toFixed(1) + ' ms' : ''}${answer.error ? ' — ' + answer.error : ''}`
      : `${id}: rejected`;
  } catch (e) {
    result.textContent = id + ': ' + e.message;
  }
  await refresh();
}

// --- events timeline --------------------------------------------------------------------------------------------
async function loadEvents() {
  for (;;) {
    const page = await api('/ui/api/engines/events?limit=1000' + (state.eventsNext ? '&since=' + encodeURIComponent(state.eventsNext) : ''));
    state.events.push(...page.events);
    state.eventsNext = page.next;
    if (page.events.length < 1000) { break; }
  }
  if (state.events.length > 2000) { state.events.splice(0, state.events.length - 2000); }
}

function timelineItems() {
  const items = state.events.map(e => ({ at: Date.parse(e.at), end: null, kind: 'engine', lane: e.engine, subject: e.engine,
    what: e.type + (e.from || e.to ? ` ${e.from || ''} → ${e.to || ''}` : ''), detail: e.reason, cls: e.to || e.type }));
  for (const s of state.switches.values()) {
    const at = Date.parse(s.started_at || s.created_at);
    items.push({ at, end: s.ended_at ? Date.parse(s.ended_at) : (s.state === 'running' ? Date.now() : at), kind: 'switch', lane: 'switches',
      subject: s.app + '/' + s.database, what: `${s.source} → ${s.target} ${s.state}`,
      detail: s.write_pause_ms != null ? `write pause ${s.write_pause_ms.toFixed(1)} ms` : (s.error || ''), cls: s.state });
  }
  return items.sort((a, b) => a.at - b.at);
}

function drawTimeline() {
  const now = Date.now(), all = timelineItems();
  let windowMs = Number($('window').value);
  if ($('window').value === 'auto') {
    const recent = all.filter(i => (i.end || i.at) >= now - 86400000);
    const first = recent.length ? Math.min(...recent.map(i => i.at)) : now - 60000;
    windowMs = Math.max(60000, (now - first) * 1.05);
  }
  const from = now - windowMs;
  const items = all.filter(i => (i.end || i.at) >= from);
  const lanes = [...new Set(items.map(i => i.lane))];
  const width = 1000, laneHeight = 22, left = 140, height = 30 + laneHeight * Math.max(1, lanes.length);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const x = t => left + (width - left - 10) * (Math.max(t, from) - from) / windowMs;
  const add = (name, attributes, text) => {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attributes)) { node.setAttribute(k, v); }
    if (text != null) { node.textContent = text; }
    svg.appendChild(node); return node;
  };
  for (let i = 0; i <= 4; i++) {
    const t = from + windowMs * i / 4;
    add('line', { x1: x(t), x2: x(t), y1: 0, y2: height - 16, stroke: '#e6e9ee' });
    add('text', { x: x(t), y: height - 4, 'font-size': 10, fill: '#6b7785', 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' }, new Date(t).toLocaleTimeString());
  }
  lanes.forEach((lane, i) => add('text', { x: 4, y: 16 + i * laneHeight, 'font-size': 11, fill: '#1d232a' }, lane));
  const colors = { completed: '#15803d', rolled_back: '#b91c1c', failed: '#b91c1c', running: '#ca8a04', pending_approval: '#ca8a04',
    rejected: '#6b7785', expired: '#6b7785', Healthy: '#15803d', Degraded: '#ca8a04', Unhealthy: '#b91c1c', Failed: '#b91c1c', Open: '#b91c1c', Closed: '#15803d' };
  for (const item of items) {
    const row = lanes.indexOf(item.lane), y = 6 + row * laneHeight, color = colors[item.cls] || '#2563eb';
    const mark = item.end != null
      ? add('rect', { x: x(item.at), y, width: Math.max(4, x(item.end) - x(item.at)), height: 12, fill: color, rx: 2 })
      : add('circle', { cx: x(item.at), cy: y + 6, r: 5, fill: color });
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${new Date(item.at).toLocaleString()} ${item.subject}: ${item.what} ${item.detail || ''}`;
    mark.appendChild(title);
  }
  $('timeline').replaceChildren(svg);
  const body = $('events').tBodies[0];
  body.replaceChildren();
  for (const item of items.slice().reverse().slice(0, 50)) {
    const row = body.insertRow();
    cell(row, new Date(item.at).toLocaleString()); cell(row, item.kind); cell(row, item.subject); cell(row, item.what, item.cls); cell(row, item.detail);
  }
}

// --- databases --------------------------------------------------------------------------------------------------
async function loadDatabases() {
  const query = new URLSearchParams({ limit: '50' });
  if (state.dbSearch) { query.set('search', state.dbSearch); }
  if (state.dbAfter) { query.set('after', state.dbAfter); }
  const page = await api('/ui/api/databases?' + query);
  const body = $('databases').tBodies[0];
  body.replaceChildren();
  for (const d of page.databases) {
    const row = body.insertRow(); row.dataset.key = d.app + '/' + d.database;
    cell(row, d.app); cell(row, d.database); cell(row, d.status, d.status); cell(row, d.engine);
    cell(row, time(d.last_activity)); cell(row, time(d.created_at)); cell(row, time(d.woke_at)); cell(row, d.silo);
  }
  state.dbNext = page.next;
  $('db-next').disabled = !page.next;
  $('db-prev').disabled = !state.dbAfter;
  $('db-count').textContent = `${page.databases.length} shown${page.next ? ', more on the next page' : ''}${state.dbSearch ? ' matching "' + state.dbSearch + '"' : ''}`;
}

// --- sessions (docs/sessions.md) -----------------------------------------------------------------------------------
async function loadSessions() {
  const query = new URLSearchParams({ limit: '100' });
  if ($('session-protocol').value) { query.set('protocol', $('session-protocol').value); }
  if ($('session-state').value) { query.set('state', $('session-state').value); }
  if ($('session-tier').value) { query.set('tier', $('session-tier').value); }
  const page = await api('/ui/api/sessions?' + query);
  const body = $('sessions').tBodies[0];
  body.replaceChildren();
  for (const s of page.sessions) {
    const row = body.insertRow(); row.dataset.session = s.id;
    cell(row, s.id); cell(row, s.protocol); cell(row, s.app + '/' + s.database); cell(row, s.client_address + ':' + s.client_port);
    cell(row, s.application_name); cell(row, s.privilege); cell(row, s.state, s.state === 'open' ? 'ok' : '');
    cell(row, tierText(s), s.tier_source === 'rule' ? 'ok' : '');
    cell(row, s.load.statements); cell(row, s.load.rate_per_second.toFixed(2)); cell(row, ms(s.load.p50_ms)); cell(row, ms(s.load.p99_ms));
    cell(row, time(s.last_active_at));
    const actions = row.insertCell();
    if (s.state === 'open') { actions.appendChild(button('Kill', 'kill', () => killSession(s.id))); }
  }
  $('session-count').textContent = `${page.sessions.length} shown${page.next ? ' (the first 100)' : ''}`;
}

// The tier and why (docs/tiers.md): "High (rule 0)", "Low (model 0.82)", "Medium (default)"; '-' before the first classification.
function tierText(s) {
  if (!s.tier) { return '-'; }
  if (s.tier_source === 'rule') { return `${s.tier} (rule ${s.tier_rule})`; }
  if (s.tier_source === 'model') { return `${s.tier} (model ${Number(s.tier_confidence).toFixed(2)})`; }
  return `${s.tier} (${s.tier_source || 'default'})`;
}

// --- tiers (docs/tiers.md, "Admission") ---------------------------------------------------------------------------
async function loadTiers() {
  const status = await api('/ui/api/tiers');
  $('tier-enabled').textContent = status.enabled ? 'on' : 'off';
  $('tier-sessions').textContent = Object.entries(status.sessions).map(([tier, n]) => `${tier} ${n}`).join(', ');
  const body = $('tiers').tBodies[0];
  body.replaceChildren();
  for (const e of status.engines) {
    for (const t of e.tiers) {
      const row = body.insertRow(); row.dataset.engine = e.engine; row.dataset.tier = t.tier;
      cell(row, `${e.engine} (${e.in_flight}/${e.slots}, ${e.reserved_high} High)`); cell(row, t.tier); cell(row, t.weight);
      cell(row, t.in_flight); cell(row, `${t.queued}/${t.queue_limit}`, t.queued > 0 ? 'pending_approval' : ''); cell(row, t.admitted); cell(row, t.queued_total);
      cell(row, t.throttled); cell(row, t.rejected_queue_full, t.rejected_queue_full > 0 ? 'rejected' : ''); cell(row, t.rejected_timeout, t.rejected_timeout > 0 ? 'rejected' : '');
      const r = t.recent || { statements: 0 };
      cell(row, r.statements ? `${r.latency_p50_ms.toFixed(2)} / ${r.latency_p99_ms.toFixed(2)}` : '-');
      cell(row, r.statements ? `${r.queue_wait_p50_ms.toFixed(2)} / ${r.queue_wait_p99_ms.toFixed(2)}` : '-');
      // The slots the tier may hold now; Low's and Background's follow High's latency when the adaptive limit is on.
      cell(row, e.adaptive && t.tier === 'Low' ? `${t.limit} (High ${e.high_recent_ms.toFixed(2)} / ${e.high_baseline_ms.toFixed(2)} ms)` : t.limit);
    }
  }
  sampleTiers(status);
}

// Per engine, the last TIER_SAMPLES samples the page took (one per refresh): per tier queued, in flight and the last
// minute's p99 latency, drawn as one SVG plot per quantity with a line per tier.
const TIER_SAMPLES = 90;
const TIER_COLORS = { High: '#b91c1c', Medium: '#2563eb', Low: '#ca8a04', Background: '#6b7785' };
const tierHistory = new Map();
function sampleTiers(status) {
  const at = Date.now();
  for (const e of status.engines) {
    const history = tierHistory.get(e.engine) || [];
    history.push({ at, tiers: Object.fromEntries(e.tiers.map(t => [t.tier, { queued: t.queued, in_flight: t.in_flight, p99: t.recent ? t.recent.latency_p99_ms : 0 }])) });
    if (history.length > TIER_SAMPLES) { history.shift(); }
    tierHistory.set(e.engine, history);
  }
  const cards = [];
  for (const [engine, history] of tierHistory) {
    const card = document.createElement('div'); card.className = 'tier-plots'; card.dataset.engine = engine;
    const title = document.createElement('h3'); title.textContent = engine; card.appendChild(title);
    for (const [key, label] of [['queued', 'queue length'], ['in_flight', 'in flight'], ['p99', 'p99 latency (ms, last minute)']]) {
      card.appendChild(tierPlot(history, key, label));
    }
    cards.push(card);
  }
  $('tier-plots').replaceChildren(...cards);
}

function tierPlot(history, key, label) {
  const width = 320, height = 110, left = 36, bottom = 14, top = 14;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`); svg.classList.add('tier-plot'); svg.dataset.plot = key;
  const add = (name, attributes, text) => {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attributes)) { node.setAttribute(k, v); }
    if (text != null) { node.textContent = text; }
    svg.appendChild(node); return node;
  };
  const tiers = Object.keys(TIER_COLORS);
  const max = Math.max(1e-9, ...history.flatMap(s => tiers.map(t => (s.tiers[t] || {})[key] || 0)));
  const x = i => left + (width - left - 4) * (history.length < 2 ? 1 : i / (history.length - 1));
  const y = v => top + (height - top - bottom) * (1 - v / max);
  add('text', { x: left, y: 10, 'font-size': 10, fill: '#1d232a' }, label);
  add('line', { x1: left, x2: width - 4, y1: height - bottom, y2: height - bottom, stroke: '#e6e9ee' });
  add('text', { x: left - 3, y: top + 4, 'font-size': 9, fill: '#6b7785', 'text-anchor': 'end' }, Number(max.toPrecision(3)));
  add('text', { x: left - 3, y: height - bottom, 'font-size': 9, fill: '#6b7785', 'text-anchor': 'end' }, 0);
  for (const tier of tiers) {
    const points = history.map((s, i) => `${x(i).toFixed(1)},${y((s.tiers[tier] || {})[key] || 0).toFixed(1)}`).join(' ');
    const line = add('polyline', { points, fill: 'none', stroke: TIER_COLORS[tier], 'stroke-width': 1.5 });
    line.classList.add('tier-series'); line.dataset.tier = tier;
    const last = (history[history.length - 1].tiers[tier] || {})[key] || 0;
    const t = document.createElementNS(SVG, 'title'); t.textContent = `${tier}: ${last}`; line.appendChild(t);
  }
  return svg;
}

async function killSession(id) {
  if (!confirm('Kill session ' + id + '? Its client is disconnected.')) { return; }
  try {
    await api('/ui/api/sessions/' + encodeURIComponent(id), { method: 'DELETE' });
    $('session-result').textContent = 'Killed session ' + id + '.';
  } catch (e) {
    $('session-result').textContent = e.message;
  }
  await loadSessions().catch(e => { $('error').textContent = e.message; });
}

// --- audit ------------------------------------------------------------------------------------------------------
async function loadAudit() {
  let chain;
  for (;;) {
    const page = await api('/ui/api/audit?limit=1000&since=' + encodeURIComponent(state.auditNext));
    state.audit.push(...page.rows);
    state.auditNext = page.next;
    chain = page.chain;
    if (page.rows.length < 1000) { break; }
  }
  if (state.audit.length > 500) { state.audit.splice(0, state.audit.length - 500); }
  const verdict = $('audit-chain');
  verdict.textContent = chain.intact ? `intact (${chain.rows_checked} rows checked)` : `BROKEN at row ${chain.broken_at}: ${chain.reason}`;
  verdict.className = 'badge ' + (chain.intact ? 'ok' : 'broken');
  const body = $('audit').tBodies[0];
  body.replaceChildren();
  for (const r of state.audit.slice().reverse().slice(0, 100)) {
    const row = body.insertRow(); row.dataset.action = r.action;
    cell(row, r.seq); cell(row, time(r.at)); cell(row, r.actor); cell(row, r.action); cell(row, r.target); cell(row, r.result, r.result === 'ok' ? 'ok' : '');
  }
}

// --- helpers ----------------------------------------------------------------------------------------------------
function cell(row, value, cls) { const td = row.insertCell(); td.textContent = value == null ? '' : String(value); if (cls) { td.className = 'badge-cell ' + cls; } return td; }
function badge(node, value) { node.textContent = value; node.className = node.className.split(' ').filter(c => c === 'badge' || c === 'state' || c === 'circuit').join(' ') + ' ' + value; }
function button(text, cls, action) { const b = document.createElement('button'); b.type = 'button'; b.textContent = text; b.className = cls; b.addEventListener('click', action); return b; }
function time(value) { return value ? new Date(value).toLocaleString() : ''; }
function ms(value) { return value == null ? '–' : value.toFixed(1) + ' ms'; }
function pct(value) { return (value * 100).toFixed(0) + '%'; }

$('login').addEventListener('submit', async event => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    await api('/ui/login', { method: 'POST', body: { key: $('key').value }, login: true });
    $('key').value = '';
    await start();
  } catch (e) {
    $('login-error').textContent = e.message;
  }
});
$('logout').addEventListener('click', async () => {
  try { await api('/ui/logout', { method: 'POST' }); } catch { /* the session is gone either way */ }
  state.csrf = null;
  showLogin('Logged out.');
});
let searchTimer = null;
$('db-search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => { state.dbSearch = $('db-search').value.trim(); state.dbAfter = null; state.dbPages = []; loadDatabases().catch(e => { $('error').textContent = e.message; }); }, 250);
});
$('db-next').addEventListener('click', () => { if (state.dbNext) { state.dbPages.push(state.dbAfter); state.dbAfter = state.dbNext; loadDatabases(); } });
$('db-prev').addEventListener('click', () => { state.dbAfter = state.dbPages.pop() || null; loadDatabases(); });
$('window').addEventListener('change', drawTimeline);
for (const id of ['session-protocol', 'session-state', 'session-tier']) { $(id).addEventListener('change', () => loadSessions().catch(e => { $('error').textContent = e.message; })); }
start();
