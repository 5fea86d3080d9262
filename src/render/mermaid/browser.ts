/**
 * Real Mermaid rendering with mermaid-cli and one Chromium for every diagram
 * of a run (a launch costs about a second). By default diagrams render in a
 * couple of warm mermaid-cli pages (page.ts); `engine: 'render-mermaid'`
 * calls mermaid-cli's Node API `renderMermaid` per diagram instead, with the
 * same output. This file is the Mermaid path's edge: it touches the file
 * system (Chromium, a temp profile dir, the theme files) and the browser.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { renderMermaid } from '@mermaid-js/mermaid-cli';
import { DiagnosticError } from '../../common/diagnostic.ts';
import { shortHash } from '../../common/hash.ts';
import { normaliseSvg } from './normalise.ts';
import { openWarmPage, renderInPage, renderSvgsInPage, type PageRender } from './page.ts';

export type MermaidTheme = 'light' | 'dark';
/**
 * `warm-page` (default): diagrams render one after another in a few pages
 * that loaded mermaid-cli's page and Mermaid once (see page.ts).
 * `render-mermaid`: mermaid-cli's `renderMermaid` per diagram, a fresh page
 * each time; same output, about a second more per diagram.
 */
export type MermaidEngine = 'warm-page' | 'render-mermaid';
export interface MermaidOpenOptions {
  executablePath?: string;
  engine?: MermaidEngine;
}
/** Mermaid's config type, as mermaid-cli declares it (mermaid itself is its dependency, not ours). */
type MermaidConfig = NonNullable<NonNullable<Parameters<typeof renderMermaid>[3]>['mermaidConfig']>;
export interface MermaidRenderOptions {
  format: 'svg' | 'png';
  theme: MermaidTheme;
}

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Chromium flags: no sandbox (containers, root), nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Pages rendered side by side are background tabs; keep them painting, or
  // a screenshot (PNG) of one waits forever.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  // Lets file:// pages share a renderer process (measured ~10-25% faster).
  '--process-per-site',
];

/** Pages rendering at once in the one browser: enough to overlap I/O on 2 cores. */
const MAX_PAGES = 2;

/** `$PUPPETEER_EXECUTABLE_PATH`, then `$CHROMIUM_PATH`, then Debian's path. */
export function chromiumPath(explicit?: string): string {
  return explicit ?? process.env['PUPPETEER_EXECUTABLE_PATH'] ?? process.env['CHROMIUM_PATH'] ?? DEFAULT_CHROMIUM;
}

/** `--renderer mermaid: error[no-chromium]: …`, exit 2 through the CLI. */
export function noChromiumError(path: string, startError?: string): DiagnosticError {
  const problem = startError === undefined ? `Chromium was not found at ${path}` : `Chromium at ${path} did not start (${startError})`;
  return new DiagnosticError([
    {
      code: 'no-chromium',
      severity: 'error',
      file: '--renderer mermaid',
      message: `${problem}; install it with \`apt-get install chromium\` (or set PUPPETEER_EXECUTABLE_PATH), or use \`--renderer native\``,
      hint: 'the native renderer (`--renderer native`, the default) needs no browser',
    },
  ]);
}

export class MermaidRenderer {
  private readonly browser: Browser;
  private readonly profileDir: string;
  private readonly themes: Record<MermaidTheme, MermaidConfig>;
  private readonly engine: MermaidEngine;
  /** Warm pages not in use; at most MAX_PAGES exist. */
  private readonly idle: Page[] = [];
  private pages = 0;
  private readonly waiting: ((page: Page | null) => void)[] = [];
  /** Tail of the chain of screenshots (one at a time; see page.ts). */
  private screenshots: Promise<unknown> = Promise.resolve();

  private constructor(browser: Browser, profileDir: string, themes: Record<MermaidTheme, MermaidConfig>, engine: MermaidEngine) {
    this.browser = browser;
    this.profileDir = profileDir;
    this.themes = themes;
    this.engine = engine;
  }

  /** Launch the one browser. Throws DiagnosticError `no-chromium` when it is missing. */
  static async open(opts: MermaidOpenOptions = {}): Promise<MermaidRenderer> {
    const executablePath = chromiumPath(opts.executablePath);
    if (!existsSync(executablePath)) throw noChromiumError(executablePath);
    const themes = loadThemes();
    const profileDir = mkdtempSync(join(tmpdir(), 'kubescene-chromium-'));
    try {
      const browser = await puppeteer.launch({
        executablePath,
        headless: true,
        protocolTimeout: 60_000,
        args: [...CHROMIUM_ARGS, `--user-data-dir=${profileDir}`],
      });
      return new MermaidRenderer(browser, profileDir, themes, opts.engine ?? 'warm-page');
    } catch (err) {
      rmSync(profileDir, { recursive: true, force: true });
      throw noChromiumError(executablePath, firstLine(err));
    }
  }

