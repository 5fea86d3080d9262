/**
 * The HTML player (`render --format html`, `out/<name>/index.html`): one
 * self-contained file — no network access, works from `file://` and on a
 * static site — that shows a view of the trace step by step, with the step
 * list and the `explain` text of the step beside it; ← / → and a play button
 * move through the steps; clicking an arrow or a message shows the trace
 * events it stands for (who, what, why, result, time); the view (architecture
 * / sequence / flowchart) and the detail level can be switched; light and dark
 * follow the system.
 *
 * Safety: nothing from the scenario or trace becomes markup or script.
 * Pictures are the native SVG writer's output (every label escaped there);
 * step texts are the `explain` Markdown (inert, see common/markdown.ts)
 * rendered by commonmark in safe mode (no raw HTML, no unsafe links); every
 * other string travels as JSON (with `<` escaped) and is written with
 * `textContent` by the page's script. A Content-Security-Policy allows no
 * network at all and only the page's own script (by its hash); inline styles
 * are allowed (the page's font is a `<style>`), and with no network a style
 * cannot send anything anywhere.
 *
 * Font: the pictures are drawn without their own `@font-face` (the SVG writer
 * embeds a subset of Inter in every SVG it writes); the page declares ONE
 * subset of Inter per weight, with the glyphs of every picture it holds, and
 * the figure's CSS gives it to every inlined SVG (CSS wins over the SVG's
 * `font-family` attribute). Sizes before and after: docs/performance.md.
 *
 * Size: graph views (architecture, flowchart) are embedded once per detail
 * level and theme; a step is shown by dimming the elements the frame of that
 * step dims (the indices of its `<g>` elements, checked against the real
 * frame when the player is built). Sequence frames are each step's own
 * sequence, embedded as drawn. Deterministic bytes.
 */
import { createHash } from 'node:crypto';
import { HtmlRenderer, Parser } from 'commonmark';
import type { Trace, TraceEvent } from '../trace/types.ts';
import type { DetailLevel, SequenceItem, View, ViewKind } from '../views/types.ts';
import { VIEW_KINDS } from '../views/types.ts';
import { DETAIL_LEVELS, type DiagramSettings } from '../scenario/types.ts';
import { explainTrace } from '../explain/index.ts';
import { buildView } from '../views/index.ts';
import { renderSvg } from './svg/writer.ts';
import { fontFaceStyle } from './svg/font.ts';
import { loadTheme, THEME_NAMES, type ThemeName } from './theme.ts';
import { DEFAULT_FRAME_DELAY_MS } from './animate.ts';
import { focusSteps, PictureCache, stepSequenceLaid } from './frames.ts';
import { PLAYER_CSS, PLAYER_JS } from './html-client.ts';

export interface PlayerOptions {
  /** The view shown first (default architecture). */
  view?: ViewKind;
  /** The detail level shown first (default: the scenario's, else standard). */
  detail?: DetailLevel;
  /** The scenario's `diagrams:` settings (which steps the architecture view and the flowchart show). */
  diagrams?: Pick<DiagramSettings, 'architecture' | 'flowchart'>;
  /** ms between steps when playing (default 2000). */
  delayMs?: number;
  /** Detail levels to embed (default all three). */
  details?: readonly DetailLevel[];
  /** Views and layouts shared with the other pictures made of this trace (frames.ts; default: the player's own). */
  cache?: PictureCache;
}

/** A graph view at one detail level and theme: one SVG, and per step the indices of the `<g>` elements its frame dims. */
interface LayeredPicture {
  svg: string;
  /** Step → indices (document order of `<g>`) to dim; absent: the view draws nothing of that step. */
  dim: Record<string, number[]>;
  opacity: number;
}

/** Per step its own SVG (sequence; or a graph whose frames could not be reduced to dimming). */
interface FramedPicture {
  frames: Record<string, string>;
}

/** The same picture as another detail level of the view (`view/detail`): embedded once. */
interface SamePicture {
  same: string;
}

type Picture = LayeredPicture | FramedPicture | SamePicture;

