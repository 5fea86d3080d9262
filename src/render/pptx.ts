/**
 * PPTX (`render --format pptx`): a title slide, then one slide per focus step
 * (steps without `setup: true`) with that step's frame (frames.ts; by default
 * the step's own sequence at `summary` detail, sized for a slide) and a short
 * caption from the `explain` text of the step. Built with pptxgenjs.
 *
 * Deterministic bytes: pptxgenjs stamps the time of writing into
 * `docProps/core.xml` and into every zip entry; both are replaced by a fixed
 * date (1980-01-01, the zip epoch) and the zip is written again with JSZip
 * (DEFLATE, same entry order). Nothing else in a deck without charts varies.
 */
import * as pptxModule from 'pptxgenjs';
import JSZip from 'jszip';
import { Parser, type Node as MdNode } from 'commonmark';
import type { Trace } from '../trace/types.ts';
import type { DetailLevel, ViewKind } from '../views/types.ts';
import type { DiagramSettings } from '../scenario/types.ts';
import { focusSteps, viewFrames } from './frames.ts';
import { explainSections } from './html.ts';
import { renderPng, svgSize } from './png.ts';
import type { ThemeName } from './theme.ts';

type PptxGenJS = InstanceType<typeof pptxModule.default.default>;
/** Node loads pptxgenjs's ES build (the class is `default`); its types describe the CommonJS one (`default.default`). */
const PptxGen = pickClass(pptxModule);

function pickClass(m: unknown): new () => PptxGenJS {
  let c = (m as { default?: unknown }).default;
  if (typeof c !== 'function') c = (c as { default?: unknown } | undefined)?.default;
  if (typeof c !== 'function') throw new Error('pptxgenjs: no presentation class');
  return c as new () => PptxGenJS;
}

/** The fixed time written into the deck (zip entries and document properties). */
export const PPTX_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
/** Longest caption, in characters (cut at a word, with an ellipsis). */
export const CAPTION_MAX = 320;

export interface PptxOptions {
  /** Which view pictures the steps (default sequence: each step's own sequence). */
  view?: ViewKind;
  /** Default summary (one message per component hop: fits a slide). */
  detail?: DetailLevel;
  theme?: ThemeName;
  diagrams?: Pick<DiagramSettings, 'architecture' | 'flowchart'>;
  /** PNG pixel density of the pictures (default: png.ts's budget). */
  scale?: number;
}

/**
 * The slides' text font: Arial is on every PowerPoint and Keynote machine and
 * LibreOffice draws it with the metric-compatible Liberation Sans, so text
 * wraps where it was laid out (Inter, the pictures' font, is embedded in the
 * pictures but usually not installed, and its fallback is wider).
 */
export const FONT = 'Arial';

/** 16:9, in inches (pptxgenjs LAYOUT_WIDE). */
const SLIDE = { w: 13.333, h: 7.5 };
const MARGIN = 0.5;
const PICTURE = { x: MARGIN, y: 1.15, w: SLIDE.w - 2 * MARGIN, h: 4.85 };