  /**
   * Render one Mermaid definition. Invalid Mermaid rejects with Mermaid's own
   * parse error. SVG comes back as a string, PNG as bytes. Safe to call
   * concurrently; at most MAX_PAGES diagrams render at once.
   */
  async render(mmd: string, opts: MermaidRenderOptions): Promise<string | Uint8Array> {
    const { config, common } = this.settings(mmd, opts);
    const page = await this.acquire();
    let data: string | Uint8Array;
    try {
      data =
        this.engine === 'render-mermaid'
          ? (await renderMermaid(this.browser, mmd, opts.format, { ...common, mermaidConfig: config })).data
          : await renderInPage(page!, { ...common, definition: mmd, format: opts.format, config: { ...config } }, (task) =>
              this.exclusive(task),
            );
    } finally {
      this.release(page);
    }
    if (opts.format === 'png') return typeof data === 'string' ? new TextEncoder().encode(data) : data;
    return normaliseSvg(typeof data === 'string' ? data : new TextDecoder().decode(data));
  }

  /**
   * SVGs of many diagrams, rendered in warm pages `batch` at a time, one
   * call into the page per batch (page.ts renderSvgsInPage) instead of four
   * round trips per diagram; byte-identical to `render` of each. Each
   * diagram's own outcome: its normalised SVG, or the error `render` would
   * reject with (Mermaid's parse error). Keep a batch well inside the
   * protocol timeout on a loaded machine. The render-mermaid engine renders
   * them one by one.
   */
  async renderSvgs(mmds: readonly string[], theme: MermaidTheme, batch = 10): Promise<PromiseSettledResult<string>[]> {
    if (this.engine === 'render-mermaid') {
      return Promise.allSettled(mmds.map((mmd) => this.render(mmd, { format: 'svg', theme }) as Promise<string>));
    }
    const chunks: string[][] = [];
    for (let s = 0; s < mmds.length; s += batch) chunks.push(mmds.slice(s, s + batch));
    const done = await Promise.all(
      chunks.map(async (chunk) => {
        const items = chunk.map((mmd) => ({ mmd, ...this.settings(mmd, { format: 'svg', theme }) }));
        const page = await this.acquire();
        try {
          const first = items[0]!.common;
          return await renderSvgsInPage(
            page!,
            { backgroundColor: first.backgroundColor, viewport: first.viewport },
            items.map((it) => ({ definition: it.mmd, config: { ...it.config }, svgId: it.common.svgId })),
          );
        } finally {
          this.release(page);
        }
      }),
    );
    return done.flat().map((r): PromiseSettledResult<string> =>
      'svg' in r ? { status: 'fulfilled', value: normaliseSvg(r.svg) } : { status: 'rejected', reason: new Error(r.error) },
    );
  }

  /** Mermaid's config and mermaid-cli's render options for one diagram. */
  private settings(mmd: string, opts: MermaidRenderOptions): { config: MermaidConfig; common: Pick<PageRender, 'backgroundColor' | 'svgId' | 'viewport'> } {
    // Ids derive from the content and the theme, so identical input renders
    // byte-identically and two diagrams on one page do not clash.
    const seed = shortHash(`${opts.theme}\n${mmd}`);
    const config: MermaidConfig = {
      ...this.themes[opts.theme],
      deterministicIds: true,
      deterministicIDSeed: seed,
      // Shapes drawn with rough.js (stadiums, …) jitter their control points
      // with a random seed unless one is given.
      handDrawnSeed: Number.parseInt(seed.slice(0, 6), 16) + 1,
      // Big scenarios exceed Mermaid's defaults (50 000 characters, 500 edges).
      maxTextSize: 2_000_000,
      maxEdges: 5_000,
    };
    const common = {
      backgroundColor: opts.theme === 'dark' ? '#0f172a' : 'white',
      svgId: `ks-${seed}`,
      viewport: { width: 1200, height: 800, deviceScaleFactor: opts.format === 'png' ? 2 : 1 },
    };
    return { config, common };
  }

  async close(): Promise<void> {
    await this.browser.close();
    rmSync(this.profileDir, { recursive: true, force: true });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.screenshots.then(task, task);
    this.screenshots = run.catch(() => undefined);
    return run;
  }

  /** A warm page (null for the render-mermaid engine, which opens its own). */
  private async acquire(): Promise<Page | null> {
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.pages < MAX_PAGES) {
      this.pages++;
      if (this.engine === 'render-mermaid') return null;
      try {
        return await openWarmPage(this.browser);
      } catch (err) {
        this.pages--;
        throw err;
      }
    }
    return new Promise<Page | null>((resolve) => this.waiting.push(resolve));
  }

  private release(page: Page | null): void {
    const next = this.waiting.shift();
    if (next) next(page);
    else if (page) this.idle.push(page);
    else this.pages--;
  }
}

/** Our light/dark themes as Mermaid configs (`templates/mermaid/<theme>.json`). */
function loadThemes(): Record<MermaidTheme, MermaidConfig> {
  const dir = new URL('../../../templates/mermaid/', import.meta.url);
  const read = (name: MermaidTheme) => JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as MermaidConfig;
  return { light: read('light'), dark: read('dark') };
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
