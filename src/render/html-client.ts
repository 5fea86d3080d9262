/**
 * The HTML player's own style and script (html.ts embeds them; the page's
 * Content-Security-Policy allows exactly this script by its hash). Plain
 * ES2017 with no library, so the page works offline from `file://`.
 *
 * The script reads the JSON in `#ks-data` and writes every string from it
 * with `textContent`; the only markup it inserts is the embedded SVG (the
 * native writer's, labels escaped) and each step's explain HTML (commonmark,
 * safe mode).
 */

export const PLAYER_CSS = `
:root{--bg:#ffffff;--fg:#0f172a;--muted:#64748b;--line:#e2e8f0;--panel:#f8fafc;--accent:#4f46e5;--accent-bg:#eef2ff;--code:#f1f5f9;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0b1120;--fg:#e2e8f0;--muted:#94a3b8;--line:#1e293b;--panel:#111827;--accent:#a5b4fc;--accent-bg:#1e1b4b;--code:#1e293b}}
*{box-sizing:border-box}
html,body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 Inter,ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.bar{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;justify-content:space-between;padding:10px 16px;border-bottom:1px solid var(--line);position:sticky;top:0;background:var(--bg);z-index:2}
h1{font-size:18px;margin:0;font-weight:600}
.controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
button,select{font:inherit;color:var(--fg);background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:4px 10px;cursor:pointer}
button:hover,select:hover{border-color:var(--accent)}
button:focus-visible,select:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
.seg{display:inline-flex}
.seg button{border-radius:0;margin-left:-1px}
.seg button:first-child{border-radius:6px 0 0 6px;margin-left:0}
.seg button:last-child{border-radius:0 6px 6px 0}
.seg button[aria-pressed="true"],#play[aria-pressed="true"]{background:var(--accent-bg);border-color:var(--accent);color:var(--accent);font-weight:600}
main{display:grid;grid-template-columns:minmax(180px,240px) minmax(0,1fr) minmax(260px,360px);gap:0;min-height:calc(100vh - 56px)}
nav{border-right:1px solid var(--line);padding:8px;overflow:auto}
nav ol{list-style:none;margin:0;padding:0}
nav button{display:flex;gap:8px;width:100%;text-align:left;border:1px solid transparent;background:none;padding:6px 8px;margin:1px 0;border-radius:6px;align-items:baseline}
nav button .num{font-weight:600;color:var(--muted);min-width:1.6em}
nav button .t{flex:1}
nav button .tag{font-size:12px;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 4px}
nav button[aria-current="step"]{background:var(--accent-bg);border-color:var(--accent)}
nav button[aria-current="step"] .num{color:var(--accent)}
.stage{padding:12px;min-width:0}
.figure{overflow:auto;max-height:calc(100vh - 90px);border:1px solid var(--line);border-radius:8px;background:var(--panel)}
.figure svg{display:block;max-width:100%;height:auto}
.figure .ks-clickable{cursor:pointer}
.figure .ks-badge{pointer-events:none}
.figure .ks-clickable:hover{filter:drop-shadow(0 0 2px var(--accent))}
.figure .ks-selected{filter:drop-shadow(0 0 3px #f59e0b) drop-shadow(0 0 1px #f59e0b)}
.note{color:var(--muted);margin:8px 2px}
aside{border-left:1px solid var(--line);padding:12px 16px;overflow:auto;max-height:calc(100vh - 56px);overflow-wrap:anywhere}
aside h2{font-size:16px;margin:0 0 4px}
code{background:var(--code);border-radius:4px;padding:1px 4px;font-size:13px;overflow-wrap:anywhere}
pre{background:var(--code);border-radius:6px;padding:8px;overflow:auto;font-size:13px}
pre code{padding:0}
.explain ol,.explain ul{padding-left:1.3em}
.explain li{margin:2px 0}
.event{border:1px solid var(--accent);border-radius:8px;padding:8px 12px;margin:12px 0;background:var(--accent-bg)}
.event h3{font-size:14px;margin:0 0 6px}
.event dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:0 0 8px}
.event dt{color:var(--muted)}
.event dd{margin:0;overflow-wrap:anywhere}
.event .more{color:var(--muted);font-size:13px}
.hint{color:var(--muted);font-size:13px}
.about{margin-top:12px;color:var(--muted)}
@media (max-width:900px){main{grid-template-columns:1fr}nav,aside{border:0;max-height:none}.figure{max-height:none}}
@media (prefers-reduced-motion:reduce){*{scroll-behavior:auto!important}}
`.trim();

