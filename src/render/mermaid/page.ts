/**
 * A warm mermaid-cli page: mermaid-cli's own `dist/index.html` with the
 * Mermaid bundle it ships injected once, then any number of diagrams rendered
 * in it with the same steps as mermaid-cli's `renderMermaid` (initialize,
 * render into `#container`, background, XMLSerializer or a clipped
 * screenshot).
 *
 * Why not call `renderMermaid` per diagram: it opens a page and injects ~14 MB
 * of JavaScript (Mermaid and ZenUML) for every diagram, which is about a
 * second of CPU each; rendering in a warm page takes tens of milliseconds.
 * The tests check that both paths give byte-identical SVG.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'puppeteer';

/** mermaid-cli's page and the Mermaid IIFE it injects (`mermaid/dist/mermaid.js`). */
const CLI_HTML = join(dirname(fileURLToPath(import.meta.resolve('@mermaid-js/mermaid-cli'))), '..', 'dist', 'index.html');
const MERMAID_IIFE = join(dirname(fileURLToPath(import.meta.resolve('mermaid'))), 'mermaid.js');

export interface PageRender {
  definition: string;
  format: 'svg' | 'png';
  /** Passed to `mermaid.initialize`, like mermaid-cli's `mermaidConfig`. */
  config: Record<string, unknown>;
  backgroundColor: string;
  svgId: string;
  viewport: { width: number; height: number; deviceScaleFactor: number };
}

export async function openWarmPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(new URL(`file://${CLI_HTML}`).href);
  await page.addScriptTag({ path: MERMAID_IIFE });
  await page.$eval('body', async () => {
    const g = globalThis as unknown as InPage;
    await Promise.all(Array.from(g.document.fonts, (font) => font.load()));
    g.mermaid.registerLayoutLoaders(g.elkLayouts);
  });
  return page;
}

/** What runs inside the page uses these (the project compiles without the DOM lib). */
interface InPage {
  document: { fonts: Iterable<{ load(): Promise<unknown> }> };
  XMLSerializer: new () => { serializeToString(node: unknown): string };
  mermaid: MermaidGlobal;
  elkLayouts: unknown;
}
interface PageElement {
  style: { background: string; backgroundColor: string };
  innerHTML: string;
  getElementsByTagName(tag: string): ArrayLike<PageElement>;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}
interface MermaidGlobal {
  registerLayoutLoaders(loaders: unknown): void;
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string, container: PageElement): Promise<{ svg: string }>;
}

/** One diagram of `renderSvgsInPage`: what `PageRender` holds per diagram. */
export interface PageSvg {
  definition: string;
  config: Record<string, unknown>;
  svgId: string;
}

/** A diagram's SVG, or the message of the error Mermaid threw for it. */
export type PageSvgResult = { svg: string } | { error: string };

/**
 * SVGs of several diagrams in one call into the page: for each, the steps of
 * `renderInPage` with format `svg` (initialize, render into `#container`,
 * background, XMLSerializer), one after another, without a round trip per
 * diagram. The diagrams share the viewport and background (set once). Each
 * diagram gets its own result: an error in one (a parse error) is its
 * result, and the next diagrams still render. Byte-identical to
 * `renderInPage` one diagram at a time (test/text/mermaid-cli.test.ts).
 */
export async function renderSvgsInPage(
  page: Page,
  common: Pick<PageRender, 'backgroundColor' | 'viewport'>,
  diagrams: readonly PageSvg[],
): Promise<PageSvgResult[]> {
  await preparePage(page, common.viewport, common.backgroundColor);
  return page.$eval(
    '#container',
    async (node, list, bg) => {
      const g = globalThis as unknown as InPage;
      const container = node as unknown as PageElement;
      const out: ({ svg: string } | { error: string })[] = [];
      for (const d of list) {
        try {
          g.mermaid.initialize({ startOnLoad: false, ...d.config });
          const { svg } = await g.mermaid.render(d.svgId, d.definition, container);
          container.innerHTML = svg;
          const rendered = container.getElementsByTagName('svg')[0];
          if (rendered) rendered.style.backgroundColor = bg;
          out.push(rendered ? { svg: new g.XMLSerializer().serializeToString(rendered) } : { error: 'Mermaid rendered no <svg>' });
        } catch (err) {
          out.push({ error: err instanceof Error ? err.message : String(err) });
        }
      }
      return out;
    },
    diagrams.map((d) => ({ ...d })),
    common.backgroundColor,
  );
}

/** The page's viewport and body background for the next diagram. */
async function preparePage(page: Page, viewport: PageRender['viewport'], backgroundColor: string): Promise<void> {
  await page.setViewport(viewport);
  await page.$eval(
    'body',
    (body, bg) => {
      (body as unknown as PageElement).style.background = bg;
    },
    backgroundColor,
  );
}

/** Runs one screenshot at a time: only the front tab paints. */
export type Exclusive = <T>(task: () => Promise<T>) => Promise<T>;

export async function renderInPage(page: Page, r: PageRender, exclusive: Exclusive): Promise<Uint8Array | string> {
  await preparePage(page, r.viewport, r.backgroundColor);
  await page.$eval(
    '#container',
    async (node, definition, config, bg, svgId) => {
      const { mermaid } = globalThis as unknown as InPage;
      const container = node as unknown as PageElement;
      mermaid.initialize({ startOnLoad: false, ...config });
      const { svg } = await mermaid.render(svgId, definition, container);
      container.innerHTML = svg;
      const rendered = container.getElementsByTagName('svg')[0];
      if (rendered) rendered.style.backgroundColor = bg;
    },
    r.definition,
    r.config,
    r.backgroundColor,
    r.svgId,
  );
  if (r.format === 'svg') {
    return page.$eval('#container svg', (svg) => new (globalThis as unknown as InPage).XMLSerializer().serializeToString(svg));
  }
  const clip = await page.$eval('#container svg', (svg) => {
    const rect = (svg as unknown as PageElement).getBoundingClientRect();
    return { x: Math.floor(rect.left), y: Math.floor(rect.top), width: Math.ceil(rect.width), height: Math.ceil(rect.height) };
  });
  return exclusive(async () => {
    await page.bringToFront();
    await page.setViewport({ ...r.viewport, width: clip.x + clip.width, height: clip.y + clip.height });
    return page.screenshot({ clip, omitBackground: r.backgroundColor === 'transparent' });
  });
}
