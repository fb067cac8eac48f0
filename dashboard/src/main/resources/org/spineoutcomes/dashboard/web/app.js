// The spine-outcomes dashboard page: reads the JSON API, draws with Chart.js, and refreshes whenever the
// server announces a new version over server-sent events (no reload). Every figure carries its raw value in
// a data-value attribute (what tests compare with the topic); suppressed cells show the word, never a number.
'use strict';

(function () {
  const COLORS = {
    open: '#d9822b', micro: '#2b6cb0', ci: '#7b8794', point: '#334155',
    better: '#1e7b45', worse: '#b4352c', neutral: '#475569', bar: '#8796ab', grid: '#e8ecf1'
  };
  const DIMENSION_LABELS = {
    hospital: 'Hospital', condition: 'Condition', technique: 'Technique', region: 'Spinal region', quarter: 'Quarter'
  };
  const REASON_LABELS = {
    BAD_JSON: 'Not JSON', UNKNOWN_TYPE: 'Unknown event type', MISSING_FIELD: 'Missing field',
    WRONG_TYPE: 'Wrong type', UNKNOWN_ENUM: 'Unknown code', OUT_OF_RANGE: 'Out of range', BAD_TIMESTAMP: 'Bad timestamp'
  };

  // ---- access token: from ?token= once, then kept for this tab only and taken out of the address bar ----
  const params = new URLSearchParams(location.search);
  let token = params.get('token') || sessionStorage.getItem('spine-outcomes-token');
  if (params.has('token')) {
    sessionStorage.setItem('spine-outcomes-token', token);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
  }

  async function api(path) {
    const response = await fetch(path, { headers: token ? { Authorization: 'Bearer ' + token } : {} });
    if (response.status === 401) {
      document.getElementById('auth-banner').hidden = false;
      document.getElementById('status-text').textContent = 'Needs the access token';
      throw new Error('unauthorized');
    }
    if (!response.ok) {
      throw new Error(path + ': HTTP ' + response.status);
    }
    return response.json();
  }

  // ---- formatting ----
  const MINUS = '\u2212';
  function fmt(x, decimals) {
    if (x === null || x === undefined) return '\u2014';
    const s = Math.abs(x).toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    const zero = Number(Math.abs(x).toFixed(decimals)) === 0;
    return (x < 0 && !zero ? MINUS : '') + s;
  }
  function signed(x, decimals) {
    const s = fmt(x, decimals);
    return x > 0 && Number(x.toFixed(decimals)) !== 0 ? '+' + s : s;
  }
  function fmtP(p) {
    if (p === null || p === undefined) return '\u2014';
    if (p < 0.001) return '< 0.001';
    return p.toFixed(3);
  }
  function count(n) {
    return n === null || n === undefined ? '\u2014' : n.toLocaleString('en-GB');
  }
  function pretty(value) {
    if (/^[A-Z][A-Z_]{3,}$/.test(value)) {
      const words = value.toLowerCase().split('_');
      return words.map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');
    }
    return value;
  }
  const binary = c => c && c.kind === 'BINARY';
  // Binary differences are shown in percentage points, rates in per cent; continuous in the metric's unit.
  const scale = c => (binary(c) ? 100 : 1);
  const diffUnit = (info, c) => (binary(c) ? 'pp' : info.unit);
  const diffDecimals = (info, c) => (binary(c) ? 1 : info.decimals);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? 'true' : String(v));
    }
    for (const c of children) {
      if (c !== null && c !== undefined) e.append(c);
    }
    return e;
  }
  function figure(field, value, text, cls) {
    return el('span', { class: cls || 'fig', 'data-field': field, 'data-value': value, text: text });
  }

  function verdict(est, lo, hi, info) {
    if (est === null || est === undefined || lo === null || hi === null) return null;
    let text = 'no clear difference';
    let cls = 'verdict';
    if (hi < 0 || lo > 0) {
      const lower = hi < 0;
      text = (lower ? 'lower' : 'higher') + ' with microscopic';
      cls += lower === info.lowerIsBetter ? ' better' : ' worse';
    }
    return el('span', { class: cls, text: text });
  }
  function verdictColor(est, lo, hi, info) {
    if (est === null || lo === null || hi === null || (lo <= 0 && hi >= 0)) return COLORS.neutral;
    return (hi < 0) === info.lowerIsBetter ? COLORS.better : COLORS.worse;
  }

  // ---- table cells ----
  function armCell(arm, c, info, prefix, compact) {
    const td = el('td', { class: 'arm', 'data-field': prefix });
    if (!arm) {
      td.append(el('span', { class: 'fig missing', text: '\u2014' }));
      return td;
    }
    if (arm.suppressed) {
      td.classList.add('suppressed');
      td.setAttribute('data-suppressed', 'true');
      td.setAttribute('title', 'Fewer than 11 procedures: no figure is shown');
      td.append(el('span', { class: 'fig', text: 'suppressed' }));
      return td;
    }
    if (binary(c)) {
      td.append(figure(prefix + '.rate', arm.rate, fmt(arm.rate * 100, info.decimals) + '%'));
      td.append(el('span', { class: 'n' }, figure(prefix + '.events', arm.events, count(arm.events), 'v'), ' / ',
        figure(prefix + '.n', arm.n, count(arm.n), 'v')));
    } else {
      td.setAttribute('title', 'SD ' + fmt(arm.sd, info.decimals + 1) + '; median ' + fmt(arm.median, info.decimals)
        + ' (IQR ' + fmt(arm.q1, info.decimals) + ' to ' + fmt(arm.q3, info.decimals) + ')');
      td.append(figure(prefix + '.mean', arm.mean, fmt(arm.mean, info.decimals)));
      td.append(el('span', { class: 'n' }, 'n = ', figure(prefix + '.n', arm.n, count(arm.n), 'v')));
    }
    if (!compact && arm.due !== null && arm.due !== undefined && arm.completeness !== null && arm.completeness !== undefined) {
      td.append(el('span', { class: 'n due' }, figure(prefix + '.completeness', arm.completeness, fmt(arm.completeness * 100, 0) + '%', 'v'),
        ' of ', figure(prefix + '.due', arm.due, count(arm.due), 'v'), ' due'));
    }
    return td;
  }

  function estimateCell(prefix, est, lo, hi, c, info, extra) {
    const td = el('td', { class: 'diff' });
    const k = scale(c);
    const d = diffDecimals(info, c);
    td.append(figure(prefix + 'difference', est, signed(est * k, d) + (binary(c) ? ' pp' : ''), 'est'));
    td.append(el('span', { class: 'ci' }, ' (',
      figure(prefix + 'ciLow', lo, fmt(lo * k, d), 'v'), ' to ', figure(prefix + 'ciHigh', hi, fmt(hi * k, d), 'v'), ')'));
    const v = verdict(est, lo, hi, info);
    if (v) td.append(el('br'), v);
    if (extra) td.append(extra);
    return td;
  }

  function diffCell(c, info) {
    if (!c) return el('td', { class: 'diff missing', text: 'no data yet' });
    if (c.suppressed) {
      return el('td', { class: 'diff suppressed', 'data-field': 'difference', 'data-suppressed': true,
        title: 'An arm has fewer than 11 procedures' }, el('span', { class: 'fig', text: 'suppressed' }));
    }
    return estimateCell('', c.difference, c.ciLow, c.ciHigh, c, info, null);
  }

  function pooled(c) {
    const a = c && c.adjusted;
    if (!a || a.suppressed) return null;
    return binary(c) ? a.riskDifference : a.meanDifference;
  }

  function adjustedCell(c, info) {
    if (!c) return el('td', { class: 'diff missing', text: '\u2014' });
    const a = c.adjusted;
    if (!a) return el('td', { class: 'diff missing', text: 'not yet available' });
    if (a.suppressed) {
      return el('td', { class: 'diff suppressed', 'data-field': 'adjusted', 'data-suppressed': true },
        el('span', { class: 'fig', text: 'suppressed' }));
    }
    const p = pooled(c);
    if (!p) return el('td', { class: 'diff missing', text: 'no stratum holds both approaches' });
    const n = el('span', { class: 'sub-n' }, 'n = ', figure('adjusted.n', a.n, count(a.n), 'v'), ' in ',
      figure('adjusted.strata', a.strata, count(a.strata), 'v'), ' strata');
    return estimateCell('adjusted.', p.estimate, p.ciLow, p.ciHigh, c, info, n);
  }

  function pCell(field, p) {
    return el('td', { class: 'p' }, figure(field, p, fmtP(p), 'v'));
  }

  // ---- charts ----
  const charts = {};
  const zeroLine = {
    id: 'zeroLine',
    beforeDatasetsDraw(chart, args, opts) {
      const axis = opts && opts.axis;
      const s = axis && chart.scales[axis];
      if (!s) return;
      const px = s.getPixelForValue(0);
      const a = chart.chartArea;
      if ((axis === 'x' && (px < a.left || px > a.right)) || (axis === 'y' && (px < a.top || px > a.bottom))) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = '#6b7280';
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      if (axis === 'x') { ctx.moveTo(px, a.top); ctx.lineTo(px, a.bottom); } else { ctx.moveTo(a.left, px); ctx.lineTo(a.right, px); }
      ctx.stroke();
      ctx.restore();
    }
  };

  function upsertChart(id, config) {
    const existing = charts[id];
    if (existing && existing.config.type === config.type) {
      existing.data = config.data;
      existing.options = config.options;
      existing.update('none');
      return existing;
    }
    if (existing) existing.destroy();
    const canvas = document.getElementById(id);
    if (!canvas) return null;
    charts[id] = new Chart(canvas, config);
    return charts[id];
  }

  // A value axis that always shows zero (the line of no difference), with round ticks around the data.
  function zeroRange(values) {
    const finite = values.filter(v => v !== null && v !== undefined && isFinite(v));
    return { suggestedMin: Math.min(0, ...finite), suggestedMax: Math.max(0, ...finite), grace: '6%' };
  }

  // A forest-style chart: a horizontal 95% CI bar and a point per row, with a dashed line at zero.
  function ciChart(id, rows, opts) {
    const all = rows.flatMap(r => [r.lo, r.hi, r.est]);
    const range = zeroRange(all);
    return upsertChart(id, {
      type: 'bar',
      data: {
        labels: rows.map(r => r.label),
        datasets: [
          { type: 'bar', data: rows.map(r => (r.lo === null ? null : [r.lo, r.hi])), backgroundColor: rows.map(r => r.color),
            barThickness: opts.mini ? 3 : 4, borderSkipped: false, grouped: false, order: 2 },
          { type: 'line', indexAxis: 'y', data: rows.map(r => r.est), showLine: false, order: 1,
            pointStyle: rows.map(r => (r.overall ? 'rectRot' : 'circle')),
            pointRadius: rows.map(r => (r.overall ? 8 : (opts.mini ? 4 : 5))), pointHoverRadius: 7,
            pointBackgroundColor: rows.map(r => r.color), pointBorderColor: '#fff', pointBorderWidth: 1 }
        ]
      },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: opts.mini ? { top: 2, bottom: 0, right: 4 } : { right: 10 } },
        scales: {
          x: Object.assign({ grid: { color: COLORS.grid },
            ticks: { maxTicksLimit: opts.mini ? 3 : 8, font: { size: opts.mini ? 10 : 12 }, callback: v => fmt(v, opts.tickDecimals) },
            title: { display: !!opts.xTitle, text: opts.xTitle || '' } }, range),
          y: { grid: { display: false }, ticks: { autoSkip: false, font: { size: opts.mini ? 10 : 12 }, color: '#1b2430' } }
        },
        plugins: {
          legend: { display: false },
          zeroLine: { axis: 'x' },
          tooltip: { enabled: !opts.mini, filter: item => item.datasetIndex === 1, callbacks: { label: ctx => rows[ctx.dataIndex].tooltip } }
        }
      }
    });
  }

  function miniChart(metric, c, info) {
    const wrapId = 'mini-' + metric;
    const k = scale(c);
    const p = pooled(c);
    const crude = c && !c.suppressed && c.difference !== null;
    const rows = [
      { label: 'crude', est: crude ? c.difference * k : null, lo: crude ? c.ciLow * k : null, hi: crude ? c.ciHigh * k : null },
      { label: 'adjusted', est: p ? p.estimate * k : null, lo: p ? p.ciLow * k : null, hi: p ? p.ciHigh * k : null }
    ];
    rows.forEach(r => { r.color = verdictColor(r.est, r.lo, r.hi, info); });
    ciChart(wrapId, rows, { mini: true, tickDecimals: diffDecimals(info, c) > 0 && !binary(c) ? 1 : 0 });
  }

  // ---- sections ----
  let metricsList = [];

  function renderHeadline(doc) {
    const body = document.querySelector('#headline-table tbody');
    for (const m of doc.metrics) {
      const info = m.metric;
      const c = m.comparison;
      let tr = body.querySelector('tr[data-metric="' + info.id + '"]');
      let mini;
      if (tr) {
        mini = tr.querySelector('td.mini');
      } else {
        const canvas = el('canvas', { id: 'mini-' + info.id, role: 'img', 'aria-label': 'difference with 95% CI, crude and adjusted' });
        mini = el('td', { class: 'mini' }, el('div', { class: 'mini-wrap' }, canvas));
        tr = el('tr', { 'data-metric': info.id }, mini);
        body.append(tr);
      }
      tr.setAttribute('data-kind', c ? c.kind : '');
      tr.setAttribute('data-present', c ? 'true' : 'false');
      const label = el('th', { class: 'outcome' }, info.label, el('span', { class: 'unit', text: binary(c) ? 'rate, %' : 'mean, ' + info.unit }));
      // Replace the figures, but leave the chart's cell (and its Chart.js instance) where it is.
      while (tr.firstChild !== mini) tr.removeChild(tr.firstChild);
      mini.before(label,
        armCell(c && c.open, c, info, 'open'), armCell(c && c.microscopic, c, info, 'microscopic'),
        diffCell(c, info), pCell('pValue', c && !c.suppressed ? c.pValue : null),
        adjustedCell(c, info), pCell('adjusted.pValue', c && c.adjusted && !c.adjusted.suppressed ? c.adjusted.pValue : null));
      miniChart(info.id, c, info);
    }
  }

  function fillMetricSelect(select, fallback) {
    const current = select.value || fallback;
    const ids = metricsList.map(m => m.id);
    if (select.options.length === ids.length && [...select.options].every((o, i) => o.value === ids[i])) return;
    select.replaceChildren(...metricsList.map(m => el('option', { value: m.id, text: m.label })));
    select.value = ids.includes(current) ? current : (ids.includes(fallback) ? fallback : ids[0] || '');
  }

  function stratumRow(c, info, label, overall) {
    const tr = el('tr', { 'data-value': overall ? 'all' : c.value, class: overall ? 'overall' : null });
    tr.append(el('th', { text: label }), armCell(c.open, c, info, 'open', true), armCell(c.microscopic, c, info, 'microscopic', true),
      diffCell(c, info), pCell('pValue', c.suppressed ? null : c.pValue));
    return tr;
  }

  function armN(arm) {
    return !arm ? '\u2014' : arm.suppressed ? 'suppressed' : count(arm.n);
  }

  function renderForest(doc) {
    const info = doc.metric;
    const list = (doc.overall ? [{ c: doc.overall, overall: true }] : []).concat(doc.strata.map(c => ({ c: c, overall: false })));
    const k = list.length && binary(list[0].c) ? 100 : 1;
    const d = list.length ? diffDecimals(info, list[0].c) : info.decimals;
    const rows = list.map(({ c, overall }) => {
      const name = overall ? 'Overall' : pretty(c.value);
      const has = !c.suppressed && c.difference !== null;
      const row = {
        overall: overall,
        label: c.suppressed ? name + '  \u00b7  suppressed' : name + '  \u00b7  n ' + armN(c.open) + ' / ' + armN(c.microscopic),
        est: has ? c.difference * k : null, lo: has ? c.ciLow * k : null, hi: has ? c.ciHigh * k : null
      };
      row.color = overall ? '#17324d' : verdictColor(row.est, row.lo, row.hi, info);
      row.tooltip = has ? signed(row.est, d) + ' (95% CI ' + fmt(row.lo, d) + ' to ' + fmt(row.hi, d) + '), p ' + fmtP(c.pValue)
        + '; n open ' + armN(c.open) + ', microscopic ' + armN(c.microscopic) : 'suppressed';
      return row;
    });
    document.getElementById('forest-empty').hidden = list.length > 0;
    document.getElementById('forest-chart-wrap').style.height = Math.max(180, 64 + rows.length * 40) + 'px';
    const unit = list.length ? diffUnit(info, list[0].c) : info.unit;
    ciChart('forest-chart', rows, {
      tickDecimals: k === 100 ? 0 : Math.max(0, info.decimals - 1),
      xTitle: info.label + ': microscopic \u2212 open (' + unit + '), 95% CI'
    });
    const body = document.querySelector('#forest-table tbody');
    body.replaceChildren(...list.map(({ c, overall }) => stratumRow(c, info, overall ? 'Overall' : pretty(c.value), overall)));
    document.getElementById('forest').setAttribute('data-dimension', doc.dimension);
    document.getElementById('forest').setAttribute('data-metric', info.id);
  }

  function renderTrends(doc) {
    const info = doc.metric;
    const strata = doc.strata;
    const k = strata.length && binary(strata[0]) ? 100 : 1;
    const value = arm => (!arm || arm.suppressed ? null : (binary(strata[0]) ? arm.rate * 100 : arm.mean));
    const labels = strata.map(c => c.value);
    const unit = k === 100 ? '%' : info.unit;
    document.getElementById('trends-empty').hidden = strata.length > 0;
    upsertChart('trend-arms', {
      type: 'line',
      data: {
        labels: labels,
        datasets: [
          { label: 'Open', data: strata.map(c => value(c.open)), borderColor: COLORS.open, backgroundColor: COLORS.open, pointRadius: 4, spanGaps: false, tension: 0.15 },
          { label: 'Microscopic', data: strata.map(c => value(c.microscopic)), borderColor: COLORS.micro, backgroundColor: COLORS.micro, pointRadius: 4, spanGaps: false, tension: 0.15 }
        ]
      },
      options: {
        maintainAspectRatio: false, animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: { y: { title: { display: true, text: info.label + ' (' + unit + ')' }, grid: { color: COLORS.grid } }, x: { grid: { display: false } } },
        plugins: {
          legend: { position: 'top', align: 'end', labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: ctx => {
            const c = strata[ctx.dataIndex];
            const arm = ctx.datasetIndex === 0 ? c.open : c.microscopic;
            return ctx.dataset.label + ': ' + (arm.suppressed ? 'suppressed' : fmt(ctx.parsed.y, info.decimals) + (k === 100 ? '%' : '') + ', n ' + count(arm.n));
          } } }
        }
      }
    });
    const d = k === 100 ? 1 : info.decimals;
    const rows = strata.map(c => {
      const has = !c.suppressed && c.difference !== null;
      return { est: has ? c.difference * k : null, lo: has ? c.ciLow * k : null, hi: has ? c.ciHigh * k : null, c: c };
    });
    const range = zeroRange(rows.flatMap(r => [r.lo, r.hi]));
    upsertChart('trend-diff', {
      type: 'bar',
      data: {
        labels: labels,
        datasets: [
          { type: 'bar', data: rows.map(r => (r.lo === null ? null : [r.lo, r.hi])), backgroundColor: rows.map(r => verdictColor(r.est, r.lo, r.hi, info)), barThickness: 4, grouped: false, order: 2 },
          { type: 'line', data: rows.map(r => r.est), showLine: false, pointRadius: 5, order: 1,
            pointBackgroundColor: rows.map(r => verdictColor(r.est, r.lo, r.hi, info)), pointBorderColor: '#fff' }
        ]
      },
      options: {
        maintainAspectRatio: false, animation: false,
        scales: { y: Object.assign({ grid: { color: COLORS.grid }, ticks: { callback: v => fmt(v, k === 100 ? 0 : Math.max(0, info.decimals - 1)) },
          title: { display: true, text: k === 100 ? 'percentage points' : info.unit } }, range), x: { grid: { display: false } } },
        plugins: {
          legend: { display: false }, zeroLine: { axis: 'y' },
          tooltip: { filter: item => item.datasetIndex === 1, callbacks: { label: ctx => {
            const r = rows[ctx.dataIndex];
            return r.est === null ? 'suppressed' : signed(r.est, d) + ' (95% CI ' + fmt(r.lo, d) + ' to ' + fmt(r.hi, d) + '), p ' + fmtP(r.c.pValue)
              + '; n ' + armN(r.c.open) + ' / ' + armN(r.c.microscopic);
          } } }
        }
      }
    });
    document.getElementById('trends').setAttribute('data-metric', info.id);
  }

  function renderDataQuality(doc) {
    const set = (field, value, text) => {
      const td = document.querySelector('#accepted-table [data-field="' + field + '"]');
      td.setAttribute('data-value', value === null || value === undefined ? '' : value);
      td.textContent = text;
    };
    for (const topic of ['procedures', 'follow-ups', 'consent-withdrawals']) {
      const n = doc.accepted[topic];
      set(topic, n, n === null || n === undefined ? 'no topic yet' : count(n));
    }
    set('acceptedTotal', doc.acceptedTotal, count(doc.acceptedTotal));
    set('deadLettered', doc.deadLettered.total, count(doc.deadLettered.total));
    const all = doc.acceptedTotal + doc.deadLettered.total;
    set('deadShare', all ? doc.deadLettered.total / all : null, all ? fmt(100 * doc.deadLettered.total / all, 1) + '%' : '\u2014');
    set('setAside', doc.setAside, doc.setAside === null || doc.setAside === undefined ? 'no topic yet' : count(doc.setAside));
    const reasons = Object.keys(doc.deadLettered.byReason);
    upsertChart('dead-letter-chart', {
      type: 'bar',
      data: {
        labels: reasons.map(r => REASON_LABELS[r] || pretty(r)),
        datasets: [{ data: reasons.map(r => doc.deadLettered.byReason[r]), backgroundColor: COLORS.bar, barThickness: 16 }]
      },
      options: {
        indexAxis: 'y', maintainAspectRatio: false, animation: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: COLORS.grid }, title: { display: true, text: 'lines dead-lettered' } }, y: { grid: { display: false } } },
        plugins: { legend: { display: false } }
      }
    });
    document.getElementById('dead-letter-chart').setAttribute('data-reasons', JSON.stringify(doc.deadLettered.byReason));
    renderCompleteness(doc.followUpCompleteness);
  }

  function renderCompleteness(fc) {
    document.getElementById('completeness-note').hidden = !!fc.published;
    const rows = fc.metrics || [];
    const pct = arm => (!arm || arm.suppressed || arm.completeness === null ? null : arm.completeness * 100);
    const describe = arm => (!arm || arm.suppressed ? 'suppressed' : arm.completeness === null ? 'withheld (fewer than 11 due)'
      : fmt(arm.completeness * 100, 0) + '% (' + count(arm.n) + ' of ' + count(arm.due) + ' due)');
    upsertChart('completeness-chart', {
      type: 'bar',
      data: {
        labels: rows.map(r => r.metric.label),
        datasets: [
          { label: 'Open', data: rows.map(r => pct(r.open)), backgroundColor: COLORS.open, barThickness: 8 },
          { label: 'Microscopic', data: rows.map(r => pct(r.microscopic)), backgroundColor: COLORS.micro, barThickness: 8 }
        ]
      },
      options: {
        indexAxis: 'y', maintainAspectRatio: false, animation: false,
        scales: { x: { min: 0, max: 100, grid: { color: COLORS.grid }, ticks: { callback: v => v + '%' } }, y: { grid: { display: false } } },
        plugins: {
          legend: { position: 'top', align: 'end', labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: ctx => ctx.dataset.label + ': ' + describe(ctx.datasetIndex === 0 ? rows[ctx.dataIndex].open : rows[ctx.dataIndex].microscopic) } }
        }
      }
    });
    document.getElementById('completeness-chart').setAttribute('data-completeness', JSON.stringify(rows.map(r => ({
      metric: r.metric.id, open: pct(r.open), microscopic: pct(r.microscopic) }))));
  }

  // ---- provider monitoring: funnel plot, CUSUM and VLAD of one provider, alerts ----
  const POSITION = {
    'above-99.8': { text: 'above 99.8%', color: COLORS.worse, cls: 'worse' },
    'above-95': { text: 'above 95%', color: '#dd6b20', cls: 'warn' },
    within: { text: 'within', color: '#64748b', cls: '' },
    'below-95': { text: 'below 95%', color: '#48a26d', cls: 'better' },
    'below-99.8': { text: 'below 99.8%', color: COLORS.better, cls: 'better' }
  };
  const TYPE_LABELS = { hospitals: 'hospitals', surgeons: 'surgeon \u00d7 approach' };
  const has = x => x !== null && x !== undefined;
  const epochDay = iso => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;
  function fmtDay(day) {
    const d = new Date(typeof day === 'number' ? day * 86400000 : epochDay(day) * 86400000);
    return d.toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  }
  const fmtMonth = day => new Date(day * 86400000).toLocaleDateString('en-GB', { timeZone: 'UTC', month: 'short', year: 'numeric' });
  function fmtInstant(iso) {
    return new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric',
      hour: '2-digit', minute: '2-digit' }) + ' UTC';
  }

  // Ticks on the first of a month, every 1, 2, 3, 6 or 12 months so that at most 8 fit, for an axis of epoch days.
  function monthTicks(axis) {
    const from = new Date(axis.min * 86400000);
    const to = axis.max;
    const months = (new Date(to * 86400000).getUTCFullYear() - from.getUTCFullYear()) * 12
      + new Date(to * 86400000).getUTCMonth() - from.getUTCMonth() + 1;
    const step = [1, 2, 3, 6, 12, 24].find(k => months / k <= 8) || 24;
    const ticks = [];
    let y = from.getUTCFullYear();
    let m = Math.ceil((from.getUTCMonth() + (from.getUTCDate() > 1 ? 1 : 0)) / step) * step;
    for (;;) {
      const day = Date.UTC(y + Math.floor(m / 12), m % 12, 1) / 86400000;
      if (day > to) break;
      if (day >= axis.min) ticks.push({ value: day });
      m += step;
    }
    axis.ticks = ticks;
  }

  // Draws each point's label next to it (the providers of a funnel plot), for datasets that ask for it.
  const pointLabels = {
    id: 'pointLabels',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      chart.data.datasets.forEach((ds, i) => {
        if (!ds.pointLabels) return;
        const meta = chart.getDatasetMeta(i);
        ctx.save();
        ctx.font = '11px ' + Chart.defaults.font.family;
        ctx.fillStyle = '#334155';
        ctx.textBaseline = 'middle';
        const placed = [];
        const a = chart.chartArea;
        meta.data.forEach((pt, j) => {
          const text = ds.pointLabels[j];
          if (!text || pt.x < a.left || pt.x > a.right || pt.y < a.top || pt.y > a.bottom) return;
          const w = ctx.measureText(text).width;
          // above right of the point, else below right, above left, below left: the first that overlaps no other label
          const spots = [[7, -8], [7, 8], [-7 - w, -8], [-7 - w, 8]].map(([dx, dy]) => ({ x: pt.x + dx, y: pt.y + dy }));
          const free = spots.find(r => placed.every(q => r.x + w < q.x || q.x + q.w < r.x || Math.abs(r.y - q.y) > 11));
          const at = free || spots[0];
          placed.push({ x: at.x, y: at.y, w: w });
          ctx.fillText(text, at.x, at.y);
        });
        ctx.restore();
      });
    }
  };

  let cusumChosen = null;
  let monitoringDoc = null;

  function monitoringProviders(doc) {
    return doc[monitoringType.value === 'surgeons' ? 'surgeons' : 'hospitals'] || [];
  }

  function renderMonitoring(doc) {
    monitoringDoc = doc;
    const section = document.getElementById('monitoring');
    const type = monitoringType.value === 'surgeons' ? 'surgeons' : 'hospitals';
    const model = doc.model;
    section.setAttribute('data-published', doc.published ? 'true' : 'false');
    section.setAttribute('data-model', model.published ? 'true' : 'false');
    section.setAttribute('data-model-fitted-at', model.fittedAt || '');
    section.setAttribute('data-type', type);
    const shownOf = list => list.filter(p => !p.suppressed);
    const line = document.getElementById('monitoring-model');
    if (doc.published) {
      const parts = [model.published ? 'Risk model fitted ' + fmtInstant(model.fittedAt) : 'No risk model published yet'];
      parts.push(shownOf(doc.hospitals).length + ' of ' + doc.hospitals.length + ' hospitals and '
        + shownOf(doc.surgeons).length + ' of ' + doc.surgeons.length + ' surgeon \u00d7 approach with 11 or more scored cases');
      parts.push(doc.alerts.length === 1 ? '1 alert' : count(doc.alerts.length) + ' alerts');
      if (model.rescoring) parts.push('re-scoring with the newest model\u2026');
      line.textContent = parts.join(' \u00b7 ');
    } else {
      line.textContent = '';
    }
    const note = document.getElementById('monitoring-note');
    note.hidden = !doc.note;
    note.textContent = doc.note || '';
    renderFunnel(doc, type);
    renderProviderTable(doc, type);
    renderAlerts(doc);
  }

  function renderFunnel(doc, type) {
    const providers = monitoringProviders(doc);
    const shown = providers.filter(p => !p.suppressed && has(p.oe) && has(p.expected));
    const curve = doc.funnel[type] || [];
    const canvas = document.getElementById('funnel-chart');
    const empty = document.getElementById('funnel-empty');
    canvas.setAttribute('data-points', JSON.stringify(shown.map(p => ({ key: p.key, expected: p.expected, oe: p.oe, position: p.position }))));
    canvas.setAttribute('data-type', type);
    const nothing = !doc.published ? 'No provider on the topic yet.'
      : !doc.model.published ? 'No funnel plot without a risk model: O/E needs expected complications.'
        : shown.length === 0 ? 'No ' + TYPE_LABELS[type] + ' has 11 scored cases yet.' : null;
    empty.hidden = !nothing;
    empty.textContent = nothing || '';
    canvas.parentElement.hidden = !!nothing;
    if (nothing) return;
    // O/E from 0 to above every provider and its 95% limit; the curves run off the top where E is small
    const maxOe = Math.max(...shown.map(p => p.oe));
    const maxLimit = Math.max(...shown.map(p => (has(p.funnel95High) ? p.funnel95High : 0)));
    const yMax = Math.ceil(Math.max(2, 1.12 * maxOe, 1.05 * maxLimit) * 2) / 2;
    const xMax = curve.length ? curve[curve.length - 1].expected : Math.max(...shown.map(p => p.expected)) * 1.15;
    const limit = (field, label, color, dash, hidden) => ({
      type: 'line', label: label, data: curve.map(c => ({ x: c.expected, y: c[field] })), borderColor: color,
      backgroundColor: color, borderWidth: 1.5, borderDash: dash, pointRadius: 0, pointHitRadius: 0, pointStyle: 'line',
      tension: 0.25, fill: false, legendHidden: hidden, order: 2
    });
    const surgeons = type === 'surgeons';
    const labelled = p => !surgeons || (p.position && p.position !== 'within');
    upsertChart('funnel-chart', {
      type: 'scatter',
      data: {
        datasets: [
          { type: 'scatter', label: surgeons ? 'Surgeon \u00d7 approach' : 'Hospital', data: shown.map(p => ({ x: p.expected, y: p.oe })),
            pointBackgroundColor: shown.map(p => (POSITION[p.position] || POSITION.within).color), pointBorderColor: '#fff',
            pointBorderWidth: 1, pointRadius: surgeons ? 5 : 6, pointHoverRadius: 8, order: 1, pointStyle: 'circle', backgroundColor: '#64748b',
            pointLabels: shown.map(p => (labelled(p) ? p.label : null)) },
          limit('high998', '99.8% limits', '#b4352c', [], false),
          limit('low998', '99.8% limits', '#b4352c', [], true),
          limit('high95', '95% limits', '#64748b', [5, 4], false),
          limit('low95', '95% limits', '#64748b', [5, 4], true),
          { type: 'line', label: 'O/E = 1 (as expected)', data: [{ x: 0, y: 1 }, { x: xMax, y: 1 }], borderColor: '#17324d',
            backgroundColor: '#17324d', borderWidth: 1, pointRadius: 0, pointHitRadius: 0, pointStyle: 'line', order: 3 }
        ]
      },
      options: {
        maintainAspectRatio: false, animation: false,
        scales: {
          x: { type: 'linear', min: 0, grid: { color: COLORS.grid }, title: { display: true, text: 'Expected complications (E)' },
            ticks: { callback: v => fmt(v, v < 10 && !Number.isInteger(v) ? 1 : 0) } },
          y: { type: 'linear', min: 0, max: yMax, grid: { color: COLORS.grid }, title: { display: true, text: 'Observed / expected (O/E)' },
            ticks: { callback: v => fmt(v, 1) } }
        },
        plugins: {
          // each pair of limit curves appears once in the legend
          legend: { position: 'top', align: 'end', labels: { usePointStyle: true, boxWidth: 24, boxHeight: 8,
            filter: (item, data) => !data.datasets[item.datasetIndex].legendHidden } },
          tooltip: { filter: item => item.datasetIndex === 0, callbacks: { label: ctx => {
            const p = shown[ctx.dataIndex];
            return p.label + ': O/E ' + fmt(p.oe, 2) + ' (95% CI ' + fmt(p.oeCiLow, 2) + ' to ' + fmt(p.oeCiHigh, 2) + '), O ' + count(p.observed)
              + ', E ' + fmt(p.expected, 1) + ', ' + count(p.cases) + ' cases; ' + (POSITION[p.position] || POSITION.within).text + ' funnel limits';
          } } }
        }
      }
    });
  }

  function numCell(field, value, text) {
    return el('td', { class: 'num', 'data-field': field, 'data-value': has(value) ? value : '' }, text);
  }

  function renderProviderTable(doc, type) {
    const providers = monitoringProviders(doc);
    const ordered = providers.filter(p => !p.suppressed).concat(providers.filter(p => p.suppressed));
    const body = document.querySelector('#provider-table tbody');
    body.replaceChildren(...ordered.map(p => {
      const tr = el('tr', { 'data-provider': p.key, 'data-suppressed': p.suppressed ? 'true' : 'false' });
      tr.append(el('th', { text: p.label }));
      if (p.suppressed) {
        tr.append(el('td', { class: 'suppressed', colspan: 6, 'data-suppressed': true, title: 'Fewer than 11 scored cases: no figure is shown' },
          el('span', { class: 'fig', text: 'suppressed' })));
        return tr;
      }
      tr.append(numCell('cases', p.cases, count(p.cases)), numCell('observed', p.observed, count(p.observed)),
        numCell('rate', p.rate, has(p.rate) ? fmt(p.rate * 100, 1) + '%' : '\u2014'),
        numCell('expected', p.expected, has(p.expected) ? fmt(p.expected, 1) : '\u2014'));
      const oe = el('td', { class: 'diff' });
      if (has(p.oe)) {
        oe.append(figure('oe', p.oe, fmt(p.oe, 2), 'est'), el('span', { class: 'ci' }, ' (',
          figure('oeCiLow', p.oeCiLow, fmt(p.oeCiLow, 2), 'v'), ' to ', figure('oeCiHigh', p.oeCiHigh, fmt(p.oeCiHigh, 2), 'v'), ')'));
      } else {
        oe.classList.add('missing');
        oe.textContent = 'no model';
      }
      const pos = POSITION[p.position];
      const badge = pos ? el('span', { class: 'verdict ' + pos.cls, 'data-field': 'position', 'data-value': p.position, text: pos.text })
        : el('span', { class: 'missing', text: '\u2014' });
      tr.append(oe, el('td', {}, badge));
      return tr;
    }));
    document.getElementById('provider-table').setAttribute('data-type', type);
  }

  // The providers that have charts (not suppressed, scored with a model), hospitals first.
  function fillCusumSelect(doc) {
    const charted = list => list.filter(p => !p.suppressed && p.points > 0);
    const groups = [['Hospitals', charted(doc.hospitals)], ['Surgeons \u00d7 approach', charted(doc.surgeons)]];
    const keys = groups.flatMap(([, list]) => list.map(p => p.key));
    const current = [...cusumProvider.querySelectorAll('option')].map(o => o.value);
    if (current.length !== keys.length || current.some((k, i) => k !== keys[i])) {
      cusumProvider.replaceChildren(...groups.filter(([, list]) => list.length).map(([label, list]) =>
        el('optgroup', { label: label }, ...list.map(p => el('option', { value: p.key, text: p.label })))));
    }
    // The user's choice while it has charts; else the provider of the newest alert; else the first hospital.
    const alerted = doc.alerts.map(a => a.provider).find(k => keys.includes(k));
    const chosen = keys.includes(cusumChosen) ? cusumChosen : alerted || keys[0] || '';
    cusumProvider.value = chosen;
    return chosen;
  }

  function renderCusum(doc, seriesDoc) {
    const empty = document.getElementById('cusum-empty');
    const box = document.getElementById('cusum-charts');
    const section = document.getElementById('monitoring');
    const nothing = !doc.published ? 'No provider on the topic yet.'
      : !doc.model.published ? 'CUSUM and VLAD charts need a risk model: without one there is no expected risk to chart against.'
        : !seriesDoc ? 'No provider has 11 scored cases yet.' : null;
    empty.hidden = !nothing;
    empty.textContent = nothing || '';
    box.hidden = !!nothing;
    section.setAttribute('data-cusum-provider', seriesDoc ? seriesDoc.provider.key : '');
    if (nothing) return;
    const p = seriesDoc.provider;
    const design = seriesDoc.cusum;
    const series = seriesDoc.series;
    const xs = series.map(s => epochDay(s.day));
    const xMin = xs.length ? xs[0] : 0;
    const xMax = xs.length ? xs[xs.length - 1] : 1;
    const inRange = seriesDoc.alerts.filter(a => epochDay(a.signalledOn) >= xMin);
    document.getElementById('cusum-title').textContent = 'Risk-adjusted CUSUM of ' + p.label + (p.points >= 500 ? ', last 500 cases' : ', '
      + count(p.points) + ' cases');
    const xAxis = { type: 'linear', min: xMin, max: Math.max(xMax, xMin + 1), grid: { color: COLORS.grid }, afterBuildTicks: monthTicks,
      ticks: { autoSkip: false, maxRotation: 0, callback: v => fmtMonth(v) }, title: { display: true, text: 'day of surgery' } };
    const flat = (y, label, color) => ({ type: 'line', label: label, data: [{ x: xMin, y: y }, { x: Math.max(xMax, xMin + 1), y: y }],
      borderColor: color, backgroundColor: color, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, pointHitRadius: 0, pointStyle: 'line' });
    const cusum = upsertChart('cusum-chart', {
      type: 'line',
      data: {
        datasets: [
          { label: 'Upper (odds ratio ' + fmt(design.upperOddsRatio, 1) + ')', data: series.map((s, i) => ({ x: xs[i], y: s.cusumUpper })),
            borderColor: COLORS.worse, backgroundColor: COLORS.worse, borderWidth: 1.5, pointRadius: 0, pointHitRadius: 4, pointStyle: 'line' },
          { label: 'Lower (odds ratio ' + fmt(design.lowerOddsRatio, 1) + ')', data: series.map((s, i) => ({ x: xs[i], y: s.cusumLower })),
            borderColor: COLORS.better, backgroundColor: COLORS.better, borderWidth: 1.5, pointRadius: 0, pointHitRadius: 4, pointStyle: 'line' },
          flat(design.upperLimit, 'h = ' + fmt(design.upperLimit, 1), COLORS.worse),
          flat(-design.lowerLimit, '\u2212h = ' + fmt(-design.lowerLimit, 1), COLORS.better),
          { type: 'scatter', label: 'Signal', data: inRange.map(a => ({ x: epochDay(a.signalledOn), y: a.chart === 'UPPER' ? a.value : -Math.abs(a.value) })),
            pointStyle: 'triangle', pointRadius: 7, pointBackgroundColor: inRange.map(a => (a.chart === 'UPPER' ? COLORS.worse : COLORS.better)),
            backgroundColor: '#475569', borderColor: '#fff', showLine: false }
        ]
      },
      options: {
        maintainAspectRatio: false, animation: false, parsing: true,
        interaction: { mode: 'nearest', intersect: false, axis: 'x' },
        scales: { x: xAxis, y: { grid: { color: COLORS.grid }, title: { display: true, text: 'CUSUM' },
          suggestedMax: design.upperLimit * 1.1, suggestedMin: -design.lowerLimit * 1.1 } },
        plugins: {
          legend: { position: 'top', align: 'end', labels: { usePointStyle: true, boxWidth: 24, boxHeight: 8,
            filter: (item, data) => item.datasetIndex !== 4 || data.datasets[4].data.length > 0 } },
          tooltip: { filter: item => item.datasetIndex <= 1 || item.datasetIndex === 4, callbacks: {
            title: items => (items.length ? fmtDay(items[0].parsed.x) : ''),
            label: ctx => ctx.dataset.label + ': ' + fmt(ctx.parsed.y, 2) } }
        }
      }
    });
    if (cusum) cusum.canvas.setAttribute('data-points', String(series.length));
    upsertChart('vlad-chart', {
      type: 'line',
      data: {
        datasets: [{ label: 'VLAD', data: series.map((s, i) => ({ x: xs[i], y: s.vlad })), borderColor: '#17324d', backgroundColor: '#17324d',
          borderWidth: 1.5, pointRadius: 0, pointHitRadius: 4, fill: false }]
      },
      options: {
        maintainAspectRatio: false, animation: false,
        interaction: { mode: 'nearest', intersect: false, axis: 'x' },
        scales: { x: xAxis, y: Object.assign({ grid: { color: COLORS.grid },
          title: { display: true, text: 'E \u2212 O (above 0: fewer than expected)' } }, zeroRange(series.map(s => s.vlad))) },
        plugins: {
          legend: { display: false }, zeroLine: { axis: 'y' },
          tooltip: { callbacks: { title: items => (items.length ? fmtDay(items[0].parsed.x) : ''),
            label: ctx => 'VLAD ' + signed(ctx.parsed.y, 2) } }
        }
      }
    });
  }

  function renderAlerts(doc) {
    const body = document.querySelector('#alert-table tbody');
    document.getElementById('alerts-empty').hidden = doc.alerts.length > 0 || !doc.published;
    document.getElementById('alert-count').textContent = doc.published ? '(' + count(doc.alerts.length) + ')' : '';
    body.replaceChildren(...doc.alerts.map(a => {
      const upper = a.chart === 'UPPER';
      const tr = el('tr', { 'data-provider': a.provider, 'data-chart': a.chart, 'data-day': a.signalledOn, class: 'clickable',
        title: 'Show the charts of ' + a.label });
      tr.append(
        el('td', {}, figure('signalledOn', a.signalledOn, fmtDay(a.signalledOn), 'v')),
        el('th', {}, a.label, el('span', { class: 'n', text: a.type === 'HOSPITAL' ? 'hospital' : 'surgeon \u00d7 approach' })),
        el('td', {}, el('span', { class: 'verdict ' + (upper ? 'worse' : 'better'),
          text: upper ? 'upper: more than expected' : 'lower: fewer than expected' }),
          el('span', { class: 'n', text: 'tuned to odds ratio ' + fmt(a.oddsRatio, 1) })),
        numCell('value', a.value, signed(upper ? a.value : -Math.abs(a.value), 2) + ' / ' + (upper ? '' : MINUS) + fmt(a.limit, 1)),
        numCell('casesSinceReset', a.casesSinceReset, count(a.casesSinceReset)),
        el('td', { class: 'num' }, figure('observedSinceReset', a.observedSinceReset, count(a.observedSinceReset), 'v'), ' / ',
          figure('expectedSinceReset', a.expectedSinceReset, fmt(a.expectedSinceReset, 1), 'v')));
      tr.addEventListener('click', () => {
        cusumChosen = a.provider;
        refresh();
      });
      return tr;
    }));
  }

  function renderStatus(status, connected) {
    const box = document.getElementById('status');
    box.setAttribute('data-caught-up', status.caughtUp ? 'true' : 'false');
    box.setAttribute('data-connected', connected ? 'true' : 'false');
    const when = status.lastChange ? new Date(status.lastChange).toLocaleTimeString('en-GB') : '\u2014';
    let text = status.caughtUp
      ? 'Live \u00b7 ' + count(status.comparisons) + ' comparisons \u00b7 updated ' + when
      : 'Reading the topics from the beginning\u2026';
    if (status.problem) text = '\u26a0 ' + status.problem;
    if (!connected) text += ' \u00b7 reconnecting';
    box.setAttribute('data-problem', status.problem ? 'true' : 'false');
    document.getElementById('status-text').textContent = text;
  }

  // ---- refresh loop: at most one load at a time, another right after if an update arrived meanwhile ----
  let connected = false;
  let lastStatus = null;
  let loading = false;
  let again = false;
  let renders = 0;
  const forestDimension = document.getElementById('forest-dimension');
  const forestMetric = document.getElementById('forest-metric');
  const trendMetric = document.getElementById('trend-metric');
  const monitoringType = document.getElementById('monitoring-type');
  const cusumProvider = document.getElementById('cusum-provider');

  async function loadAll() {
    const [status, headline, metrics, quality, monitoring] = await Promise.all([
      api('/api/status'), api('/api/headline'), api('/api/metrics'), api('/api/data-quality'), api('/api/monitoring')]);
    metricsList = metrics.metrics;
    fillMetricSelect(forestMetric, 'blood_loss_ml');
    fillMetricSelect(trendMetric, 'complication_90d');
    const charted = fillCusumSelect(monitoring);
    const q = s => encodeURIComponent(s);
    const [forest, trend, series] = await Promise.all([
      forestMetric.value ? api('/api/strata?dimension=' + q(forestDimension.value) + '&metric=' + q(forestMetric.value)) : null,
      trendMetric.value ? api('/api/strata?dimension=quarter&metric=' + q(trendMetric.value)) : null,
      // a provider just removed from the topic answers 404: show no chart rather than fail the refresh
      charted ? api('/api/monitoring/series?provider=' + q(charted)).catch(() => null) : null]);
    lastStatus = status;
    renderStatus(status, connected);
    renderHeadline(headline);
    if (forest) renderForest(forest);
    if (trend) renderTrends(trend);
    renderDataQuality(quality);
    renderMonitoring(monitoring);
    renderCusum(monitoring, series);
    renders++;
    document.body.setAttribute('data-version', String(headline.version));
    document.body.setAttribute('data-renders', String(renders));
  }

  async function refresh() {
    if (loading) { again = true; return; }
    loading = true;
    try {
      do {
        again = false;
        await loadAll();
      } while (again);
    } catch (e) {
      if (e.message !== 'unauthorized') console.warn('dashboard refresh failed', e);
    } finally {
      loading = false;
    }
  }

  function listen() {
    const source = new EventSource('/api/events' + (token ? '?token=' + encodeURIComponent(token) : ''));
    source.addEventListener('open', () => { connected = true; if (lastStatus) renderStatus(lastStatus, true); });
    source.addEventListener('error', () => { connected = false; if (lastStatus) renderStatus(lastStatus, false); });
    source.addEventListener('update', event => {
      connected = true;
      const update = JSON.parse(event.data);
      if (String(update.version) !== document.body.getAttribute('data-version')) refresh();
      else if (lastStatus) renderStatus(Object.assign(lastStatus, { caughtUp: update.caughtUp }), true);
    });
  }

  function start() {
    if (typeof Chart === 'undefined') {
      document.getElementById('status-text').textContent = 'Chart.js did not load';
      return;
    }
    Chart.register(zeroLine, pointLabels);
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = '#4a5565';
    forestDimension.addEventListener('change', refresh);
    forestMetric.addEventListener('change', refresh);
    trendMetric.addEventListener('change', refresh);
    monitoringType.addEventListener('change', () => { if (monitoringDoc) renderMonitoring(monitoringDoc); });
    cusumProvider.addEventListener('change', () => { cusumChosen = cusumProvider.value; refresh(); });
    refresh();
    listen();
    // A safety net for proxies that hold server-sent events back.
    setInterval(refresh, 30000);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