/**
 * The dark pictures as the light ones with attributes swapped (`fill="#ffffff"`
 * → `fill="#0b1120"`): the two themes draw the same elements and differ only in
 * colours and opacities, so the dark theme costs a small table instead of a
 * second copy. Checked against the real dark rendering when the player is
 * built; where the swap does not reproduce it, the dark pictures are embedded.
 */
interface ThemeSwap {
  swap: Record<string, string>;
  /** Per frame (step, or `svg` for a graph view): attribute position → the dark attribute, where the table does not apply. */
  at: Record<string, Record<string, string>>;
  /** The dark theme's dim opacity (graph views). */
  opacity?: number;
}

/** Event fields for the event panel: who, what, why, result, time (all plain text). */
type EventRow = [who: string, what: string, why: string, result: string, time: string, step: number];

interface PlayerData {
  title: string;
  delayMs: number;
  initial: { view: ViewKind; detail: DetailLevel; step: number };
  views: ViewKind[];
  details: DetailLevel[];
  steps: { n: number; title: string; setup: boolean; command: string; html: string }[];
  /** `view/detail/theme` → picture, or (dark) the swap that makes it from the light one. */
  pictures: Record<string, Picture | ThemeSwap>;
  /** `view/detail` → element data-id → trace event ids, or the `view/detail` whose targets these are. */
  targets: Record<string, Record<string, string[]> | string>;
  events: Record<string, EventRow>;
  /** Shared `<defs>` contents (`@@` for the picture's id prefix): a picture has `<defs data-d="i"></defs>` in its place. */
  defs: string[];
  /** True when the pictures' (and swap tables') attributes are single-quoted (no `\"` in the JSON). */
  q: boolean;
}

const md = { parser: new Parser(), html: new HtmlRenderer({ safe: true }) };

function markdownHtml(text: string): string {
  return md.html.render(md.parser.parse(text)).trim();
}

/** The `explain` narrative cut into its step sections (Markdown without the heading). */
export function explainSections(trace: Trace): Map<number, string> {
  const out = new Map<number, string>();
  let current: number | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (current !== undefined) out.set(current, lines.join('\n').trim());
  };
  for (const line of explainTrace(trace).split('\n')) {
    const m = /^## Step (\d+): /.exec(line);
    if (m || /^## /.test(line)) {
      flush();
      current = m ? Number(m[1]) : undefined;
      lines = [];
    } else if (current !== undefined) lines.push(line);
  }
  flush();
  return out;
}

const gTags = (svg: string) => [...svg.matchAll(/<g\b[^>]*>/g)].map((m) => m[0]);
const prefixOf = (svg: string) => /aria-labelledby="(ks[0-9a-f]+)-title/.exec(svg)?.[1] ?? '';
const OPACITY = / opacity="([\d.]+)"/;
const CAPTION = /<g class="ks-caption">[\s\S]*?<\/g><\/svg>\n?$/;

/**
 * The `<g>` indices the step frame dims, if the frame is exactly the plain
 * picture with those dimmed (and a caption); undefined otherwise.
 */
function dimIndices(plain: string, frame: string): { dim: number[]; opacity: number } | undefined {
  const prefix = prefixOf(frame);
  const normal = frame.split(prefix).join(prefixOf(plain)).replace(CAPTION, '</svg>\n');
  const a = gTags(plain);
  const b = gTags(normal);
  if (a.length !== b.length) return undefined;
  const strip = (x: string) => x.replace(new RegExp(OPACITY.source, 'g'), '');
  if (strip(normal) !== strip(plain)) return undefined;
  const dim: number[] = [];
  let opacity = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const m = OPACITY.exec(b[i]!);
    if (!m || b[i]!.replace(OPACITY, '') !== a[i]) return undefined;
    dim.push(i);
    opacity = Number(m[1]);
  }
  return { dim, opacity };
}

const ATTR = /[\w:-]+="[^"]*"/g;
const noPrefix = (x: string) => x.split(prefixOf(x)).join('ID');

