/**
 * The HTML player: built by the real binary and driven in real headless
 * Chromium (Debian's /usr/bin/chromium through puppeteer, no browser
 * download). Without Chromium these tests FAIL (CI installs it in .ci/run);
 * set KUBESCENE_NO_BROWSER=1 to skip them on a machine that has none.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.ts';
import { chromiumPath } from '../../src/render/mermaid/browser.ts';
import { PLAYER_FONT_FAMILY, playerHtml } from '../../src/render/html.ts';
import { loadTheme } from '../../src/render/theme.ts';
import { readTrace } from '../../src/trace/io.ts';
import type { Trace } from '../../src/trace/types.ts';

// Browser globals used inside page.evaluate callbacks (this project compiles without the DOM lib).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
type SVGPathElement = any;
type HTMLElement = any;

const TRACE = resolve('test/fixtures/traces/apply-deployment.trace.json');
const NO_BROWSER = process.env.KUBESCENE_NO_BROWSER === '1';
/** Screenshots are kept here for a person to look at (not compared). */
const SHOTS = join(tmpdir(), 'kubescene-player-shots');

function loadTrace(): Trace {
  const read = readTrace(readFileSync(TRACE, 'utf8'), 'apply-deployment.trace.json');
  if (!read.ok) throw new Error('fixture trace unreadable');
  return read.value;
}

/** The fixture with hostile strings wherever the scenario or the cluster supplies text. */
function hostileTrace(): Trace {
  const t = loadTrace();
  const bad = (s: string) => `${s} <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"'&`;
  t.header.scenario.title = bad('Title');
  t.header.scenario.description = bad('Description [link](javascript:window.__pwned=3)');
  t.steps[0]!.title = bad('Step');
  t.steps[0]!.command = bad('kubectl apply');
  t.components[0]!.name = bad('kubectl');
  for (const e of t.events.slice(0, 5)) e.summary = bad(e.summary);
  return t;
}

/**
 * The fixture's page and the hostile trace's page, each made once for the tests that read it (a page lays out
 * three views at three levels; the first test checks that a second `playerHtml` of the fixture gives the same bytes).
 */
let fixturePage: Promise<string> | undefined;
const fixtureHtml = (): Promise<string> => (fixturePage ??= playerHtml(loadTrace()));
let hostilePage: Promise<string> | undefined;
const hostileHtml = (): Promise<string> => (hostilePage ??= playerHtml(hostileTrace()));