export const PLAYER_JS = `
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('ks-data').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var LABEL = { architecture: 'Architecture', sequence: 'Sequence', flowchart: 'Flowchart' };
  var MAX_EVENTS = 8;
  var state = { view: D.initial.view, detail: D.initial.detail, step: D.initial.step, timer: null };
  var scheme = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  var shown = { key: null, svg: null, groups: null, dimmed: [] };

  function theme() { return scheme && scheme.matches ? 'dark' : 'light'; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function stepIndex(n) {
    for (var i = 0; i < D.steps.length; i++) if (D.steps[i].n === n) return i;
    return 0;
  }

  D.views.forEach(function (v) {
    var b = el('button', '', LABEL[v] || v);
    b.type = 'button';
    b.setAttribute('data-view', v);
    b.addEventListener('click', function () { state.view = v; render(); });
    $('views').appendChild(b);
  });
  D.details.forEach(function (d) {
    var o = el('option', '', d);
    o.value = d;
    $('detail').appendChild(o);
  });
  $('detail').addEventListener('change', function (e) { state.detail = e.target.value; render(); });
  D.steps.forEach(function (s) {
    var li = el('li');
    var b = el('button');
    b.type = 'button';
    b.setAttribute('data-step', String(s.n));
    b.appendChild(el('span', 'num', String(s.n)));
    b.appendChild(el('span', 't', s.title || s.command));
    if (s.setup) b.appendChild(el('span', 'tag', 'setup'));
    b.addEventListener('click', function () { stop(); go(s.n); });
    li.appendChild(b);
    $('steps').appendChild(li);
  });

  /** view/detail, or the level whose picture it shares (the page embeds identical levels once). */
  function levelKey() {
    var key = state.view + '/' + state.detail;
    var p = D.pictures[key + '/light'];
    return p && p.same ? p.same : key;
  }
  function targets() { return D.targets[levelKey()] || {}; }

  /** Wider invisible strokes on arrows, so a 1.5 px line can be clicked. */
  function decorate(svg) {
    var t = targets();
    var nodes = svg.querySelectorAll('[data-id]');
    for (var i = 0; i < nodes.length; i++) {
      var g = nodes[i];
      if (!t[g.getAttribute('data-id')]) continue;
      g.classList.add('ks-clickable');
      var line = g.querySelector('path');
      if (!line) continue;
      var hit = line.cloneNode(false);
      hit.removeAttribute('marker-end');
      hit.removeAttribute('stroke-dasharray');
      hit.setAttribute('stroke', 'transparent');
      hit.setAttribute('stroke-width', '14');
      hit.setAttribute('fill', 'none');
      hit.setAttribute('pointer-events', 'stroke');
      hit.setAttribute('class', 'ks-hit');
      g.appendChild(hit);
    }
  }

  /** The picture of the current view, detail and theme; a dark one given as a swap table is made from the light one. */
  var ATTR = D.q ? /[\\w:-]+='[^']*'/g : /[\\w:-]+="[^"]*"/g;
  /** A picture with its shared <defs> put back, under its own id prefix. */
  function withDefs(svg) {
    var m = /aria-labelledby=["'](ks[0-9a-f]+)-title/.exec(svg);
    return svg.replace(/<defs data-d=["'](\\d+)["']><\\/defs>/, function (_, i) {
      return '<defs>' + D.defs[Number(i)].split('@@').join(m ? m[1] : '') + '</defs>';
    });
  }
  function swapped(svg, swap, at) {
    var i = -1;
    return svg.replace(ATTR, function (m) {
      i++;
      if (at && Object.prototype.hasOwnProperty.call(at, String(i))) return at[String(i)];
      return Object.prototype.hasOwnProperty.call(swap, m) ? swap[m] : m;
    });
  }
  function picture() {
    var base = levelKey() + '/';
    var p = D.pictures[base + theme()];
    if (!p.swap) return p;
    if (p.made) return p.made;
    var light = D.pictures[base + 'light'];
    var made;
    if (light.frames) {
      made = { frames: {} };
      Object.keys(light.frames).forEach(function (n) { made.frames[n] = swapped(light.frames[n], p.swap, p.at[n]); });
    } else made = { svg: swapped(light.svg, p.swap, p.at.svg), dim: light.dim, opacity: p.opacity };
    p.made = made;
    return made;
  }

  function render() {
    var p = picture();
    var fig = $('figure');
    var note = $('note');
    var step = String(state.step);
    var html, key;
    if (p.frames) {
      html = p.frames[step];
      key = state.view + '/' + state.detail + '/' + theme() + '/' + step;
    } else {
      html = p.svg;
      key = state.view + '/' + state.detail + '/' + theme();
    }
    note.hidden = true;
    if (html === undefined) {
      var first = Object.keys(p.frames)[0];
      html = first === undefined ? '' : p.frames[first];
      key = key + '/none';
      note.hidden = false;
      note.textContent = 'This view draws nothing of step ' + step + '.';
    }
    if (shown.key !== key) {
      fig.innerHTML = withDefs(html);
      shown.key = key;
      shown.svg = fig.querySelector('svg');
      shown.groups = shown.svg ? shown.svg.querySelectorAll('g') : [];
      shown.dimmed = [];
      if (shown.svg) decorate(shown.svg);
    }
    if (!p.frames) {
      shown.dimmed.forEach(function (g) { g.removeAttribute('opacity'); });
      shown.dimmed = [];
      var dim = p.dim[step];
      if (dim) {
        dim.forEach(function (i) {
          var g = shown.groups[i];
          if (!g) return;
          g.setAttribute('opacity', String(p.opacity));
          shown.dimmed.push(g);
        });
      } else {
        note.hidden = false;
        note.textContent = 'This view draws nothing of step ' + step + '.';
      }
    }
    var s = D.steps[stepIndex(state.step)];
    $('step-title').textContent = 'Step ' + s.n + ' of ' + D.steps.length + ' · ' + (s.title || s.command) + (s.setup ? ' (setup)' : '');
    $('explain').innerHTML = s.html;
    var buttons = $('steps').querySelectorAll('button');
    for (var i = 0; i < buttons.length; i++) {
      var on = buttons[i].getAttribute('data-step') === step;
      if (on) {
        buttons[i].setAttribute('aria-current', 'step');
        if (buttons[i].scrollIntoView) buttons[i].scrollIntoView({ block: 'nearest' });
      } else buttons[i].removeAttribute('aria-current');
    }
    var views = $('views').querySelectorAll('button');
    for (var j = 0; j < views.length; j++) views[j].setAttribute('aria-pressed', String(views[j].getAttribute('data-view') === state.view));
    $('detail').value = state.detail;
    $('event').hidden = true;
    document.body.setAttribute('data-view', state.view);
    document.body.setAttribute('data-step', step);
  }

  function go(n) { state.step = n; render(); }
  function move(by) {
    var i = stepIndex(state.step) + by;
    if (i < 0 || i >= D.steps.length) return false;
    go(D.steps[i].n);
    return true;
  }
  function stop() {
    if (state.timer !== null) clearInterval(state.timer);
    state.timer = null;
    $('play').setAttribute('aria-pressed', 'false');
    $('play').textContent = '▶ Play';
  }
  function play() {
    if (state.timer !== null) { stop(); return; }
    if (stepIndex(state.step) === D.steps.length - 1) go(D.steps[0].n);
    $('play').setAttribute('aria-pressed', 'true');
    $('play').textContent = '❚❚ Pause';
    state.timer = setInterval(function () { if (!move(1)) stop(); }, D.delayMs);
  }

  function showEvents(id, g) {
    var ids = targets()[id] || [];
    var all = ids.map(function (x) { return D.events[x]; }).filter(Boolean);
    var here = all.filter(function (e) { return e[5] === state.step; });
    var list = here.length > 0 ? here : all;
    var body = $('event-body');
    body.textContent = '';
    list.slice(0, MAX_EVENTS).forEach(function (e) {
      var dl = el('dl');
      [['who', e[0]], ['what', e[1]], ['why', e[2]], ['result', e[3]], ['time', e[4] + ' · step ' + e[5]]].forEach(function (row) {
        dl.appendChild(el('dt', '', row[0]));
        dl.appendChild(el('dd', 'ev-' + row[0], row[1]));
      });
      body.appendChild(dl);
    });
    if (list.length > MAX_EVENTS) body.appendChild(el('p', 'more', 'and ' + (list.length - MAX_EVENTS) + ' more events'));
    if (here.length === 0 && all.length > 0) body.insertBefore(el('p', 'more', 'Not part of step ' + state.step + '; its events in other steps:'), body.firstChild);
    var prev = $('figure').querySelectorAll('.ks-selected');
    for (var i = 0; i < prev.length; i++) prev[i].classList.remove('ks-selected');
    g.classList.add('ks-selected');
    $('event').hidden = false;
    if ($('event').scrollIntoView) $('event').scrollIntoView({ block: 'nearest' });
  }

  $('figure').addEventListener('click', function (e) {
    var t = targets();
    var g = e.target && e.target.closest ? e.target.closest('[data-id]') : null;
    while (g && !t[g.getAttribute('data-id')]) g = g.parentElement ? g.parentElement.closest('[data-id]') : null;
    if (g) showEvents(g.getAttribute('data-id'), g);
  });
  $('prev').addEventListener('click', function () { stop(); move(-1); });
  $('next').addEventListener('click', function () { stop(); move(1); });
  $('play').addEventListener('click', play);
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var tag = e.target && e.target.tagName;
    if (tag === 'SELECT' || tag === 'INPUT' || tag === 'TEXTAREA') return;
    if (e.key === 'ArrowRight') { stop(); move(1); e.preventDefault(); }
    else if (e.key === 'ArrowLeft') { stop(); move(-1); e.preventDefault(); }
    else if (e.key === 'Home') { stop(); go(D.steps[0].n); e.preventDefault(); }
    else if (e.key === 'End') { stop(); go(D.steps[D.steps.length - 1].n); e.preventDefault(); }
    else if (e.key === ' ' && tag !== 'BUTTON') { play(); e.preventDefault(); }
  });
  if (scheme) {
    var onScheme = function () { shown.key = null; render(); };
    if (scheme.addEventListener) scheme.addEventListener('change', onScheme);
    else if (scheme.addListener) scheme.addListener(onScheme);
  }
  render();
})();
`.trim();