/** Attributes (`name="value"`) of a light and a dark SVG, position by position; undefined when they differ elsewhere. */
function attributePairs(light: string, dark: string): [string, string][] | undefined {
  const l = noPrefix(light);
  const d = noPrefix(dark);
  if (l.replace(ATTR, '@') !== d.replace(ATTR, '@')) return undefined;
  const la = l.match(ATTR) ?? [];
  const da = d.match(ATTR) ?? [];
  return la.length === da.length ? la.map((a, i) => [a, da[i]!]) : undefined;
}

/**
 * The light SVG made dark: every attribute in `swap` replaced, and the
 * attribute at position i by `at[i]` where one light attribute has several
 * dark ones (the page's script does the same).
 */
function applySwap(light: string, swap: Record<string, string>, at: Record<string, string> = {}): string {
  let i = -1;
  return light.replace(ATTR, (m) => {
    i++;
    const own = at[String(i)];
    if (own !== undefined) return own;
    return Object.prototype.hasOwnProperty.call(swap, m) ? swap[m]! : m;
  });
}

/**
 * A swap table (each light attribute → its most frequent dark one) and, per
 * picture, the positions where the dark attribute is another; undefined when
 * the pictures differ in more than attributes.
 */
function swapTable(pairs: readonly [light: string, dark: string][]): { swap: Record<string, string>; at: Record<string, string>[] } | undefined {
  const perPicture: [string, string][][] = [];
  const counts = new Map<string, Map<string, number>>();
  for (const [l, d] of pairs) {
    const attrs = attributePairs(l, d);
    if (!attrs) return undefined;
    perPicture.push(attrs);
    for (const [a, b] of attrs) {
      const c = counts.get(a) ?? new Map<string, number>();
      c.set(b, (c.get(b) ?? 0) + 1);
      counts.set(a, c);
    }
  }
  const swap: Record<string, string> = {};
  for (const a of [...counts.keys()].sort()) {
    const best = [...counts.get(a)!.entries()].sort(([x, n], [y, m]) => m - n || (x < y ? -1 : x > y ? 1 : 0))[0]![0];
    if (best !== a) swap[a] = best;
  }
  const at = perPicture.map((attrs) => {
    const own: Record<string, string> = {};
    attrs.forEach(([a, b], i) => {
      if ((Object.prototype.hasOwnProperty.call(swap, a) ? swap[a] : a) !== b) own[String(i)] = b;
    });
    return own;
  });
  for (let k = 0; k < pairs.length; k++) if (noPrefix(applySwap(pairs[k]![0], swap, at[k])) !== noPrefix(pairs[k]![1])) return undefined;
  return { swap, at };
}

/** Replaces the dark picture of `key` (view/detail) by a swap table when that reproduces it. */
function shareDark(pictures: Record<string, Picture | ThemeSwap>, key: string): void {
  const light = pictures[`${key}/light`];
  const dark = pictures[`${key}/dark`];
  if (!light || !dark || 'swap' in light || 'swap' in dark || 'same' in light || 'same' in dark) return;
  let pairs: [string, string][];
  if ('frames' in light && 'frames' in dark) {
    const steps = Object.keys(light.frames);
    if (steps.join() !== Object.keys(dark.frames).join()) return;
    pairs = steps.map((n) => [light.frames[n]!, dark.frames[n]!]);
  } else if ('svg' in light && 'svg' in dark) {
    if (JSON.stringify(light.dim) !== JSON.stringify(dark.dim)) return;
    pairs = [[light.svg, dark.svg]];
  } else return;
  const table = swapTable(pairs);
  if (!table) return;
  const steps = 'frames' in light ? Object.keys(light.frames) : ['svg'];
  const at: Record<string, Record<string, string>> = {};
  steps.forEach((n, i) => {
    if (Object.keys(table.at[i]!).length > 0) at[n] = table.at[i]!;
  });
  pictures[`${key}/dark`] = { swap: table.swap, at, ...('opacity' in dark ? { opacity: dark.opacity } : {}) };
}