/** Plain text of Markdown: text and code spans, list items and paragraphs joined by spaces; code blocks left out. */
export function markdownPlain(markdown: string): string {
  const out: string[] = [];
  const walker = new Parser().parse(markdown).walker();
  for (let ev = walker.next(); ev; ev = walker.next()) {
    const n: MdNode = ev.node;
    if (!ev.entering) {
      if (n.type === 'paragraph' || n.type === 'item' || n.type === 'heading') out.push(' ');
      continue;
    }
    if (n.type === 'text' || n.type === 'code') out.push(n.literal ?? '');
    else if (n.type === 'softbreak' || n.type === 'linebreak') out.push(' ');
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}

/** At most `max` characters, cut at a word with an ellipsis. */
export function shorten(text: string, max = CAPTION_MAX): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** The caption of a step: its explain sentences (not the command or kubectl's output), shortened. */
function caption(section: string | undefined): string {
  if (!section) return '';
  // The section opens with the command as a code span on its own line; the sentences follow as a list.
  const body = section.split('\n').filter((l) => !/^`[^`]*`( \(as .*\))?$/.test(l.trim()) && !/^- (✅|❌) /.test(l));
  return shorten(markdownPlain(body.join('\n')));
}

function fit(size: { width: number; height: number }, box: { x: number; y: number; w: number; h: number }): { x: number; y: number; w: number; h: number } {
  const k = Math.min(box.w / size.width, box.h / size.height);
  const w = size.width * k;
  const h = size.height * k;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

/** Rewrites the deck with fixed dates, so the same input gives the same bytes. */
async function fixDates(deck: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(deck);
  const out = new JSZip();
  const stamp = PPTX_DATE.toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name]!;
    if (entry.dir) continue;
    let data: string | Uint8Array = await entry.async('uint8array');
    if (name === 'docProps/core.xml') {
      data = new TextDecoder()
        .decode(data)
        .replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${stamp}$3`);
    }
    out.file(name, data, { date: PPTX_DATE, createFolders: false });
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

export async function slidesPptx(trace: Trace, opts: PptxOptions = {}): Promise<Uint8Array> {
  const kind = opts.view ?? 'sequence';
  const focus = focusSteps(trace);
  const frames = await viewFrames(trace, kind, { detail: opts.detail ?? 'summary', theme: opts.theme ?? 'light', steps: focus, ...(opts.diagrams ? { diagrams: opts.diagrams } : {}) });
  const sections = explainSections(trace);
  const title = trace.header.scenario.title || trace.header.scenario.name;
  const pptx: PptxGenJS = new PptxGen();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.author = 'kubescene';
  pptx.company = 'kubescene';
  pptx.title = title;
  pptx.subject = `${trace.header.scenario.name}: ${kind} view, one slide per focus step`;

  const cover = pptx.addSlide();
  cover.addText(title, { x: MARGIN, y: 2.2, w: SLIDE.w - 2 * MARGIN, h: 1.2, fontSize: 36, bold: true, fontFace: FONT, color: '0F172A' });
  cover.addText(shorten(markdownPlain(trace.header.scenario.description), 600), { x: MARGIN, y: 3.5, w: SLIDE.w - 2 * MARGIN, h: 2.5, fontSize: 16, fontFace: FONT, color: '475569', valign: 'top' });
  cover.addText(`${focus.length} step${focus.length === 1 ? '' : 's'} · drawn by kubescene from ${trace.header.scenario.source}`, { x: MARGIN, y: 6.6, w: SLIDE.w - 2 * MARGIN, h: 0.4, fontSize: 12, fontFace: FONT, color: '64748B' });

  for (const f of frames) {
    const slide = pptx.addSlide();
    slide.addText(`Step ${f.step} · ${f.title}`, { x: MARGIN, y: 0.3, w: SLIDE.w - 2 * MARGIN, h: 0.7, fontSize: 26, bold: true, fontFace: FONT, color: '0F172A', fit: 'shrink' });
    const text = caption(sections.get(f.step));
    const size = svgSize(f.svg) ?? { width: 16, height: 9 };
    const png = renderPng(f.svg, opts.scale !== undefined ? { scale: opts.scale } : {});
    slide.addImage({ data: `image/png;base64,${Buffer.from(png).toString('base64')}`, ...fit(size, PICTURE), altText: `${kind} diagram of step ${f.step}: ${f.title}` });
    if (text) slide.addText(text, { x: MARGIN, y: PICTURE.y + PICTURE.h + 0.15, w: SLIDE.w - 2 * MARGIN, h: SLIDE.h - (PICTURE.y + PICTURE.h + 0.15) - 0.3, fontSize: 14, fontFace: FONT, color: '334155', valign: 'top', fit: 'shrink' });
  }
  const written = (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
  return fixDates(written);
}