const dir = mkdtempSync(join(tmpdir(), 'kubescene-player-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HTML player file', () => {
  it('is one self-contained, deterministic page: a CSP that allows no network and only its own script', async () => {
    const a = await fixtureHtml();
    expect(await playerHtml(loadTrace())).toBe(a);
    expect(a).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(a)![1]!;
    expect(csp).toContain("default-src 'none'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(a)![1]!;
    expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(a.match(/<script\b/g)?.length).toBe(2);
    expect(a).not.toMatch(/\b(src|href)="(https?:)?\/\//);
  });

  it('embeds the font once: one @font-face per weight for the page, none inside the pictures', async () => {
    const html = await fixtureHtml();
    const faces = [...html.matchAll(/@font-face\{font-family:"([^"]+)";font-weight:(\d+)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(faces).toEqual([`${PLAYER_FONT_FAMILY} 400`, `${PLAYER_FONT_FAMILY} 600`]);
    const data = /<script type="application\/json" id="ks-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(data.includes('\\u003csvg')).toBe(true);
    expect(data.includes('font-face')).toBe(false);
    expect(html).toContain(`.figure svg{font-family:"${PLAYER_FONT_FAMILY}", `);
  });

  it('embeds a detail level once when it draws exactly what a coarser one draws', async () => {
    const html = await fixtureHtml();
    const data = JSON.parse(/<script type="application\/json" id="ks-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as {
      pictures: Record<string, { same?: string }>;
      targets: Record<string, unknown>;
    };
    // apply-deployment's flowchart is the same at standard and full.
    expect(data.pictures['flowchart/full/light']).toEqual({ same: 'flowchart/standard' });
    expect(data.pictures['flowchart/full/dark']).toEqual({ same: 'flowchart/standard' });
    expect(data.targets['flowchart/full']).toBe('flowchart/standard');
    // Levels that differ keep their own picture.
    expect(data.pictures['architecture/full/light']!.same).toBeUndefined();
    expect(data.pictures['flowchart/standard/light']!.same).toBeUndefined();
  });

  it('embeds each distinct <defs> once and single-quotes the pictures; the page\'s script puts both back into the real pictures', async () => {
    const trace = loadTrace();
    const html = await fixtureHtml();
    const data = JSON.parse(/<script type="application\/json" id="ks-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as {
      pictures: Record<string, { frames?: Record<string, string>; svg?: string }>;
      defs: string[];
      q: boolean;
    };
    expect(data.q).toBe(true);
    expect(new Set(data.defs).size).toBe(data.defs.length);
    const light = data.pictures['sequence/standard/light']!.frames!;
    expect(light['1']).toMatch(/^<svg xmlns='http:\/\/www.w3.org\/2000\/svg' /);
    expect(light['1']).toMatch(/<defs data-d='\d+'><\/defs>/);
    // What the page's script does (html-client.ts: withDefs), then the quotes back: the SVG writer's own picture.
    const withDefs = (svg: string) => {
      const prefix = /aria-labelledby='(ks[0-9a-f]+)-title/.exec(svg)![1]!;
      return svg.replace(/<defs data-d='(\d+)'><\/defs>/, (_, i: string) => `<defs>${data.defs[Number(i)]!.split('@@').join(prefix)}</defs>`).replace(/'/g, '"');
    };
    const { stepSequenceLaid } = await import('../../src/render/frames.ts');
    const { renderSvg } = await import('../../src/render/svg/writer.ts');
    for (const step of [1, 2]) {
      const { laid } = await stepSequenceLaid(trace, step, 'standard');
      expect(withDefs(light[String(step)]!)).toBe(renderSvg(laid, { theme: loadTheme('light'), step, embedFont: false }));
    }
  });

  it('escapes every string from the trace: no markup, script or attribute comes from input', async () => {
    const html = await hostileHtml();
    expect(html.match(/<script\b/g)?.length).toBe(2);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<title>Title &lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
  });
});

describe.skipIf(NO_BROWSER)('HTML player in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let file = '';

  beforeAll(async () => {
    const exe = chromiumPath();
    if (!existsSync(exe)) throw new Error(`no Chromium at ${exe}: install it (apt-get install -y chromium; .ci/run does) or set KUBESCENE_NO_BROWSER=1 to skip the player tests`);
    const r = await runBin(['render', TRACE, '--format', 'html', '--delay', '300', '-o', join(dir, 'player')]);
    expect(r.code, r.stderr).toBe(0);
    file = join(dir, 'player', 'index.html');
    browser = await puppeteer.launch({ executablePath: exe, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('request', (req) => {
      if (!/^(file|data):/.test(req.url())) problems.push(`network request: ${req.url()}`);
    });
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`file://${file}`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const current = () =>
    page.evaluate(() => ({
      step: document.querySelector('nav [aria-current="step"]')?.getAttribute('data-step') ?? null,
      title: document.getElementById('step-title')!.textContent,
      explain: document.getElementById('explain')!.textContent,
      view: document.querySelector('#views [aria-pressed="true"]')?.getAttribute('data-view') ?? null,
      svg: document.querySelector('#figure svg')?.outerHTML.length ?? 0,
    }));

  /** Clicks the middle of the first clickable arrow or message of the picture that is lit; returns its data-id. */
  async function clickAnArrow(): Promise<string> {
    const target = await page.evaluate(() => {
      const gs = [...document.querySelectorAll('#figure .ks-clickable')].filter((g) => !g.hasAttribute('opacity'));
      for (const g of gs) {
        const hit = g.querySelector('path.ks-hit') as SVGPathElement | null;
        if (!hit) continue;
        const p = hit.getPointAtLength(hit.getTotalLength() / 2);
        const m = hit.getScreenCTM()!;
        return { id: g.getAttribute('data-id')!, x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
      }
      return null;
    });
    expect(target).not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    return target!.id;
  }

  it('starts at the first focus step; → moves to the next step and changes the text', async () => {
    const first = await current();
    expect(first.step).toBe('1');
    expect(first.view).toBe('architecture');
    expect(first.svg).toBeGreaterThan(1000);
    await page.keyboard.press('ArrowRight');
    const second = await current();
    expect(second.step).toBe('2');
    expect(second.title).not.toBe(first.title);
    expect(second.title).toContain('Step 2 of 2');
    expect(second.explain).not.toBe(first.explain);
    await page.keyboard.press('ArrowLeft');
    expect((await current()).step).toBe('1');
  });

  it('clicking an arrow shows its trace event: who, what, why, result, time', async () => {
    expect(await page.$eval('#event', (e) => (e as HTMLElement).hidden)).toBe(true);
    await clickAnArrow();
    const panel = await page.evaluate(() => ({
      hidden: (document.getElementById('event') as HTMLElement).hidden,
      who: document.querySelector('#event-body .ev-who')?.textContent ?? '',
      what: document.querySelector('#event-body .ev-what')?.textContent ?? '',
      why: document.querySelector('#event-body .ev-why')?.textContent ?? '',
      time: document.querySelector('#event-body .ev-time')?.textContent ?? '',
      selected: document.querySelectorAll('#figure .ks-selected').length,
    }));
    expect(panel.hidden).toBe(false);
    expect(panel.who).toContain('→');
    expect(panel.what).not.toBe('');
    expect(panel.why).not.toBe('');
    expect(panel.time).toMatch(/^t = \d+\.\d{3} s · step \d+$/);
    expect(panel.selected).toBe(1);
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, 'architecture-event.png'), await page.screenshot());
  });

  it('switches to the sequence view (the step\'s own sequence) and shows a message\'s event', async () => {
    await page.click('button[data-view="sequence"]');
    const s = await current();
    expect(s.view).toBe('sequence');
    expect(await page.$eval('#figure svg', (e) => e.querySelectorAll('.ks-message').length)).toBeGreaterThan(0);
    await clickAnArrow();
    expect(await page.$eval('#event', (e) => (e as HTMLElement).hidden)).toBe(false);
    writeFileSync(join(SHOTS, 'sequence-event.png'), await page.screenshot());
  });

  it('switches the detail level', async () => {
    const before = await page.$eval('#figure svg', (e) => e.querySelectorAll('.ks-message').length);
    await page.select('#detail', 'summary');
    const after = await page.$eval('#figure svg', (e) => e.querySelectorAll('.ks-message').length);
    expect(after).toBeGreaterThan(0);
    expect(after).not.toBe(before);
  });

  it('plays through the steps and stops at the last', async () => {
    await page.keyboard.press('Home');
    await page.click('#play');
    expect(await page.$eval('#play', (e) => e.getAttribute('aria-pressed'))).toBe('true');
    await page.waitForFunction(() => document.querySelector('nav [aria-current="step"]')?.getAttribute('data-step') === '2');
    await page.waitForFunction(() => document.getElementById('play')!.getAttribute('aria-pressed') === 'false');
  });

  it('follows the system colour scheme with the dark theme\'s own colours', async () => {
    const background = () => page.$eval('#figure svg > rect', (e) => e.getAttribute('fill'));
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    expect(await background()).toBe(loadTheme('light').background);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await page.waitForFunction((bg) => document.querySelector('#figure svg > rect')?.getAttribute('fill') === bg, {}, loadTheme('dark').background);
    await page.click('button[data-view="architecture"]');
    expect(await background()).toBe(loadTheme('dark').background);
    writeFileSync(join(SHOTS, 'architecture-dark.png'), await page.screenshot());
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  });

  it('runs hostile input as text: no script from the trace runs', async () => {
    const hostile = join(dir, 'hostile.html');
    writeFileSync(hostile, await hostileHtml());
    const p = await browser.newPage();
    await p.goto(`file://${hostile}`);
    await p.click('button[data-step="1"]');
    await p.click('button[data-view="sequence"]');
    const seen = await p.evaluate(() => ({ pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0, title: document.querySelector('h1')!.textContent, step: document.querySelector('nav button[data-step="1"] .t')!.textContent, imgs: document.querySelectorAll('img').length }));
    expect(seen.pwned).toBe(0);
    expect(seen.imgs).toBe(0);
    expect(seen.title).toContain('<img src=x onerror="window.__pwned=1">');
    expect(seen.step).toContain('<script>window.__pwned=2</script>');
    await p.close();
  });

  it('draws the pictures\' text in the page\'s one embedded Inter subset', async () => {
    await page.click('button[data-view="architecture"]');
    const font = await page.evaluate(async (family: string) => {
      await document.fonts.ready;
      const text = document.querySelector('#figure svg text');
      return { family: window.getComputedStyle(text).fontFamily as string, loaded: document.fonts.check(`12px "${family}"`) as boolean, faces: [...document.fonts].filter((f: { family: string; status: string }) => f.family.includes(family) && f.status === 'loaded').length };
    }, PLAYER_FONT_FAMILY);
    expect(font.family.startsWith(`"${PLAYER_FONT_FAMILY}"`)).toBe(true);
    expect(font.loaded).toBe(true);
    expect(font.faces).toBeGreaterThan(0);
  });

  it('made no network request and logged no error', () => {
    expect(problems).toEqual([]);
  });
});