/** Trace event ids per clickable element (edge or message `data-id`) of a view. */
function targetsOf(view: View, into: Record<string, string[]>): void {
  if (view.kind !== 'sequence') {
    for (const e of view.edges) if (e.events.length > 0) into[e.id] = e.events;
    return;
  }
  const walk = (items: readonly SequenceItem[]) => {
    for (const i of items) {
      if (i.type === 'message' && i.events.length > 0) into[i.id] = i.events;
      else if (i.type === 'loop') walk(i.items);
      else if (i.type === 'alt') for (const b of i.branches) walk(b.items);
    }
  };
  walk(view.items);
}

function seconds(ms: number): string {
  return `t = ${(ms / 1000).toFixed(3)} s`;
}

function eventRows(trace: Trace, used: Set<string>): Record<string, EventRow> {
  const names = new Map(trace.components.map((c) => [c.id, c.name]));
  const byId = new Map(trace.events.map((e) => [e.id, e]));
  const steps = new Map(trace.steps.map((s) => [s.number, s]));
  const who = (e: TraceEvent) => (e.from === e.to ? names.get(e.from) ?? e.from : `${names.get(e.from) ?? e.from} → ${names.get(e.to) ?? e.to}`);
  const out: Record<string, EventRow> = {};
  for (const e of trace.events) {
    if (!used.has(e.id)) continue;
    const request = e.method && e.path ? `${e.method} ${e.path}` : e.etcd ? `${e.etcd.op} ${e.etcd.key}` : '';
    const what = [`${e.type}: ${e.summary}`, request && !e.summary.includes(request) ? request : '', e.detail ?? ''].filter((x) => x !== '').join(' — ');
    const cause = e.cause !== null ? byId.get(e.cause) : undefined;
    const step = steps.get(e.step);
    const why = cause ? `after ${who(cause)}: ${cause.summary}` : step ? `step ${step.number}: ${step.command}` : '';
    const result = [e.result ?? '', e.status !== undefined ? String(e.status) : ''].filter((x) => x !== '').join(' ') || '—';
    out[e.id] = [who(e), what, why, result, seconds(e.t), e.step];
  }
  return out;
}

/** The embedded JSON: `<` escaped so nothing in it can end the script element. */
function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The page's font family: the subset of Inter every picture's text uses. */
export const PLAYER_FONT_FAMILY = 'kubescene Inter';

/**
 * The page's one `@font-face` per weight (the glyphs of every `<text>` in
 * `svgs`) and the rule that gives it to the inlined pictures; '' without text.
 */
function pageFont(svgs: string, fallback: string): string {
  const faces = fontFaceStyle(svgs, PLAYER_FONT_FAMILY).replace(/^<style>|<\/style>$/g, '');
  return faces === '' ? '' : `${faces}.figure svg{font-family:"${PLAYER_FONT_FAMILY}", ${fallback}}`;
}

const DEFS = /<defs>([\s\S]*?)<\/defs>/;
const PREFIX_MARK = '@@';

/**
 * The `<defs>` of the page's pictures, each distinct one embedded once: the
 * markers and icon symbols repeat in every frame and differ only in
 * the picture's id prefix, which the page puts back (html-client.ts).
 */
class SharedDefs {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  strip(svg: string): string {
    const m = DEFS.exec(svg);
    const prefix = prefixOf(svg);
    if (!m || prefix === '' || m[1]!.includes(PREFIX_MARK)) return svg;
    const body = m[1]!.split(prefix).join(PREFIX_MARK);
    let i = this.index.get(body);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(body);
      this.index.set(body, i);
    }
    return svg.slice(0, m.index) + `<defs data-d="${i}"></defs>` + svg.slice(m.index + m[0].length);
  }
}

/**
 * Every picture string of the page with its attributes single-quoted, when
 * that is the only use of `"` in them (the SVG writer escapes both quotes in
 * values and text): in the JSON, `'` costs one byte and `\"` two.
 */
function singleQuoted(pictures: Record<string, Picture | ThemeSwap>, defs: string[]): boolean {
  const strings: string[] = [...defs];
  for (const p of Object.values(pictures)) {
    if ('svg' in p) strings.push(p.svg);
    else if ('frames' in p) strings.push(...Object.values(p.frames));
    else if ('swap' in p) {
      strings.push(...Object.keys(p.swap), ...Object.values(p.swap));
      for (const at of Object.values(p.at)) strings.push(...Object.values(at));
    }
  }
  if (strings.some((x) => x.includes("'"))) return false;
  const q = (x: string) => x.replace(/"/g, "'");
  defs.forEach((d, i) => (defs[i] = q(d)));
  for (const p of Object.values(pictures)) {
    if ('svg' in p) p.svg = q(p.svg);
    else if ('frames' in p) for (const n of Object.keys(p.frames)) p.frames[n] = q(p.frames[n]!);
    else if ('swap' in p) {
      p.swap = Object.fromEntries(Object.entries(p.swap).map(([a, b]) => [q(a), q(b)]));
      for (const at of Object.values(p.at)) for (const i of Object.keys(at)) at[i] = q(at[i]!);
    }
  }
  return true;
}

/** Builds every picture of the player and returns the HTML page. */
export async function playerHtml(trace: Trace, opts: PlayerOptions = {}): Promise<string> {
  const details = [...(opts.details ?? DETAIL_LEVELS)];
  const themes = THEME_NAMES.map((t) => ({ name: t, theme: loadTheme(t) }));
  const pictures: Record<string, Picture> = {};
  const targets: Record<string, Record<string, string[]> | string> = {};
  // Detail levels often draw the same view (a flowchart, a short step): each distinct view is laid out once.
  const cache = opts.cache?.trace === trace ? opts.cache : new PictureCache(trace);
  const shared = new SharedDefs();
  const draw = (laid: Parameters<typeof renderSvg>[0], o: Parameters<typeof renderSvg>[1]) => shared.strip(renderSvg(laid, o));
  for (const kind of VIEW_KINDS) {
    for (const detail of details) {
      const into: Record<string, string[]> = {};
      targets[`${kind}/${detail}`] = into;
      if (kind === 'sequence') {
        const frames: Record<ThemeName, Record<string, string>> = { light: {}, dark: {} };
        for (const s of trace.steps) {
          const { view, laid } = await stepSequenceLaid(trace, s.number, detail, cache);
          targetsOf(view, into);
          for (const t of themes) frames[t.name][String(s.number)] = draw(laid, { theme: t.theme, step: s.number, embedFont: false });
        }
        for (const t of themes) pictures[`${kind}/${detail}/${t.name}`] = { frames: frames[t.name] };
        continue;
      }
      const view =
        kind === 'architecture'
          ? buildView(trace, kind, { detail, ...(opts.diagrams?.architecture.steps ? { steps: opts.diagrams.architecture.steps } : {}) })
          : buildView(trace, kind, { detail, ...(opts.diagrams?.flowchart.step !== undefined ? { step: opts.diagrams.flowchart.step } : {}) });
      targetsOf(view, into);
      const laid = await cache.laid(view);
      const drawn = new Set<number>();
      for (const x of view.kind === 'sequence' ? [] : [...view.nodes, ...view.edges]) for (const s of x.steps) drawn.add(s);
      for (const t of themes) {
        const plain = draw(laid, { theme: t.theme, embedFont: false });
        const layered: LayeredPicture = { svg: plain, dim: {}, opacity: t.theme.dimOpacity };
        const framed: FramedPicture = { frames: {} };
        let ok = true;
        for (const s of trace.steps) {
          if (!drawn.has(s.number)) continue;
          const frame = draw(laid, { theme: t.theme, step: s.number, embedFont: false });
          framed.frames[String(s.number)] = frame;
          const d = ok ? dimIndices(plain, frame) : undefined;
          if (d) layered.dim[String(s.number)] = d.dim;
          else ok = false;
        }
        pictures[`${kind}/${detail}/${t.name}`] = ok ? layered : framed;
      }
    }
  }
  // One subset of Inter for every picture of the page (they are drawn without their own).
  const font = pageFont(Object.values(pictures).map((p) => ('svg' in p ? p.svg : 'frames' in p ? Object.values(p.frames).join('') : '')).join(''), themes[0]!.theme.fontFamily);
  // A detail level that draws exactly what a coarser one draws (a flowchart, a short story) is embedded once.
  const same: Record<string, string> = {};
  for (const kind of VIEW_KINDS) {
    // The first level (coarsest first) that embeds each distinct picture.
    const first = new Map<string, string>();
    for (const detail of details) {
      const key = `${kind}/${detail}`;
      const pic = JSON.stringify([pictures[`${key}/light`], pictures[`${key}/dark`], targets[key]]);
      const earlier = first.get(pic);
      if (earlier !== undefined) same[key] = earlier;
      else first.set(pic, key);
    }
  }
  for (const [key, earlier] of Object.entries(same)) {
    for (const t of THEME_NAMES) pictures[`${key}/${t}`] = { same: earlier };
    targets[key] = earlier;
  }
  for (const kind of VIEW_KINDS) for (const detail of details) if (same[`${kind}/${detail}`] === undefined) shareDark(pictures, `${kind}/${detail}`);
  const used = new Set(Object.values(targets).flatMap((m) => (typeof m === 'string' ? [] : Object.values(m).flat())));
  const sections = explainSections(trace);
  const focus = focusSteps(trace);
  const data: PlayerData = {
    title: trace.header.scenario.title || trace.header.scenario.name,
    delayMs: opts.delayMs ?? DEFAULT_FRAME_DELAY_MS,
    initial: { view: opts.view ?? 'architecture', detail: opts.detail && details.includes(opts.detail) ? opts.detail : details.includes('standard') ? 'standard' : details[0]!, step: focus[0] ?? 1 },
    views: [...VIEW_KINDS],
    details,
    steps: trace.steps.map((s) => ({ n: s.number, title: s.title, setup: s.setup === true, command: s.command, html: markdownHtml(sections.get(s.number) ?? '') })),
    pictures,
    targets,
    events: eventRows(trace, used),
    defs: shared.list,
    q: false,
  };
  data.q = singleQuoted(pictures, data.defs);
  const description = markdownHtml(trace.header.scenario.description.trim());
  const csp = `default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; script-src ${hash(PLAYER_JS)}; base-uri 'none'; form-action 'none'`;
  return (
    '<!DOCTYPE html>\n' +
    '<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<meta name="color-scheme" content="light dark">\n' +
    `<title>${escapeHtml(data.title)} — kubescene</title>\n` +
    `<style>${PLAYER_CSS}</style>\n` +
    (font !== '' ? `<style>${font}</style>\n` : '') +
    '</head>\n<body>\n' +
    '<header class="bar">\n' +
    `<h1>${escapeHtml(data.title)}</h1>\n` +
    '<div class="controls">\n' +
    '<div class="seg" role="group" aria-label="View" id="views"></div>\n' +
    '<label>Detail <select id="detail"></select></label>\n' +
    '<button type="button" id="prev" aria-label="Previous step" title="Previous step (←)">←</button>\n' +
    '<button type="button" id="play" aria-pressed="false" title="Play (space)">▶ Play</button>\n' +
    '<button type="button" id="next" aria-label="Next step" title="Next step (→)">→</button>\n' +
    '</div>\n</header>\n' +
    '<main>\n' +
    '<nav aria-label="Steps"><ol id="steps"></ol></nav>\n' +
    '<section class="stage">\n<div id="figure" class="figure" aria-live="polite"></div>\n<p id="note" class="note" hidden></p>\n</section>\n' +
    '<aside>\n<h2 id="step-title"></h2>\n' +
    '<section id="event" class="event" hidden aria-live="polite"><h3>Trace event</h3><div id="event-body"></div></section>\n' +
    '<div id="explain" class="explain"></div>\n' +
    (description ? `<details class="about"><summary>About this scenario</summary>${description}</details>\n` : '') +
    '<p class="hint">← → steps · space plays · click an arrow or message for its trace event</p>\n' +
    '</aside>\n</main>\n' +
    `<script type="application/json" id="ks-data">${jsonForScript(data)}</script>\n` +
    `<script>${PLAYER_JS}</script>\n` +
    '</body>\n</html>\n'
  );
}
